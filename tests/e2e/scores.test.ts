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

  it('draws the districts as dots with their 95 % intervals on an axis that spans them, not from zero', async () => {
    const page = await site.show('/scores/');
    const fig = page.locator('figure.ru-chart', { has: page.locator('figcaption', { hasText: 'по округам' }) });
    await fig.locator('circle.ru-dot').first().waitFor();
    const drawn = await fig.locator('svg').evaluate((svg) => ({
      cats: svg.querySelectorAll('text.ru-cat').length,
      bars: svg.querySelectorAll('rect[fill]:not([fill="transparent"])').length,
      ticks: [...svg.querySelectorAll('text.ru-axis')].map((t) => Number((t.textContent ?? '').replace(',', '.'))),
      dots: [...svg.querySelectorAll('circle.ru-dot')].map((c, i) => {
        const w = svg.querySelectorAll('g.ru-whisker')[i]!.querySelector('line')!;
        return { cx: Number(c.getAttribute('cx')), lo: Number(w.getAttribute('x1')), hi: Number(w.getAttribute('x2')) };
      }),
    }));
    // the districts and Russia, each a dot inside its interval; no bars
    expect(drawn.cats).toBeGreaterThanOrEqual(9);
    expect(drawn.dots).toHaveLength(drawn.cats);
    expect(drawn.bars).toBe(0);
    for (const d of drawn.dots) {
      expect(d.lo).toBeLessThanOrEqual(d.cx);
      expect(d.cx).toBeLessThanOrEqual(d.hi);
    }
    // scores of 80–100: the axis starts well above zero
    expect(Math.min(...drawn.ticks)).toBeGreaterThan(50);
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
