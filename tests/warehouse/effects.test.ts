/**
 * The effects of practices recover what the synthetic generator planted
 * (scripts/generate/planted.json, fixed seed): effects that grow with every year
 * after adoption and differ by adoption cohort, adopted in 2019–2022 by most regions.
 * The planted average over treated region-years is computed here from the warehouse's
 * own adoption years and panel; the group-time estimate's interval covers it, the event
 * study's simultaneous band passes through the planted effect of each year, the
 * two-way fixed-effects comparison is pulled below it, and no theme without a planted
 * effect comes out significant after Holm's adjustment.
 *
 * SCORES_TEST_WAREHOUSE points the tests at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { testBuild } from '../setup/paths.ts';
import { plantedEffect, type PlantedEffect } from '../../scripts/generate/planted.ts';

const WAREHOUSE = process.env.SCORES_TEST_WAREHOUSE ?? testBuild.warehouse;
const planted = JSON.parse(fs.readFileSync(path.join(paths.root, 'scripts', 'generate', 'planted.json'), 'utf8')) as {
  seed: number;
  effects: PlantedEffect[];
  no_effect: string[];
};

interface Effect {
  theme: string; criterion: string; estimate: number; ci_low: number; ci_high: number; is_significant: boolean; is_significant_holm: boolean;
  n_treated_regions: number; estimate_twfe: number; twfe_ci_low: number; twfe_ci_high: number; pretrend_ok: boolean | null; mde: number; se: number;
}

let db: Db;
let effects: Effect[];
/** theme → region → adoption year (regions adopting within the panel, with a year after adoption) */
let cohorts: Map<string, Map<string, number>>;
let panelYears: { region_code: string; year: number }[];
beforeAll(async () => {
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  effects = await db.all<Effect & Record<string, unknown>>(`select * from marts.practice_effect`);
  const ad = await db.all<{ theme: string; region_code: string; adoption_year: number }>(
    `select theme, region_code, adoption_year::int as adoption_year from intermediate.int_adoption where adoption_year >= (select min(year) from intermediate.int_did_panel)`,
  );
  cohorts = new Map();
  for (const a of ad) {
    if (!cohorts.has(a.theme)) cohorts.set(a.theme, new Map());
    cohorts.get(a.theme)!.set(a.region_code, a.adoption_year);
  }
  panelYears = await db.all(`select distinct region_code, year::int as year from intermediate.int_did_panel order by all`);
});
afterAll(() => db?.close());

/** The planted effect averaged over treated region-years (each region-year after adoption once), overall or at one event year. */
function plantedAverage(p: PlantedEffect, at?: number): number {
  const A = cohorts.get(p.theme)!;
  const v = panelYears
    .filter((r) => A.has(r.region_code) && r.year > A.get(r.region_code)! && (at === undefined || r.year - A.get(r.region_code)! === at))
    .map((r) => plantedEffect(p, A.get(r.region_code)!, r.year));
  return v.reduce((s, x) => s + x, 0) / v.length;
}

