/**
 * marts.practice_effect — the effect of each practice theme on the NOK
 * criteria it targets: difference in differences with two-way fixed effects
 * (region, year) on the region-year means of the criterion, standard errors
 * clustered by region, 95 % confidence intervals from Student's t with G − 1
 * degrees of freedom. Also the small linear algebra it needs (OLS through the
 * normal equations, with aliased columns dropped, and the cluster-robust
 * sandwich), exported for practice_event_study.ts and the unit tests.
 *
 * Estimator (docs/methodology.md, «Эффект практик»):
 *   y_rt = α_r + γ_t + β · 1{t > A_r} + Σ_{T'} θ_T' · 1{t > A'_r} + ε_rt
 * A_r is the year region r adopted the theme; the change is expected from the
 * year after adoption on. Controls are regions that never adopted it and
 * regions that adopted it later (not yet treated). Regions that adopted it
 * before the panel begins (always treated) are left out. The other themes
 * that target the same criterion enter as their own post-adoption indicators,
 * so that a region adopting two themes does not credit one with the other's change.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { ident, lit } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';

// ───────────────────────── linear algebra ─────────────────────────

export type Matrix = number[][];

/** X'X and X'y. */
export function crossprod(X: Matrix, y?: number[]): { xtx: Matrix; xty: number[] } {
  const k = X[0]?.length ?? 0;
  const xtx: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let r = 0; r < X.length; r++) {
    const row = X[r]!;
    for (let i = 0; i < k; i++) {
      const xi = row[i]!;
      if (xi === 0) continue;
      if (y) xty[i]! += xi * y[r]!;
      for (let j = i; j < k; j++) xtx[i]![j]! += xi * row[j]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) xtx[i]![j] = xtx[j]![i]!;
  return { xtx, xty };
}

/**
 * Cholesky factorisation of a symmetric positive semi-definite matrix, taking
 * columns in order and dropping a column that is (numerically) a linear
 * combination of the ones kept before it. Returns the kept columns and the
 * inverse of the kept sub-matrix.
 */
export function invertSymmetric(A: Matrix, tol = 1e-10): { kept: number[]; inverse: Matrix } {
  const n = A.length;
  const kept: number[] = [];
  const L: Matrix = [];
  for (let j = 0; j < n; j++) {
    const m = kept.length;
    // forward substitution: L · l = A[kept][j]
    const l = new Array<number>(m).fill(0);
    for (let i = 0; i < m; i++) {
      let s = A[kept[i]!]![j]!;
      for (let p = 0; p < i; p++) s -= L[i]![p]! * l[p]!;
      l[i] = s / L[i]![i]!;
    }
    const v = A[j]![j]! - l.reduce((a, x) => a + x * x, 0);
    if (!(v > tol * Math.max(Math.abs(A[j]![j]!), 1e-300))) continue;
    L.push([...l, Math.sqrt(v)]);
    kept.push(j);
  }
  const m = kept.length;
  // L⁻¹ by forward substitution, then (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹
  const Li: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let c = 0; c < m; c++) {
    for (let i = c; i < m; i++) {
      let s = i === c ? 1 : 0;
      for (let p = c; p < i; p++) s -= L[i]![p]! * Li[p]![c]!;
      Li[i]![c] = s / L[i]![i]!;
    }
  }
  const inverse: Matrix = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      for (let p = j; p < m; p++) s += Li[p]![i]! * Li[p]![j]!;
      inverse[i]![j] = s;
      inverse[j]![i] = s;
    }
  }
  return { kept, inverse };
}

export interface OlsResult {
  /** Coefficients by column of X (NaN for a dropped, aliased column). */
  beta: number[];
  /** Cluster-robust covariance (CR1) over all columns (NaN rows/columns for dropped ones). */
  vcov: Matrix;
  residuals: number[];
  /** Columns dropped as linear combinations of earlier ones. */
  dropped: number[];
  n: number;
  /** Columns kept (rank of X). */
  k: number;
  clusters: number;
}

/**
 * Ordinary least squares with a cluster-robust sandwich:
 *   V = c · (X'X)⁻¹ (Σ_g X_g' u_g u_g' X_g) (X'X)⁻¹,  c = G/(G − 1) · (N − 1)/(N − K)
 * (the small-sample factor Stata uses for `vce(cluster)`).
 */
