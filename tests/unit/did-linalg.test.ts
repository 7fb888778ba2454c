/**
 * The statistics of the practice effects (models/lib/stats/): OLS by the normal
 * equations with aliased columns dropped, the cluster-robust sandwich, Student's t,
 * the normal and F distributions, Holm — each against a case solved by hand or a
 * table — the group-time estimator on a tiny panel worked by hand, and the whole
 * estimation (group-time and two-way fixed effects) on a panel whose answer is exact.
 */
import { describe, it, expect } from 'vitest';
import { olsCluster, invertSymmetric } from '../../models/lib/stats/linalg.ts';
import { fUpperP, normalCdf, normalQuantile, quantile, tQuantile, tTwoSidedP } from '../../models/lib/stats/dist.ts';
import { holm } from '../../models/lib/stats/multiple.ts';
import { groupTimeEffects, type Observation } from '../../models/lib/stats/cs.ts';
import { twfeEffect } from '../../models/lib/stats/twfe.ts';
import { estimateEffects, type PanelRow, type AdoptionRow } from '../../models/lib/stats/effects.ts';

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
  it('finds the quantile bisection finds, for small and very large df and tails far out', () => {
    // the root of tTwoSidedP(q, df) = 2(1 − p) by plain bisection, as the quantile was found before Newton's method
    const bisect = (p: number, df: number): number => {
      let lo = 0;
      let hi = 1e4;
      for (let i = 0; i < 200; i++) {
        const mid = (lo + hi) / 2;
        if (tTwoSidedP(mid, df) > 2 * (1 - p)) lo = mid;
        else hi = mid;
      }
      return (lo + hi) / 2;
    };
    for (const p of [0.51, 0.8, 0.975, 0.999, 0.9999]) {
      for (const df of [1, 2, 3, 5, 9, 10, 30, 88, 1000, 140_000, 470_000]) {
        const q = tQuantile(p, df);
        expect(Math.abs(q - bisect(p, df)) / q, `p = ${p}, df = ${df}`).toBeLessThan(1e-10);
      }
    }
    expect(tQuantile(0.975, 470_000)).toBeCloseTo(1.95997, 4);
  });
  it('gives normal, F and sample quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959964, 5);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    // F(3, 10): 95 % point 3.708; F(1, d) = t² → P(F ≥ t²) = two-sided p of t
    expect(fUpperP(3.708, 3, 10)).toBeCloseTo(0.05, 3);
    expect(fUpperP(2.228138852 ** 2, 1, 10)).toBeCloseTo(0.05, 6);
    // type 7: h = (5 − 1) · 0.25 = 1 → the second smallest; 0.5 of the way 2 → 3 at p = 0.375
    expect(quantile([5, 1, 3, 2, 4], 0.25)).toBe(2);
    expect(quantile([5, 1, 3, 2, 4], 0.375)).toBe(2.5);
  });
  it('adjusts p-values step-down', () => {
    // sorted 0.01, 0.02, 0.04 of m = 3 → 0.03, max(0.03, 0.04) = 0.04, max(0.04, 0.04) = 0.04
    expect(holm([0.04, 0.01, 0.02]).map((p) => Number(p.toFixed(10)))).toEqual([0.04, 0.03, 0.04]);
  });
});

