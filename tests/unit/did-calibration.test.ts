/**
 * Calibration of the practice-effect estimator (models/lib/stats/)
 * by simulation: 200 panels of 89 regions × 5 years with region and year
 * effects, serially correlated region shocks (AR(1), ρ = 0.5 — so that
 * clustering by region matters) and staggered adoption in 2020–2022 by about
 * a third of the regions. The 95 % interval must cover the true effect in
 * about 95 % of the panels, and a theme with no effect must come out
 * significant in about 5 %. A fixed pseudo-random sequence makes the test
 * deterministic; the bounds are ±3 standard errors of a proportion of 200.
 */
import { describe, it, expect } from 'vitest';
import { estimateEffects, type PanelRow, type AdoptionRow } from '../../models/lib/stats/did.ts';

/** mulberry32: a small seeded generator; normal by Box–Muller. */
function rng(seed: number): { u: () => number; n: () => number } {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = (): number => Math.sqrt(-2 * Math.log(Math.max(u(), 1e-12))) * Math.cos(2 * Math.PI * u());
  return { u, n };
}

const YEARS = [2019, 2020, 2021, 2022, 2023];
const REGIONS = Array.from({ length: 89 }, (_, i) => String(i + 1).padStart(2, '0'));

function simulate(seed: number, effect: number): { panel: PanelRow[]; adoption: AdoptionRow[] } {
  const { u, n } = rng(seed);
  const adoption: AdoptionRow[] = [];
  for (const r of REGIONS) {
    if (u() < 0.33) adoption.push({ region_code: r, theme: 'real', adoption_year: 2020 + Math.floor(u() * 3), is_synthetic: true });
    if (u() < 0.33) adoption.push({ region_code: r, theme: 'none', adoption_year: 2020 + Math.floor(u() * 3), is_synthetic: true });
  }
  const year = new Map(YEARS.map((y) => [y, 0.5 * (y - 2019) + 0.3 * n()]));
  const panel: PanelRow[] = [];
  for (const r of REGIONS) {
    const level = 85 + 3 * n();
    const A = adoption.find((a) => a.region_code === r && a.theme === 'real')?.adoption_year;
    let shock = n();
    for (const y of YEARS) {
      shock = 0.5 * shock + Math.sqrt(1 - 0.25) * n();
      panel.push({ region_code: r, year: y, criterion: 'k3', mean_score: level + year.get(y)! + shock + (A !== undefined && y > A ? effect : 0), is_synthetic: true });
    }
  }
  return { panel, adoption };
}

describe('the DiD estimator is calibrated (simulation)', { timeout: 180_000 }, () => {
  it('95 % intervals cover the true effect about 95 % of the time; a null theme is significant about 5 % of the time', () => {
    const reps = 200;
    const effect = 1.5;
    let covered = 0;
    let nullSignificant = 0;
    let sum = 0;
    for (let s = 1; s <= reps; s++) {
      const { panel, adoption } = simulate(1000 + s, effect);
      const { effects } = estimateEffects(panel, adoption, [
        { theme: 'real', theme_title: 'с эффектом', criterion: 'k3' },
        { theme: 'none', theme_title: 'без эффекта', criterion: 'k3' },
      ]);
      const real = effects.find((e) => e.theme === 'real')!;
      const none = effects.find((e) => e.theme === 'none')!;
      if (real.ci_low! <= effect && effect <= real.ci_high!) covered++;
      if (none.is_significant) nullSignificant++;
      sum += real.estimate!;
    }
    const se = Math.sqrt((0.95 * 0.05) / reps);
    expect(covered / reps).toBeGreaterThan(0.95 - 3 * se);
    expect(covered / reps).toBeLessThan(Math.min(1, 0.95 + 3 * se));
    expect(nullSignificant / reps).toBeLessThan(0.05 + 3 * se);
    // unbiased: the mean estimate is within a few of its standard errors of the truth
    expect(Math.abs(sum / reps - effect)).toBeLessThan(0.05);
  });
});
