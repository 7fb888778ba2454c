import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildByYear, createdTables, discoverModels, orderModels, referencedTables, runModels, scopeToYears } from '../../pipelines/models/runner.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';
import { loadConfig } from '../../pipelines/lib/config.ts';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-models-'));
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}
/** An in-memory warehouse with meta and ref.t: 60 rows of (year 2021–2023, x), on one thread. */
async function yearsDb(): Promise<Db> {
  const db = await Db.open();
  await createMeta(db);
  await db.run(`CREATE SCHEMA IF NOT EXISTS ref; CREATE TABLE ref.t AS SELECT 2021 + (range * 7) % 3 AS year, (range * 13) % 50 AS x FROM range(60)`);
  await db.run('SET threads = 1');
  return db;
}
const contract = (cols: string[]): string =>
  `description: a test model for the runner\ngrain: one row per thing\ncolumns:\n${cols.map((c) => `  ${c}: { description: column ${c} }`).join('\n')}\n`;

describe('model runner', () => {
  it('finds references in SQL, ignoring comments and strings', () => {
    expect(referencedTables(`-- from marts.nope\nselect * from staging.stg_a a join marts.b using (x) where y = 'raw.z'`)).toEqual(['marts.b', 'staging.stg_a']);
    // a quoted schema (the data tests write a relationship's table so): missing it kept a test whose other table changed
    expect(referencedTables(`select x from marts."m" where x not in (select y from "marts"."org")`)).toEqual(['marts.m', 'marts.org']);
  });

  it('orders models by what they read, not by name', () => {
    const dir = project({
      'marts/a.sql': 'select * from marts.b',
      'marts/a.yml': contract(['x']),
      'marts/b.sql': 'select * from staging.stg_c',
      'marts/b.yml': contract(['x']),
      'staging/stg_c.sql': 'select 1 as x from ref.t',
      'staging/stg_c.yml': contract(['x']),
    });
    expect(orderModels(discoverModels(dir)).map((m) => m.id)).toEqual(['staging.stg_c', 'marts.b', 'marts.a']);
  });

  it('refuses a cycle, SQL without a contract, a contract without SQL, and marts reading raw', () => {
    const cyc = project({ 'marts/a.sql': 'select * from marts.b', 'marts/a.yml': contract(['x']), 'marts/b.sql': 'select * from marts.a', 'marts/b.yml': contract(['x']) });
    expect(() => orderModels(discoverModels(cyc))).toThrow(/Цикл/);
    expect(() => discoverModels(project({ 'marts/a.sql': 'select 1 as x' }))).toThrow(/без контракта/);
    expect(() => discoverModels(project({ 'marts/a.yml': contract(['x']) }))).toThrow(/без модели/);
    expect(() => discoverModels(project({ 'marts/a.sql': 'select * from raw.t', 'marts/a.yml': contract(['x']) }))).toThrow(/только staging читает raw/);
    expect(() => discoverModels(project({ 'staging/a.sql': 'select 1 as x', 'staging/a.yml': contract(['x']) }))).toThrow(/stg_/);
  });

  it('fails when the contract does not describe exactly the columns built', async () => {
    const dir = project({ 'marts/a.sql': 'select 1 as x, 2 as y', 'marts/a.yml': contract(['x', 'z']) });
    const db = await Db.open();
    await createMeta(db);
    await expect(runModels(db, dir)).rejects.toThrow(/без описания: y.*нет в таблице: z/);
    db.close();
  });

  it('builds a view for materialized: view, runs a parallel model on all cores and goes back to one thread after it', async () => {
    const dir = project({
      'staging/stg_v.sql': 'select x, x * 2 as y from ref.t',
      'staging/stg_v.yml': contract(['x', 'y']) + 'materialized: view\n',
      'marts/p.sql': "select sum(y) as s, current_setting('threads') as threads from staging.stg_v",
      'marts/p.yml': contract(['s', 'threads']) + 'parallel: true\n',
      'marts/q.sql': "select current_setting('threads') as threads from marts.p",
      'marts/q.yml': contract(['threads']),
    });
    const db = await Db.open();
    try {
      await createMeta(db);
      await db.run('CREATE SCHEMA IF NOT EXISTS ref; CREATE TABLE ref.t AS SELECT range AS x FROM range(10)');
      const all = Number(await db.value(`SELECT current_setting('threads')`));
      await db.run('SET threads = 1');
      await runModels(db, dir);
      expect(await db.value(`SELECT table_type FROM information_schema.tables WHERE table_schema = 'staging' AND table_name = 'stg_v'`)).toBe('VIEW');
      expect(await db.value(`SELECT table_type FROM information_schema.tables WHERE table_schema = 'marts' AND table_name = 'p'`)).toBe('BASE TABLE');
      // the view follows its source: a row added to ref.t is in it
      await db.run('INSERT INTO ref.t VALUES (10)');
      expect(await db.value('SELECT count(*) FROM staging.stg_v')).toBe(11);
      expect(await db.value('SELECT s FROM marts.p')).toBe(90);
      expect(Number(await db.value('SELECT threads FROM marts.p'))).toBe(all);
      expect(Number(await db.value('SELECT threads FROM marts.q'))).toBe(1);
      expect(Number(await db.value(`SELECT current_setting('threads')`))).toBe(1);
    } finally {
      db.close();
    }
  });

  it('builds a year-incremental model sorted year first one year at a time, with the rows and order of one sort', async () => {
    const dir = project({
      'marts/by_year.sql': 'select year, x, x * 2 as y from ref.t order by year, x desc',
      'marts/by_year.yml': contract(['year', 'x', 'y']) + 'incremental: year\n',
      // a year its inputs do not have (2024): built whole
      'marts/shifted.sql': 'select year + 1 as year, x from ref.t order by year, x',
      'marts/shifted.yml': contract(['year', 'x']) + 'incremental: year\n',
      // not sorted year first: built whole
      'marts/by_x.sql': 'select year, x from ref.t order by x, year',
      'marts/by_x.yml': contract(['year', 'x']) + 'incremental: year\n',
    });
    const db = await yearsDb();
    try {
      const models = discoverModels(dir);
      const body = (id: string): string => models.find((m) => m.id === id)!.sql!.trim();
      expect(await buildByYear(db, models.find((m) => m.id === 'marts.by_year')!, body('marts.by_year'))).toBe(true);
      const rows = async (sql: string): Promise<string> => JSON.stringify(await db.all(sql));
      // in physical order (rowid), the rows a single sort of the whole query gives
      expect(await rows('SELECT year, x, y FROM marts.by_year ORDER BY rowid')).toBe(await rows('SELECT year, x, x * 2 AS y FROM ref.t ORDER BY year, x DESC'));
      expect(await db.value('SELECT count(DISTINCT year) FROM marts.by_year')).toBe(3);
      expect(await buildByYear(db, models.find((m) => m.id === 'marts.shifted')!, body('marts.shifted'))).toBe(false);
      expect(await buildByYear(db, models.find((m) => m.id === 'marts.by_x')!, body('marts.by_x'))).toBe(false);
      await runModels(db, dir);
      expect(await rows('SELECT * FROM marts.shifted ORDER BY rowid')).toBe(await rows('SELECT year + 1 AS year, x FROM ref.t ORDER BY year, x'));
      expect(await rows('SELECT * FROM marts.by_year ORDER BY rowid')).toBe(await rows('SELECT year, x, x * 2 AS y FROM ref.t ORDER BY year, x DESC'));
      // an incremental build after a new year: appended where a full sort puts them (year first), or rebuilt whole
      await db.run('INSERT INTO ref.t SELECT 2024, range FROM range(5)');
      await runModels(db, dir, { changed: (t) => (t === 'ref.t' ? new Set([2024]) : null) });
      expect(await rows('SELECT * FROM marts.by_year ORDER BY rowid')).toBe(await rows('SELECT year, x, x * 2 AS y FROM ref.t ORDER BY year, x DESC'));
      expect(await rows('SELECT * FROM marts.by_x ORDER BY rowid')).toBe(await rows('SELECT year, x FROM ref.t ORDER BY x, year'));
    } finally {
      db.close();
    }
  });

  it('inserts a model sorted by the year alone one year at a time with no sort, in full and incremental builds', async () => {
    // such a model's order within a year is the query's: the same from build to build only on one thread
    const wide = project({
      'marts/year_only.sql': 'select year, x from ref.t order by year',
      'marts/year_only.yml': contract(['year', 'x']) + 'incremental: year\nparallel: true\n',
    });
    expect(() => discoverModels(wide)).toThrow(/marts\/year_only: .*parallel: true/);
    const dir = project({
      'marts/year_only.sql': 'select year, x from ref.t order by year',
      'marts/year_only.yml': contract(['year', 'x']) + 'incremental: year\n',
    });
    const db = await yearsDb();
    try {
      const inserts: string[] = [];
      const run = db.run.bind(db);
      db.run = async (sql, params) => {
        if (/^INSERT INTO marts\."?year_only"? /.test(sql)) inserts.push(sql);
        return run(sql, params);
      };
      const years = async (): Promise<number[]> => (await db.all<{ year: number }>('SELECT year FROM marts.year_only ORDER BY rowid')).map((r) => Number(r.year));
      const same = async (): Promise<void> =>
        expect(JSON.stringify(await db.all('SELECT year, x FROM marts.year_only ORDER BY year, x'))).toBe(JSON.stringify(await db.all('SELECT year, x FROM ref.t ORDER BY year, x')));
      await runModels(db, dir);
      // one INSERT per year, none sorting (a sort of a year's rows by the year: 44,5 s and 2,9 GB at 100 M)
      expect(inserts.map((s) => /WHERE year = (\d+)$/.exec(s)?.[1])).toEqual(['2021', '2022', '2023']);
      expect(inserts.filter((s) => /ORDER BY/i.test(s))).toEqual([]);
      expect(await years()).toEqual([...(await years())].sort((a, b) => a - b));
      await same();
      // two new years in an incremental build: appended one at a time, in ascending order, unsorted
      inserts.length = 0;
      await db.run('INSERT INTO ref.t SELECT 2025 - range % 2, range FROM range(6)');
      await runModels(db, dir, { changed: (t) => (t === 'ref.t' ? new Set([2025, 2024]) : null) });
      expect(inserts.map((s) => /WHERE year = (\d+)$/.exec(s)?.[1])).toEqual(['2024', '2025']);
      expect(await years()).toEqual([...(await years())].sort((a, b) => a - b));
      await same();
    } finally {
      db.close();
    }
  });

  it('fails a TypeScript model that reads a table it did not declare, and runs it when declared', async () => {
    // the model reads staging.stg_a (declared) and staging.stg_b (declared only in the second run);
    // it may read back the table it creates itself and a scratch table it made
    const model = `export async function build(db, model) {
      await db.run('CREATE OR REPLACE TABLE marts.scratch AS SELECT x FROM staging.stg_a');
      const n = await db.value('SELECT count(*) AS n FROM staging.stg_b');
      await db.run(\`CREATE OR REPLACE TABLE \${model.id} AS SELECT x, \${n} AS n FROM marts.scratch\`);
      await db.one(\`SELECT * FROM \${model.id}\`);
    }\n`;
    const files = (deps: string): Record<string, string> => ({
      'staging/stg_a.sql': 'select 1 as x from ref.t',
      'staging/stg_a.yml': contract(['x']),
      'staging/stg_b.sql': 'select 2 as x from ref.t',
      'staging/stg_b.yml': contract(['x']),
      'marts/m.ts': model,
      'marts/m.yml': contract(['x', 'n']) + `depends_on: [${deps}]\n`,
    });
    const db = await Db.open();
    try {
      await createMeta(db);
      await db.run('CREATE SCHEMA IF NOT EXISTS ref; CREATE TABLE ref.t AS SELECT 1 AS x');
      await expect(runModels(db, project(files('staging.stg_a')))).rejects.toThrow(
        /Модель marts\.m .*читает staging\.stg_b, но не объявила её в depends_on контракта m\.yml/,
      );
      await runModels(db, project(files('staging.stg_a, staging.stg_b')));
      expect(await db.all('SELECT x, n FROM marts.m')).toEqual([{ x: 1, n: 1 }]);
    } finally {
      db.close();
    }
  });

  it('runs independent models at once, each on its own connection, and gives the rows one worker gives', async () => {
    // two models meet: each notes that it started, then waits (up to 2 s) for the other to start too
    const meet = `export async function build(db, model) {
      const g = (globalThis.__nokMeet ??= new Set());
      g.add(model.name);
      for (const t = Date.now(); g.size < 2 && Date.now() - t < 2000; ) await new Promise((r) => setTimeout(r, 10));
      await db.run(\`CREATE OR REPLACE TABLE \${model.id} AS SELECT \${g.size} AS seen, sum(x) AS s FROM staging.stg_a\`);
    }\n`;
    const dir = project({
      'staging/stg_a.sql': 'select x from ref.t',
      'staging/stg_a.yml': contract(['x']),
      'marts/m1.ts': meet,
      'marts/m1.yml': contract(['seen', 's']) + 'depends_on: [staging.stg_a]\n',
      'marts/m2.ts': meet,
      'marts/m2.yml': contract(['seen', 's']) + 'depends_on: [staging.stg_a]\n',
      // reads both: starts only when both are done
      'marts/both.sql': 'select a.seen + b.seen as seen, a.s from marts.m1 a, marts.m2 b',
      'marts/both.yml': contract(['seen', 's']),
    });
    const db = await Db.open();
    const g = globalThis as { __nokMeet?: Set<string> };
    try {
      await createMeta(db);
      await db.run('CREATE SCHEMA IF NOT EXISTS ref; CREATE TABLE ref.t AS SELECT range::DOUBLE / 7 AS x FROM range(1000)');
      await db.run('SET threads = 1');
      const rows = async (): Promise<unknown[]> => db.all('SELECT * FROM marts.m1 UNION ALL SELECT * FROM marts.m2 UNION ALL SELECT * FROM marts.both');
      delete g.__nokMeet;
      await runModels(db, dir, { workers: 2 });
      const s = await db.value('SELECT sum(x) FROM ref.t');
      expect(await rows()).toEqual([{ seen: 2, s }, { seen: 2, s }, { seen: 4, s }]);
      // one worker: the first waits for the second in vain
      delete g.__nokMeet;
      await runModels(db, dir, { workers: 1 });
      expect(await rows()).toEqual([{ seen: 1, s }, { seen: 2, s }, { seen: 3, s }]);
    } finally {
      delete g.__nokMeet;
      db.close();
    }
  });

  it('opens the database anew between models when asked (reopenAboveRss), with the macros, variables and threads set again', async () => {
    const dir = project({
      'macros/twice.sql': 'CREATE OR REPLACE TEMP MACRO twice(x) AS 2 * x',
      'staging/stg_a.sql': 'select twice(x) as x from ref.t',
      'staging/stg_a.yml': contract(['x']),
      'marts/b.sql': "select twice(sum(x)) as s, getvariable('nok_zero_denominator') as z from staging.stg_a",
      'marts/b.yml': contract(['s', 'z']),
      'marts/c.sql': 'select s + 1 as s from marts.b',
      'marts/c.yml': contract(['s']),
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nok-reopen-')), 'w.duckdb');
    const db = await Db.open(file);
    try {
      await createMeta(db);
      await db.run('CREATE SCHEMA IF NOT EXISTS ref; CREATE TABLE ref.t AS SELECT range::DOUBLE AS x FROM range(10)');
      await db.run('SET threads = 1');
      const first = db.instance;
      await runModels(db, dir, { workers: 1, reopenAboveRss: 0 });
      // reopened (a new DuckDB instance) and the models after it still found the macro and the variable
      expect(db.instance).not.toBe(first);
      expect(await db.all('SELECT s, z FROM marts.b')).toEqual([{ s: 180, z: loadConfig().zeroDenominator }]);
      expect(await db.value('SELECT s FROM marts.c')).toBe(181);
      expect(await db.value(`SELECT current_setting('threads')`)).toBe(1);
      // never for a database in memory: it would be lost
      const mem = await Db.open();
      await expect(mem.reopen()).rejects.toThrow(/in-memory/);
      mem.close();
      // and not below the threshold
      const now = db.instance;
      await runModels(db, dir, { workers: 1, reopenAboveRss: Number.MAX_SAFE_INTEGER });
      expect(db.instance).toBe(now);
    } finally {
      db.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('starts the model with the longest chain of work below it first, and reports a failed model after the others stop', async () => {
    const dir = project({
      'marts/b.sql': 'select 2 as x',
      'marts/b.yml': contract(['x']),
      'marts/c.sql': 'select 1 as x',
      'marts/c.yml': contract(['x']),
      'marts/c2.sql': 'select x from marts.c',
      'marts/c2.yml': contract(['x']),
    });
    const db = await Db.open();
    try {
      await createMeta(db);
      const order = async (cost?: Map<string, number>): Promise<string[]> => {
        const timings = new Map<string, number>();
        await runModels(db, dir, { workers: 1, timings, ...(cost ? { cost } : {}) });
        return [...timings.keys()];
      };
      // without times: the longer chain (c → c2) first, though b comes first in build order
      expect(await order()).toEqual(['marts.c', 'marts.b', 'marts.c2']);
      // b took long last time: it goes first
      expect(await order(new Map([['marts.b', 5000], ['marts.c', 10], ['marts.c2', 10]]))).toEqual(['marts.b', 'marts.c', 'marts.c2']);
      // c2's work counts for c too
      expect(await order(new Map([['marts.b', 5000], ['marts.c', 10], ['marts.c2', 6000]]))).toEqual(['marts.c', 'marts.c2', 'marts.b']);
      const bad = project({
        'marts/ok.sql': 'select 1 as x',
        'marts/ok.yml': contract(['x']),
        'marts/bad.sql': 'select * from marts.ok where no_such_column = 1',
        'marts/bad.yml': contract(['x']),
        'marts/late.sql': 'select 3 as x',
        'marts/late.yml': contract(['x']),
      });
      await expect(runModels(db, bad, { workers: 2 })).rejects.toThrow(/Модель marts\.bad .*no_such_column/s);
      expect(await db.value('SELECT x FROM marts.ok')).toBe(1);
    } finally {
      db.close();
    }
  });

  it('a parallel model started alone with nothing else ready gets all cores and nothing beside it; otherwise one thread', async () => {
    const sleep = (ms: number, deps: string): Record<string, string> => ({
      ts: `export async function build(db, model) {\n  await new Promise((r) => setTimeout(r, ${ms}));\n  await db.run(\`CREATE OR REPLACE TABLE \${model.id} AS SELECT current_setting('threads')::INTEGER AS threads\`);\n}\n`,
      yml: contract(['threads']) + `depends_on: [${deps}]\n`,
    });
    const files: Record<string, string> = {};
    const add = (name: string, m: Record<string, string>, extra = ''): void => {
      files[`marts/${name}.ts`] = m.ts!;
      files[`marts/${name}.yml`] = m.yml! + extra;
    };
    // p0 (parallel) first, alone; then s (short) and l (long) side by side; p (parallel) and r become ready when s is done, while l still runs
    add('p0', sleep(100, ''), 'parallel: true\n');
    add('s', sleep(50, 'marts.p0'));
    add('l', sleep(600, 'marts.p0'));
    add('p', sleep(10, 'marts.s'), 'parallel: true\n');
    add('r', sleep(10, 'marts.s'));
    const db = await Db.open();
    try {
      await createMeta(db);
      const all = Number(await db.value(`SELECT current_setting('threads')`));
      await db.run('SET threads = 1');
      const timings = new Map<string, number>();
      const cost = new Map([['marts.p0', 9000], ['marts.p', 5000], ['marts.s', 10], ['marts.l', 10]]);
      await runModels(db, project(files), { workers: 2, timings, cost });
      expect([...timings.keys()]).toEqual(['marts.p0', 'marts.s', 'marts.p', 'marts.r', 'marts.l']);
      const threads = async (m: string): Promise<number> => Number(await db.value(`SELECT threads FROM marts.${m}`));
      expect(await threads('p0')).toBe(all);
      for (const m of ['s', 'l', 'p', 'r']) expect(await threads(m), m).toBe(1);
      expect(Number(await db.value(`SELECT current_setting('threads')`))).toBe(1);
      // q (parallel, the longest) starts first with nothing running, but z is ready too: q on one thread, z beside it
      const both: Record<string, string> = {};
      const q = sleep(300, ''), z = sleep(50, '');
      Object.assign(both, { 'marts/q.ts': q.ts, 'marts/q.yml': q.yml + 'parallel: true\n', 'marts/z.ts': z.ts, 'marts/z.yml': z.yml });
      const t2 = new Map<string, number>();
      await runModels(db, project(both), { workers: 2, timings: t2, cost: new Map([['marts.q', 9000], ['marts.z', 10]]) });
      expect([...t2.keys()]).toEqual(['marts.z', 'marts.q']);
      expect(await threads('q')).toBe(1);
      expect(await threads('z')).toBe(1);
    } finally {
      db.close();
    }
  });

  it('NOK_MODEL_WORKERS: a whole number 1–16, by default the cores up to 4', () => {
    expect(loadConfig({ NOK_MODEL_WORKERS: '3' }).modelWorkers).toBe(3);
    expect(loadConfig({}).modelWorkers).toBe(Math.min(4, os.availableParallelism()));
    for (const bad of ['0', '17', 'два', '1.5']) expect(() => loadConfig({ NOK_MODEL_WORKERS: bad }), bad).toThrow(/NOK_MODEL_WORKERS: ожидается целое число от 1 до 16/);
  });

  it('scopes the inputs with a year to the years rebuilt, not comments, strings, quoted names or other tables', () => {
    const sql = "-- reads marts.a\nselect x.*, 'marts.a' as s from marts.a x join Intermediate.B using (year) left join marts.c on true, \"marts\".\"a\" /* marts.a */ where marts.a.y is null";
    expect(scopeToYears(sql, new Set(['marts.a', 'intermediate.b']), [2024, 2023])).toBe(
      "-- reads marts.a\nselect x.*, 'marts.a' as s from (SELECT * FROM marts.a WHERE year IN (2023, 2024)) x join (SELECT * FROM intermediate.b WHERE year IN (2023, 2024)) using (year) left join marts.c on true, \"marts\".\"a\" /* marts.a */ where marts.a.y is null",
    );
    expect(scopeToYears(sql, new Set(), [2023])).toBe(sql);
  });

  it('a year-incremental model builds and rebuilds each year from its inputs of that year only', async () => {
    const dir = project({
      'staging/stg_a.sql': 'select * from raw.a',
      'staging/stg_a.yml': contract(['year', 'v']) + 'incremental: year\n',
      'staging/stg_b.sql': 'select * from raw.b',
      'staging/stg_b.yml': contract(['year', 'w']) + 'materialized: view\nincremental: year\n',
      'marts/m.sql': 'select a.year, a.v, b.w, count(*) over () as n_in from staging.stg_a a left join staging.stg_b b on b.year = a.year order by year',
      'marts/m.yml': contract(['year', 'v', 'w', 'n_in']) + 'incremental: year\n',
    });
    const db = await Db.open();
    try {
      await createMeta(db);
      await db.run(`CREATE TABLE raw.a AS SELECT * FROM (VALUES (2021, 1), (2022, 2)) t(year, v); CREATE TABLE raw.b AS SELECT * FROM (VALUES (2021, 10), (2022, 20)) t(year, w)`);
      await runModels(db, dir, { workers: 1 });
      await db.run(`INSERT INTO raw.a VALUES (2023, 3); INSERT INTO raw.b VALUES (2023, 30)`);
      const timings = new Map<string, number>();
      await runModels(db, dir, { workers: 1, timings, changed: (t) => (t === 'raw.a' || t === 'raw.b' ? new Set([2023]) : null) });
      expect([...timings.keys()].sort()).toEqual(['marts.m', 'staging.stg_a', 'staging.stg_b']);
      // n_in counts the input rows the query saw: each year (built one at a time, then 2023 rebuilt) from its own rows alone
      expect(await db.all('SELECT year, v, w, n_in FROM marts.m ORDER BY year')).toEqual([
        { year: 2021, v: 1, w: 10, n_in: 1 },
        { year: 2022, v: 2, w: 20, n_in: 1 },
        { year: 2023, v: 3, w: 30, n_in: 1 },
      ]);
    } finally {
      db.close();
    }
  });

  it('finds the tables a statement creates', () => {
    expect(createdTables('create or replace temp table marts.a as select 1; CREATE TABLE IF NOT EXISTS "staging"."stg_b" (x int); create table t (x int)')).toEqual(['marts.a', 'staging.stg_b']);
  });

  it('marts.reconciliation reads every int_recon_* model', () => {
    const recon = discoverModels().find((m) => m.id === 'marts.reconciliation')!;
    const parts = fs.readdirSync(path.join(paths.models, 'intermediate')).filter((f) => /^int_recon_.*\.(sql|ts)$/.test(f)).map((f) => `intermediate.${f.replace(/\.(sql|ts)$/, '')}`);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(recon.deps).toContain(p);
  });
});
