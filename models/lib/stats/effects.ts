/**
 * The effect of each practice theme on each NOK criterion it targets
 * (docs/methodology.md, «Эффект практик»): the group-time estimator (cs.ts)
 * gives the headline effect, the event study and the effects by cohort, with
 * the pre-trend test and the minimum detectable effect; the two-way
 * fixed-effects estimate (twfe.ts) stands beside it as a comparison; Holm's
 * adjustment runs over all theme × criterion pairs.
 */
import { groupTimeEffects } from './cs.ts';
import { twfeEffect, type TwfeRow } from './twfe.ts';
import { normalQuantile } from './dist.ts';
import { holm } from './multiple.ts';
import { hashSeed } from './random.ts';

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

interface Keys {
  theme: string;
  theme_title: string;
  criterion: string;
}

export interface EffectRow extends Keys {
  estimate: number | null;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p_value: number | null;
  p_value_holm: number | null;
  is_significant: boolean;
  is_significant_holm: boolean;
  mde: number | null;
  pretrend_p_value: number | null;
  pretrend_ok: boolean | null;
  estimate_twfe: number | null;
  twfe_ci_low: number | null;
  twfe_ci_high: number | null;
  n_treated_regions: number;
  n_control_regions: number;
  n_always_treated: number;
  n_cohorts: number;
  n_obs: number;
  df: number;
  baseline_mean: number | null;
  first_year: number;
  last_year: number;
  is_synthetic: boolean;
}

export interface EventRow extends Keys {
  rel_year: number;
  estimate: number;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  band_low: number | null;
  band_high: number | null;
  n_regions: number;
  is_reference: boolean;
  is_synthetic: boolean;
}

export interface CohortRow extends Keys {
  adoption_year: number;
  estimate: number;
  se: number | null;
  ci_low: number | null;
  ci_high: number | null;
  n_regions: number;
  n_years: number;
  is_synthetic: boolean;
}

export interface Fit {
  effects: EffectRow[];
  events: EventRow[];
  cohorts: CohortRow[];
}

export interface EffectOptions {
  level?: number;
  /** Bootstrap replicates per theme × criterion (default 999). */
  reps?: number;
  /** Seed of the bootstrap; each theme × criterion draws from its own stream (seed + hash of its names). */
  seed?: number;
  /** Power of the minimum detectable effect (default 0.8). */
  power?: number;
}

export const BOOTSTRAP_SEED = 20231;

/** Fit every theme on every criterion it targets. */
export function estimateEffects(panel: PanelRow[], adoption: AdoptionRow[], targets: TargetRow[], opts: EffectOptions = {}): Fit {
  const level = opts.level ?? 0.95;
  const alpha = 1 - level;
  const mdeFactor = normalQuantile(1 - alpha / 2) + normalQuantile(opts.power ?? 0.8);
  const effects: EffectRow[] = [];
  const events: EventRow[] = [];
  const cohorts: CohortRow[] = [];
  const adopted = new Map<string, Map<string, number>>(); // theme → region → year
  for (const a of adoption) {
    if (!adopted.has(a.theme)) adopted.set(a.theme, new Map());
    adopted.get(a.theme)!.set(a.region_code, a.adoption_year);
  }
  const adoptionSynthetic = adoption.some((a) => a.is_synthetic);
  for (const t of targets) {
    const all = panel.filter((r) => r.criterion === t.criterion);
    if (!all.length) continue;
    const keys: Keys = { theme: t.theme, theme_title: t.theme_title, criterion: t.criterion };
    const years = [...new Set(all.map((r) => r.year))].sort((a, b) => a - b);
    const first = years[0]!;
    const last = years[years.length - 1]!;
    const A = adopted.get(t.theme) ?? new Map<string, number>();
    const always = new Set([...new Set(all.map((r) => r.region_code))].filter((r) => A.has(r) && A.get(r)! < first));
    const rows = all.filter((r) => !always.has(r.region_code));
    const isSynthetic = adoptionSynthetic || rows.some((r) => r.is_synthetic);
    const baseRows = rows.filter((r) => A.has(r.region_code) && A.get(r.region_code)! < last && r.year <= A.get(r.region_code)!);
    const baseline = baseRows.length ? baseRows.reduce((s, r) => s + r.mean_score, 0) / baseRows.length : null;

    const obs = rows.map((r) => ({ region: r.region_code, year: r.year, y: r.mean_score }));
    const cs = groupTimeEffects(obs, A, { reps: opts.reps, level, seed: hashSeed(`${t.theme}|${t.criterion}`, opts.seed ?? BOOTSTRAP_SEED) });
    const others = targets.filter((o) => o.criterion === t.criterion && o.theme !== t.theme).map((o) => adopted.get(o.theme) ?? new Map<string, number>());
    const tw = twfeEffect(obs as TwfeRow[], A, others, level);
    const o = cs.overall;
    const se = o?.se ?? null;
    effects.push({
      ...keys,
      estimate: o?.estimate ?? null,
      se,
      ci_low: o?.ci_low ?? null,
      ci_high: o?.ci_high ?? null,
      p_value: o?.p_value ?? null,
      p_value_holm: null,
      is_significant: o?.p_value != null && o.p_value < alpha,
      is_significant_holm: false,
      mde: se === null ? null : mdeFactor * se,
      pretrend_p_value: cs.pretrend?.p_value ?? null,
      pretrend_ok: cs.pretrend ? cs.pretrend.p_value >= alpha : null,
      estimate_twfe: tw.estimate,
      twfe_ci_low: tw.ci_low,
      twfe_ci_high: tw.ci_high,
      n_treated_regions: cs.n_treated,
      n_control_regions: cs.n_never,
      n_always_treated: always.size,
      n_cohorts: cs.cohorts.length,
      n_obs: cs.n_obs,
      df: tw.df,
      baseline_mean: baseline,
      first_year: first,
      last_year: last,
      is_synthetic: isSynthetic,
    });
    for (const e of cs.events) {
      events.push({ ...keys, rel_year: e.rel_year, estimate: e.estimate, se: e.se, ci_low: e.ci_low, ci_high: e.ci_high, band_low: e.band_low, band_high: e.band_high, n_regions: e.n_regions, is_reference: e.is_reference, is_synthetic: isSynthetic });
    }
    for (const c of cs.cohorts) {
      cohorts.push({ ...keys, adoption_year: c.adoption_year, estimate: c.estimate, se: c.se, ci_low: c.ci_low, ci_high: c.ci_high, n_regions: c.n_regions, n_years: c.n_years, is_synthetic: isSynthetic });
    }
  }
  const adj = holm(effects.map((e) => e.p_value ?? Number.NaN));
  effects.forEach((e, i) => {
    e.p_value_holm = Number.isFinite(adj[i]!) ? adj[i]! : null;
    e.is_significant_holm = e.p_value_holm !== null && e.p_value_holm < alpha;
  });
  return { effects, events, cohorts };
}
