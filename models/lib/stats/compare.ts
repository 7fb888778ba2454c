/**
 * Comparing regions honestly (docs/methodology.md, «Сравнение регионов»):
 * the interval of a mean, the classification against Russia, plausible
 * places by simulation, funnel-plot limits and the context distance of
 * statistical neighbours. Pure functions; tests/unit/compare-stats.test.ts
 * checks them on hand-worked cases.
 */

import { tQuantile } from './dist.ts';

// ---------------------------------------------------------------- distributions (Student's t: dist.ts)

export { tQuantile };

/** Standard normal quantile (Acklam's rational approximation, relative error < 1,2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p = ${p} вне (0, 1)`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

// ---------------------------------------------------------------- interval and classification

export interface Summary {
  n: number;
  mean: number;
  /** sample standard deviation (n − 1 in the denominator) */
  sd: number;
}

export function summarize(values: number[]): Summary {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  return { n, mean, sd };
}

/** Interval of the mean: mean ± t(1 − α/2; n − 1) · sd / √n; null when n < 2. */
export function meanInterval(s: Summary, level = 0.95): { low: number; high: number } | null {
  if (!(s.n >= 2) || !Number.isFinite(s.sd)) return null;
  const half = tQuantile(1 - (1 - level) / 2, s.n - 1) * (s.sd / Math.sqrt(s.n));
  return { low: s.mean - half, high: s.mean + half };
}

export const VS_RUSSIA = ['выше', 'на уровне', 'ниже', 'мало данных'] as const;
export type VsRussia = (typeof VS_RUSSIA)[number];

/**
 * A region against the national mean: «выше» when its interval lies wholly above it,
 * «ниже» wholly below, «на уровне» when it contains it; «мало данных» when the region
 * has fewer than minOrgs organizations (or no interval at all).
 */
export function classifyVsReference(n: number, ci: { low: number; high: number } | null, reference: number, minOrgs: number): VsRussia {
  if (n < minOrgs || !ci) return 'мало данных';
  if (ci.low > reference) return 'выше';
  if (ci.high < reference) return 'ниже';
  return 'на уровне';
}

// ---------------------------------------------------------------- plausible places

/** The seeded generator of the bootstrap (mulberry32, random.ts): a build gives the same ranges every time. */
export { mulberry32 as rng } from './random.ts';
import { mulberry32 as rng } from './random.ts';

function normal(u: () => number): number {
  // Box–Muller; 1 − u() is in (0, 1]
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (shape ≥ 1; boosted for shape < 1). */
function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** One draw of Student's t with df degrees of freedom. */
function studentT(df: number, u: () => number): number {
  return normal(u) / Math.sqrt((2 * gamma(df / 2, u)) / df);
}

/** 1-based competition rank, descending (ties share the best place): 1 + number of strictly larger values. */
export function competitionRanks(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => b - a);
  return values.map((v) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! > v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  });
}

export interface RankInput {
  id: string;
  n: number;
  mean: number;
  sd: number;
}
export interface RankOutput {
  id: string;
  rank: number;
  rankLow: number;
  rankHigh: number;
}

/**
 * Plausible places: in each of `draws` simulated worlds every region's mean is drawn from its
 * sampling distribution, mean + sd/√n · T(n − 1) (a region with sd = 0 keeps its mean), and the
 * regions are ranked; rankLow/rankHigh are the (1 − level)/2 and (1 + level)/2 quantiles of a
 * region's simulated places (nearest rank), widened if needed to contain its observed place, so
 * always rankLow ≤ rank ≤ rankHigh. Needs n ≥ 2 for every input.
 */
export function rankRanges(items: RankInput[], opts: { draws: number; seed: number; level?: number }): RankOutput[] {
  const level = opts.level ?? 0.95;
  const u = rng(opts.seed);
  const k = items.length;
  const observed = competitionRanks(items.map((i) => i.mean));
  const places: Int32Array[] = items.map(() => new Int32Array(opts.draws));
  const sim = new Array<number>(k);
  for (let d = 0; d < opts.draws; d++) {
    for (let i = 0; i < k; i++) {
      const it = items[i]!;
      if (!(it.n >= 2)) throw new RangeError(`rankRanges: у «${it.id}» n = ${it.n} < 2`);
      sim[i] = it.sd > 0 ? it.mean + (it.sd / Math.sqrt(it.n)) * studentT(it.n - 1, u) : it.mean;
    }
    const r = competitionRanks(sim);
    for (let i = 0; i < k; i++) places[i]![d] = r[i]!;
  }
  const qLow = (1 - level) / 2;
  const qHigh = 1 - qLow;
  return items.map((it, i) => {
    const p = places[i]!.sort();
    const at = (q: number): number => p[Math.min(p.length - 1, Math.max(0, Math.ceil(q * p.length) - 1))]!;
    const rank = observed[i]!;
    return { id: it.id, rank, rankLow: Math.min(rank, at(qLow)), rankHigh: Math.max(rank, at(qHigh)) };
  });
}

// ---------------------------------------------------------------- funnel plot

