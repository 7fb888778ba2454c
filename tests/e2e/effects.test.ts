/**
 * /effects in headless Chromium, offline: the table of estimates, an event-study
 * chart with its 95 % band for every theme that targets a criterion, the
 * verdicts in words and the limits of the conclusions.
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
beforeAll(async () => {
  const db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  themes = (await db.all<{ theme_title: string }>(`select distinct theme_title from marts.practice_effect order by 1`)).map((r) => r.theme_title);
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
    expect(body).toContain('95 % доверительный интервал');
    expect(body).toContain('значимо и с поправкой на множественные сравнения');
    expect(body).toContain('не отличается от нуля');
    expect(body).toContain('Что можно и чего нельзя заключить');
    expect(body).toMatch(/Потолок/);
    // estimates written the Russian way in the sentences
    expect(body).toMatch(/изменился на -?\d+,\d{2} балла/);
    expect(site.blocked).toEqual([]);
  });
});
