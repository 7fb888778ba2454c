/**
 * Accessibility: axe-core (the npm package, its source injected into the page: nothing is fetched)
 * on every page of the site — each section page, the brief, and one page of each template (a region,
 * a practice: they share their markup) — fails on any serious or critical violation (contrast below
 * WCAG AA, a control without a name, an image without a text alternative …). Also: every chart and
 * map has a text alternative, and the tile map can be walked with the keyboard.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';

const SITE = process.env.A11Y_TEST_SITE ?? testBuild.site;
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let site: Site;
beforeAll(async () => {
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

/** The section pages of the built site, one region page and one practice page. */
function pages(): string[] {
  const top = fs
    .readdirSync(SITE, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(SITE, e.name, 'index.html')) && !['regions', 'practices'].includes(e.name))
    .map((e) => `/${e.name}/`);
  const first = (dir: string) =>
    fs
      .readdirSync(path.join(SITE, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(SITE, dir, e.name, 'index.html')))
      .map((e) => `/${dir}/${e.name}/`)
      .sort()[0];
  return ['/', ...top.sort(), '/regions/', '/practices/', first('regions'), first('practices')].filter(Boolean) as string[];
}

describe('accessibility (axe-core)', () => {
  it('no serious or critical violation on any page', async () => {
    const list = pages();
    expect(list.length).toBeGreaterThan(10);
    const found: string[] = [];
    // the first page is opened, the others reached from it as a reader follows links (axe stays loaded)
    const page = await site.open(list[0]!);
    await page.addScriptTag({ content: AXE });
    for (const p of list) {
      if (p !== list[0]) await site.visit(page, p);
      const check = (): Promise<string[]> =>
        page.evaluate(async () => {
          // @ts-expect-error axe is the injected global
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations
            .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
            .map((v: { id: string; impact: string; help: string; nodes: { target: string[] }[] }) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.length} × ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
        });
      // the page as it settles: while Evidence is still drawing its inputs (under load, seconds after the page
      // opens) a dropdown's separator briefly carries an attribute its role does not allow. A violation still
      // there after 20 s of checks is one the reader meets
      let violations = await check();
      for (const until = Date.now() + 20_000; violations.length && Date.now() < until; ) {
        await page.waitForTimeout(1_000);
        violations = await check();
      }
      for (const v of violations) found.push(`${p}: ${v}`);
    }
    await page.close();
    expect(found).toEqual([]);
    expect(site.blocked).toEqual([]);
  });

  it('every chart and map has a text alternative; the tile map is walked with the keyboard', async () => {
    const page = await site.open('/scores/');
    await page.waitForSelector('figure .ru-canvas svg');
    // a drawing is an image with a sentence; a map of links is a group named by the same sentence
    const alts = await page.$$eval('figure .ru-canvas svg', (svgs) => svgs.map((s) => (['img', 'group'].includes(s.getAttribute('role') ?? '') ? s.getAttribute('aria-label') ?? '' : '')));
    expect(alts.length).toBeGreaterThan(0);
    for (const a of alts) expect(a).toMatch(/\d/);
    // Tab reaches a tile; its name and value are shown beside it, and Enter opens the region
    const tile = page.locator('svg a.ru-tile[href^="/regions/"]').first();
    await tile.focus();
    await expect.poll(() => page.locator('.ru-hoverbox').count()).toBe(1);
    const name = await tile.getAttribute('aria-label');
    expect(name).toMatch(/:/);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/regions\/\d{2}\//);
  });
});
