/**
 * The partitioned Parquet export (pipelines/export.ts exportPartitioned): marts and raw tables in
 * year=…/region_code=… folders (the partition columns a table has), read back as they are by an
 * engine that knows Hive partitioning (DuckDB here) — the same rows, region codes with their zeros.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { exportPartitioned } from '../../pipelines/export.ts';

describe('partitioned Parquet export', () => {
  it('writes Hive partitions by year and region that read back to the same rows', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-parquet-'));
    const w = path.join(dir, 'w.duckdb');
    const db = await Db.open(w);
    await db.run(`CREATE SCHEMA marts; CREATE SCHEMA raw; CREATE SCHEMA meta;
      CREATE TABLE marts.score AS SELECT 2019 + i % 3 AS year, lpad((1 + i % 4)::VARCHAR, 2, '0') AS region_code, i AS inn, i / 7 AS value FROM range(200) t(i);
      CREATE TABLE marts.region AS SELECT lpad(i::VARCHAR, 2, '0') AS region_code, 'r' || i AS name FROM range(1, 5) t(i);
      CREATE TABLE raw.questionnaires AS SELECT 'f.csv' AS _file, i AS _row, 2020 + i % 2 AS year, i % 2 = 0 AS q1 FROM range(50) t(i);
      CREATE TABLE raw.practices AS SELECT 'p.csv' AS _file, i AS _row, 'текст ' || i AS title FROM range(5) t(i);
      CREATE VIEW marts.score_view AS SELECT * FROM marts.score WHERE year = 2019`);
    const expected: Record<string, string> = {};
    const columns: Record<string, string> = {};
    for (const t of ['marts.score', 'marts.region', 'raw.questionnaires', 'raw.practices', 'marts.score_view']) {
      const [s, name] = t.split('.');
      columns[t] = (await db.all<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [s!, name!])).map((x) => x.c).join(', ');
      expected[t] = await db.value<string>(`SELECT count(*) || ':' || md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT (${columns[t]})::VARCHAR AS x FROM ${t} q)`);
    }
    db.close();
    const out = path.join(dir, 'parquet');
    const written = await exportPartitioned(w, out);
    expect(Object.fromEntries(written.map((x) => [x.table, x.partitionBy]))).toEqual({
      'marts.region': ['region_code'], 'marts.score': ['year', 'region_code'], 'marts.score_view': ['year', 'region_code'], 'raw.practices': [], 'raw.questionnaires': ['year'],
    });
    expect(fs.readdirSync(path.join(out, 'marts', 'score')).sort()).toEqual(['year=2019', 'year=2020', 'year=2021']);
    expect(fs.readdirSync(path.join(out, 'marts', 'score', 'year=2020')).sort()).toEqual(['region_code=01', 'region_code=02', 'region_code=03', 'region_code=04']);
    const r = await Db.open();
    for (const [t, want] of Object.entries(expected)) {
      const [s, name] = t.split('.');
      const cols = written.find((x) => x.table === t)!.partitionBy;
      const got = await r.value<string>(
        `SELECT count(*) || ':' || md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT (${columns[t]})::VARCHAR AS x FROM read_parquet('${path.join(out, s!, name!)}/**/*.parquet', hive_partitioning = ${cols.length ? 'true' : 'false'}${cols.length ? `, hive_types = {${cols.map((c) => `'${c}': ${c === 'year' ? 'INTEGER' : 'VARCHAR'}`).join(', ')}}` : ''}) q)`,
      );
      expect(got, t).toBe(want);
    }
    r.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
