/**
 * The small statistics core of the practice effects (models/lib/stats/):
 * OLS by the normal equations with aliased columns dropped, the cluster-robust
 * sandwich, Student's t, Holm — each against a case solved by hand — and the
 * DiD / event-study estimator on a panel whose answer is known exactly.
 */
import { describe, it, expect } from 'vitest';
import { olsCluster, invertSymmetric } from '../../models/lib/stats/linalg.ts';
import { tQuantile, tTwoSidedP } from '../../models/lib/stats/dist.ts';
import { holm } from '../../models/lib/stats/multiple.ts';
import { estimateEffects, type PanelRow, type AdoptionRow } from '../../models/lib/stats/did.ts';

describe('OLS with cluster-robust standard errors', () => {
  it('matches a regression solved by hand', () => {
    // y = a + b·x on x = 0, 1, 2, 3 and y = 1, 3, 2, 5:
    //   x̄ = 1.5, ȳ = 2.75, Sxx = 5, Sxy = 5.5 → b = 1.1, a = 2.75 − 1.1 × 1.5 = 1.1
    //   fitted 1.1, 2.2, 3.3, 4.4 → residuals −0.1, 0.8, −1.3, 0.6
    // clusters {1, 2} and {3, 4}: score of g1 = (−0.1 + 0.8, 0 × −0.1 + 1 × 0.8) = (0.7, 0.8); of g2 = (−0.7, −0.8)
    //   meat = [[0.98, 1.12], [1.12, 1.28]]; (X'X)⁻¹ = [[14, −6], [−6, 4]] / 20 = [[0.7, −0.3], [−0.3, 0.2]]
    //   bread · meat · bread = [[0.125, −0.025], [−0.025, 0.005]]
    //   small-sample factor G/(G − 1) · (N − 1)/(N − K) = 2 × 3/2 = 3 → V = [[0.375, −0.075], [−0.075, 0.015]]
    const X = [[1, 0], [1, 1], [1, 2], [1, 3]];
    const r = olsCluster(X, [1, 3, 2, 5], ['g1', 'g1', 'g2', 'g2']);
    expect(r.beta[0]).toBeCloseTo(1.1, 12);
    expect(r.beta[1]).toBeCloseTo(1.1, 12);
    expect(r.residuals.map((u) => Number(u.toFixed(12)))).toEqual([-0.1, 0.8, -1.3, 0.6]);
    expect(r.vcov[0]![0]).toBeCloseTo(0.375, 12);
    expect(r.vcov[0]![1]).toBeCloseTo(-0.075, 12);
    expect(r.vcov[1]![1]).toBeCloseTo(0.015, 12);
    expect(r.clusters).toBe(2);
  });

  it('drops a column that repeats an earlier one and still fits', () => {
    // the third column = 2 × the second: aliased, dropped; the fit is that of the first two
    const X = [[1, 0, 0], [1, 1, 2], [1, 2, 4], [1, 3, 6]];
    const r = olsCluster(X, [1, 3, 2, 5], [1, 1, 2, 2]);
    expect(r.dropped).toEqual([2]);
    expect(Number.isNaN(r.beta[2]!)).toBe(true);
    expect(r.beta[1]).toBeCloseTo(1.1, 12);
  });

  it('inverts a symmetric matrix', () => {
    // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8
    const { kept, inverse } = invertSymmetric([[4, 2], [2, 3]]);
    expect(kept).toEqual([0, 1]);
    expect(inverse[0]![0]).toBeCloseTo(3 / 8, 12);
    expect(inverse[0]![1]).toBeCloseTo(-2 / 8, 12);
    expect(inverse[1]![1]).toBeCloseTo(4 / 8, 12);
  });
});

describe("Student's t and Holm", () => {
  it('gives the table quantiles', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706, 3);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(tQuantile(0.975, 88)).toBeCloseTo(1.987, 3);
    expect(tTwoSidedP(2.228138852, 10)).toBeCloseTo(0.05, 6);
  });
  it('adjusts p-values step-down', () => {
    // sorted 0.01, 0.02, 0.04 of m = 3 → 0.03, max(0.03, 0.04) = 0.04, max(0.04, 0.04) = 0.04
    expect(holm([0.04, 0.01, 0.02]).map((p) => Number(p.toFixed(10)))).toEqual([0.04, 0.03, 0.04]);
  });
});

