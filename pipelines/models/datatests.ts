/**
 * Data tests from the contracts, run on the built warehouse: not null,
 * unique, accepted values, relationships, ranges, table-level SQL checks
 * that must return zero rows, and a guard against empty models.
 */
import { Db, ident, lit } from '../lib/duck.ts';
import { referencedTables, modelConnection, type Model } from './runner.ts';
import { loadConfig } from '../lib/config.ts';

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

/** A data test: its SQL over the whole table, and (with `years`) over the rows of those years when that decides it as well. */
export interface TestQuery {
  test: string;
  sql: string;
  kind: TestResult['kind'];
  /** The same test over the rows of the given years only: for a test of rows one at a time, or of groups within a year. */
  sqlOfYears?: string;
}

/** The data tests of a model; with `years`, also the year-restricted SQL of the tests a year decides alone. */
export function testQueries(m: Model, years?: Set<number>): TestQuery[] {
  const out: TestQuery[] = [];
  const whole = t(m);
  const ofYears = years ? `(SELECT * FROM ${whole} WHERE year IN (${[...years].sort((a, b) => a - b).join(', ') || 'NULL'}))` : null;
  /** A test whose SQL reads the model's table as `from`; `local`: its verdict on the changed years is its verdict on the table when the other years passed. */
  const add = (test: string, kind: TestResult['kind'], sql: (from: string) => string, local: boolean): void => {
    out.push({ test, kind, sql: sql(whole), ...(ofYears && local ? { sqlOfYears: sql(ofYears) } : {}) });
  };
  for (const [col, spec] of Object.entries(m.contract.columns)) {
    const c = ident(col);
    for (const test of spec.tests ?? []) {
      if (test === 'not_null') add(`${col}: not_null`, 'error', (f) => `SELECT * FROM ${f} WHERE ${c} IS NULL`, true);
      else if (test === 'unique') add(`${col}: unique`, 'error', (f) => `SELECT ${c}, count(*) AS n FROM ${f} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`, false);
      else if ('accepted_values' in test) {
        add(`${col}: accepted_values`, 'error', (f) => `SELECT DISTINCT ${c} FROM ${f} WHERE ${c} IS NOT NULL AND ${c} NOT IN (${test.accepted_values.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ')})`, true);
      } else if ('relationships' in test) {
        const [s, tb] = test.relationships.to.split('.');
        const field = ident(test.relationships.field);
        add(`${col}: relationships → ${test.relationships.to}.${test.relationships.field}`, 'error', (f) => `SELECT DISTINCT x.${c} FROM ${f} x WHERE x.${c} IS NOT NULL AND x.${c} NOT IN (SELECT ${field} FROM ${ident(s!)}.${ident(tb!)} WHERE ${field} IS NOT NULL)`, true);
      } else if ('range' in test) {
        const conds = [test.range.min !== undefined ? `${c} < ${test.range.min}` : null, test.range.max !== undefined ? `${c} > ${test.range.max}` : null].filter(Boolean).join(' OR ');
        add(`${col}: range [${test.range.min ?? '-∞'}; ${test.range.max ?? '+∞'}]`, 'error', (f) => `SELECT ${c} FROM ${f} WHERE ${conds}`, true);
      }
    }
  }
  let minRows = m.layer === 'marts' ? 1 : 0;
  for (const test of m.contract.tests ?? []) {
    if ('unique' in test) {
      const cols = test.unique.map(ident).join(', ');
      // a key with the year: a repeat lies within one year
      add(`unique (${test.unique.join(', ')})`, 'error', (f) => `SELECT ${cols}, count(*) AS n FROM ${f} GROUP BY ALL HAVING count(*) > 1`, test.unique.includes('year'));
    } else if ('min_rows' in test) minRows = test.min_rows;
    else if ('expression' in test) add(test.description ?? `expression: ${test.expression}`, test.severity === 'warn' ? 'warn' : 'error', (f) => `SELECT * FROM ${f} WHERE NOT coalesce((${test.expression}), TRUE)`, true);
    else if ('sql' in test) out.push({ test: test.description, sql: test.sql, kind: test.severity === 'warn' ? 'warn' : 'error' });
  }
  if (minRows > 0) out.push({ test: `min_rows ${minRows}`, sql: `SELECT 1 WHERE (SELECT count(*) FROM ${whole}) < ${minRows}`, kind: 'empty' });
  return out;
}

/** An incremental build: the last build's results, and which of its tests still hold (nothing they read changed). */
export interface TestReuse {
  previous: TestResult[];
  /** Whether this build left a table as it was. */
  tableUnchanged: (table: string) => boolean;
  /**
   * The years whose rows of a model's table this build changed, when it changed only those
   * (a model with `incremental: year`: its other years are as the last build left them).
   */
  changedYears?: (model: string) => Set<number> | null;
}

export async function runDataTests(db: Db, models: Model[], reuse?: TestReuse, workers = loadConfig().modelWorkers): Promise<TestResult[]> {
  const results: (TestResult | null)[] = [];
  const jobs: { at: number; model: string; test: string; kind: TestResult['kind']; sql: string }[] = [];
  const before = new Map((reuse?.previous ?? []).map((r) => [`${r.model}\0${r.test}`, r]));
  for (const m of models) {
    for (const q of testQueries(m, reuse?.changedYears?.(m.id) ?? undefined)) {
      const last = before.get(`${m.id}\0${q.test}`);
      const same = (o: string): boolean => reuse?.tableUnchanged(o) === true;
      // a test of tables this build did not touch: its result is the last build's
      if (last && last.kind === q.kind && referencedTables(q.sql).every(same)) {
        results.push(last);
        continue;
      }
      // a test of rows one at a time (or of groups within a year) that no row broke last time, on a table whose other
      // years this build kept, reading no other table this build changed: only the rows of the changed years can break it now
      const sql =
        q.sqlOfYears && last && last.kind === q.kind && last.failures === 0 && referencedTables(q.sqlOfYears).every((o) => o === m.id || same(o)) ? q.sqlOfYears : q.sql;
      jobs.push({ at: results.length, model: m.id, test: q.test, kind: q.kind, sql });
      results.push(null);
    }
  }
  // the checks only read: on `workers` connections at once, each taking the next check
  const check = async (conn: Db): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      let failures: number;
      let sample: string | undefined;
      try {
        const rows = await conn.all(`SELECT * FROM (${job.sql}) LIMIT 5`);
        failures = rows.length ? await conn.value<number>(`SELECT count(*) FROM (${job.sql})`) : 0;
        if (rows.length) sample = JSON.stringify(rows[0], (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
      } catch (e) {
        failures = -1;
        sample = (e as Error).message.split('\n')[0];
      }
      results[job.at] = { model: job.model, test: job.test, failures, kind: job.kind, ...(sample ? { sample } : {}) };
    }
  };
  const extra: Db[] = [];
  try {
    for (let i = 1; i < Math.min(workers, jobs.length); i++) extra.push(await modelConnection(db));
    await Promise.all([db, ...extra].map(check));
  } finally {
    for (const c of extra) c.close();
  }
  return results as TestResult[];
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
