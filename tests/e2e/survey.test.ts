/**
 * Browser tests of the survey pages on the built site, offline (every request
 * that does not go to the local server is blocked and recorded): the operator
 * cost benchmark, the reconciliation, procurement and organizations pages
 * render their data. SURVEY_TEST_SITE / SURVEY_TEST_WAREHOUSE point them at
 * another build (development); by default they use tests/setup/build.ts's build.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, type Site } from './browser.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';

const SITE = process.env.SURVEY_TEST_SITE ?? testBuild.site;
const WAREHOUSE = process.env.SURVEY_TEST_WAREHOUSE ?? testBuild.warehouse;

let site: Site;
let db: Db;
beforeAll(async () => {
  site = await openSite(SITE);
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
});
afterAll(async () => {
  await site?.close();
  db?.close();
});

/** Rows of the body of the RuTable with this title. */
async function tableRows(page: Page, title: string): Promise<string[][]> {
  const table = page.locator('.ru-table', { has: page.locator('.ru-title', { hasText: title }) });
  await table.locator('tbody tr').first().waitFor();
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
}

const rub = (s: string): number => Number(s.replace(/[^\d,]/g, '').replace(',', '.'));

describe('Стоимость работ оператора', () => {
  it('shows the default region against its district, with the region highlighted and figures in roubles', async () => {
    const page = await site.show('/costs/');
    const region = await db.one<{ region_name: string; federal_district_short: string; cost_per_org_rub: number }>(
      `select region_name, federal_district_short, cost_per_org_rub from marts.operator_cost_benchmark where region_code = '77'`,
    );
    const district = await db.value<number>(
      `select count(*) from marts.operator_cost_benchmark where federal_district_short = $1 and cost_per_org_rub is not null`,
      [region!.federal_district_short],
    );
    const block = page.locator('.bar-block').first();
    await block.locator('.bar-row').first().waitFor();
    expect(await block.locator('.bar-row').count()).toBe(district);
    const selected = block.locator('.bar-row.sel');
    expect(await selected.count()).toBe(1);
    expect(await selected.locator('.bar-label').textContent()).toBe(region!.region_name);
    // the figure shows the region's cost per organization, the Russian way
    const figure = page.locator('.ru-figure', { has: page.locator('.ru-figure-title', { hasText: 'Стоимость на одну организацию' }) });
    const text = (await figure.locator('.ru-figure-value').textContent()) ?? '';
    expect(text).toMatch(/₽/);
    expect(Math.abs(rub(text) - region!.cost_per_org_rub)).toBeLessThan(1);
    expect(site.blocked).toEqual([]);
  });

  it('switches to another region chosen in the selector (queries run in the browser, offline)', async () => {
    const page = await site.show('/costs/');
    const other = await db.one<{ region_name: string; cost_per_org_rub: number; federal_district_short: string }>(
      `select region_name, cost_per_org_rub, federal_district_short from marts.operator_cost_benchmark
       where cost_per_org_rub is not null and region_code <> '77' order by region_name limit 1`,
    );
    // a click before the page has hydrated opens nothing (seen with two browser files at once): click until the list opens
    const input = page.locator('[data-cmdk-input]');
    await expect
      .poll(
        async () => {
          if (!(await input.isVisible())) await page.getByRole('combobox').filter({ hasText: 'Москва' }).click();
          return input.isVisible();
        },
        { timeout: 90_000, interval: 1_000 },
      )
      .toBe(true);
    await page.locator('[data-cmdk-input]').fill(other!.region_name);
    await page.locator('[role="option"]', { hasText: other!.region_name }).first().click();
    await page.keyboard.press('Escape');
    const block = page.locator('.bar-block').first();
    await block.locator('.bar-row.sel .bar-label', { hasText: other!.region_name }).waitFor({ timeout: 30_000 });
    expect(await block.locator('.bar-row').count()).toBe(
      await db.value<number>(`select count(*) from marts.operator_cost_benchmark where federal_district_short = $1 and cost_per_org_rub is not null`, [other!.federal_district_short]),
    );
    const figure = page.locator('.ru-figure', { has: page.locator('.ru-figure-title', { hasText: 'Стоимость на одну организацию' }) });
    await expect.poll(async () => Math.abs(rub((await figure.locator('.ru-figure-value').textContent()) ?? '') - other!.cost_per_org_rub)).toBeLessThan(1);
    expect(site.blocked).toEqual([]);
  });

  it('lists the region’s years and the report’s figures beside the recomputed ones', async () => {
    const page = await site.show('/costs/');
    const years = await tableRows(page, 'Выбранный регион по годам');
    expect(years.length).toBe(await db.value<number>(`select count(*) from marts.operator_cost where region_code = '77'`));
    const compares = page.locator('.ru-compare');
    await compares.first().waitFor();
    expect(await compares.count()).toBe(await db.value<number>(`select count(*) from marts.reconciliation where section = 'Часть 2. Стоимость работ оператора'`));
    expect(await page.locator('.ru-compare.ru-bad').count()).toBe(
      await db.value<number>(`select count(*) from marts.reconciliation where section = 'Часть 2. Стоимость работ оператора' and status = 'mismatch'`),
    );
    // a count of subjects is recomputed as a whole number («80», not «80,0»)
    const answered = await db.value<number>(`select computed_value from marts.reconciliation where measure = 'cost_regions_answered'`);
    const recomputed = await compares.filter({ hasText: 'Субъектов, ответивших о стоимости' }).locator('.ru-compare-line b').first().innerText();
    expect(recomputed).toBe(String(answered));
  });
});