export function olsCluster(X: Matrix, y: number[], cluster: (string | number)[]): OlsResult {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  const { xtx, xty } = crossprod(X, y);
  const { kept, inverse } = invertSymmetric(xtx);
  const k = kept.length;
  const bk = kept.map((_, i) => kept.reduce((s, c, j) => s + inverse[i]![j]! * xty[c]!, 0));
  const beta = new Array<number>(p).fill(Number.NaN);
  kept.forEach((c, i) => (beta[c] = bk[i]!));
  const residuals = X.map((row, r) => y[r]! - kept.reduce((s, c, i) => s + row[c]! * bk[i]!, 0));
  // meat: Σ_g s_g s_g', s_g = Σ_{r in g} x_r u_r (kept columns)
  const scores = new Map<string | number, number[]>();
  for (let r = 0; r < n; r++) {
    let s = scores.get(cluster[r]!);
    if (!s) scores.set(cluster[r]!, (s = new Array<number>(k).fill(0)));
    const u = residuals[r]!;
    kept.forEach((c, i) => (s![i]! += X[r]![c]! * u));
  }
  const G = scores.size;
  const meat: Matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const s of scores.values()) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) meat[i]![j]! += s[i]! * s[j]!;
  const c = G > 1 && n > k ? (G / (G - 1)) * ((n - 1) / (n - k)) : Number.NaN;
  const half = matmul(inverse, meat);
  const vk = matmul(half, inverse);
  const vcov: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(Number.NaN));
  kept.forEach((ci, i) => kept.forEach((cj, j) => (vcov[ci]![cj] = c * vk[i]![j]!)));
  return { beta, vcov, residuals, dropped: [...Array(p).keys()].filter((i) => !kept.includes(i)), n, k, clusters: G };
}

export function matmul(A: Matrix, B: Matrix): Matrix {
  const n = A.length;
  const m = B[0]?.length ?? 0;
  const q = B.length;
  const out: Matrix = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) for (let p = 0; p < q; p++) {
    const a = A[i]![p]!;
    if (a === 0) continue;
    for (let j = 0; j < m; j++) out[i]![j]! += a * B[p]![j]!;
  }
  return out;
}

// ───────────────────────── Student's t ─────────────────────────

function lnGamma(x: number): number {
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const cj of c) ser += cj / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

function betacf(a: number, b: number, x: number): number {
  const FPMIN = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 3e-16) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (bt * betacf(a, b, x)) / a : 1 - (bt * betacf(b, a, 1 - x)) / b;
}

/** Two-sided p-value of a t statistic with df degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t) || !(df > 0)) return Number.NaN;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** Quantile of Student's t: P(T ≤ q) = p, for p in (0.5, 1). */
export function tQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1e4;
  const target = 2 * (1 - p);
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedP(mid, df) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Holm's step-down adjustment of p-values (family-wise error). */
export function holm(pvalues: number[]): number[] {
  const idx = pvalues.map((p, i) => ({ p, i })).filter((x) => Number.isFinite(x.p)).sort((a, b) => a.p - b.p);
  const m = idx.length;
  const out = pvalues.map(() => Number.NaN);
  let running = 0;
  idx.forEach(({ p, i }, r) => {
    running = Math.max(running, Math.min(1, (m - r) * p));
    out[i] = running;
  });
  return out;
}

// ───────────────────────── the estimation ─────────────────────────

export interface PanelRow {
  region_code: string;
  year: number;
  criterion: string;
  mean_score: number;
  is_synthetic: boolean;
}
export interface AdoptionRow {
  region_code: string;
  theme: string;
  adoption_year: number;
  is_synthetic: boolean;
}
export interface TargetRow {
  theme: string;
  theme_title: string;
  criterion: string;
}

export interface EffectRow {
  theme: string;
  theme_title: string;
  criterion: string;
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  p_value_holm: number | null;
  is_significant: boolean;
  is_significant_holm: boolean;
  n_treated_regions: number;
  n_control_regions: number;
  n_always_treated: number;
  n_obs: number;
  df: number;
  baseline_mean: number | null;
  first_year: number;
  last_year: number;
  is_synthetic: boolean;
}

export interface EventRow {
  theme: string;
  theme_title: string;
  criterion: string;
  rel_year: number;
  estimate: number;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n_regions: number;
  is_reference: boolean;
  is_synthetic: boolean;
}

interface Design {
  X: Matrix;
  y: number[];
  cluster: string[];
  /** Column of each named effect. */
  col: Map<string, number>;
}

