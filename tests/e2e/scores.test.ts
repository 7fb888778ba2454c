/**
 * /scores in headless Chromium, offline: the tile map, the ranking, the
 * district and sphere tables render with data, the synthetic badge is shown,
 * changing the criterion redraws the map, and no request leaves 127.0.0.1.
 *
 * SCORES_TEST_SITE points the test at another built site (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';

const SITE = process.env.SCORES_TEST_SITE ?? testBuild.site;
let site: Site;
beforeAll(async () => {
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

describe('/scores', () => {
  it('shows the map, the ranking with n of organizations, districts and spheres, with the synthetic badge', async () => {
    const page = await site.show('/scores/');
    await page.waitForSelector('svg a[href^="/regions/"]');
    const body = await page.innerText('body');
    expect(body).toContain('Баллы НОК');
    expect(body).toMatch(/синтетическ/i);
    expect(body).not.toContain('Ошибка запроса');
    // a tile per region with a score: links to the region pages
    const tiles = await page.$$eval('svg a[href^="/regions/"]', (as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(tiles).size).toBeGreaterThanOrEqual(85);
    // the ranking: rows with a region link and scores written the Russian way (decimal comma)
    const rows = await page.$$eval('table tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.some((r) => /\d{2},\d/.test(r))).toBe(true);
    expect(body).toContain('Российская Федерация');
    for (const s of ['образование', 'культура', 'социальное обслуживание', 'охрана здоровья', 'физическая культура и спорт']) expect(body).toContain(s);
    expect(site.blocked).toEqual([]);
  });

  it('choosing a criterion redraws the map and the ranking', async () => {
    const page = await site.show('/scores/');
    await page.waitForSelector('svg a[href^="/regions/"]');
    const firstCell = async (): Promise<string> => page.$eval('table tbody tr td:nth-child(5)', (td) => (td as HTMLElement).innerText);
    const before = await firstCell();
    // the dropdowns in page order: year, measure, sphere
    await page.locator('button[role=combobox]').nth(1).click();
    await page.locator('[role=option][data-value^="К3 Доступность"]').click();
    await page.waitForFunction((b) => document.querySelector('table tbody tr td:nth-child(5)')?.textContent?.trim() !== b, before, { timeout: 30_000 });
    expect(await firstCell()).not.toBe(before);
    expect(await page.innerText('body')).not.toContain('Ошибка запроса');
    expect(site.blocked).toEqual([]);
  });
});
