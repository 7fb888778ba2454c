/**
 * The comparison statistics of models/lib/stats/compare.ts on hand-worked cases:
 * t quantiles against printed tables, the interval of a mean for n = 1, n = 2 and equal
 * values, the classification against Russia, plausible places, funnel limits and
 * the neighbour distance.
 */
import { describe, expect, it } from 'vitest';
import {
  classifyVsReference,
  competitionRanks,
  funnelGrid,
  funnelLimits,
  funnelZ,
  funnelZone,
  impliedUnitSd,
  meanInterval,
  nearestNeighbours,
  normalQuantile,
  rankRanges,
  summarize,
  tQuantile,
} from '../../models/lib/stats/compare.ts';

describe('quantiles', () => {
  it('t(0,975; df) as printed in tables', () => {
    const table: [number, number][] = [[1, 12.7062], [2, 4.3027], [3, 3.1824], [4, 2.7764], [9, 2.2622], [29, 2.0452], [120, 1.9799]];
    for (const [df, q] of table) expect(tQuantile(0.975, df), `df = ${df}`).toBeCloseTo(q, 4);
    expect(tQuantile(0.975, 100000)).toBeCloseTo(1.95996, 4);
  });
  it('normal quantiles of the funnel limits', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(funnelZ(0.95)).toBeCloseTo(1.959964, 6);
    expect(funnelZ(0.998)).toBeCloseTo(3.090232, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(() => normalQuantile(1)).toThrow();
  });
});

describe('interval of a mean', () => {
  it('n = 1: no interval', () => {
    expect(meanInterval(summarize([80]))).toBeNull();
  });
  it('n = 2: 80 and 90 → 85 ± 12,7062 · 7,0711 / √2 = 85 ± 63,53', () => {
    const s = summarize([80, 90]);
    expect(s.sd).toBeCloseTo(Math.SQRT2 * 5, 12);
    const ci = meanInterval(s)!;
    expect(ci.low).toBeCloseTo(85 - 63.531, 2);
    expect(ci.high).toBeCloseTo(85 + 63.531, 2);
  });
  it('n = 4: 70, 80, 90, 100 → 85 ± 3,1824 · 12,9099 / 2 = 85 ± 20,54', () => {
    const ci = meanInterval(summarize([70, 80, 90, 100]))!;
    expect(ci.low).toBeCloseTo(64.458, 2);
    expect(ci.high).toBeCloseTo(105.542, 2);
  });
  it('all values equal: an interval of zero width', () => {
    const ci = meanInterval(summarize([88, 88, 88]))!;
    expect(ci.low).toBe(88);
    expect(ci.high).toBe(88);
  });
});

describe('against Russia', () => {
  const ci = (low: number, high: number) => ({ low, high });
  it('classifies by where the interval lies', () => {
    expect(classifyVsReference(10, ci(86, 90), 85, 5)).toBe('выше');
    expect(classifyVsReference(10, ci(80, 84.9), 85, 5)).toBe('ниже');
    expect(classifyVsReference(10, ci(84, 86), 85, 5)).toBe('на уровне');
    expect(classifyVsReference(10, ci(85, 86), 85, 5)).toBe('на уровне');
  });
  it('fewer organizations than the minimum, or no interval: «мало данных»', () => {
    expect(classifyVsReference(4, ci(90, 95), 85, 5)).toBe('мало данных');
    expect(classifyVsReference(1, null, 85, 1)).toBe('мало данных');
    expect(classifyVsReference(5, ci(90, 95), 85, 5)).toBe('выше');
  });
  it('all values equal and different from Russia: outside', () => {
    expect(classifyVsReference(5, meanInterval(summarize([88, 88, 88, 88, 88])), 85, 5)).toBe('выше');
  });
});

describe('plausible places', () => {
  it('competition ranks: ties share the best place', () => {
    expect(competitionRanks([90, 80, 90, 70])).toEqual([1, 3, 1, 4]);
  });
  it('clearly separated regions keep their places; overlapping ones share a range', () => {
    const items = [
      { id: 'a', n: 50, mean: 95, sd: 1 },
      { id: 'b', n: 50, mean: 80, sd: 1 },
      { id: 'c', n: 5, mean: 50, sd: 15 },
      { id: 'd', n: 5, mean: 49, sd: 15 },
    ];
    const out = rankRanges(items, { draws: 2000, seed: 7 });
    expect(out.map((o) => [o.rank, o.rankLow, o.rankHigh])).toEqual([[1, 1, 1], [2, 2, 2], [3, 3, 4], [4, 3, 4]]);
  });
  it('always rankLow ≤ rank ≤ rankHigh, the same with the same seed', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ id: String(i), n: 3 + i, mean: 80 + ((i * 7) % 5), sd: 3 + (i % 4) }));
    const a = rankRanges(items, { draws: 500, seed: 1 });
    expect(rankRanges(items, { draws: 500, seed: 1 })).toEqual(a);
    for (const o of a) {
      expect(o.rankLow).toBeLessThanOrEqual(o.rank);
      expect(o.rank).toBeLessThanOrEqual(o.rankHigh);
      expect(o.rankLow).toBeGreaterThanOrEqual(1);
      expect(o.rankHigh).toBeLessThanOrEqual(12);
    }
    expect(a.some((o) => o.rankHigh - o.rankLow >= 3)).toBe(true);
  });
  it('sd = 0 everywhere: places are certain', () => {
    const out = rankRanges([{ id: 'x', n: 3, mean: 90, sd: 0 }, { id: 'y', n: 3, mean: 90, sd: 0 }, { id: 'z', n: 3, mean: 70, sd: 0 }], { draws: 100, seed: 3 });
    expect(out.map((o) => [o.rank, o.rankLow, o.rankHigh])).toEqual([[1, 1, 1], [1, 1, 1], [3, 3, 3]]);
  });
  it('n < 2 is refused', () => {
    expect(() => rankRanges([{ id: 'x', n: 1, mean: 1, sd: 0 }], { draws: 10, seed: 1 })).toThrow(/n = 1/);
  });
});

