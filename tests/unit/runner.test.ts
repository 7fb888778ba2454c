import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverModels, orderModels, referencedTables, runModels } from '../../pipelines/models/runner.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-models-'));
  for (const [f, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), content);
  }
  return dir;
}
const contract = (cols: string[]): string =>
  `description: a test model for the runner\ngrain: one row per thing\ncolumns:\n${cols.map((c) => `  ${c}: { description: column ${c} }`).join('\n')}\n`;

describe('model runner', () => {
  it('finds references in SQL, ignoring comments and strings', () => {
    expect(referencedTables(`-- from marts.nope\nselect * from staging.stg_a a join marts.b using (x) where y = 'raw.z'`)).toEqual(['marts.b', 'staging.stg_a']);
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
});
