/**
 * The geographic map on /scores/ in headless Chromium, offline. The test build (tests/setup/build.ts)
 * gives the site a GeoJSON made from the tile grid through NOK_GEOJSON: four subjects of 2022
 * without a feature, Chukotka across the antimeridian, an extra feature that is no region.
 *
 * GEO_TEST_SITE points the test at another built site made with the same fixture (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { tileGeoJson } from '../fixtures/geo/tile-geojson.ts';

const SITE = process.env.GEO_TEST_SITE ?? testBuild.site;
const fixture = tileGeoJson();
const drawnCodes = fixture.truth.filter((c): c is string => c !== null).sort();
let site: Site;
let names: Map<string, string>;

beforeAll(async () => {
  site = await openSite(SITE);
  const db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
  try {
    const rows = await db.all<{ region_code: string; region_name: string }>('SELECT region_code, region_name FROM marts.region');
    names = new Map(rows.map((r) => [r.region_code, r.region_name]));
  } finally {
    db.close();
  }
});
afterAll(async () => {
  await site?.close();
});

describe('/scores/: the geographic map from NOK_GEOJSON', () => {
  it('is drawn into the prerendered HTML: a path per region of the file', async () => {
    const html = await (await fetch(`${site.base}/scores/`)).text();
    expect(html).toContain('ru-geomap');
    // only the geographic map's figure: the page has other figures keyed by region (tile map, funnel)
    const start = html.indexOf('<figure class="ru-geomap');
    expect(start).toBeGreaterThanOrEqual(0);
    const figure = html.slice(start, html.indexOf('</figure>', start));
    const codes = [...new Set([...figure.matchAll(/data-region="(\d{2})"/g)].map((m) => m[1]!))].sort();
    expect(codes).toEqual(drawnCodes);
  });

  it('in the browser: a path per region, the hover box names the region, the missing ones are listed, nothing leaves 127.0.0.1', async () => {
    const page = await site.show('/scores/');
    await page.waitForSelector('figure.ru-geomap a[data-region] path');
    const regions = await page.$$eval('figure.ru-geomap a[data-region]', (as) =>
      as.map((a) => ({ code: a.getAttribute('data-region')!, href: a.getAttribute('href'), paths: a.querySelectorAll('path').length, d: a.querySelector('path')?.getAttribute('d') ?? '' })),
    );
    expect(regions.map((r) => r.code).sort()).toEqual(drawnCodes);
    for (const r of regions) {
      expect(r.paths, r.code).toBe(1);
      expect(r.d, r.code).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(r.href).toBe(`/regions/${r.code}/`);
    }
    // hovering Krasnoyarsk Krai shows its name and a value written the Russian way
    const box = page.locator('figure.ru-geomap .ru-hoverbox');
    expect(await box.count()).toBe(0);
    await page.locator('figure.ru-geomap a[data-region="24"] path').hover();
    await box.waitFor();
    expect(await box.innerText()).toContain(names.get('24')!);
    expect(await box.innerText()).toMatch(/\d+,\d|нет данных/);
    await page.locator('figure.ru-geomap a[data-region="39"] path').hover();
    await page.waitForFunction((n) => document.querySelector('figure.ru-geomap .ru-hoverbox')?.textContent?.includes(n), names.get('39')!);
    // the regions the file has no outline for are named under the map, not left out silently
    const note = await page.locator('figure.ru-geomap .ru-nogeom').innerText();
    expect(note).toContain('Нет границ в загруженном файле:');
    for (const code of fixture.omitted) expect(note).toContain(names.get(code)!);
    const figure = await page.locator('figure.ru-geomap').innerText();
    expect(figure).toContain('«Байконур»'); // the feature that is no region
    // Chukotka was written across the antimeridian: drawn as one small shape at the east edge
    const svg = (await page.locator('figure.ru-geomap svg').boundingBox())!;
    const chukotka = (await page.locator('figure.ru-geomap a[data-region="87"] path').boundingBox())!;
    expect(chukotka.width).toBeLessThan(svg.width / 10);
    expect(chukotka.x).toBeGreaterThan(svg.x + svg.width * 0.75);
    expect(await page.innerText('body')).not.toContain('Ошибка запроса');
    expect(site.blocked).toEqual([]);
  });

  it('choosing another criterion recolours the regions', async () => {
    const page = await site.show('/scores/');
    await page.waitForSelector('figure.ru-geomap a[data-region] path');
    const fills = (): Promise<string> =>
      page.$$eval('figure.ru-geomap a[data-region] path', (ps) => ps.map((p) => p.getAttribute('fill')).join(','));
    const before = await fills();
    await page.locator('button[role=combobox]').nth(1).click();
    await page.locator('[role=option][data-value^="К3 Доступность"]').click();
    // wait for the map redrawn in the new colours: while the query reloads the map may be empty for a moment
    // (an empty list also differs from `before`), so the wait asks for every region drawn again
    await page.waitForFunction(
      ([b, n]) => {
        const fills = Array.from(document.querySelectorAll('figure.ru-geomap a[data-region] path')).map((p) => p.getAttribute('fill'));
        return fills.length >= n && fills.join(',') !== b;
      },
      [before, drawnCodes.length] as const,
      { timeout: 30_000 },
    );
    expect(await page.locator('figure.ru-geomap a[data-region]').count()).toBe(drawnCodes.length);
    expect(site.blocked).toEqual([]);
  });

  it('publishes the simplified GeoJSON keyed by region_code (a string) and the match report', async () => {
    const geo = (await (await fetch(`${site.base}/geo/regions.geojson`)).json()) as { features: Array<{ properties: { region_code: unknown } }> };
    expect(geo.features.map((f) => f.properties.region_code).sort()).toEqual(drawnCodes);
    const report = (await (await fetch(`${site.base}/geo/report.json`)).json()) as { regions_without_feature: Array<{ region_code: string }> };
    expect(report.regions_without_feature.map((r) => r.region_code).sort()).toEqual([...fixture.omitted].sort());
  });
});