describe('group-time effects (Callaway and Sant\u2019Anna), worked by hand', () => {
  // 2019–2022. a adopts in 2020 (effect from 2021: +2, then +4), b in 2021 (effect from 2022: +1),
  // c and d never; z adopted in 2015 (always treated: left out, its odd values must not matter).
  //   c: 10 11 12 13   d: 20 21 22 23   a: 30 31 34 37   b: 40 41 42 44   z: 0 100 0 100
  // cohort 2020, base 2020:  2019: a −1; controls b, c, d (adopt ≥ 2020, not a) −1      → 0
  //                          2021: a +3; controls b (untreated until 2022), c, d +1     → 2
  //                          2022: a +6; controls c, d +2 (b is treated by then)        → 4
  // cohort 2021, base 2021:  2019: b −2; c, d −2 → 0;  2020: b −1; c, d −1 → 0;  2022: b +2; c, d +1 → 1
  // overall (each treated region-year once): (2 + 4 + 1) / 3 = 7/3
  // event years: −2: 0 (b); −1: 0 (a, b); +1: (2 + 1) / 2 = 1.5; +2: 4 (a)
  // cohorts: 2020: (2 + 4) / 2 = 3; 2021: 1
  const Y: Record<string, number[]> = { a: [30, 31, 34, 37], b: [40, 41, 42, 44], c: [10, 11, 12, 13], d: [20, 21, 22, 23], z: [0, 100, 0, 100] };
  const panel: Observation[] = Object.entries(Y).flatMap(([region, ys]) => ys.map((y, i) => ({ region, year: 2019 + i, y })));
  const adoption = new Map([['a', 2020], ['b', 2021], ['z', 2015]]);

  it('computes each cell against never- and not-yet-treated regions from the base year', () => {
    const r = groupTimeEffects(panel, adoption, { reps: 50 });
    const cell = (g: number, t: number) => r.cells.find((c) => c.adoption_year === g && c.year === t)!;
    expect(cell(2020, 2019).att).toBeCloseTo(0, 12);
    expect(cell(2020, 2019).n_control).toBe(3);
    expect(cell(2020, 2021).att).toBeCloseTo(2, 12);
    expect(cell(2020, 2021).n_control).toBe(3);
    expect(cell(2020, 2022).att).toBeCloseTo(4, 12);
    expect(cell(2020, 2022).n_control).toBe(2);
    expect(cell(2021, 2022).att).toBeCloseTo(1, 12);
    expect(r.cells.filter((c) => c.adoption_year === 2021).map((c) => [c.year, c.n_control])).toEqual([[2019, 2], [2020, 2], [2022, 2]]);
    expect([r.n_treated, r.n_never, r.n_always, r.n_obs]).toEqual([2, 2, 1, 16]);
  });

  it('aggregates overall, by event year and by cohort', () => {
    const r = groupTimeEffects(panel, adoption, { reps: 50 });
    expect(r.overall!.estimate).toBeCloseTo(7 / 3, 12);
    expect(r.events.map((e) => [e.rel_year, Number(e.estimate.toFixed(12)), e.n_regions, e.is_reference])).toEqual([
      [-2, 0, 1, false], [-1, 0, 2, false], [0, 0, 2, true], [1, 1.5, 2, false], [2, 4, 1, false],
    ]);
    expect(r.cohorts.map((c) => [c.adoption_year, Number(c.estimate.toFixed(12)), c.n_regions, c.n_years])).toEqual([[2020, 3, 1, 2], [2021, 1, 1, 1]]);
  });

  it('bootstrap: the same seed gives the same intervals, bands contain the pointwise intervals, placebo years tested', () => {
    let s = 7;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    const regions = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const noisy: Observation[] = regions.flatMap((region, i) => [2019, 2020, 2021, 2022].map((year) => ({ region, year, y: i + year - 2019 + rnd() + (i % 3 === 0 && year > 2020 ? 2 : 0) })));
    const ad = new Map(regions.filter((_, i) => i % 3 === 0).map((r, i) => [r, 2020 + (i % 2)] as [string, number]));
    const one = groupTimeEffects(noisy, ad, { reps: 200, seed: 1 });
    const two = groupTimeEffects(noisy, ad, { reps: 200, seed: 1 });
    expect(two.overall).toEqual(one.overall);
    expect(one.overall!.se!).toBeGreaterThan(0);
    expect(one.overall!.ci_low!).toBeLessThan(one.overall!.estimate);
    for (const e of one.events.filter((e) => !e.is_reference)) {
      expect(e.band_low!).toBeLessThanOrEqual(e.ci_low!);
      expect(e.band_high!).toBeGreaterThanOrEqual(e.ci_high!);
    }
    expect(one.pretrend!.df).toBe(2);
    expect(one.pretrend!.p_value).toBeGreaterThan(0);
    // a pre-existing trend in the adopters (1 point a year, before and after) is caught
    const trending = noisy.map((o) => (ad.has(o.region) ? { ...o, y: o.y + 1.5 * (o.year - 2019) } : o));
    expect(groupTimeEffects(trending, ad, { reps: 200, seed: 1 }).pretrend!.p_value).toBeLessThan(0.05);
  });
});

