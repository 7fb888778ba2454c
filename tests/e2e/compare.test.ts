/**
 * The funnel plots and the region comparison set in headless Chromium, offline:
 * /scores/ draws a point per region, the Russia line and both pairs of control
 * limits, names exactly the regions the warehouse puts outside the 95 % limits,
 * and hovering a point names it; /costs/ has its own funnel; a region page keeps
 * the reader's comparison set in its address. No request leaves 127.0.0.1.
 *
 * COMPARE_TEST_SITE / COMPARE_TEST_WAREHOUSE point the test at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';

const SITE = process.env.COMPARE_TEST_SITE ?? testBuild.site;
const WAREHOUSE = process.env.COMPARE_TEST_WAREHOUSE ?? testBuild.warehouse;
let site: Site;
let points: { region_name: string; is_outside_95: boolean; n: number }[];
let neighbours: string[];
beforeAll(async () => {
  const db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  // the page opens on the latest year and «все сферы»
  points = await db.all(`select region_name, is_outside_95, n from marts.region_funnel
    where measure = 'total' and sphere = 'все сферы' and year = (select max(year) from marts.region_funnel where measure = 'total')`);
  neighbours = (await db.all<{ c: string }>(`select neighbour_code as c from marts.region_neighbour where region_code = '77' order by rank`)).map((r) => r.c);
  db.close();
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

describe('funnel plots', () => {
  it('/scores/: a point per region, the Russia line, 95 % and 99,8 % limits, the outliers named, hover names a point', async () => {
    const page = await site.show('/scores/');
    const funnel = page.locator('figure.ru-funnel').first();
    await funnel.locator('circle.ru-funnel-point').first().waitFor();
    expect(await funnel.locator('circle.ru-funnel-point').count()).toBe(points.length);
    expect(await funnel.locator('path.ru-funnel-limit[data-level="95"]').count()).toBe(2);
    expect(await funnel.locator('path.ru-funnel-limit[data-level="99,8"]').count()).toBe(2);
    expect(await funnel.locator('path.ru-funnel-target').count()).toBe(1);
    // names on the chart: regions outside the 95 % limits in the warehouse, none covering another; the list under
    // the chart names every one of them
    const named = (await funnel.locator('text.ru-funnel-label').allTextContents()).sort();
    const outside = points.filter((p) => p.is_outside_95).map((p) => p.region_name).sort();
    expect(outside.length).toBeGreaterThan(0);
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) expect(outside).toContain(n);
    const boxes = await funnel.locator('text.ru-funnel-label').evaluateAll((ts) => ts.map((t) => (t as SVGTextElement).getBBox()).map((b) => ({ x0: b.x, x1: b.x + b.width, y0: b.y, y1: b.y + b.height })));
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1).map(() => i));
    expect(overlaps).toEqual([]);
    const listed = (await funnel.locator('.ru-funnel-named').allTextContents()).sort();
    expect(listed).toEqual(outside);
    // every point lies on the drawn x axis (the last tick is at or past the largest region)
    const lastTick = await funnel.locator('svg').evaluate((svg) => {
      const ticks = [...svg.querySelectorAll('line.ru-zero')].map((l) => Number(l.getAttribute('x1'))).filter((x) => Number.isFinite(x));
      return Math.max(...ticks);
    });
    const cxs = await funnel.locator('circle.ru-funnel-point').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
    expect(Math.max(...cxs)).toBeLessThanOrEqual(lastTick + 0.5);
    // hovering a point shows its name
    // the largest region inside the limits: alone at the right end, no other point under the cursor
    const inside = points.filter((p) => !p.is_outside_95).sort((a, b) => Number(b.n) - Number(a.n))[0]!;
    const dot = funnel.locator(`circle.ru-funnel-point[data-name="${inside.region_name}"]`);
    await dot.scrollIntoViewIfNeeded(); // the mouse moves in the viewport: the funnel lies below the maps
    const box = (await dot.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => funnel.locator('.ru-hoverbox').innerText()).toContain(inside.region_name);
    // the ranking below prints places with their range: «12-е (8–19)», each on one line
    expect(await page.innerText('body')).toMatch(/\d+-е \(\d+–\d+\)/);
    const places = await page.locator('table tbody td').filter({ hasText: /^\d+-е \(\d+–\d+\)$/ }).evaluateAll((tds) => tds.map((td) => getComputedStyle(td).whiteSpace));
    expect(places.length).toBeGreaterThan(0);
    expect(new Set(places)).toEqual(new Set(['nowrap']));
    expect(site.blocked).toEqual([]);
  });

  it('/costs/: the cost funnel against organizations assessed', async () => {
    const page = await site.show('/costs/');
    const funnel = page.locator('figure.ru-funnel').first();
    await funnel.locator('circle.ru-funnel-point').first().waitFor();
    expect(await funnel.locator('circle.ru-funnel-point').count()).toBeGreaterThan(50);
    expect(await funnel.locator('path.ru-funnel-limit').count()).toBe(4);
    expect(await funnel.innerText()).toContain('Организаций, в отношении которых проведена НОК');
    expect(site.blocked).toEqual([]);
  });
});

describe('region page', () => {
  it('shows the statistical neighbours by default and keeps a chosen set in the address', async () => {
    const page = await site.show('/regions/77/');
    const rows = page.locator('.ru-compareset tbody tr');
    await rows.first().waitFor();
    const codes = async (): Promise<string[]> => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code') ?? '')));
    expect(await codes()).toEqual(['77', ...neighbours]);
    expect(await page.innerText('body')).toMatch(/95 % интервал — от \d+,\d до \d+,\d/);
    // a set from the address
    const set = await site.show('/regions/77/?compare=78,50');
    const rows2 = set.locator('.ru-compareset tbody tr');
    await expect.poll(async () => (await rows2.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')))).join(',')).toBe('77,78,50');
    // removing one rewrites the address
    await rows2.nth(1).locator('button').click();
    await expect.poll(() => new URL(set.url()).searchParams.get('compare')).toBe('50');
    expect(site.blocked).toEqual([]);
  });
});
