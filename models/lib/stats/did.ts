/**
 * Difference in differences for the effect of practice themes on NOK criteria
 * (docs/methodology.md, «Эффект практик»): two-way fixed effects (region, year),
 *   y_rt = α_r + γ_t + β · 1{t > A_r} + Σ_{T'} θ_T' · 1{t > A'_r} + ε_rt,
 * and the event study with a dummy per year relative to adoption (reference −1).
 * A_r is the year region r adopted the theme; the change is expected from the
 * year after adoption on. Controls are regions that never adopted it and
 * regions that adopted it later (not yet treated). Regions that adopted it
 * before the panel begins (always treated) are left out. The other themes
 * that target the same criterion enter as their own post-adoption indicators.
 * Standard errors clustered by region (CR1), t with G − 1 degrees of freedom,
 * Holm's adjustment over all theme × criterion pairs.
 */
import { olsCluster, type Matrix } from './linalg.ts';
import { tQuantile, tTwoSidedP } from './dist.ts';
import { holm } from './multiple.ts';

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
