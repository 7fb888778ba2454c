/**
 * The effects of practices recover what the synthetic generator planted
 * (scripts/generate/planted.json, fixed seed): every planted theme's 95 %
 * interval covers its planted value, and no theme without a planted effect
 * comes out significant on any of its target criteria.
 *
 * SCORES_TEST_WAREHOUSE points the tests at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { testBuild } from '../setup/paths.ts';

const WAREHOUSE = process.env.SCORES_TEST_WAREHOUSE ?? testBuild.warehouse;
const planted = JSON.parse(fs.readFileSync(path.join(paths.root, 'scripts', 'generate', 'planted.json'), 'utf8')) as {
  seed: number;
  effects: { theme: string; criterion: string; effect: number }[];
  no_effect: string[];
};

interface Effect { theme: string; criterion: string; estimate: number; ci_low: number; ci_high: number; is_significant: boolean; is_significant_holm: boolean; n_treated_regions: number }

let db: Db;
let effects: Effect[];
beforeAll(async () => {
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  effects = await db.all<Effect & Record<string, unknown>>(`select * from marts.practice_effect`);
});
afterAll(() => db?.close());

describe('recovery of the planted effects', () => {
  it('the bundled data were generated with the seed of planted.json', async () => {
    const seeds = await db.all<{ seed: string }>(`select distinct seed from meta.file_note where source in ('questionnaires', 'theme_adoption')`);
    expect(seeds.map((s) => Number(s.seed))).toEqual([planted.seed]);
  });

  for (const p of planted.effects) {
    it(`${p.theme} → ${p.criterion}: the 95 % interval covers the planted +${p.effect}`, () => {
      const e = effects.find((x) => x.theme === p.theme && x.criterion === p.criterion);
      expect(e, `нет оценки для ${p.theme} / ${p.criterion}`).toBeDefined();
      expect(e!.ci_low).toBeLessThanOrEqual(p.effect);
      expect(e!.ci_high).toBeGreaterThanOrEqual(p.effect);
      expect(e!.is_significant).toBe(true);
      expect(e!.n_treated_regions).toBeGreaterThan(10);
    });
  }

  it('no theme without a planted effect is significant on any target criterion', () => {
    const nulls = effects.filter((e) => planted.no_effect.includes(e.theme));
    expect(nulls.length).toBeGreaterThan(5);
    const significant = nulls.filter((e) => e.is_significant).map((e) => `${e.theme}/${e.criterion}: ${e.estimate.toFixed(2)} [${e.ci_low.toFixed(2)}; ${e.ci_high.toFixed(2)}]`);
    expect(significant).toEqual([]);
  });

  it('event study: flat before adoption, the planted change from the year after', async () => {
    for (const p of planted.effects) {
      const rows = await db.all<{ rel_year: number; estimate: number; ci_low: number; ci_high: number }>(
        `select rel_year, estimate, ci_low, ci_high from marts.practice_event_study where theme = $1 and criterion = $2 order by rel_year`,
        [p.theme, p.criterion],
      );
      const at = (k: number) => rows.find((r) => r.rel_year === k)!;
      expect(at(-1).estimate).toBe(0);
      // the year after adoption: the interval covers the planted value and excludes zero
      expect(at(1).ci_low).toBeLessThanOrEqual(p.effect);
      expect(at(1).ci_high).toBeGreaterThanOrEqual(p.effect);
      expect(at(1).ci_low).toBeGreaterThan(0);
      // the year before the reference: no effect yet
      expect(at(-2).ci_low).toBeLessThanOrEqual(0);
      expect(at(-2).ci_high).toBeGreaterThanOrEqual(0);
    }
  });
});
