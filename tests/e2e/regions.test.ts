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
let lowest: { region_code: string; org_name: string | null; inn: string; n_deficiencies: number; not_measurable_indicators: string | null }[];
let published: { region_code: string; org_id: string; org_name: string; source_url: string }[];
type Target = { org_id: string; org_name: string; inn: string; region_code: string; sphere: string; last_year: number; n_years: number; n_def: number; n_nm: number };
let target: Target;
let history: { year: number; total: number; place: number; n_peers: number }[];
beforeAll(async () => {
  const db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  published = await db.all(`select region_code, org_id, org_name, source_url from marts.nok_score where source_url is not null and not is_synthetic order by region_code, year, org_id`);
  regions = await db.all(`select region_code, region_name from marts.region order by region_code`);
  hasCosts = await db.tableExists('marts', 'operator_cost');
  lowest = await db.all(`select region_code, org_name, inn, n_deficiencies, not_measurable_indicators from marts.nok_lowest_org where rank_lowest = 1 order by n_deficiencies desc, region_code`);
  // an organization with a name of its own, three years or more of scores and deficiencies in its last year
  [target] = await db.all<Target>(`
    with d as (
        select inn, sphere, year, count(*) filter (where not is_not_measurable) as n_def, count(*) filter (where is_not_measurable) as n_nm
        from marts.nok_deficiency group by all
    )
    select o.org_id, o.org_name, o.inn, o.region_code, o.sphere, o.last_year, o.n_years, d.n_def, d.n_nm
    from marts.organization o join d on d.inn = o.inn and d.sphere = o.sphere and d.year = o.last_year
    where o.n_years >= 3 and (select count(*) from marts.organization x where x.org_name = o.org_name) = 1
    order by d.n_nm > 0 desc, d.n_def desc, o.org_id limit 1`);
  // its scores year by year and its place among the organizations of its sphere in the region (computed here, not read from the page's SQL)
  const peers = await db.all<{ org_id: string; year: number; methodology_edition: string; total: number }>(
    `select org_id, year, methodology_edition, total from marts.nok_score where region_code = ? and sphere = ? and total is not null`,
    [target!.region_code, target!.sphere],
  );
  history = peers
    .filter((p) => p.org_id === target.org_id)
    .sort((a, b) => b.year - a.year)
    .map((h) => {
      const same = peers.filter((p) => p.year === h.year && p.methodology_edition === h.methodology_edition);
      return { year: h.year, total: h.total, place: 1 + same.filter((p) => p.total > h.total).length, n_peers: same.length };
    });
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
    // «ниже (весь интервал…)», not «ниже(весь…»
    expect(body).toMatch(/Против России — (выше|ниже|на уровне)([\s\u00a0]\(|\.)/);
    expect(body).toContain('Соседи по баллам в своём округе');
    expect(body).toContain(target.org_name ?? target.inn);
    expect(body).toMatch(/синтетическ/i);
    // the deficiencies of the lowest-scoring organization, listed
    const items = await page.$$eval('.nok-deficiencies details:first-of-type li', (lis) => lis.map((li) => (li as HTMLElement).textContent ?? ''));
    // an item per deficiency (a description may hold «; » itself), and one for the indicators that could not be measured
    expect(items.length).toBe(target.n_deficiencies + (target.not_measurable_indicators ? 1 : 0));
    expect(items.join(' ')).toMatch(/не размещено|Нет официального сайта|условий|способов/);
    // the trend chart and the peers' links
    expect(await page.$$eval('svg path', (p) => p.length)).toBeGreaterThan(0);
    expect(await page.$$eval('table a[href^="/regions/"]', (a) => a.length)).toBeGreaterThan(0);
    // query errors: none in the NOK sections; the costs section needs marts.operator_cost (another area)
    const errors = body.split('\n').filter((l) => l.includes('Ошибка запроса'));
    if (hasCosts) expect(errors).toEqual([]);
    else expect(errors.every((l) => /operator_cost/.test(l))).toBe(true);
    // the lowest organization's name leads to its scores by year on the same page (loaded anew with the choice in the address)
    const lowestTable = page.locator('.ru-table').filter({ has: page.locator('th', { hasText: 'Недостатков' }) }).filter({ has: page.locator('th', { hasText: 'Организация' }) });
    const link = lowestTable.locator('tbody tr').first().locator('a');
    expect(await link.getAttribute('href')).toMatch(/^\?org=o[0-9a-f]+#org$/);
    await link.click();
    await page.waitForURL(/\?org=o[0-9a-f]+#org$/);
    const card = page.locator('.ru-table', { has: page.locator('th', { hasText: 'Место в сфере региона' }) });
    await expect.poll(() => card.locator('tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.innerText('body')).toContain(target.org_name ? `${target.org_name} — ` : `ИНН ${target.inn}`);
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
    // the organization's card says its data are real and links every published score to its source
    const real = mine[0]!;
    const card = await site.open(`/regions/${code}/?org=${real.org_id}`);
    const sources = published.filter((p) => p.org_id === real.org_id).map((p) => p.source_url);
    await expect.poll(() => card.locator('.nok-org-source a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), { timeout: 60_000 }).toEqual(
      expect.arrayContaining(sources),
    );
    expect(await card.innerText('body')).toContain('Реальные опубликованные данные');
    expect(site.blocked).toEqual([]);
  });

  it('«Поиск организации» finds an organization by name and opens its scores by year on its region page', async () => {
    expect(target).toBeDefined();
    expect(history.length).toBe(target.n_years);
    const page = await site.open('/org-search/');
    const table = page.locator('.ru-table').first();
    await table.locator('input[type=search]').fill(target.org_name);
    const first = table.locator('tbody tr').first();
    await expect.poll(() => first.locator('td').first().innerText(), { timeout: 30_000 }).toBe(target.org_name);
    const link = first.locator('td a').first();
    expect(await link.getAttribute('href')).toBe(`/regions/${target.region_code}/?org=${target.org_id}#org`);
    await link.click();
    await page.waitForURL(new RegExp(`/regions/${target.region_code}/\\?org=${target.org_id}`));
    // the card: the organization's name, its ИНН, a row per year with its total and its place in the sphere of the region
    const card = page.locator('.ru-table', { has: page.locator('th', { hasText: 'Место в сфере региона' }) });
    await expect.poll(() => card.locator('tbody tr').count(), { timeout: 60_000 }).toBe(history.length);
    const body = await page.innerText('body');
    expect(body).toContain(`${target.org_name} — ${target.sphere}, ИНН ${target.inn}`);
    const rows = await card.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
    const ru = (x: number) => x.toFixed(1).replace('.', ',');
    expect(rows.map((r) => [r[0], r[1], r[7]])).toEqual(history.map((h) => [String(h.year), ru(h.total), `${h.place}-е из ${h.n_peers}`]));
    expect(rows[0]![12]).toBe(String(target.n_def));
    // the deficiencies of its last year, as many as marts.nok_deficiency holds, and the indicators that could not be measured
    expect(body).toContain(`Недостатки за ${target.last_year} год`);
    const items = await page.locator('.nok-org-deficiencies li').allInnerTexts();
    expect(items.length).toBe(target.n_def + (target.n_nm > 0 ? 1 : 0));
    if (target.n_nm > 0) expect(items.at(-1)).toMatch(/^Не измеримы/);
    expect(site.blocked).toEqual([]);
  });
});