describe('Сверка с отчётом', () => {
  it('lists every figure of marts.reconciliation and counts matches and mismatches up front', async () => {
    const page = await site.show('/reconciliation/');
    const rows = await tableRows(page, 'Сверка с отчётом: все цифры');
    const counts = await db.one<{ total: number; mismatched: number }>(`select count(*) as total, count(*) filter (where status = 'mismatch') as mismatched from marts.reconciliation`);
    expect(rows.length).toBe(counts!.total);
    const figure = async (title: string): Promise<number> => {
      const f = page.locator('.ru-figure', { has: page.locator('.ru-figure-title', { hasText: new RegExp(`^${title}$`) }) });
      return rub((await f.locator('.ru-figure-value').textContent()) ?? '');
    };
    expect(await figure('Цифр отчёта')).toBe(counts!.total);
    expect(await figure('Расходятся')).toBe(counts!.mismatched);
    // every mismatch has its explanation block
    expect(await page.locator('.recon-item').count()).toBe(await db.value<number>(`select count(*) from marts.reconciliation where status in ('mismatch', 'not_computable')`));
    expect(site.blocked).toEqual([]);
  });
});

describe('Закупка и контроль; организации', () => {
  it('draws the procurement methods of three years and the control, online and funding shares', async () => {
    const page = await site.show('/procurement/');
    const charts = page.locator('figure.ru-chart svg');
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    const methods = await db.value<number>(`select count(*) from marts.procurement_method_share`);
    const rows = page.locator('.ru-table').filter({ hasText: 'Закупка у единственного поставщика' }).first().locator('tbody tr');
    expect(await rows.count()).toBe(methods);
    expect(await page.locator('.ru-none').count()).toBe(0);
    expect(site.blocked).toEqual([]);
  });

  it('maps the survey’s organization counts for every region and marks values from the report', async () => {
    const page = await site.show('/organizations/');
    const map = page.locator('figure.ru-tilemap').first();
    await map.locator('.ru-tile').first().waitFor();
    const titles = await map.locator('.ru-tile title').allTextContents();
    expect(titles.length).toBe(await db.value<number>(`select count(*) from marts.region`));
    const answered = await db.value<number>(`select count(*) from marts.social_org_survey where orgs_regional is not null`);
    expect(titles.filter((t) => !/нет данных/.test(t))).toHaveLength(answered);
    await expect(page.getByText('Из отчёта (остальное синтетическое)').first().isVisible()).resolves.toBe(true);
    expect(site.blocked).toEqual([]);
  });
});