describe('difference in differences and event study', () => {
  // 6 regions × 5 years; y = region level + year level + 2.5 from the year after adoption
  // (regions a, b adopt in 2020, c in 2021; d, e, f never) + a region-specific wiggle that
  // is orthogonal to the treatment pattern, so the estimate must be exactly 2.5.
  const years = [2019, 2020, 2021, 2022, 2023];
  const adoption: AdoptionRow[] = [
    { region_code: 'a', theme: 't', adoption_year: 2020, is_synthetic: true },
    { region_code: 'b', theme: 't', adoption_year: 2020, is_synthetic: true },
    { region_code: 'c', theme: 't', adoption_year: 2021, is_synthetic: true },
    { region_code: 'z', theme: 't', adoption_year: 2015, is_synthetic: true }, // always treated: left out
  ];
  const level: Record<string, number> = { a: 80, b: 82, c: 85, d: 79, e: 90, f: 88, z: 70 };
  const panel: PanelRow[] = [];
  for (const r of Object.keys(level)) {
    for (const y of years) {
      const A = adoption.find((a) => a.region_code === r)?.adoption_year;
      const post = A !== undefined && y > A ? 2.5 : 0;
      panel.push({ region_code: r, year: y, criterion: 'k1', mean_score: level[r]! + 0.7 * (y - 2019) + post, is_synthetic: true });
    }
  }
  const targets = [{ theme: 't', theme_title: 'тема', criterion: 'k1' }];

  it('recovers an effect that the data contain exactly, with zero error', () => {
    const { effects } = estimateEffects(panel, adoption, targets);
    expect(effects).toHaveLength(1);
    const e = effects[0]!;
    expect(e.estimate).toBeCloseTo(2.5, 9);
    expect(e.se).toBeCloseTo(0, 9);
    expect(e.n_treated_regions).toBe(3);
    expect(e.n_control_regions).toBe(3);
    expect(e.n_always_treated).toBe(1);
    expect(e.n_obs).toBe(30);
  });

  it('event study: zero before adoption and in the adoption year, the effect from +1 on', () => {
    const { events } = estimateEffects(panel, adoption, targets);
    const by = new Map(events.map((e) => [e.rel_year, e]));
    expect(by.get(-1)!.is_reference).toBe(true);
    expect(by.get(-1)!.estimate).toBe(0);
    for (const k of [-2, 0]) expect(by.get(k)!.estimate).toBeCloseTo(0, 9);
    for (const k of [1, 2, 3]) expect(by.get(k)!.estimate).toBeCloseTo(2.5, 9);
    // relative year 3 is seen only in regions that adopted in 2020 (2023 − 2020)
    expect(by.get(3)!.n_regions).toBe(2);
  });

  it('with noise, the interval is wider and still centred near the effect; a theme with no effect is not significant', () => {
    // deterministic noise (a fixed pseudo-random sequence)
    let s = 12345;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    const noisy = panel.map((r) => ({ ...r, mean_score: r.mean_score + rnd() }));
    const adoption2: AdoptionRow[] = [...adoption, ...['a', 'd', 'e'].map((r, i) => ({ region_code: r, theme: 'none', adoption_year: 2020 + i, is_synthetic: true }))];
    const { effects } = estimateEffects(noisy, adoption2, [...targets, { theme: 'none', theme_title: 'без эффекта', criterion: 'k1' }]);
    const t = effects.find((e) => e.theme === 't')!;
    expect(t.ci_low!).toBeLessThan(2.5);
    expect(t.ci_high!).toBeGreaterThan(2.5);
    expect(t.se!).toBeGreaterThan(0);
    const none = effects.find((e) => e.theme === 'none')!;
    expect(none.ci_low!).toBeLessThan(0);
    expect(none.ci_high!).toBeGreaterThan(0);
  });
});
