/**
 * Share and cite. The address is the view (reports/components/urlstate.js): on /scores the year,
 * the criterion, the sphere and the ranking table's sort, page and search go into the query string;
 * reloading the address, or opening it in a new tab, shows the same view; «Скопировать ссылку»
 * copies it. Charts and maps save as SVG and PNG with title, source and date (chartimage.js).
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';

const SITE = process.env.SHARE_TEST_SITE ?? testBuild.site;
let site: Site;
beforeAll(async () => {
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

/** What a reader sees: the three choices, the pager of the ranking and its first rows. */
async function view(page: Page) {
  await page.waitForSelector('table tbody tr td a[href^="/regions/"]');
  const choices = await page.locator('button[role=combobox]').allInnerTexts();
  const table = page.locator('.ru-table').first();
  const pager = await table.locator('.ru-pager').innerText();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.slice(0, 5).map((tr) => (tr as HTMLElement).innerText));
  const sortedBy = await table.locator('th[aria-sort]:not([aria-sort="none"])').evaluateAll((ths) => ths.map((th) => `${th.textContent?.trim()} ${th.getAttribute('aria-sort')}`));
  return { choices: choices.map((c) => c.replace(/\s+/g, ' ').trim()), pager: pager.replace(/\s+/g, ' '), rows, sortedBy };
}

