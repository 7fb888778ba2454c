/**
 * The «Справка для резолюции» page in headless Chromium, offline: the all-Russia brief with its
 * synthetic badge and the pre-generated PDF; choosing a region (and a theme) rebuilds the brief in
 * the browser, and the Markdown it downloads is byte for byte the one `npm run brief` writes for
 * the same choice — the page and the CLI share one module and cannot drift apart.
 *
 * BRIEF_TEST_SITE / BRIEF_TEST_WAREHOUSE point the test at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { runCli } from '../pipeline/cli.ts';

const SITE = process.env.BRIEF_TEST_SITE ?? testBuild.site;
const WAREHOUSE = process.env.BRIEF_TEST_WAREHOUSE ?? testBuild.warehouse;

let site: Site;
let out: string;
/** Responses with an error status, by URL (Evidence 39 asks for an optional all-queries.json that may not exist). */
const failed: string[] = [];
beforeAll(async () => {
  site = await openSite(SITE);
  site.browser.contexts()[0]!.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-brief-e2e-'));
});
afterAll(async () => {
  await site?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** The CLI's Markdown for a choice (the same warehouse the site was built from). */
function cliMarkdown(args: string[]): string {
  const dir = path.join(out, args.join('_').replace(/[^\wа-яё-]+/gi, '_') || 'russia');
  const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', dir, '--no-pdf', ...args]);
  if (r.code !== 0) throw new Error(r.stderr);
  const md = fs.readdirSync(dir).find((f) => f.endsWith('.md'))!;
  return fs.readFileSync(path.join(dir, md), 'utf8');
}

async function choose(page: Page, nth: number, label: string): Promise<void> {
  await page.locator('button[role=combobox]').nth(nth).click();
  await page.keyboard.type(label);
  await page.locator(`[role=option][data-value="${label}"]`).click();
  await page.keyboard.press('Escape');
}

async function downloadMarkdown(page: Page): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Скачать Markdown' }).click()]);
  const file = path.join(out, dl.suggestedFilename());
  await dl.saveAs(file);
  return fs.readFileSync(file, 'utf8');
}

describe('Справка для резолюции', () => {
  it('opens with the all-Russia brief, the synthetic badge, the resolution section and the pre-generated PDF', async () => {
    const page = await site.show('/brief/');
    await expect.poll(() => page.locator('.nok-brief h1').textContent()).toBe('Справка для резолюции: Российская Федерация');
    await expect(page.locator('.ru-synthetic').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('.nok-brief [data-section="resolution"] li').count()).resolves.toBeGreaterThan(3);
    const pdf = page.getByRole('link', { name: 'Скачать PDF' });
    const href = await pdf.getAttribute('href');
    expect(href).toMatch(/^\/downloads\/brief\/.+\.pdf$/);
    const res = await page.request.get(site.base + href);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await downloadMarkdown(page)).toBe(cliMarkdown([]));
  });

  it('choosing a region rebuilds the brief; its Markdown is exactly the CLI’s for that region', async () => {
    const page = await site.show('/brief/');
    await choose(page, 0, 'Москва');
    await expect.poll(() => page.locator('.nok-brief h1').textContent()).toBe('Справка для резолюции: Москва');
    const md = await downloadMarkdown(page);
    expect(md.startsWith('# Справка для резолюции: Москва\n')).toBe(true);
    expect(md).toBe(cliMarkdown(['--region', 'г. Москва']));
    // for a region the PDF is the browser's print of the current brief
    await expect(page.getByRole('button', { name: 'Скачать PDF' }).isVisible()).resolves.toBe(true);
  });

  it('a region and a theme together match the CLI too, and printing shows the brief without the site’s chrome', async () => {
    const page = await site.show('/brief/');
    await choose(page, 0, 'Республика Татарстан');
    await choose(page, 1, 'обучение персонала');
    await expect.poll(() => page.locator('.nok-brief .scope').textContent()).toContain('«обучение персонала»');
    expect(await downloadMarkdown(page)).toBe(cliMarkdown(['--region', 'Татарстан', '--theme', 'staff_training']));
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.nok-nav').isVisible()).resolves.toBe(false);
    await expect(page.locator('.brief-controls').isVisible()).resolves.toBe(false);
    await expect(page.locator('.nok-brief h1').isVisible()).resolves.toBe(true);
    // the brief's own synthetic warning is printed with it
    await expect(page.locator('.nok-brief .synthetic-banner').isVisible()).resolves.toBe(true);
    await expect(page.locator('h1', { hasText: /^Справка для резолюции$/ }).isVisible()).resolves.toBe(false);
  });

  it('made no request beyond the local server and logged no errors', () => {
    expect(site.blocked).toEqual([]);
    // the only failed responses allowed are Evidence's optional per-page all-queries.json
    expect(failed.filter((f) => !/\/all-queries\.json$/.test(f))).toEqual([]);
    const notFound = site.errors.filter((e) => /Failed to load resource.*404/.test(e));
    expect(notFound.length).toBeLessThanOrEqual(failed.length);
    expect(site.errors.filter((e) => !/Failed to load resource.*404/.test(e))).toEqual([]);
  });
});
