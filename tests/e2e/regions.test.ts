/**
 * /regions and the page of every region: all 89 pages are built (Evidence
 * prerenders the templated page for every link it finds); a region page
 * shows its scores and trend, its peers and its lowest-scoring organizations
 * with their deficiencies, offline.
 *
 * SCORES_TEST_SITE / SCORES_TEST_WAREHOUSE point the test at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';

const SITE = process.env.SCORES_TEST_SITE ?? testBuild.site;
const WAREHOUSE = process.env.SCORES_TEST_WAREHOUSE ?? testBuild.warehouse;
let site: Site;
let regions: { region_code: string; region_name: string }[];
let hasCosts = false;
let lowest: { region_code: string; org_name: string | null; inn: string; n_deficiencies: number }[];
let published: { region_code: string; org_name: string; source_url: string }[];
beforeAll(async () => {
  const db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  published = await db.all(`select region_code, org_name, source_url from marts.nok_score where source_url is not null and not is_synthetic order by region_code, year, org_id`);
  regions = await db.all(`select region_code, region_name from marts.region order by region_code`);
  hasCosts = await db.tableExists('marts', 'operator_cost');
  lowest = await db.all(`select region_code, org_name, inn, n_deficiencies from marts.nok_lowest_org where rank_lowest = 1 order by n_deficiencies desc, region_code`);
  db.close();
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

describe('region pages', () => {
  it('a page is built for each of the 89 regions', () => {
    expect(regions.length).toBe(89);
    const missing = regions.filter((r) => !fs.existsSync(path.join(SITE, 'regions', r.region_code, 'index.html'))).map((r) => r.region_code);
    expect(missing).toEqual([]);
  });

  it('/regions links to every region', async () => {
    const page = await site.show('/regions/');
    await page.waitForSelector('svg a[href^="/regions/"]');
    const hrefs = await page.$$eval('a[href^="/regions/"]', (as) => as.map((a) => a.getAttribute('href')!.replace(/\/$/, '')));
    for (const r of regions) expect(hrefs).toContain(`/regions/${r.region_code}`);
    expect(site.blocked).toEqual([]);
  });

  it('a region page shows its scores, trend, peers and its lowest-scoring organizations with deficiencies', async () => {
    const target = lowest[0]!; // the region whose lowest-scoring organization has the most deficiencies
    const name = regions.find((r) => r.region_code === target.region_code)!.region_name;
    const page = await site.show(`/regions/${target.region_code}/`);
    await page.waitForSelector('h1');
    const body = await page.innerText('body');
    expect(body).toContain(name);
    expect(body).toMatch(/средний итоговый балл организаций региона — \d+,\d/);
    expect(body).toMatch(/место из \d+ регионов/);
    expect(body).toContain('Соседи по баллам в своём округе');
    expect(body).toContain(target.org_name ?? target.inn);
    expect(body).toMatch(/синтетическ/i);
    // the deficiencies of the lowest-scoring organization, listed
    const items = await page.$$eval('.nok-deficiencies details:first-of-type li', (lis) => lis.map((li) => (li as HTMLElement).textContent ?? ''));
    expect(items.length).toBeGreaterThanOrEqual(target.n_deficiencies);
    expect(items.join(' ')).toMatch(/не размещено|Нет официального сайта|условий|способов/);
    // the trend chart and the peers' links
    expect(await page.$$eval('svg path', (p) => p.length)).toBeGreaterThan(0);
    expect(await page.$$eval('table a[href^="/regions/"]', (a) => a.length)).toBeGreaterThan(0);
    // query errors: none in the NOK sections; the costs section needs marts.operator_cost (another area)
    const errors = body.split('\n').filter((l) => l.includes('Ошибка запроса'));
    if (hasCosts) expect(errors).toEqual([]);
    else expect(errors.every((l) => /operator_cost/.test(l))).toBe(true);
    expect(site.blocked).toEqual([]);
  });

  it('a region with real published results lists them with a link to each source page', async () => {
    expect(published.length).toBeGreaterThan(0);
    const code = published[0]!.region_code;
    const mine = published.filter((p) => p.region_code === code);
    const page = await site.show(`/regions/${code}/`);
    await page.waitForSelector('h1');
    const body = await page.innerText('body');
    expect(body).toContain('Опубликованные результаты с источниками');
    expect(body).toMatch(/Реальные результаты НОК/);
    const hrefs = await page.$$eval('.nok-sources a', (as) => as.map((a) => a.getAttribute('href')));
    for (const p of mine) expect(hrefs).toContain(p.source_url);
    expect(body).toContain(mine[0]!.org_name);
    expect(site.blocked).toEqual([]);
  });
});
