/**
 * /effects in headless Chromium, offline: the table of estimates, an event-study
 * chart with its simultaneous band for every theme that targets a criterion, the
 * verdicts in words (with the smallest detectable effect), the old estimate beside
 * the new with why they differ, the pre-trend warning when a test fails, and the
 * limits of the conclusions.
 *
 * SCORES_TEST_SITE points the test at another built site (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';

const SITE = process.env.SCORES_TEST_SITE ?? testBuild.site;
const WAREHOUSE = process.env.SCORES_TEST_WAREHOUSE ?? testBuild.warehouse;
let site: Site;
let themes: string[];
let failedPretrend: number;
beforeAll(async () => {
  const db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  themes = (await db.all<{ theme_title: string }>(`select distinct theme_title from marts.practice_effect order by 1`)).map((r) => r.theme_title);
  failedPretrend = Number(await db.value(`select count(*) from marts.practice_effect where pretrend_ok = false`));
  db.close();
  site = await openSite(SITE);
});
afterAll(async () => {
  await site?.close();
});

describe('/effects', () => {
  it('shows an event-study chart per theme, the estimates in words and what cannot be concluded', async () => {
    const page = await site.open('/effects/');
    await page.waitForSelector('svg path', { state: 'attached' });
    const body = await page.innerText('body');
    expect(body).not.toContain('Ошибка запроса');
    expect(body).toMatch(/синтетическ/i);
    expect(themes.length).toBeGreaterThan(5);
    for (const t of themes) expect(body).toContain(`Событийный анализ: ${t}`);
    expect(body).toContain('95 % доверительным интервалом');
    expect(body).toContain('значимо и с поправкой на множественные сравнения');
    expect(body).toContain('не отличается от нуля');
    expect(body).toContain('Что можно и чего нельзя заключить');
    expect(body).toMatch(/Потолок/);
    // estimates written the Russian way in the sentences; «not different from zero» says what could not be seen
    expect(body).toMatch(/изменился на -?\d+,\d{2} балла/);
    expect(body).toMatch(/не отличается от нуля: эффект меньше \d+,\d балла такие данные не могли обнаружить/);
    // the old estimate beside the new, and why they differ
    expect(body).toMatch(/Прежний метод даёт -?\d+,\d{2}/);
    expect(body).toContain('Goodman-Bacon 2021');
    expect(body).toContain('одновременная 95 % полоса');
    // the pre-trend warning appears exactly when a test failed
    expect(body.includes('Внимание: проверка до внедрения не пройдена')).toBe(failedPretrend > 0);
    // the estimates by cohort, one list per theme, with no value of the page's code leaking into the text («nullK1, 2019 г.»)
    await expect.poll(() => page.innerText('body'), { timeout: 30_000 }).toMatch(/По когортам \(регионы, внедрившие тему в один год\): К\d, \d{4} г\./);
    expect((await page.innerText('body')).match(/\b(null|undefined|NaN)\b/g)).toBeNull();
    expect(site.blocked).toEqual([]);
  });
});