/** Two-way fixed-effects design: intercept, region and year dummies (first of each left out), then the extra columns. */
function twfe(rows: PanelRow[], extra: { name: string; value: (r: PanelRow) => number }[]): Design {
  const regions = [...new Set(rows.map((r) => r.region_code))].sort();
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const rIdx = new Map(regions.slice(1).map((r, i) => [r, 1 + i]));
  const yIdx = new Map(years.slice(1).map((y, i) => [y, regions.length + i]));
  const base = regions.length + years.length - 1;
  const col = new Map(extra.map((e, i) => [e.name, base + i]));
  const X = rows.map((r) => {
    const row = new Array<number>(base + extra.length).fill(0);
    row[0] = 1;
    const ri = rIdx.get(r.region_code);
    if (ri !== undefined) row[ri] = 1;
    const yi = yIdx.get(r.year);
    if (yi !== undefined) row[yi] = 1;
    extra.forEach((e, i) => (row[base + i] = e.value(r)));
    return row;
  });
  return { X, y: rows.map((r) => r.mean_score), cluster: rows.map((r) => r.region_code), col };
}

export interface Fit {
  effects: EffectRow[];
  events: EventRow[];
}

/** Fit the DiD and the event study of every theme on every criterion it targets. */
export function estimateEffects(panel: PanelRow[], adoption: AdoptionRow[], targets: TargetRow[], level = 0.95): Fit {
  const effects: EffectRow[] = [];
  const events: EventRow[] = [];
  const adopted = new Map<string, Map<string, number>>(); // theme → region → year
  for (const a of adoption) {
    if (!adopted.has(a.theme)) adopted.set(a.theme, new Map());
    adopted.get(a.theme)!.set(a.region_code, a.adoption_year);
  }
  const adoptionSynthetic = adoption.some((a) => a.is_synthetic);
  for (const t of targets) {
    const all = panel.filter((r) => r.criterion === t.criterion);
    if (!all.length) continue;
    const years = [...new Set(all.map((r) => r.year))].sort((a, b) => a - b);
    const first = years[0]!;
    const last = years[years.length - 1]!;
    const A = adopted.get(t.theme) ?? new Map<string, number>();
    const allRegions = new Set(all.map((r) => r.region_code));
    const always = [...allRegions].filter((r) => A.has(r) && A.get(r)! < first);
    const rows = all.filter((r) => !always.includes(r.region_code));
    const regions = new Set(rows.map((r) => r.region_code));
    const treated = [...regions].filter((r) => A.has(r) && A.get(r)! < last);
    const control = [...regions].filter((r) => !A.has(r) || A.get(r)! >= last);
    const others = targets.filter((o) => o.criterion === t.criterion && o.theme !== t.theme).map((o) => o.theme);
    const otherCols = others.map((o) => ({
      name: `other:${o}`,
      value: (r: PanelRow) => {
        const y = adopted.get(o)?.get(r.region_code);
        return y !== undefined && r.year > y ? 1 : 0;
      },
    }));
    const isSynthetic = adoptionSynthetic || rows.some((r) => r.is_synthetic);
    const baseRows = rows.filter((r) => treated.includes(r.region_code) && r.year <= A.get(r.region_code)!);
    const baseline = baseRows.length ? baseRows.reduce((s, r) => s + r.mean_score, 0) / baseRows.length : null;

    // difference in differences
    const did = twfe(rows, [{ name: 'post', value: (r) => (A.has(r.region_code) && r.year > A.get(r.region_code)! ? 1 : 0) }, ...otherCols]);
    const fit = olsCluster(did.X, did.y, did.cluster);
    const df = fit.clusters - 1;
    const q = tQuantile(0.5 + level / 2, df);
    const j = did.col.get('post')!;
    const b = fit.beta[j]!;
    const se = Math.sqrt(fit.vcov[j]![j]!);
    const ok = treated.length > 0 && Number.isFinite(b) && Number.isFinite(se) && se > 0;
    const p = ok ? tTwoSidedP(b / se, df) : Number.NaN;
    effects.push({
      theme: t.theme,
      theme_title: t.theme_title,
      criterion: t.criterion,
      estimate: ok ? b : null,
      se: ok ? se : null,
      ci_low: ok ? b - q * se : null,
      ci_high: ok ? b + q * se : null,
      p_value: ok ? p : null,
      p_value_holm: null,
      is_significant: ok && p < 1 - level,
      is_significant_holm: false,
      n_treated_regions: treated.length,
      n_control_regions: control.length,
      n_always_treated: always.length,
      n_obs: rows.length,
      df,
      baseline_mean: baseline,
      first_year: first,
      last_year: last,
      is_synthetic: isSynthetic,
    });

    // event study: dummies for each year relative to adoption, reference −1
    const rel = (r: PanelRow): number | null => (A.has(r.region_code) ? r.year - A.get(r.region_code)! : null);
    const ks = [...new Set(rows.map(rel).filter((k): k is number => k !== null && k !== -1))].sort((a, b) => a - b);
    const es = twfe(rows, [...ks.map((k) => ({ name: `k:${k}`, value: (r: PanelRow) => (rel(r) === k ? 1 : 0) })), ...otherCols]);
    const efit = olsCluster(es.X, es.y, es.cluster);
    const eq = tQuantile(0.5 + level / 2, efit.clusters - 1);
    const nAt = (k: number): number => new Set(rows.filter((r) => rel(r) === k).map((r) => r.region_code)).size;
    if (treated.length || A.size) {
      events.push({ theme: t.theme, theme_title: t.theme_title, criterion: t.criterion, rel_year: -1, estimate: 0, se: null, ci_low: 0, ci_high: 0, n_regions: nAt(-1), is_reference: true, is_synthetic: isSynthetic });
      for (const k of ks) {
        const c = es.col.get(`k:${k}`)!;
        const bk = efit.beta[c]!;
        const sk = Math.sqrt(efit.vcov[c]![c]!);
        if (!Number.isFinite(bk)) continue;
        const good = Number.isFinite(sk) && sk > 0;
        events.push({
          theme: t.theme,
          theme_title: t.theme_title,
          criterion: t.criterion,
          rel_year: k,
          estimate: bk,
          se: good ? sk : null,
          ci_low: good ? bk - eq * sk : null,
          ci_high: good ? bk + eq * sk : null,
          n_regions: nAt(k),
          is_reference: false,
          is_synthetic: isSynthetic,
        });
      }
    }
  }
  const adj = holm(effects.map((e) => e.p_value ?? Number.NaN));
  effects.forEach((e, i) => {
    e.p_value_holm = Number.isFinite(adj[i]!) ? adj[i]! : null;
    e.is_significant_holm = e.p_value_holm !== null && e.p_value_holm < 1 - level;
  });
  return { effects, events };
}

