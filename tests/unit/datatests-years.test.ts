/**
 * Data tests in an incremental build: a row-by-row test of a year-incremental model that passed
 * last time is run on the changed years only; everything else is run on the whole table.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { Contract } from '../../pipelines/models/contract.ts';
import { runDataTests, type TestResult, type TestReuse } from '../../pipelines/models/datatests.ts';
import type { Model } from '../../pipelines/models/runner.ts';

const model: Model = {
  layer: 'marts',
  name: 'm',
  id: 'marts.m',
  kind: 'sql',
  file: 'm.sql',
  deps: [],
  contract: Contract.parse({
    description: 'модель для проверки',
    grain: 'организация и год',
    incremental: 'year',
    columns: {
      org: { description: 'код', tests: ['not_null', 'unique', { relationships: { to: 'marts.org', field: 'org' } }] },
      year: { description: 'год', tests: ['not_null'] },
      score: { description: 'балл', tests: [{ range: { min: 0, max: 100 } }] },
    },
    tests: [{ unique: ['org', 'year'] }, { unique: ['org'] }, { expression: 'score IS NOT NULL', description: 'балл есть' }],
  }),
};

let db: Db;
beforeEach(async () => {
  db = await Db.open();
  await db.run(`CREATE SCHEMA marts; CREATE TABLE marts.org (org VARCHAR); INSERT INTO marts.org VALUES ('a'), ('b')`);
  // 2022 as the last build left it, 2023 recomputed by this one
  await db.run(`CREATE TABLE marts.m (org VARCHAR, year INTEGER, score DOUBLE)`);
  await db.run(`INSERT INTO marts.m VALUES ('a', 2022, 50), ('b', 2022, 60), ('a', 2023, 70), ('b', 2023, 80)`);
});
afterEach(() => db.close());

const passed = async (): Promise<TestResult[]> => (await runDataTests(db, [model])).map((r) => ({ ...r, failures: 0 }));
const reuse = (previous: TestResult[], other: 'kept' | 'changed' = 'kept'): TestReuse => ({
  previous,
  tableUnchanged: (t) => t === 'marts.org' && other === 'kept',
  changedYears: (id) => (id === 'marts.m' ? new Set([2023]) : null),
});
const failures = (rs: TestResult[]): Record<string, number> => Object.fromEntries(rs.map((r) => [r.test, r.failures]));

describe('data tests of a year-incremental model', () => {
  it('check only the changed years when they passed last time (a bad row of a kept year is not seen again)', async () => {
    const last = await passed();
    // a row of 2022 breaks the range, and so does one of 2023
    await db.run(`UPDATE marts.m SET score = 150 WHERE org = 'a'`);
    const f = failures(await runDataTests(db, [model], reuse(last)));
    expect(f['score: range [0; 100]']).toBe(1);
    // the whole table (a full build) sees both
    expect(failures(await runDataTests(db, [model]))['score: range [0; 100]']).toBe(2);
  });

  it('check the whole table when the test failed last time', async () => {
    await db.run(`UPDATE marts.m SET score = 150 WHERE org = 'a'`);
    const last = (await passed()).map((r) => (r.test === 'score: range [0; 100]' ? { ...r, failures: 1 } : r));
    expect(failures(await runDataTests(db, [model], reuse(last)))['score: range [0; 100]']).toBe(2);
  });

  it('a key with the year is checked within the changed years; a key without it, and a test of a changed table, on the whole', async () => {
    const last = await passed();
    // a repeat of a 2022 row: the key (org, year) repeats in a kept year only; org alone repeats anyway
    await db.run(`INSERT INTO marts.m VALUES ('a', 2022, 55)`);
    let f = failures(await runDataTests(db, [model], reuse(last)));
    expect(f['unique (org, year)']).toBe(0);
    expect(f['org: unique']).toBe(2);
    expect(f['unique (org)']).toBe(2);
    // an organization that marts.org no longer has, in a kept year: seen only when marts.org changed
    await db.run(`DELETE FROM marts.org WHERE org = 'b'`);
    f = failures(await runDataTests(db, [model], reuse(last, 'kept')));
    expect(f['org: relationships → marts.org.org']).toBe(1); // b is in 2023 too
    await db.run(`UPDATE marts.m SET org = 'c' WHERE org = 'b' AND year = 2022`);
    await db.run(`UPDATE marts.m SET org = 'a' WHERE org = 'b' AND year = 2023`);
    expect(failures(await runDataTests(db, [model], reuse(last, 'kept')))['org: relationships → marts.org.org']).toBe(0);
    expect(failures(await runDataTests(db, [model], reuse(last, 'changed')))['org: relationships → marts.org.org']).toBe(1);
  });

  it('an expression test is a row test: only the changed years', async () => {
    const last = await passed();
    await db.run(`UPDATE marts.m SET score = NULL WHERE year = 2022`);
    expect(failures(await runDataTests(db, [model], reuse(last)))['балл есть']).toBe(0);
    await db.run(`UPDATE marts.m SET score = NULL WHERE year = 2023 AND org = 'b'`);
    expect(failures(await runDataTests(db, [model], reuse(last)))['балл есть']).toBe(1);
  });
});

describe('data tests on several connections', () => {
  it('give the results one connection gives, in the same order, failures, samples and a broken query included', async () => {
    await db.run(`UPDATE marts.m SET score = 150 WHERE org = 'a' AND year = 2023; INSERT INTO marts.m VALUES ('c', 2023, NULL), ('a', 2023, 1)`);
    const broken: Model = { ...model, id: 'marts.gone', name: 'gone', contract: Contract.parse({ description: 'таблицы нет в базе', grain: 'одна строка', columns: { x: { description: 'столбец', tests: ['not_null'] } } }) };
    const one = await runDataTests(db, [model, broken], undefined, 1);
    expect(one.filter((r) => r.failures > 0).map((r) => r.test)).toEqual(expect.arrayContaining(['score: range [0; 100]', 'балл есть', 'org: relationships → marts.org.org']));
    expect(one.find((r) => r.model === 'marts.gone')!.failures).toBe(-1);
    for (const workers of [2, 3]) expect(await runDataTests(db, [model, broken], undefined, workers)).toEqual(one);
  });
});
