/**
 * Helpers of the ingestion tests: load a fixture folder into a fresh
 * in-memory warehouse (no models), with a small stand-in for the region
 * index when the test is about reading, not about region spellings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';
import { loadAll } from '../../pipelines/build.ts';
import type { LoadContext } from '../../pipelines/ingest/load.ts';
import type { RegionMatch } from '../../pipelines/regions/normalize.ts';
import { textKey } from '../../pipelines/ingest/keys.ts';
import { paths } from '../../pipelines/lib/paths.ts';

export const FIXTURES = path.join(paths.root, 'tests', 'fixtures', 'ingest');

/** A few spellings of a few regions, «Алтай» ambiguous, everything else unknown. */
const SPELLINGS: Record<string, string> = {
  москва: '77', 'г. москва': '77', татарстан: '16', 'республика татарстан (татарстан)': '16', кузбасс: '42', 'хмао - югра': '86',
  'респ. адыгея': '01', адыгея: '01', чувашия: '21', якутия: '14', 'еврейская ао': '79',
};
export const stubRegions: LoadContext['regions'] = {
  match(raw: string | null | undefined): RegionMatch {
    const k = textKey(raw ?? '');
    if (k === 'алтай') return { ok: false, reason: 'ambiguous', candidates: ['04', '22'], message: `Регион «${raw}» неоднозначен: Республика Алтай (04) или Алтайский край (22).` };
    const code = SPELLINGS[k];
    return code ? { ok: true, code, name: code } : { ok: false, reason: 'unknown', candidates: [], message: `Регион «${raw}» не найден в справочнике.` };
  },
};

export function tempDir(prefix = 'nok-ingest-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Load a folder of layouts into a fresh in-memory warehouse (only the named sources, plus reference data). */
export async function loadFolder(dir: string, only?: string[], regions: LoadContext['regions'] = stubRegions, withReference = false): Promise<{ db: Db; errors: string[] }> {
  const db = await Db.open();
  await installMacros(db);
  await createMeta(db);
  const { errors } = await loadAll(db, { sourcesDir: dir, regions, tmpDir: tempDir(), withReference, ...(only ? { only } : {}) });
  return { db, errors: errors.map((e) => e.describe()) };
}
