/**
 * Choropleth bins (reports/components/scale.js) as the TileMap legend shows them: integer data
 * (counts of organizations, practices) get integer bins whose ranges never overlap, never repeat
 * and never hold no integer («2», «3–4», «5–9» — not «2–2», «1,5–2»); every value lands in the
 * bin whose range holds it; fractional data keep the nice bounds of before.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bins, binIndex, binLabels } from '../../reports/components/scale.js';

/** The legend labels as TileMap writes them. */
const labels = (values: number[], kind: 'sequential' | 'diverging' = 'sequential', fmt = 'int'): string[] => binLabels(bins(values, 5, kind), fmt);

/** Checks every promise of integer bins for these values; returns the bins. */
function checkInteger(values: number[], kind: 'sequential' | 'diverging') {
  const b = bins(values, 5, kind);
  const ranges = b.ranges!;
  expect(ranges, JSON.stringify(values)).toBeDefined();
  expect(b.colors).toHaveLength(ranges.length);
  expect(b.bounds).toHaveLength(ranges.length + 1);
  expect(ranges.length).toBeGreaterThanOrEqual(1);
  expect(ranges.length).toBeLessThanOrEqual(8);
  for (const x of b.bounds) expect(Number.isInteger(x)).toBe(true);
  ranges.forEach(([lo, hi], i) => {
    expect(Number.isInteger(lo) && Number.isInteger(hi)).toBe(true);
    expect(lo, `bin ${i} of ${JSON.stringify(ranges)}`).toBeLessThanOrEqual(hi); // never empty
    if (i > 0) expect(lo).toBe(ranges[i - 1]![1] + 1); // no overlap, no gap
  });
  for (const v of values) {
    const i = binIndex(v, b.bounds);
    expect(i).toBeGreaterThanOrEqual(0);
    const [lo, hi] = ranges[i]!;
    expect(v >= lo && v <= hi, `${v} in bin ${i} ${JSON.stringify(ranges[i])}`).toBe(true);
  }
  return b;
}

describe('integer data', () => {
  const ints = fc.array(fc.integer({ min: -2000, max: 100000 }), { minLength: 1, maxLength: 90 });

  it('sequential: integer, consecutive, non-empty ranges from the minimum to the maximum; every value in its bin', () => {
    fc.assert(
      fc.property(ints, (values) => {
        const b = checkInteger(values, 'sequential');
        const r = b.ranges!;
        expect(r[0]![0]).toBe(Math.min(...values));
        expect(r[r.length - 1]![1]).toBe(Math.max(...values));
        expect(r.length).toBeLessThanOrEqual(7);
      }),
      { numRuns: 400 },
    );
  });

  it('small counts: no bin repeats a label or reads «n–n»', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 89 }), (values) => {
        const l = labels(values);
        expect(new Set(l).size).toBe(l.length);
        for (const s of l) expect(s).not.toMatch(/^(\d+)\s*–\s*\1$/);
        for (const s of l) expect(s).not.toMatch(/,/); // no fractions of an organization
      }),
      { numRuns: 400 },
    );
  });

  it('diverging: symmetric integer bins around 0, each value in its bin', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 1, maxLength: 60 }), (values) => {
        const b = checkInteger(values, 'diverging');
        expect(b.bounds[0]).toBe(-b.bounds[b.bounds.length - 1]!);
        expect(b.bounds).toContain(0);
      }),
      { numRuns: 300 },
    );
  });

  it('few distinct values get one bin each; one value gets one bin', () => {
    expect(labels([2, 2, 3, 3, 4])).toEqual(['2', '3', '4']);
    expect(labels([1, 2])).toEqual(['1', '2']);
    expect(labels([5, 5, 5])).toEqual(['5']);
    expect(bins([1, 2]).colors).toHaveLength(2);
    expect(bins([7]).colors).toHaveLength(1);
  });

  it('a wide range gets nice integer steps with inclusive upper ends', () => {
    const b = bins([10, 42, 97, 120, 159]);
    expect(b.ranges).toEqual([
      [10, 49],
      [50, 99],
      [100, 149],
      [150, 159],
    ]);
    expect(labels([10, 42, 97, 120, 159])[0]).toBe('10\u2009–\u200949');
    // a maximum on a nice bound stays in the last bin instead of a bin of its own
    expect(bins([0, 35, 100]).ranges!.at(-1)).toEqual([80, 100]);
  });
});

describe('fractional data', () => {
  it('keep nice bounds and no integer ranges', () => {
    const b = bins([1.5, 2.5, 7.25]);
    expect(b.ranges).toBeUndefined();
    expect(b.bounds).toEqual([0, 2, 4, 6, 8]);
    expect(b.colors).toHaveLength(4);
    expect(binIndex(7.25, b.bounds)).toBe(3);
    expect(binIndex(8, b.bounds)).toBe(3); // the last bin is closed on the right
    expect(binLabels(b, 'num1')).toEqual(['0\u2009–\u20092', '2\u2009–\u20094', '4\u2009–\u20096', '6\u2009–\u20098']);
  });

  it('diverging bins stay symmetric with one colour per bin', () => {
    const b = bins([-1.2, 0.4, 3.1], 5, 'diverging');
    expect(b.bounds[0]).toBe(-b.bounds[b.bounds.length - 1]!);
    expect(b.colors).toHaveLength(b.bounds.length - 1);
  });

  it('no values: no bins', () => {
    expect(bins([null, undefined])).toEqual({ bounds: [], colors: [] });
  });
});