describe('the address is the view', () => {
  it('choices, sort, search and table page survive a reload and open the same view in a new tab', async () => {
    const page = await site.open('/scores/');
    await page.waitForSelector('table tbody tr td a[href^="/regions/"]');
    const first = await view(page);
    // the criterion К3 and the sphere «культура»
    await page.locator('button[role=combobox]').nth(1).click();
    await page.locator('[role=option][data-value^="К3 Доступность"]').click();
    await page.keyboard.press('Escape');
    await page.locator('button[role=combobox]').nth(2).click();
    await page.locator('[role=option][data-value="культура"]').click();
    await page.keyboard.press('Escape');
    await page.waitForFunction((b) => document.querySelector('table tbody tr')?.textContent !== b, first.rows[0], { timeout: 30_000 });
    // the ranking sorted by its second column, descending, then page 2
    const table = page.locator('.ru-table').first();
    const sortButton = table.locator('thead th button').nth(1);
    await sortButton.click();
    await sortButton.click();
    await table.locator('.ru-pager button', { hasText: 'Вперёд' }).click();
    await page.waitForFunction(() => /стр\. 2 из/.test(document.querySelector('.ru-table .ru-pager')?.textContent ?? ''));
    const chosen = await view(page);
    expect(chosen.choices.join(' | ')).toMatch(/К3 Доступность.*культура/);
    expect(chosen.pager).toMatch(/стр\. 2 из/);
    expect(chosen.sortedBy).toHaveLength(1);
    expect(chosen.sortedBy[0]).toMatch(/descending$/);

    const url = new URL(page.url());
    expect(url.searchParams.get('measure')).toBe('k3');
    expect(url.searchParams.get('sphere')).toBe('культура');
    expect(url.searchParams.get('year')).toMatch(/^\d{4}$/);
    expect(url.searchParams.get('nok_reiting_regionov.page')).toBe('2');
    expect(url.searchParams.get('nok_reiting_regionov.dir')).toBe('desc');

    await page.reload({ waitUntil: 'networkidle' });
    await page.waitForFunction(() => /стр\. 2 из/.test(document.querySelector('.ru-table .ru-pager')?.textContent ?? ''), null, { timeout: 30_000 });
    // the choices are restored from the address one by one (a dropdown once its options are loaded):
    // the page must come to show the same view
    await expect.poll(() => view(page), { timeout: 60_000 }).toEqual(chosen);

    const other = await site.open(url.pathname + url.search);
    await other.waitForFunction(() => /стр\. 2 из/.test(document.querySelector('.ru-table .ru-pager')?.textContent ?? ''), null, { timeout: 30_000 });
    await expect.poll(() => view(other), { timeout: 60_000 }).toEqual(chosen);

    // a search in the table is kept too, and the first page is where a new search starts
    await other.locator('.ru-table').first().locator('input[type=search]').fill('рес');
    await other.waitForFunction(() => new URL(location.href).searchParams.get('nok_reiting_regionov.q') === 'рес');
    expect(new URL(other.url()).searchParams.get('nok_reiting_regionov.page')).toBeNull();
    expect(site.blocked).toEqual([]);
  });

  it('«Скопировать ссылку» copies the address of the view', async () => {
    const page = await site.open('/reconciliation/?status=mismatch');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.base });
    // a click before the page has hydrated reaches no handler (seen once in CI: no status in 90 s): click again until it answers
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Скопировать ссылку' }).click();
          return page.locator('[role=status]', { hasText: 'Ссылка' }).first().innerText({ timeout: 3_000 }).catch(() => '');
        },
        { timeout: 60_000 },
      )
      .toMatch(/скопирована/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).searchParams.get('status')).toBe('mismatch');
    expect(await page.locator('button[role=combobox]').nth(1).innerText()).toMatch(/расхождение/);
  });

  it('a map and a chart save as SVG and PNG with title, source and date drawn in', async () => {
    const page = await site.show('/scores/');
    await page.waitForSelector('figure .ru-canvas svg');
    const map = page.locator('figure', { has: page.locator('.ru-image') }).first();
    const title = (await map.locator('figcaption').innerText()).trim();
    const [svgDl] = await Promise.all([page.waitForEvent('download'), map.getByRole('button', { name: /Скачать SVG/ }).click()]);
    expect(svgDl.suggestedFilename()).toMatch(/\.svg$/);
    const svg = fs.readFileSync((await svgDl.path())!, 'utf8');
    expect(svg).toContain(`>${title}</text>`);
    expect(svg).toContain('Источник: НОК-Атлас');
    expect(svg).toMatch(/Дата: \d{2}\.\d{2}\.\d{4}/);
    // the drawing is there with its colours inlined (no stylesheet travels with the file)
    expect((svg.match(/<rect /g) ?? []).length).toBeGreaterThan(20);
    expect(svg).not.toContain('class=');
    const [pngDl] = await Promise.all([page.waitForEvent('download'), map.getByRole('button', { name: /Скачать PNG/ }).click()]);
    const png = fs.readFileSync((await pngDl.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // twice the SVG's width
    expect(png.readUInt32BE(16)).toBe(2 * Number(svg.match(/width="(\d+)"/)![1]));
    expect(site.errors).toEqual([]);
    expect(site.blocked).toEqual([]);
  });

  it('the release: release.json beside the files, the page «Версии данных», the sheet «О данных» of a table', async () => {
    const page = await site.show('/releases/');
    const release = await page.evaluate(() => fetch('/downloads/release.json').then((r) => r.json()));
    expect(release.release_id).toMatch(/^\d+\.\d+\.\d+\+\d{8}\.[0-9a-f]{8}$/);
    expect(release.inputs_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(release.inputs.length).toBeGreaterThan(5);
    expect(release.marts.nok_score).toBeGreaterThan(1000);
    await page.waitForSelector('.rel');
    const body = await page.innerText('body');
    expect(body).toContain(release.release_id);
    expect(body).toContain('Как цитировать');
    expect(body).toContain('nok_score');
    // each table says what it holds and links to its columns in the data dictionary
    const row = page.locator('.rel-table tr', { has: page.locator('a', { hasText: /^nok_score$/ }) });
    // what it holds, in a line: the first sentence of the table's description, not all of it
    expect(await row.locator('.rel-what').innerText()).toMatch(/\S{3,}/);
    expect(await row.locator('.rel-what').innerText()).not.toMatch(/[.:;]\s/);
    const link = row.locator('a');
    expect(await link.getAttribute('href')).toBe('/dictionary/?layer=marts&table=marts.nok_score');
    await link.click();
    await page.waitForURL(/\/dictionary\//);
    await expect.poll(() => page.locator('.ru-table').nth(1).locator('tbody tr td:first-child').allInnerTexts(), { timeout: 30_000 }).toSatisfy(
      (cells: string[]) => cells.length > 5 && cells.every((c) => c === 'marts.nok_score'),
    );
    const readme = await page.evaluate(() => fetch('/downloads/README.txt').then((r) => r.text()));
    expect(readme).toContain(`Выпуск: ${release.release_id}`);

    const scores = await site.show('/scores/');
    await scores.waitForSelector('table tbody tr td a[href^="/regions/"]');
    const [dl] = await Promise.all([scores.waitForEvent('download'), scores.locator('.ru-table').first().getByRole('button', { name: 'Скачать XLSX' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await dl.path())!) as never);
    const about = wb.getWorksheet('О данных')!;
    const kv = Object.fromEntries(about.getSheetValues().slice(1).map((r) => [(r as string[])[1], (r as string[])[2]]));
    expect(kv['Выпуск']).toBe(release.release_id);
    expect(kv['Фильтры']).toMatch(/year = \d{4}/);
    expect(kv['Как цитировать']).toContain(release.release_id);

    // a region page for print (A4 «Печать / PDF»): no navigation, buttons or inputs; the release and citation in the footer
    const region = await site.show('/regions/77/');
    await expect.poll(() => region.locator('footer').innerText()).toContain(release.release_id);
    expect(await region.getByRole('button', { name: 'Печать / PDF' }).count()).toBe(1);
    await region.emulateMedia({ media: 'print' });
    expect(await region.locator('nav ul').isVisible()).toBe(false);
    expect(await region.getByRole('button', { name: 'Скопировать ссылку' }).isVisible()).toBe(false);
    expect(await region.locator('footer').innerText()).toMatch(/Как цитировать/);
  });
});