/** Read the panel, the adoption years and the theme targets from the warehouse and fit. */
export async function fitFromWarehouse(db: Db): Promise<Fit> {
  const panel = await db.all<PanelRow & Record<string, unknown>>(
    `SELECT region_code, year::INTEGER AS year, criterion, mean_score, is_synthetic FROM intermediate.int_did_panel ORDER BY criterion, region_code, year`,
  );
  const adoption = await db.all<AdoptionRow & Record<string, unknown>>(
    `SELECT region_code, theme, adoption_year::INTEGER AS adoption_year, is_synthetic FROM intermediate.int_adoption ORDER BY theme, region_code`,
  );
  const targets = await db.all<TargetRow & Record<string, unknown>>(`SELECT theme, theme_title, criterion FROM staging.stg_theme_target ORDER BY theme, criterion`);
  return estimateEffects(panel, adoption, targets);
}

/** Write rows (a few hundred at most) to a new table with the given column types. */
export async function writeTable(db: Db, table: string, columns: [string, string][], rows: Record<string, unknown>[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${table} (${columns.map(([c, t]) => `${ident(c)} ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => `(${columns.map(([c, t]) => {
      const v = r[c];
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'NULL';
      return `${lit(v as string | number | boolean)}::${t}`;
    }).join(', ')})`);
    await db.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
}

export const EFFECT_COLUMNS: [string, string][] = [
  ['theme', 'VARCHAR'], ['theme_title', 'VARCHAR'], ['criterion', 'VARCHAR'],
  ['estimate', 'DOUBLE'], ['se', 'DOUBLE'], ['ci_low', 'DOUBLE'], ['ci_high', 'DOUBLE'],
  ['p_value', 'DOUBLE'], ['p_value_holm', 'DOUBLE'], ['is_significant', 'BOOLEAN'], ['is_significant_holm', 'BOOLEAN'],
  ['n_treated_regions', 'INTEGER'], ['n_control_regions', 'INTEGER'], ['n_always_treated', 'INTEGER'], ['n_obs', 'INTEGER'], ['df', 'INTEGER'],
  ['baseline_mean', 'DOUBLE'], ['first_year', 'INTEGER'], ['last_year', 'INTEGER'], ['is_synthetic', 'BOOLEAN'],
];

export async function build(db: Db, model: Model): Promise<void> {
  const { effects } = await fitFromWarehouse(db);
  await writeTable(db, `${model.layer}.${model.name}`, EFFECT_COLUMNS, effects as unknown as Record<string, unknown>[]);
}
