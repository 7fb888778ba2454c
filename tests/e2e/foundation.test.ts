/**
 * The built site, offline: every page of the navigation exists, the home page
 * describes the data held, the first slice renders its tile map and tables,
 * tables download as CSV and XLSX, and no page reaches beyond 127.0.0.1.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';

let site: Site;
beforeAll(async () => {
  site = await openSite(testBuild.site);
});
afterAll(async () => {
  await site?.close();
});

describe('navigation', () => {
  it('every link of the site navigation opens a page', async () => {
    const page = await site.show('/');
    const hrefs = await page.locator('nav[aria-label="Разделы"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(10);
    for (const href of hrefs) {
      const res = await fetch(site.base + href);
      expect(res.status, `${href}`).toBe(200);
    }
  });
  it('speaks Russian: no English chrome of Evidence', async () => {
    const page = await site.show('/organizations/');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/On this page|Built with Evidence/);
    expect(text).toContain('НОК-Атлас');
  });
});

describe('home page', () => {
  it('lists the sources the warehouse holds', async () => {
    const db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
    const titles = (await db.all<{ title: string }>(`SELECT title FROM meta.source`)).map((r) => r.title);
    db.close();
    const page = await site.show('/');
    const text = await page.locator('body').innerText();
    for (const t of titles) expect(text).toContain(t);
    expect(text).toMatch(/Хранилище собрано \d{2}\.\d{2}\.\d{4}/);
  });
});

describe('organizations page (first slice)', () => {
  it('draws all 89 regions on the tile map, links each to its region page, and shows the named counts', async () => {
    const page = await site.show('/organizations/');
    const tiles = page.locator('svg a[href^="/regions/"]');
    expect(await tiles.count()).toBe(89);
    const text = await page.locator('body').innerText();
    for (const n of ['159', '142', '118', '988']) expect(text).toContain(n);
  });
  it('downloads a table as CSV (UTF-8 with BOM, «;») and as XLSX', async () => {
    const page = await site.show('/organizations/');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать CSV' }).first().click()]);
    const csvText = fs.readFileSync((await csv.path())!);
    expect([...csvText.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvText.toString('utf8')).toContain(';');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать XLSX' }).first().click()]);
    const xbuf = fs.readFileSync((await xlsx.path())!);
    expect(xbuf.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('offline', () => {
  it('no page tried to reach anything but the local server, and none threw', () => {
    expect(site.blocked).toEqual([]);
    expect(site.errors.filter((e) => !/all-queries\.json|Failed to load resource.*404/.test(e))).toEqual([]);
  });

  it('a request to any other host, by name or by address, fails in the browser and is recorded', async () => {
    // after the check above: these two are the only requests the record may hold
    const page = await site.open('/icon.svg');
    const outcomes = await page.evaluate(async (urls) => Promise.all(urls.map((u) => fetch(u, { mode: 'no-cors' }).then(() => 'reached', () => 'failed'))), [
      'https://example.com/x.js',
      'http://198.51.100.7/data.parquet',
    ]);
    expect(outcomes).toEqual(['failed', 'failed']);
    expect(site.blocked).toEqual(['https://example.com/x.js', 'http://198.51.100.7/data.parquet']);
    // the local server is still reached
    expect(await page.evaluate(async () => (await fetch('/data/manifest.json')).status)).toBe(200);
  });
});
