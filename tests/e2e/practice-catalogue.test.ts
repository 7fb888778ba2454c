/**
 * The practice catalogue in the browser, offline: the catalogue page renders with its search box,
 * filters and tile map; a query typed in the box ranks the right practice first (stemmed in the
 * browser); a practice page opens with its text, themes with evidence, figures and region link.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import type { Download } from 'playwright-core';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';

let site: Site;
let practices: { practice_id: string; region_code: string; region_name: string; federal_district_short: string; title: string; description: string; theme_codes: string | null }[];
beforeAll(async () => {
  const db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
  practices = await db.all(`SELECT practice_id, region_code, region_name, federal_district_short, title, description, theme_codes FROM marts.practice`);
  db.close();
  site = await openSite(testBuild.site);
});
afterAll(async () => {
  await site?.close();
});

const byRegion = (name: RegExp) => practices.filter((p) => name.test(p.region_name));
/** The catalogue page, once its search component is interactive (typing before hydration would be lost). */
async function openCatalogue(path = '/practices/') {
  const page = await site.show(path);
  await page.locator('[data-testid=practice-search][data-ready=true]').waitFor({ timeout: 30_000 });
  return page;
}

describe('catalogue page', () => {
  it('renders the search, the count of practices, the tile map with links to regions', async () => {
    const page = await site.show('/practices/');
    const text = await page.locator('body').innerText();
    expect(text).toContain('Каталог практик');
    expect(text).toMatch(new RegExp(`В каталоге ${practices.length} практик`));
    expect(text).toContain('100 практик');
    await expect(page.locator('[data-testid=practice-search-input]').count()).resolves.toBe(1);
    const tiles = await page.locator('.ru-tilemap a[href^="/regions/"]').count();
    expect(tiles).toBeGreaterThanOrEqual(new Set(practices.map((p) => p.region_code)).size);
    // the full list links every practice page
    const links = await page.locator('a[href^="/practices/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const p of practices) expect(links, p.practice_id).toContain(`/practices/${p.practice_id}/`);
    // and every practice page was built
    for (const p of practices) expect((await fetch(`${site.base}/practices/${p.practice_id}/`)).status, p.practice_id).toBe(200);
  });

  it('a query typed in the box puts the right practice first, with the word highlighted', async () => {
    const page = await openCatalogue();
    const box = page.locator('[data-testid=practice-search-input]');
    await box.fill('сурдопереводчика');
    const first = page.locator('[data-testid=practice-search-results] > li').first();
    await expect.poll(() => first.getAttribute('data-practice-id')).toBe(byRegion(/Камчат/)[0]!.practice_id);
    expect(await page.locator('[data-testid=practice-search-results] > li').count()).toBe(1);
    expect((await first.locator('mark').allInnerTexts()).map((t) => t.toLowerCase())).toContain('сурдопереводчика');

    await box.fill('выездные заседания');
    const phrase = practices.filter((p) => /выездн[а-яё]*\s+заседани/i.test(`${p.title} ${p.description}`)).map((p) => p.practice_id);
    await expect.poll(async () => phrase.includes((await first.getAttribute('data-practice-id')) ?? '')).toBe(true);
    expect(page.url()).toContain('q=');
  });

  it('filters by theme and by federal district', async () => {
    const page = await openCatalogue();
    await page.selectOption('[data-testid=filter-theme]', 'staff_training');
    const count = page.locator('[data-testid=practice-search-count]');
    const expected = practices.filter((p) => (p.theme_codes ?? '').split('; ').includes('staff_training')).length;
    await expect.poll(async () => (await count.innerText()).match(/\d+/)?.[0]).toBe(String(expected));
    await page.selectOption('[data-testid=filter-theme]', '');
    await page.selectOption('[data-testid=filter-district]', 'УФО');
    const ufo = practices.filter((p) => p.federal_district_short === 'УФО');
    await expect.poll(async () => (await count.innerText()).match(/\d+/)?.[0]).toBe(String(ufo.length));
    const ids = await page.locator('[data-testid=practice-search-results] > li').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-practice-id')));
    expect(ids.sort()).toEqual(ufo.map((p) => p.practice_id).sort());
    // the address carries the filter: a link from a practice page opens the filtered catalogue
    const again = await openCatalogue('/practices/?theme=contests_awards');
    const n = practices.filter((p) => (p.theme_codes ?? '').split('; ').includes('contests_awards')).length;
    await expect.poll(async () => (await again.locator('[data-testid=practice-search-count]').innerText()).match(/\d+/)?.[0]).toBe(String(n));
  });
});

describe('practice page', () => {
  it('shows the text, themes with evidence, figures and the link to the region', async () => {
    const p = byRegion(/Камчат/)[0]!;
    const page = await site.show(`/practices/${p.practice_id}/`);
    expect(await page.locator('h1').first().innerText()).toBe(p.title);
    const text = await page.locator('body').innerText();
    expect(text).toContain('сурдопереводчик');
    expect(await page.locator(`a[href="/regions/${p.region_code}/"]`).count()).toBeGreaterThan(0);
    // the subject and its district, a space between them
    expect(text).toContain(`${p.region_name} (`);
    const tags = page.locator('[data-testid=practice-tags] li');
    expect(await tags.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=practice-tags] li[data-theme=accessible_environment] mark').count()).toBeGreaterThan(0);
    // the report's sentence as written, and the figure with its unit in the form for its number
    expect(await page.locator('[data-testid=practice-metrics]').innerText()).toMatch(/22 поставщиков/);
    expect(await page.locator('[data-testid=practice-metrics] .pm-value').allInnerTexts()).toContain('22 поставщика');
  });

  it('downloads the figures of a practice as CSV with their sentences', async () => {
    const p = practices.find((x) => /обучено 7519/.test(x.description))!;
    const page = await site.show(`/practices/${p.practice_id}/`);
    // a click that lands before the page is hydrated does nothing: click again (up to 6 times)
    const button = page.locator('[data-testid=practice-metrics] button', { hasText: 'CSV' });
    let dl: Download | undefined;
    for (let i = 0; i < 6 && !dl; i++) {
      dl = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), button.click()]).then(([d]) => d, () => undefined);
    }
    if (!dl) throw new Error('«Скачать CSV» не выгрузил файл');
    const csv = fs.readFileSync((await dl.path())!, 'utf8');
    expect(csv).toContain('Предложение отчёта');
    expect(csv).toMatch(/;7519;/);
    expect(csv).toContain('обучено 7519 работников');
  });

  it('nothing was requested beyond the local server, and no page errors', () => {
    expect(site.blocked).toEqual([]);
    // Evidence asks every page for an optional all-queries.json that a static build does not have (404 in the console)
    expect(site.errors.filter((e) => /practices/.test(e) && !/all-queries\.json|Failed to load resource.*404/.test(e))).toEqual([]);
  });
});
