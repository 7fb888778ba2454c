/**
 * pipelines/release.ts: the release of an export — version, build date, a hash of the input files,
 * rows per mart, the citation — its README, the sheet «О данных», and the previous release kept.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { makeRelease, releaseReadme, aboutRows, keepPrevious, citation } from '../../pipelines/release.ts';
import { paths } from '../../pipelines/lib/paths.ts';

let db: Db;
let dir: string;
const rel = 'tests/fixtures/ingest';
beforeAll(async () => {
  db = await Db.open();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  // two real files of the project as the «inputs», relative to the sources folder recorded by the build
  await db.run(`CREATE SCHEMA meta`);
  await db.run(`CREATE TABLE meta.run AS SELECT TIMESTAMP '2026-12-05 10:11:12' AS built_at, '.' AS sources_dir, '1.2.3' AS nok_atlas_version`);
  await db.run(`CREATE TABLE meta.load_report (source VARCHAR, file VARCHAR, rows_read BIGINT)`);
  await db.run(`INSERT INTO meta.load_report VALUES ('regions', 'package.json', 1), ('methodology', 'sources/methodology/weights.csv', 17)`);
});
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('release', () => {
  it('names the version, the build date, hashes each input file and all of them', async () => {
    const r = await makeRelease(db, [{ table: 'region', rows: 89 }], new Date('2026-12-06T08:00:00Z'));
    const h = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(path.join(paths.root, f))).digest('hex');
    expect(r.version).toBe('1.2.3');
    expect(r.built_at).toBe('2026-12-05T10:11:12.000Z');
    expect(r.inputs.map((i) => i.sha256)).toEqual([h('sources/methodology/weights.csv'), h('package.json')]);
    expect(r.inputs_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.release_id).toBe(`1.2.3+20261205.${r.inputs_sha256!.slice(0, 8)}`);
    expect(r.marts).toEqual({ region: 89 });
    expect(r.citation).toContain(`Выпуск ${r.release_id}`);
    expect(r.citation).toContain('сборка 05.12.2026');
    expect(r.citation).toContain('Дата обращения: 06.12.2026');
    // another file content → another hash
    await db.run(`UPDATE meta.load_report SET file = '${rel}/../layouts.ts' WHERE source = 'regions'`);
    const r2 = await makeRelease(db, []);
    expect(r2.inputs_sha256).not.toBe(r.inputs_sha256);
    // a file that is gone: no hash, said so
    await db.run(`UPDATE meta.load_report SET file = 'нет/такого.csv' WHERE source = 'regions'`);
    const r3 = await makeRelease(db, []);
    expect(r3.inputs_sha256).toBeNull();
    expect(releaseReadme(r3)).toContain('не вычислен');
  });

  it('the README and the sheet «О данных» carry the release, the source, the filters and the citation', async () => {
    const r = await makeRelease(db, [{ table: 'nok_score', rows: 8672 }]);
    const text = releaseReadme(r);
    expect(text).toContain(`Выпуск: ${r.release_id}`);
    expect(text).toContain('nok_score: 8672');
    expect(text).toContain(r.citation);
    const about = Object.fromEntries(aboutRows(r, 'nok_score'));
    expect(Object.keys(about)).toEqual(['Набор данных', 'Выпуск', 'Хранилище собрано', 'Выгрузка сделана', 'Источник', 'Фильтры', 'Как цитировать']);
    expect(about['Фильтры']).toMatch(/вся витрина/);
    expect(citation({ version: '1', release_id: 'x', built_at: '2026-01-02T00:00:00Z' }, '03.01.2026')).toMatch(/Выпуск x \(версия 1, сборка 02\.01\.2026\)\. Дата обращения: 03\.01\.2026\./);
  });

  it('keeps the release a folder held before and offers the newest other one', () => {
    const out = path.join(dir, 'downloads');
    const kept = path.join(dir, 'releases');
    fs.mkdirSync(out, { recursive: true });
    expect(keepPrevious(out, kept, 'b')).toBeNull();
    fs.writeFileSync(path.join(out, 'release.json'), JSON.stringify({ release_id: 'a', built_at: '2026-01-01T00:00:00Z', exported_at: '2026-01-01T00:00:00Z', marts: { region: 85 } }));
    expect(keepPrevious(out, kept, 'b')).toEqual({ release_id: 'a', built_at: '2026-01-01T00:00:00Z', marts: { region: 85 } });
    expect(fs.readdirSync(kept)).toEqual(['a.json']);
    // the same release exported again is not its own predecessor
    expect(keepPrevious(out, kept, 'a')).toBeNull();
  });
});