/** Two-sided normal multipliers of the funnel's control limits: 95 % (1,96) and 99,8 % (3,09). */
export const FUNNEL_LEVELS = [0.95, 0.998] as const;
export function funnelZ(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Control limits of a mean of n units around a target with unit-level sd: target ± z · sd / √n. */
export function funnelLimits(target: number, sd: number, n: number, level: number): { low: number; high: number } {
  const half = funnelZ(level) * (sd / Math.sqrt(n));
  return { low: target - half, high: target + half };
}

export const FUNNEL_ZONES = ['выше 99,8 %', 'выше 95 %', 'в пределах', 'ниже 95 %', 'ниже 99,8 %'] as const;
export type FunnelZone = (typeof FUNNEL_ZONES)[number];

/** Where a point lies: outside the 99,8 % limits, between 95 % and 99,8 %, or inside 95 %. */
export function funnelZone(value: number, target: number, sd: number, n: number): FunnelZone {
  const l95 = funnelLimits(target, sd, n, 0.95);
  const l998 = funnelLimits(target, sd, n, 0.998);
  if (value > l998.high) return 'выше 99,8 %';
  if (value > l95.high) return 'выше 95 %';
  if (value < l998.low) return 'ниже 99,8 %';
  if (value < l95.low) return 'ниже 95 %';
  return 'в пределах';
}

/**
 * Unit-level spread implied by the regions' scatter around the target, for measures known only as
 * region totals (cost per organization): s² = mean of n·(y − target)² over the regions, with the
 * standardized residuals √n·(y − target) winsorized at their 10th and 90th percentiles
 * (Spiegelhalter 2005, overdispersed funnel plots), so a single extreme region does not widen
 * every limit.
 */
export function impliedUnitSd(points: { n: number; value: number }[], target: number, winsor = 0.1): number {
  const z = points.filter((p) => p.n > 0).map((p) => Math.sqrt(p.n) * (p.value - target));
  if (!z.length) return Number.NaN;
  const sorted = [...z].sort((a, b) => a - b);
  const q = (f: number): number => {
    const pos = f * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  };
  const lo = q(winsor);
  const hi = q(1 - winsor);
  return Math.sqrt(z.reduce((s, v) => s + Math.min(hi, Math.max(lo, v)) ** 2, 0) / z.length);
}

/** n values for drawing limit curves: every integer up to 20, then about 40 log-spaced points up to max. */
export function funnelGrid(maxN: number): number[] {
  const out = new Set<number>();
  const top = Math.max(2, Math.ceil(maxN * 1.1 - 1e-9));
  for (let n = 1; n <= Math.min(20, top); n++) out.add(n);
  for (let i = 0; i <= 40; i++) out.add(Math.round(Math.exp(Math.log(20) + ((Math.log(top) - Math.log(20)) * i) / 40)));
  return [...out].filter((n) => n >= 1 && n <= top).sort((a, b) => a - b);
}

// ---------------------------------------------------------------- statistical neighbours

export interface Feature {
  key: string;
  label: string;
  /** log-transform before standardizing (counts and volumes) */
  log?: boolean;
  /** weight of the squared standardized difference (default 1): five spheres of one idea weigh 1/5 each */
  weight?: number;
}
export interface NeighbourRow {
  id: string;
  neighbour: string;
  rank: number;
  distance: number;
  /** squared standardized difference per feature key; their sum is distance² */
  parts: Record<string, number>;
}

/**
 * The k nearest regions by weighted Euclidean distance over standardized context features
 * (optionally log(1 + x)): distance² = Σ weight · (z_a − z_b)². A feature missing for either
 * region is left out of that pair's distance and the rest rescaled to the full weight.
 * Ties broken by id.
 */
export function nearestNeighbours(rows: { id: string; values: Record<string, number | null> }[], features: Feature[], k = 10): NeighbourRow[] {
  const tr = (f: Feature, v: number | null | undefined): number | null => (v == null || !Number.isFinite(v) ? null : f.log ? Math.log1p(Math.max(0, v)) : v);
  const scale = features.map((f) => {
    const xs = rows.map((r) => tr(f, r.values[f.key])).filter((v): v is number => v !== null);
    const s = summarize(xs);
    return { mean: s.mean, sd: s.sd > 0 ? s.sd : 1 };
  });
  const z = rows.map((r) => features.map((f, j) => {
    const v = tr(f, r.values[f.key]);
    return v === null ? null : (v - scale[j]!.mean) / scale[j]!.sd;
  }));
  const out: NeighbourRow[] = [];
  rows.forEach((r, i) => {
    const cand: NeighbourRow[] = [];
    rows.forEach((o, j) => {
      if (i === j) return;
      const parts: Record<string, number> = {};
      let used = 0;
      let sum = 0;
      features.forEach((f, t) => {
        const a = z[i]![t];
        const b = z[j]![t];
        if (a == null || b == null) return;
        parts[f.key] = (f.weight ?? 1) * (a - b) ** 2;
        sum += parts[f.key]!;
        used++;
      });
      if (!used) return;
      const wAll = features.reduce((s2, f) => s2 + (f.weight ?? 1), 0);
      const wUsed = features.reduce((s2, f) => s2 + (parts[f.key] === undefined ? 0 : f.weight ?? 1), 0);
      const factor = wAll / wUsed;
      for (const key of Object.keys(parts)) parts[key]! *= factor;
      cand.push({ id: r.id, neighbour: o.id, rank: 0, distance: Math.sqrt(sum * factor), parts });
    });
    cand.sort((a, b) => a.distance - b.distance || a.neighbour.localeCompare(b.neighbour));
    cand.slice(0, k).forEach((c, t) => out.push({ ...c, rank: t + 1 }));
  });
  return out;
}