describe('funnel plot', () => {
  it('limits: 85 ± 1,96 · 10 / √25 = 85 ± 3,92; 99,8 %: ± 6,18', () => {
    const l = funnelLimits(85, 10, 25, 0.95);
    expect(l.low).toBeCloseTo(81.08, 2);
    expect(l.high).toBeCloseTo(88.92, 2);
    expect(funnelLimits(85, 10, 25, 0.998).high).toBeCloseTo(91.18, 2);
  });
  it('zones', () => {
    expect(funnelZone(85, 85, 10, 25)).toBe('в пределах');
    expect(funnelZone(90, 85, 10, 25)).toBe('выше 95 %');
    expect(funnelZone(92, 85, 10, 25)).toBe('выше 99,8 %');
    expect(funnelZone(80, 85, 10, 25)).toBe('ниже 95 %');
    expect(funnelZone(78, 85, 10, 25)).toBe('ниже 99,8 %');
    expect(funnelZone(90, 85, 10, 4)).toBe('в пределах');
  });
  it('implied unit sd: hand-worked without and with winsorizing', () => {
    // residuals √n·(y − 10): 2·1, 2·(−1), 1·2, 1·(−2) → all squares 4 → sd 2
    const pts = [{ n: 4, value: 11 }, { n: 4, value: 9 }, { n: 1, value: 12 }, { n: 1, value: 8 }];
    expect(impliedUnitSd(pts, 10, 0)).toBeCloseTo(2, 12);
    // among 21 regions one huge outlier is pulled to the 90th percentile (2): s² = (20 · 4 + 4) / 21 = 4
    const wild = [...pts, ...pts, ...pts, ...pts, ...pts, { n: 100, value: 1000 }];
    expect(impliedUnitSd(wild, 10, 0.1)).toBeCloseTo(2, 12);
    expect(impliedUnitSd(wild, 10, 0)).toBeGreaterThan(2000);
  });
  it('grid covers 1 … beyond the largest n', () => {
    const g = funnelGrid(100);
    expect(g[0]).toBe(1);
    expect(g.at(-1)).toBe(110);
    expect(g).toEqual([...g].sort((a, b) => a - b));
  });
});

describe('statistical neighbours', () => {
  const rows = [
    { id: 'a', values: { x: 1, y: 10 } },
    { id: 'b', values: { x: 2, y: 10 } },
    { id: 'c', values: { x: 10, y: 10 } },
    { id: 'd', values: { x: 1, y: null } },
  ];
  it('nearest first, parts sum to the squared distance, missing features rescaled', () => {
    const out = nearestNeighbours(rows, [{ key: 'x', label: 'x' }, { key: 'y', label: 'y' }], 2);
    const a = out.filter((r) => r.id === 'a');
    expect(a.map((r) => r.neighbour)).toEqual(['d', 'b']);
    for (const r of out) expect(Object.values(r.parts).reduce((s, v) => s + v, 0)).toBeCloseTo(r.distance ** 2, 12);
    // a–d: only x is known (equal) → distance 0
    expect(a[0]!.distance).toBe(0);
    expect(out.filter((r) => r.id === 'c').map((r) => r.rank)).toEqual([1, 2]);
  });
});

describe('NOK_MIN_ORGS', () => {
  it('defaults to 5, accepts whole numbers 2–1000, refuses the rest with a Russian message', async () => {
    const { loadConfig } = await import('../../pipelines/lib/config.ts');
    expect(loadConfig({}).minOrgs).toBe(5);
    expect(loadConfig({ NOK_MIN_ORGS: '12' }).minOrgs).toBe(12);
    for (const bad of ['1', '0', 'пять', '2.5', '1001']) expect(() => loadConfig({ NOK_MIN_ORGS: bad }), bad).toThrow(/NOK_MIN_ORGS: ожидается целое число от 2 до 1000/);
  });
});

describe('neighbour weights', () => {
  it('a feature of weight 1/4 counts a quarter: a–b differ by 2 sd-units on w, a–c by 1 on x', () => {
    const rows = [
      { id: 'a', values: { w: 0, x: 0 } },
      { id: 'b', values: { w: 2, x: 0 } },
      { id: 'c', values: { w: 0, x: 1 } },
    ];
    // sds: w → sd(0, 2, 0) = 1,1547; x → sd(0, 0, 1) = 0,57735
    const out = nearestNeighbours(rows, [{ key: 'w', label: 'w', weight: 0.25 }, { key: 'x', label: 'x' }], 2).filter((r) => r.id === 'a');
    const dB = Math.sqrt(0.25 * (2 / 1.1547005383792515) ** 2);
    const dC = 1 / 0.5773502691896258;
    expect(out.map((r) => r.neighbour)).toEqual(dB < dC ? ['b', 'c'] : ['c', 'b']);
    expect(out.find((r) => r.neighbour === 'b')!.distance).toBeCloseTo(dB, 12);
    expect(out.find((r) => r.neighbour === 'c')!.distance).toBeCloseTo(dC, 12);
  });
});
