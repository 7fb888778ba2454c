/**
 * Calibration of the practice-effect estimators (models/lib/stats/) by simulation:
 * panels of 89 regions × 5 years with region and year effects and serially correlated
 * region shocks (AR(1), ρ = 0.5 — so that clustering by region matters).
 *
 * 1. Constant effect, about a third of the regions adopting in 2020–2022: the group-time
 *    estimator's 95 % interval covers the truth about 95 % of the time, a theme with no
 *    effect comes out significant about 5 % of the time, the pre-trend test rejects a true
 *    null rarely, and the mean estimate is unbiased.
 * 2. Staggered adoption with effects that grow with time since adoption and differ by
 *    cohort (most regions adopt, in 2019–2022): the group-time estimator covers the planted
 *    average effect over treated region-years; the two-way fixed-effects estimate does not
 *    (it is pulled far below, as Goodman-Bacon 2021 shows it must be).
 * A fixed pseudo-random sequence makes the test deterministic; bounds are ±3 standard
 * errors of a proportion of the number of panels (a few seconds in all: 199 bootstrap replicates).
 */
import { describe, it, expect } from 'vitest';
import { estimateEffects, type PanelRow, type AdoptionRow } from '../../models/lib/stats/effects.ts';
import { mulberry32 } from '../../models/lib/stats/random.ts';

function rng(seed: number): { u: () => number; n: () => number } {
  const u = mulberry32(seed);
  const n = (): number => Math.sqrt(-2 * Math.log(Math.max(u(), 1e-12))) * Math.cos(2 * Math.PI * u());
  return { u, n };
}

const YEARS = [2019, 2020, 2021, 2022, 2023];
const REGIONS = Array.from({ length: 89 }, (_, i) => String(i + 1).padStart(2, '0'));
const TARGETS = [
  { theme: 'real', theme_title: 'с эффектом', criterion: 'k3' },
  { theme: 'none', theme_title: 'без эффекта', criterion: 'k3' },
];

/**
 * A panel: theme 'real' adopted by a share of regions in the given cohorts with effect(cohort, e)
 * at e ≥ 1 years after adoption; theme 'none' adopted by a third, no effect. Returns the planted
 * average effect over the treated region-years as well.
 */
function simulate(seed: number, share: number, cohorts: number[], effect: (cohort: number, e: number) => number): { panel: PanelRow[]; adoption: AdoptionRow[]; truth: number } {
  const { u, n } = rng(seed);
  const adoption: AdoptionRow[] = [];
  for (const r of REGIONS) {
    if (u() < share) adoption.push({ region_code: r, theme: 'real', adoption_year: cohorts[Math.floor(u() * cohorts.length)]!, is_synthetic: true });
    if (u() < 0.33) adoption.push({ region_code: r, theme: 'none', adoption_year: 2020 + Math.floor(u() * 3), is_synthetic: true });
  }
  const year = new Map(YEARS.map((y) => [y, 0.5 * (y - 2019) + 0.3 * n()]));
  const panel: PanelRow[] = [];
  let sum = 0;
  let count = 0;
  for (const r of REGIONS) {
    const level = 85 + 3 * n();
    const A = adoption.find((a) => a.region_code === r && a.theme === 'real')?.adoption_year;
    let shock = n();
    for (const y of YEARS) {
      shock = 0.5 * shock + Math.sqrt(1 - 0.25) * n();
      const e = A === undefined ? 0 : y - A;
      const fx = e >= 1 ? effect(A!, e) : 0;
      if (e >= 1) {
        sum += fx;
        count++;
      }
      panel.push({ region_code: r, year: y, criterion: 'k3', mean_score: level + year.get(y)! + shock + fx, is_synthetic: true });
    }
  }
  return { panel, adoption, truth: sum / count };
}

describe('the effect estimators are calibrated (simulation)', { timeout: 120_000 }, () => {
  it('constant effect: 95 % intervals cover the truth about 95 % of the time; a null theme is significant about 5 % of the time', () => {
    const reps = 100;
    const effect = 1.5;
    let covered = 0;
    let nullSignificant = 0;
    let pretrendRejected = 0;
    let sum = 0;
    for (let s = 1; s <= reps; s++) {
      const { panel, adoption } = simulate(1000 + s, 0.33, [2020, 2021, 2022], () => effect);
      const { effects } = estimateEffects(panel, adoption, TARGETS, { reps: 199 });
      const real = effects.find((e) => e.theme === 'real')!;
      const none = effects.find((e) => e.theme === 'none')!;
      if (real.ci_low! <= effect && effect <= real.ci_high!) covered++;
      if (none.is_significant) nullSignificant++;
      if (real.pretrend_ok === false) pretrendRejected++;
      sum += real.estimate!;
    }
    const se = Math.sqrt((0.95 * 0.05) / reps);
    expect(covered / reps).toBeGreaterThan(0.95 - 3 * se);
    expect(covered / reps).toBeLessThan(Math.min(1, 0.95 + 3 * se));
    expect(nullSignificant / reps).toBeLessThan(0.05 + 3 * se);
    expect(pretrendRejected / reps).toBeLessThan(0.05 + 3 * se);
    // unbiased: the mean estimate is within a few of its standard errors of the truth
    expect(Math.abs(sum / reps - effect)).toBeLessThan(0.08);
  });

  it('staggered adoption, effects growing with time since adoption and differing by cohort: the group-time estimate covers the planted average, two-way fixed effects does not', () => {
    const reps = 40;
    // +1.5 points a year since adoption for the cohorts of 2019 and 2020, +1 for 2021, +0.5 for 2022
    const slope: Record<number, number> = { 2019: 1.5, 2020: 1.5, 2021: 1, 2022: 0.5 };
    let covered = 0;
    let twfeCovered = 0;
    let bias = 0;
    let twfeBias = 0;
    for (let s = 1; s <= reps; s++) {
      const { panel, adoption, truth } = simulate(5000 + s, 0.85, [2019, 2020, 2021, 2022], (g, e) => slope[g]! * e);
      const real = estimateEffects(panel, adoption, TARGETS, { reps: 199 }).effects.find((e) => e.theme === 'real')!;
      if (real.ci_low! <= truth && truth <= real.ci_high!) covered++;
      if (real.twfe_ci_low! <= truth && truth <= real.twfe_ci_high!) twfeCovered++;
      bias += real.estimate! - truth;
      twfeBias += real.estimate_twfe! - truth;
    }
    expect(covered / reps).toBeGreaterThan(0.85);
    expect(Math.abs(bias / reps)).toBeLessThan(0.15);
    // the planted average is about 2.5 points; two-way fixed effects finds about 0.7
    expect(twfeCovered / reps).toBeLessThan(0.1);
    expect(twfeBias / reps).toBeLessThan(-1);
  });
});
