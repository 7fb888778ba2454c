/**
 * The whole build: two runs on the same inputs give the same warehouse
 * (every table but meta.run) — the bundled data through the models (one build here, the other
 * the test build of the same run, made in another process), and a
 * user's folder with bad rows through the loader — and a run that fails on
 * a file-level problem leaves the last good warehouse as it was, with no
 * temp files beside it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Db } from '../../pipelines/lib/duck.ts';
import { build } from '../../pipelines/build.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { FIXTURES, tempDir, loadFolder } from './helpers.ts';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { dictionaryMarkdown } from '../../pipelines/docs.ts';
import { fingerprint } from './fingerprint.ts';
import { testBuild, awaitTestBuild } from '../setup/paths.ts';

let work: string;
beforeAll(() => {
  work = tempDir('nok-build-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** A user's folder of good files and files with bad rows (quarantine and warnings too). */
function mixedFolder(): string {
  const dir = path.join(work, 'inputs');
  fs.cpSync(path.join(FIXTURES, 'good'), dir, { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'rows', 'nok_results'), path.join(dir, 'nok_results', 'bad'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'rows', 'practices'), path.join(dir, 'practices', 'more'), { recursive: true });
  return dir;
}

/**
 * The warehouse of the test build (tests/setup/build.ts) once it is done, when this run makes one
 * (its global setup sets NOK_TEST_BUILD_STARTED before the workers start); null when it does not
 * (`--project pipeline` alone) or it failed.
 */
async function testBuildWarehouse(): Promise<string | null> {
  if (!process.env.NOK_TEST_BUILD_STARTED) return null;
  return (await awaitTestBuild('data', 20 * 60_000)) === 'ready' ? testBuild.warehouse : null;
}

/** The same fingerprint for an open database. */
async function fingerprintDb(db: Db): Promise<Record<string, string>> {
  const tables = await db.all<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_catalog = current_database() ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { s, t } of tables) {
    out[`${s}.${t}`] = await db.value<string>(`SELECT count(*) || ':' || coalesce(md5(string_agg(x, chr(10) ORDER BY x)), 'empty') FROM (SELECT q::VARCHAR AS x FROM "${s}"."${t}" q)`);
  }
  return out;
}

describe('build', () => {
  it('is deterministic: two builds of the bundled data have identical tables', async () => {
    const a = path.join(work, 'a.duckdb');
    await build({ warehouse: a });
    // the other build: the test build of this run (another process, started at the same time), or a second one here
    const b = (await testBuildWarehouse()) ?? path.join(work, 'b.duckdb');
    if (b !== testBuild.warehouse) await build({ warehouse: b });
    const fa = await fingerprint(a);
    const fb = await fingerprint(b);
    expect(Object.keys(fa)).toContain('meta.load_report');
    expect(Object.keys(fa).some((k) => k.startsWith('marts.'))).toBe(true);
    const differ = Object.keys(fa).filter((k) => fa[k] !== fb[k]);
    expect(differ).toEqual([]);
    expect(Object.keys(fb)).toEqual(Object.keys(fa));
  });

  it('is deterministic on a user folder with bad rows: raw, quarantine, warnings, load report', async () => {
    const dir = mixedFolder();
    const regions = await RegionIndex.load();
    const one = await loadFolder(dir, undefined, regions, true);
    const two = await loadFolder(dir, undefined, regions, true);
    try {
      expect(one.errors).toEqual([]);
      const fa = await fingerprintDb(one.db);
      const fb = await fingerprintDb(two.db);
      expect(fa['meta.quarantine']).not.toMatch(/^0:/);
      expect(fa['meta.warning']).not.toMatch(/^0:/);
      expect(Object.keys(fa).filter((k) => fa[k] !== fb[k])).toEqual([]);
    } finally {
      one.db.close();
      two.db.close();
    }
  });

  it('documents every table and column it built, and the generated dictionary lists them all', async () => {
    const a = path.join(work, 'a.duckdb');
    const db = await Db.open(a, { access_mode: 'READ_ONLY' });
    const undocumented = await db.all(
      `SELECT c.table_schema || '.' || c.table_name || '.' || c.column_name AS col FROM information_schema.columns c
       LEFT JOIN meta.column_doc d USING (table_schema, table_name, column_name)
       WHERE coalesce(d.description, '') = '' ORDER BY 1`,
    );
    const tables = await db.all<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables ORDER BY 1`);
    db.close();
    expect(undocumented).toEqual([]);
    const md = await dictionaryMarkdown(a);
    for (const { t } of tables) expect(md, t).toContain(`### \`${t}\``);
    expect(md).toMatch(/\| `rows_quarantined` \| BIGINT \| Строк в карантине/);
  });

  it('never leaves a half-built warehouse: a failed run keeps the last good one, no temp files of its own and none of dead builds', async () => {
    const warehouse = path.join(work, 'keep', 'w.duckdb');
    const dir = path.dirname(warehouse);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(work, 'a.duckdb'), warehouse);
    const before = await fingerprint(warehouse);
    const bytes = fs.readFileSync(warehouse);
    // what a build killed with kill -9 leaves: its half-built file, WAL and temp folder (with spill files), named by a pid now free
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    for (const f of [`w.duckdb.building-${dead}`, `w.duckdb.building-${dead}.wal`, `other.duckdb.building-${dead}`]) fs.writeFileSync(path.join(dir, f), 'x');
    fs.mkdirSync(path.join(dir, `.tmp-${dead}`, 'spill'), { recursive: true });
    fs.writeFileSync(path.join(dir, `.tmp-${dead}`, 'spill', 'duckdb_temp_block-1.block'), 'x');
    // a build still running (the parent process) keeps its files
    const running = `.tmp-${process.ppid}`;
    fs.mkdirSync(path.join(dir, running));
    const err = await build({ sourcesDir: path.join(FIXTURES, 'file', 'missing-column'), warehouse }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).describe()).toMatch(/Сфера/);
    expect(fs.readFileSync(warehouse).equals(bytes)).toBe(true);
    expect(await fingerprint(warehouse)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual([running, 'w.duckdb'].sort());
  });
});
