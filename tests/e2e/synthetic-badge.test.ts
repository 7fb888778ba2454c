/**
 * Honest numbers: every page that shows values resting on synthetic data says so.
 * Which pages those are is found from the data, not listed by hand: a page reads
 * `warehouse.<source>` queries (reports/sources/warehouse/<source>.sql); if any table a
 * source reads has rows with is_synthetic = TRUE in the bundled build, the built page
 * must show the synthetic-data banner.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { referencedTables } from '../../pipelines/models/runner.ts';

const PAGES = path.join(paths.reports, 'pages');
const SOURCES = path.join(paths.reports, 'sources', 'warehouse');

function pageFiles(dir = PAGES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pageFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

let site: Site;
let db: Db;
let syntheticTables: Set<string>;
let firstValue: (param: string) => Promise<string>;

beforeAll(async () => {
  site = await openSite(testBuild.site);
  db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
  const withFlag = await db.all<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.columns WHERE column_name = 'is_synthetic' AND data_type = 'BOOLEAN' AND table_schema IN ('marts', 'meta')`,
  );
  syntheticTables = new Set();
  for (const { t } of withFlag) {
    if ((await db.value<number>(`SELECT count(*) FROM ${t} WHERE is_synthetic`)) > 0) syntheticTables.add(t);
  }
  firstValue = async (param) => {
    const table = param === 'region_code' ? 'marts.region' : 'marts.practice';
    return String(await db.value(`SELECT min(${param}) FROM ${table}`));
  };
});
afterAll(async () => {
  db?.close();
  await site?.close();
});

async function routeOf(file: string): Promise<string> {
  let rel = path.relative(PAGES, file).replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  const m = /\[([a-z_]+)\]/.exec(rel);
  if (m) rel = rel.replace(m[0], await firstValue(m[1]!));
  return '/' + (rel ? rel + '/' : '');
}

function syntheticSources(md: string): string[] {
  const names = [...new Set([...md.matchAll(/\bwarehouse\.([a-z_0-9]+)/g)].map((m) => m[1]!))];
  return names.filter((n) => {
    const f = path.join(SOURCES, `${n}.sql`);
    if (!fs.existsSync(f)) return false;
    return referencedTables(fs.readFileSync(f, 'utf8')).some((t) => syntheticTables.has(t));
  });
}

describe('synthetic data are marked on every page that shows them', () => {
  it('the bundled build does contain synthetic values (so the check below checks something)', () => {
    expect(syntheticTables.size).toBeGreaterThan(3);
  });

  it('each page reading a source with synthetic rows shows the banner «Синтетические данные»', async () => {
    const checked: string[] = [];
    for (const file of pageFiles()) {
      const md = fs.readFileSync(file, 'utf8');
      const sources = syntheticSources(md);
      if (!sources.length) continue;
      const route = await routeOf(file);
      const page = await site.open(route);
      const banners = await page.locator('aside[role="note"]').allTextContents();
      await page.close();
      expect(banners.join(' '), `${route} reads ${sources.join(', ')} (synthetic rows) but shows no banner`).toMatch(/Синтетические данные/i);
      checked.push(route);
    }
    expect(checked.length).toBeGreaterThan(8);
  });
});
