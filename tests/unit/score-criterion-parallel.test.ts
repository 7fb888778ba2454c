/**
 * intermediate.int_score_criterion runs on all cores (parallel: true): its sums are exact decimals,
 * so the result does not depend on the order in which DuckDB's threads add rows — the same to the
 * bit on every run — and equals the weighted mean computed in doubles to 1e-9.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { readContract } from '../../pipelines/models/contract.ts';

const file = path.join(paths.models, 'intermediate', 'int_score_criterion');

describe('int_score_criterion on all cores', () => {
  it('gives bit-identical results on every run with several threads, equal to the double-precision weighted mean', { timeout: 30_000 }, async () => {
    expect(readContract(file + '.yml').parallel).toBe(true);
    const db = await Db.open();
    try {
      await db.run(`CREATE SCHEMA intermediate`);
      // 2 000 organization-years × 15 indicators, values with long fractions, some not measurable (NULL), weights of a criterion summing to 1
      await db.run(`CREATE TABLE intermediate.int_indicator_value AS
        SELECT 'inn' || (i // 5) AS inn, 2019 + i % 5 AS year, 'k' || (1 + j // 3) AS criterion, '344н' AS methodology_version,
          [0.3, 0.3, 0.4][1 + j % 3] AS weight,
          CASE WHEN hash(i, j) % 11 = 0 THEN NULL ELSE 100.0 * (hash(i, j, 'v') % 1000003) / 1000003 END AS value,
          hash(i, j) % 11 <> 0 AS is_measurable, i % 7 = 0 AS is_synthetic
        FROM range(10000) r(i), range(15) s(j)`);
      await db.run(`SET threads = 4`);
      const sql = fs.readFileSync(file + '.sql', 'utf8');
      const hash = `SELECT count(*) || ':' || md5(string_agg(x, chr(10) ORDER BY x)) FROM (SELECT q::VARCHAR AS x FROM (${sql}) q)`;
      const runs = new Set<string>();
      for (let k = 0; k < 3; k++) runs.add(await db.value<string>(hash));
      expect(runs.size).toBe(1);
      expect([...runs][0]).toMatch(/^50000:/);
      const worst = await db.value<number>(`WITH m AS (${sql}),
          d AS (SELECT inn, year, criterion, sum(weight * value) FILTER (WHERE value IS NOT NULL) / sum(weight) FILTER (WHERE value IS NOT NULL) AS score
                FROM intermediate.int_indicator_value GROUP BY ALL)
        SELECT max(abs(m.score - d.score)) FROM m JOIN d USING (inn, year, criterion)`);
      expect(worst).toBeLessThan(1e-9);
    } finally {
      db.close();
    }
  });
});
