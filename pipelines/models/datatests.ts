/**
 * Data tests from the contracts, run on the built warehouse: not null,
 * unique, accepted values, relationships, ranges, table-level SQL checks
 * that must return zero rows, and a guard against empty models.
 */
import { Db, ident, lit } from '../lib/duck.ts';
import type { Model } from './runner.ts';

export interface TestResult {
  model: string;
  test: string;
  failures: number;
  /** 'empty' failures are expected when a source is absent from the input folder; 'warn' checks the bundled data against the report. */
  kind: 'error' | 'empty' | 'warn';
  sample?: string;
}

function t(m: Model): string {
  return `${m.layer}.${ident(m.name)}`;
}

export function testQueries(m: Model): { test: string; sql: string; kind: TestResult['kind'] }[] {
  const out: { test: string; sql: string; kind: TestResult['kind'] }[] = [];
  for (const [col, spec] of Object.entries(m.contract.columns)) {
    const c = ident(col);
    for (const test of spec.tests ?? []) {
      if (test === 'not_null') out.push({ test: `${col}: not_null`, sql: `SELECT * FROM ${t(m)} WHERE ${c} IS NULL`, kind: 'error' });
      else if (test === 'unique') out.push({ test: `${col}: unique`, sql: `SELECT ${c}, count(*) AS n FROM ${t(m)} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`, kind: 'error' });
      else if ('accepted_values' in test) {
        out.push({ test: `${col}: accepted_values`, sql: `SELECT DISTINCT ${c} FROM ${t(m)} WHERE ${c} IS NOT NULL AND ${c} NOT IN (${test.accepted_values.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ')})`, kind: 'error' });
      } else if ('relationships' in test) {
        const [s, tb] = test.relationships.to.split('.');
        out.push({ test: `${col}: relationships → ${test.relationships.to}.${test.relationships.field}`, sql: `SELECT DISTINCT x.${c} FROM ${t(m)} x WHERE x.${c} IS NOT NULL AND x.${c} NOT IN (SELECT ${ident(test.relationships.field)} FROM ${ident(s!)}.${ident(tb!)} WHERE ${ident(test.relationships.field)} IS NOT NULL)`, kind: 'error' });
      } else if ('range' in test) {
        const conds = [test.range.min !== undefined ? `${c} < ${test.range.min}` : null, test.range.max !== undefined ? `${c} > ${test.range.max}` : null].filter(Boolean).join(' OR ');
        out.push({ test: `${col}: range [${test.range.min ?? '-∞'}; ${test.range.max ?? '+∞'}]`, sql: `SELECT ${c} FROM ${t(m)} WHERE ${conds}`, kind: 'error' });
      }
    }
  }
  let minRows = m.layer === 'marts' ? 1 : 0;
  for (const test of m.contract.tests ?? []) {
    if ('unique' in test) {
      const cols = test.unique.map(ident).join(', ');
      out.push({ test: `unique (${test.unique.join(', ')})`, sql: `SELECT ${cols}, count(*) AS n FROM ${t(m)} GROUP BY ALL HAVING count(*) > 1`, kind: 'error' });
    } else if ('min_rows' in test) minRows = test.min_rows;
    else if ('expression' in test) out.push({ test: test.description ?? `expression: ${test.expression}`, sql: `SELECT * FROM ${t(m)} WHERE NOT coalesce((${test.expression}), TRUE)`, kind: test.severity === 'warn' ? 'warn' : 'error' });
    else if ('sql' in test) out.push({ test: test.description, sql: test.sql, kind: test.severity === 'warn' ? 'warn' : 'error' });
  }
  if (minRows > 0) out.push({ test: `min_rows ${minRows}`, sql: `SELECT 1 WHERE (SELECT count(*) FROM ${t(m)}) < ${minRows}`, kind: 'empty' });
  return out;
}

/** An incremental build: the last build's results, and which of its tests still hold (nothing they read changed). */
export interface TestReuse {
  previous: TestResult[];
  /** Whether a test's SQL reads only tables the build did not change. */
  unchanged: (sql: string) => boolean;
}

export async function runDataTests(db: Db, models: Model[], reuse?: TestReuse): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const before = new Map((reuse?.previous ?? []).map((r) => [`${r.model}\0${r.test}`, r]));
  for (const m of models) {
    for (const q of testQueries(m)) {
      // a test of tables this build did not touch: its result is the last build's
      const kept = reuse && reuse.unchanged(q.sql) ? before.get(`${m.id}\0${q.test}`) : undefined;
      if (kept && kept.kind === q.kind) {
        results.push(kept);
        continue;
      }
      let failures: number;
      let sample: string | undefined;
      try {
        const rows = await db.all(`SELECT * FROM (${q.sql}) LIMIT 5`);
        failures = rows.length ? await db.value<number>(`SELECT count(*) FROM (${q.sql})`) : 0;
        if (rows.length) sample = JSON.stringify(rows[0], (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
      } catch (e) {
        failures = -1;
        sample = (e as Error).message.split('\n')[0];
      }
      results.push({ model: m.id, test: q.test, failures, kind: q.kind, ...(sample ? { sample } : {}) });
    }
  }
  return results;
}

/** Every data test and its result, in the warehouse (meta.data_test), for the data-quality page. */
export async function recordDataTests(db: Db, results: TestResult[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE meta.data_test (model VARCHAR, test VARCHAR, severity VARCHAR, failures BIGINT, passed BOOLEAN, sample VARCHAR)`);
  await db.append(
    'meta',
    'data_test',
    results.map((r) => [r.model, r.test, r.kind, r.failures, r.failures === 0, r.sample ?? null]),
  );
}
