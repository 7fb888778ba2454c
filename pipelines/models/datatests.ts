/**
 * Data tests from the contracts, run on the built warehouse: not null,
 * unique, accepted values, relationships, ranges, table-level SQL checks
 * that must return zero rows, and a guard against empty models.
 */
import { Db, ident, lit } from '../lib/duck.ts';
import { referencedTables, type Model } from './runner.ts';

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

/**
 * The data tests of a model. With `years`, the tests whose verdict is a sum over rows of the model's
 * table alone (or over groups that hold one year each), each over the rows of those years only:
 * `yearLocal` marks them.
 */
export function testQueries(m: Model, years?: Set<number>): { test: string; sql: string; kind: TestResult['kind']; yearLocal: boolean }[] {
  const out: { test: string; sql: string; kind: TestResult['kind']; yearLocal: boolean }[] = [];
  const whole = t(m);
  const rows = years ? `(SELECT * FROM ${whole} WHERE year IN (${[...years].sort((a, b) => a - b).join(', ') || 'NULL'}))` : whole;
  const local = years !== undefined;
  for (const [col, spec] of Object.entries(m.contract.columns)) {
    const c = ident(col);
    for (const test of spec.tests ?? []) {
      if (test === 'not_null') out.push({ test: `${col}: not_null`, sql: `SELECT * FROM ${rows} WHERE ${c} IS NULL`, kind: 'error', yearLocal: local });
      else if (test === 'unique') out.push({ test: `${col}: unique`, sql: `SELECT ${c}, count(*) AS n FROM ${whole} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`, kind: 'error', yearLocal: false });
      else if ('accepted_values' in test) {
        out.push({ test: `${col}: accepted_values`, sql: `SELECT DISTINCT ${c} FROM ${rows} WHERE ${c} IS NOT NULL AND ${c} NOT IN (${test.accepted_values.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ')})`, kind: 'error', yearLocal: local });
      } else if ('relationships' in test) {
        const [s, tb] = test.relationships.to.split('.');
        out.push({ test: `${col}: relationships → ${test.relationships.to}.${test.relationships.field}`, sql: `SELECT DISTINCT x.${c} FROM ${rows} x WHERE x.${c} IS NOT NULL AND x.${c} NOT IN (SELECT ${ident(test.relationships.field)} FROM ${ident(s!)}.${ident(tb!)} WHERE ${ident(test.relationships.field)} IS NOT NULL)`, kind: 'error', yearLocal: local });
      } else if ('range' in test) {
        const conds = [test.range.min !== undefined ? `${c} < ${test.range.min}` : null, test.range.max !== undefined ? `${c} > ${test.range.max}` : null].filter(Boolean).join(' OR ');
        out.push({ test: `${col}: range [${test.range.min ?? '-∞'}; ${test.range.max ?? '+∞'}]`, sql: `SELECT ${c} FROM ${rows} WHERE ${conds}`, kind: 'error', yearLocal: local });
      }
    }
  }
  let minRows = m.layer === 'marts' ? 1 : 0;
  for (const test of m.contract.tests ?? []) {
    if ('unique' in test) {
      const cols = test.unique.map(ident).join(', ');
      // a key with the year: a repeat lies within one year
      const byYear = test.unique.includes('year');
      out.push({ test: `unique (${test.unique.join(', ')})`, sql: `SELECT ${cols}, count(*) AS n FROM ${byYear ? rows : whole} GROUP BY ALL HAVING count(*) > 1`, kind: 'error', yearLocal: local && byYear });
    } else if ('min_rows' in test) minRows = test.min_rows;
    else if ('expression' in test) out.push({ test: test.description ?? `expression: ${test.expression}`, sql: `SELECT * FROM ${rows} WHERE NOT coalesce((${test.expression}), TRUE)`, kind: test.severity === 'warn' ? 'warn' : 'error', yearLocal: local });
    else if ('sql' in test) out.push({ test: test.description, sql: test.sql, kind: test.severity === 'warn' ? 'warn' : 'error', yearLocal: false });
  }
  if (minRows > 0) out.push({ test: `min_rows ${minRows}`, sql: `SELECT 1 WHERE (SELECT count(*) FROM ${whole}) < ${minRows}`, kind: 'empty', yearLocal: false });
  return out;
}

/** An incremental build: the last build's results, and which of its tests still hold (nothing they read changed). */
export interface TestReuse {
  previous: TestResult[];
  /** Whether a test's SQL reads only tables the build did not change. */
  unchanged: (sql: string) => boolean;
  /**
   * The years whose rows of a model's table this build changed, when it changed only those
   * (a model with `incremental: year`: its other years are as the last build left them).
   */
  changedYears?: (model: string) => Set<number> | null;
  /** Whether this build left a table as it was. */
  tableUnchanged?: (table: string) => boolean;
}

export async function runDataTests(db: Db, models: Model[], reuse?: TestReuse): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const before = new Map((reuse?.previous ?? []).map((r) => [`${r.model}\0${r.test}`, r]));
  for (const m of models) {
    const years = reuse?.changedYears?.(m.id) ?? null;
    const byYear = years ? new Map(testQueries(m, years).map((q) => [q.test, q])) : null;
    for (const q of testQueries(m)) {
      // a test of tables this build did not touch: its result is the last build's
      const last = before.get(`${m.id}\0${q.test}`);
      const kept = reuse && reuse.unchanged(q.sql) ? last : undefined;
      if (kept && kept.kind === q.kind) {
        results.push(kept);
        continue;
      }
      // a test of rows one at a time (or of groups within a year) that no row broke last time, on a table whose other
      // years this build kept, reading no other table this build changed: only the rows of the changed years can break it now
      const y = byYear?.get(q.test);
      const sql =
        y && y.yearLocal && last && last.kind === q.kind && last.failures === 0 && referencedTables(y.sql).every((o) => o === m.id || reuse!.tableUnchanged?.(o) === true) ? y.sql : q.sql;
      let failures: number;
      let sample: string | undefined;
      try {
        const rows = await db.all(`SELECT * FROM (${sql}) LIMIT 5`);
        failures = rows.length ? await db.value<number>(`SELECT count(*) FROM (${sql})`) : 0;
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