describe('recovery of the planted effects', () => {
  it('the bundled data were generated with the seed of planted.json', async () => {
    const seeds = await db.all<{ seed: string }>(`select distinct seed from meta.file_note where source in ('questionnaires', 'theme_adoption')`);
    expect(seeds.map((s) => Number(s.seed))).toEqual([planted.seed]);
  });

  for (const p of planted.effects) {
    it(`${p.theme} → ${p.criterion}: the 95 % interval covers the planted average; the pre-trend test passes`, () => {
      const e = effects.find((x) => x.theme === p.theme && x.criterion === p.criterion);
      expect(e, `нет оценки для ${p.theme} / ${p.criterion}`).toBeDefined();
      const truth = plantedAverage(p);
      expect(truth).toBeGreaterThan(1);
      expect(e!.ci_low).toBeLessThanOrEqual(truth);
      expect(e!.ci_high).toBeGreaterThanOrEqual(truth);
      expect(e!.is_significant).toBe(true);
      expect(e!.n_treated_regions).toBeGreaterThan(40);
      expect(e!.pretrend_ok).toBe(true);
      expect(e!.mde).toBeCloseTo(2.8015852 * e!.se, 6);
    });
  }

  it('two-way fixed effects falls below the planted average for every planted theme, and outside its interval for at least one', () => {
    const rows = planted.effects.map((p) => ({ p, e: effects.find((x) => x.theme === p.theme && x.criterion === p.criterion)!, truth: plantedAverage(p) }));
    for (const { e, truth } of rows) expect(e.estimate_twfe).toBeLessThan(truth);
    expect(rows.filter(({ e, truth }) => e.twfe_ci_high < truth).length).toBeGreaterThan(0);
  });

  it('no theme without a planted effect is significant after Holm on any target criterion', () => {
    const nulls = effects.filter((e) => planted.no_effect.includes(e.theme));
    expect(nulls.length).toBeGreaterThan(5);
    const significant = nulls.filter((e) => e.is_significant_holm).map((e) => `${e.theme}/${e.criterion}: ${e.estimate.toFixed(2)} [${e.ci_low.toFixed(2)}; ${e.ci_high.toFixed(2)}]`);
    expect(significant).toEqual([]);
  });

  it('event study: the simultaneous band holds zero before adoption and the planted effect of each year after it', async () => {
    for (const p of planted.effects) {
      const rows = await db.all<{ rel_year: number; estimate: number; band_low: number; band_high: number; is_reference: boolean }>(
        `select rel_year, estimate, band_low, band_high, is_reference from marts.practice_event_study where theme = $1 and criterion = $2 order by rel_year`,
        [p.theme, p.criterion],
      );
      expect(rows.find((r) => r.rel_year === 0)).toMatchObject({ estimate: 0, is_reference: true });
      const pre = rows.filter((r) => r.rel_year < 0);
      const post = rows.filter((r) => r.rel_year > 0);
      expect(pre.length).toBeGreaterThan(1);
      expect(post.length).toBeGreaterThan(2);
      for (const r of pre) {
        expect(r.band_low, `${p.theme} ${r.rel_year}`).toBeLessThanOrEqual(0);
        expect(r.band_high, `${p.theme} ${r.rel_year}`).toBeGreaterThanOrEqual(0);
      }
      // a 95 % simultaneous band covers the whole planted path in 95 % of draws, not in every one: on this one
      // seeded draw each post-adoption point must be covered or missed by less than a tenth of the band's width,
      // and at most one point per theme may be missed at all
      let missed = 0;
      for (const r of post) {
        const truth = plantedAverage(p, r.rel_year);
        const slack = (r.band_high - r.band_low) / 10;
        if (r.band_low > truth || r.band_high < truth) missed += 1;
        expect(r.band_low, `${p.theme} +${r.rel_year}`).toBeLessThanOrEqual(truth + slack);
        expect(r.band_high, `${p.theme} +${r.rel_year}`).toBeGreaterThanOrEqual(truth - slack);
      }
      expect(missed, `${p.theme}: post-adoption years whose band misses the planted effect`).toBeLessThanOrEqual(1);
      // the effect grows: the last year after adoption is larger than the first
      expect(post[post.length - 1]!.estimate).toBeGreaterThan(post[0]!.estimate);
    }
  });

  it('effects by cohort: the earliest cohort gains more than the latest (longer exposure, larger factor)', async () => {
    for (const p of planted.effects) {
      const rows = await db.all<{ adoption_year: number; estimate: number }>(
        `select adoption_year, estimate from marts.practice_effect_cohort where theme = $1 and criterion = $2 order by adoption_year`,
        [p.theme, p.criterion],
      );
      expect(rows.length).toBeGreaterThan(2);
      expect(rows[0]!.estimate).toBeGreaterThan(rows[rows.length - 1]!.estimate);
    }
  });
});