describe('estimation of every theme on every target criterion', () => {
  // 6 regions × 5 years; y = region level + year level + 2.5 from the year after adoption
  // (regions a, b adopt in 2020, c in 2021; d, e, f never; z in 2015, always treated), so
  // both estimators must give exactly 2.5.
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

  it('recovers an effect that the data contain exactly, with zero error, by both estimators', () => {
    const { effects, cohorts } = estimateEffects(panel, adoption, targets, { reps: 50 });
    expect(effects).toHaveLength(1);
    const e = effects[0]!;
    expect(e.estimate).toBeCloseTo(2.5, 9);
    expect(e.se).toBeCloseTo(0, 9);
    expect(e.mde).toBeCloseTo(0, 9);
    expect(e.estimate_twfe).toBeCloseTo(2.5, 9);
    expect([e.n_treated_regions, e.n_control_regions, e.n_always_treated, e.n_cohorts, e.n_obs]).toEqual([3, 3, 1, 2, 30]);
    expect(cohorts.map((c) => [c.adoption_year, Number(c.estimate.toFixed(9)), c.n_regions, c.n_years])).toEqual([[2020, 2.5, 2, 3], [2021, 2.5, 1, 2]]);
  });

  it('event study: zero before adoption, the reference in the adoption year, the effect from +1 on', () => {
    const { events } = estimateEffects(panel, adoption, targets, { reps: 50 });
    const by = new Map(events.map((e) => [e.rel_year, e]));
    expect(by.get(0)!.is_reference).toBe(true);
    expect(by.get(0)!.estimate).toBe(0);
    for (const k of [-2, -1]) expect(by.get(k)!.estimate).toBeCloseTo(0, 9);
    for (const k of [1, 2, 3]) expect(by.get(k)!.estimate).toBeCloseTo(2.5, 9);
    // relative year 3 is seen only in regions that adopted in 2020 (2023 − 2020)
    expect(by.get(3)!.n_regions).toBe(2);
  });

  it('the two-way fixed-effects comparison alone', () => {
    const rows = panel.filter((r) => r.region_code !== 'z').map((r) => ({ region: r.region_code, year: r.year, y: r.mean_score }));
    const tw = twfeEffect(rows, new Map([['a', 2020], ['b', 2020], ['c', 2021]]));
    expect(tw.estimate).toBeCloseTo(2.5, 9);
    expect(tw.df).toBe(5);
  });

  it('with noise: the interval covers the effect, the MDE is 2.8 standard errors, a theme with no effect is not significant', () => {
    // deterministic noise (a fixed pseudo-random sequence)
    let s = 12345;
    const rnd = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
    const noisy = panel.map((r) => ({ ...r, mean_score: r.mean_score + rnd() }));
    const adoption2: AdoptionRow[] = [...adoption, ...['a', 'd', 'e'].map((r, i) => ({ region_code: r, theme: 'none', adoption_year: 2020 + i, is_synthetic: true }))];
    const { effects } = estimateEffects(noisy, adoption2, [...targets, { theme: 'none', theme_title: 'без эффекта', criterion: 'k1' }], { reps: 300 });
    const t = effects.find((e) => e.theme === 't')!;
    expect(t.ci_low!).toBeLessThan(2.5);
    expect(t.ci_high!).toBeGreaterThan(2.5);
    expect(t.se!).toBeGreaterThan(0);
    expect(t.mde! / t.se!).toBeCloseTo(1.959964 + 0.841621, 5);
    const none = effects.find((e) => e.theme === 'none')!;
    expect(none.ci_low!).toBeLessThan(0);
    expect(none.ci_high!).toBeGreaterThan(0);
    expect(none.is_significant_holm).toBe(false);
  });
});
