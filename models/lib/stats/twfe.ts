/**
 * The two-way fixed-effects difference in differences, kept as a comparison
 * for the group-time estimator (cs.ts):
 *   y_rt = α_r + γ_t + β · 1{t > A_r} + Σ_{T'} θ_T' · 1{t > A'_r} + ε_rt
 * A_r is the year region r adopted the theme (the change is expected from the
 * year after); the other themes that target the same criterion enter as their
 * own post-adoption indicators. Standard errors clustered by region (CR1),
 * t with G − 1 degrees of freedom. With staggered adoption and effects that
 * change with time since adoption, β is a weighted average of comparisons in
 * which earlier adopters serve as controls for later ones, and it can be far
 * from the average effect (Goodman-Bacon 2021).
 */
import { olsCluster, type Matrix } from './linalg.ts';
import { tQuantile, tTwoSidedP } from './dist.ts';

export interface TwfeRow {
  region: string;
  year: number;
  y: number;
}

export interface TwfeEstimate {
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  df: number;
}

/** Two-way fixed-effects design: intercept, region and year dummies (first of each left out), then the extra columns. */
function design(rows: TwfeRow[], extra: ((r: TwfeRow) => number)[]): Matrix {
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const rIdx = new Map(regions.slice(1).map((r, i) => [r, 1 + i]));
  const yIdx = new Map(years.slice(1).map((y, i) => [y, regions.length + i]));
  const base = regions.length + years.length - 1;
  return rows.map((r) => {
    const row = new Array<number>(base + extra.length).fill(0);
    row[0] = 1;
    const ri = rIdx.get(r.region);
    if (ri !== undefined) row[ri] = 1;
    const yi = yIdx.get(r.year);
    if (yi !== undefined) row[yi] = 1;
    extra.forEach((f, i) => (row[base + i] = f(r)));
    return row;
  });
}

/**
 * β of the post-adoption indicator. `adoption`: region → adoption year of the theme;
 * `others`: the same for each other theme of the criterion. Rows of always-treated
 * regions should be left out by the caller.
 */
export function twfeEffect(rows: TwfeRow[], adoption: Map<string, number>, others: Map<string, number>[] = [], level = 0.95): TwfeEstimate {
  const post = (A: Map<string, number>) => (r: TwfeRow): number => (A.has(r.region) && r.year > A.get(r.region)! ? 1 : 0);
  const X = design(rows, [post(adoption), ...others.map(post)]);
  const fit = olsCluster(X, rows.map((r) => r.y), rows.map((r) => r.region));
  const df = fit.clusters - 1;
  const j = X[0]!.length - 1 - others.length;
  const b = fit.beta[j]!;
  const se = Math.sqrt(fit.vcov[j]![j]!);
  const last = Math.max(...rows.map((r) => r.year));
  const treated = rows.some((r) => adoption.has(r.region) && adoption.get(r.region)! < last);
  if (!(treated && Number.isFinite(b) && Number.isFinite(se) && se > 0)) return { estimate: null, se: null, ci_low: null, ci_high: null, p_value: null, df };
  const q = tQuantile(0.5 + level / 2, df);
  return { estimate: b, se, ci_low: b - q * se, ci_high: b + q * se, p_value: tTwoSidedP(b / se, df), df };
}
