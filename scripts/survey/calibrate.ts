/**
 * The constraint logic of the survey generator, kept apart so that it can be
 * unit-tested: fitting a sum exactly under per-value bounds, splitting an
 * integer among parts, and giving procurement methods to regions so that the
 * counts of Figure 10 are met.
 */
import type { Rng } from './rng.ts';

export interface Bounded {
  value: number;
  lo: number;
  hi: number;
  /** A value the report names: never changed. */
  fixed?: boolean;
}

/**
 * Change the free values so that the sum is exactly `target`, each staying in
 * [lo, hi] and a multiple of `step` (1 = integers, 0 = real numbers): first
 * proportionally (iterating over values that hit a bound), then the rounding
 * residual is spread over the free values in random order. Throws when the
 * bounds make the target unreachable.
 */
export function fitSum(items: Bounded[], target: number, rng: Rng, step = 1): number[] {
  const out = items.map((x) => x.value);
  const free = items.map((x, i) => (x.fixed ? -1 : i)).filter((i) => i >= 0);
  const fixedSum = items.reduce((a, x) => a + (x.fixed ? x.value : 0), 0);
  const need = target - fixedSum;
  const loSum = free.reduce((a, i) => a + items[i]!.lo, 0);
  const hiSum = free.reduce((a, i) => a + items[i]!.hi, 0);
  if (need < loSum - 1e-9 || need > hiSum + 1e-9) {
    throw new Error(`fitSum: сумма ${target} недостижима: свободные значения дают от ${loSum + fixedSum} до ${hiSum + fixedSum}`);
  }
  for (const i of free) out[i] = Math.min(items[i]!.hi, Math.max(items[i]!.lo, out[i]!));
  for (let iter = 0; iter < 100; iter++) {
    const movable = free.filter((i) => (need > sum(free.map((j) => out[j]!)) ? out[i]! < items[i]!.hi : out[i]! > items[i]!.lo));
    const cur = sum(free.map((j) => out[j]!));
    const movSum = sum(movable.map((j) => out[j]!));
    if (Math.abs(need - cur) < 1e-9 || !movable.length || movSum <= 0) break;
    const k = (movSum + (need - cur)) / movSum;
    for (const i of movable) out[i] = Math.min(items[i]!.hi, Math.max(items[i]!.lo, out[i]! * k));
  }
  if (step > 0) {
    for (const i of free) {
      const it = items[i]!;
      let v = Math.round(out[i]! / step) * step;
      if (v > it.hi) v -= step;
      if (v < it.lo) v += step;
      out[i] = v;
    }
    let residual = Math.round((need - sum(free.map((j) => out[j]!))) / step) * step;
    for (let pass = 0; pass < 50 && residual !== 0; pass++) {
      for (const i of rng.shuffle(free)) {
        if (residual === 0) break;
        const it = items[i]!;
        const room = residual > 0 ? Math.floor((it.hi - out[i]!) / step) * step : -Math.floor((out[i]! - it.lo) / step) * step;
        const d = residual > 0 ? Math.min(residual, room, step * Math.max(1, Math.ceil(Math.abs(residual) / step / free.length))) : Math.max(residual, room, -step * Math.max(1, Math.ceil(Math.abs(residual) / step / free.length)));
        out[i] = out[i]! + d;
        residual -= d;
      }
    }
    if (residual !== 0) throw new Error(`fitSum: не удалось распределить остаток ${residual}`);
  }
  return out;
}

export function sum(xs: number[]): number {
  return xs.reduce((a, x) => a + x, 0);
}

/** Split a non-negative integer into parts proportional to weights (largest remainder); the parts sum to the total. */
export function splitInteger(total: number, weights: number[]): number[] {
  const w = sum(weights);
  if (!(w > 0)) throw new Error('splitInteger: веса должны быть положительны');
  const raw = weights.map((x) => (total * x) / w);
  const parts = raw.map(Math.floor);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = total - sum(parts);
  for (let k = 0; k < left; k++) parts[order[k % order.length]![1]]! += 1;
  return parts;
}

export type MethodCode = 'auction' | 'sole_supplier' | 'quotation' | 'open_contest' | 'other';

export interface YearMethodPlan {
  /** Regions that answered the question this year. */
  answering: string[];
  /** Regions with an «Иное» method this year (fixed beforehand). */
  other: string[];
  /** Regions with an open contest this year (fixed beforehand). */
  contest: string[];
  /** Regions that use an auction, quotations or the sole supplier: how many of each. */
  counts: { auction: number; quotation: number; sole_supplier: number };
  /** Contract price of each region this year (larger contracts go to auctions; the sole supplier takes the small ones). */
  price: Map<string, number>;
}

/**
 * Methods of one year. The regions outside «Иное» and open contest are ranked
 * by contract price (with noise): the largest get an auction, the next
 * quotations, the rest the sole supplier. When the counts exceed the regions
 * left (Figure 10 of 2022 sums to 104 %), the regions between the auction and
 * the sole-supplier groups use both — that is how a share total above 100 % arises.
 */
export function assignMethods(plan: YearMethodPlan, rng: Rng): Map<string, MethodCode[]> {
  const out = new Map<string, MethodCode[]>();
  const answering = new Set(plan.answering);
  for (const r of [...plan.other, ...plan.contest]) if (!answering.has(r)) throw new Error(`assignMethods: ${r} не среди ответивших`);
  const both = plan.other.filter((r) => plan.contest.includes(r));
  if (both.length) throw new Error(`assignMethods: ${both.join(', ')} одновременно в «Иное» и «Открытый конкурс»`);
  for (const r of plan.other) out.set(r, ['other']);
  for (const r of plan.contest) out.set(r, ['open_contest']);
  const rest = plan.answering.filter((r) => !out.has(r));
  const { auction, quotation, sole_supplier } = plan.counts;
  const doubles = auction + quotation + sole_supplier - rest.length;
  if (doubles < 0) throw new Error(`assignMethods: способов (${auction + quotation + sole_supplier}) меньше, чем регионов (${rest.length})`);
  if (doubles > Math.min(auction, sole_supplier)) throw new Error(`assignMethods: ${doubles} регионов с двумя способами — больше, чем аукционов или закупок у единственного поставщика`);
  const median = [...plan.price.values()].sort((a, b) => a - b)[Math.floor(plan.price.size / 2)] ?? 0;
  const ranked = rest
    .map((r) => ({ r, k: (plan.price.get(r) ?? median) * rng.lognormal(1, 0.25) }))
    .sort((a, b) => b.k - a.k || a.r.localeCompare(b.r))
    .map((x) => x.r);
  let i = 0;
  for (; i < auction - doubles; i++) out.set(ranked[i]!, ['auction']);
  for (let d = 0; d < doubles; d++, i++) out.set(ranked[i]!, ['auction', 'sole_supplier']);
  for (let q = 0; q < quotation; q++, i++) out.set(ranked[i]!, ['quotation']);
  for (; i < ranked.length; i++) out.set(ranked[i]!, ['sole_supplier']);
  return out;
}

/** How many regions use each method (a region with two methods counts in both). */
export function countMethods(assigned: Map<string, MethodCode[]>): Record<MethodCode, number> {
  const c: Record<MethodCode, number> = { auction: 0, sole_supplier: 0, quotation: 0, open_contest: 0, other: 0 };
  for (const ms of assigned.values()) for (const m of new Set(ms)) c[m] += 1;
  return c;
}
