// What the templates' `slot` and `from` names mean: the rows a section of the brief found, and
// the few selections that need more than a lookup (the weakest criterion, effects with example
// practices, the practices to discuss). Thresholds and wording stay in templates.ts.
import { isMissing } from '@nok-atlas/common/fmt.js';
import type { Ctx } from '../context.ts';
import type { MartName } from '../marts.ts';
import { criterionLabel, criterionName } from '../marts.ts';
import { extremeCriterion } from '../sections/scores.ts';
import type { Row } from '../types.ts';
import { byNum, byText, sorted } from '../values.ts';

/** What a template has to work with: named rows (with their mart), words, lists of rows, practices. */
export interface Binding {
  rows: Record<string, { mart: string; row: Row }>;
  words: Record<string, string>;
  lists: Record<string, Row[]>;
  practices: Record<string, Row[]>;
}

export const binding = (b: Partial<Binding> = {}): Binding => ({ rows: {}, words: {}, lists: {}, practices: {}, ...b });

/** Rows the sections found (Ctx), by the name templates use, with the mart they come from. */
export const SLOTS: Record<string, { mart: MartName; rows: (ctx: Ctx) => Row | Row[] | undefined }> = {
  /** the region's cost benchmark (a region with paid contracts) */
  bench: { mart: 'operator_cost_benchmark', rows: (ctx) => ctx.bench?.row },
  /** the methods of the latest year */
  'procurement.last': { mart: 'procurement_method_share', rows: (ctx) => ctx.procurement?.last },
  /** the region bought from a sole supplier in the latest year */
  'region.sole_supplier': { mart: 'procurement_method_use', rows: (ctx) => ctx.regionSurvey?.soleLast },
  /** an authority of the region that sets no online requirements */
  'region.no_online_requirements': { mart: 'survey_authority', rows: (ctx) => ctx.regionSurvey?.online },
  /** the region's latest score (all spheres) */
  'region.score': { mart: 'nok_region_score', rows: (ctx) => ctx.regionScores?.last },
  /** Russia's score of the same year */
  'region.score_russia': { mart: 'nok_district_score', rows: (ctx) => ctx.regionScores?.rf },
};

const criterionWords = (e: Row) => ({ criterion_name: criterionName(e.criterion), criterion_label: criterionLabel(e.criterion) });
/** The chosen region's own practices first. */
const ownFirst = (ctx: Ctx) => (p: Row) => (ctx.scope.region_code && p.region_code === ctx.scope.region_code ? 0 : 1);

export const SELECTIONS: Record<string, (ctx: Ctx) => Binding | Binding[] | null> = {
  /** the weakest and the strongest criterion of the region's latest score, else of Russia's */
  criteria(ctx) {
    const r = ctx.regionScores;
    const s = r
      ? { last: r.last, weakest: r.weakest, mart: 'nok_region_score', where: 'в регионе' }
      : ctx.scores
        ? { last: ctx.scores.rf, weakest: ctx.scores.weakest, mart: 'nok_district_score', where: 'по России' }
        : null;
    if (!s || !s.weakest) return null;
    const best = extremeCriterion(s.last, -1);
    if (!best) return null;
    return binding({
      rows: { last: { mart: s.mart, row: s.last } },
      words: {
        weakest: s.weakest,
        best,
        weakest_name: criterionName(s.weakest),
        best_name: criterionName(best),
        weakest_label: criterionLabel(s.weakest),
        best_label: criterionLabel(best),
        where: s.where,
      },
    });
  },

  /** each effect shown, with up to three practices of its theme (the region's own first, then those with measured results) */
  effects(ctx) {
    const { T } = ctx;
    return (ctx.effects ?? []).map((e) => {
      const ids = new Set((T.practice_theme ?? []).filter((r) => r.theme === e.theme).map((r) => r.practice_id));
      const examples = sorted(
        (T.practice ?? []).filter((p) => ids.has(p.practice_id)),
        byNum(ownFirst(ctx)),
        byNum((p) => p.metric_count, -1),
        byText((p) => p.region_name),
        byText((p) => p.practice_id),
      ).slice(0, 3);
      return binding({ rows: { e: { mart: 'practice_effect', row: e } }, words: criterionWords(e), practices: { examples } });
    });
  },

  /** the estimated effects of the chosen theme (the first of them as `e`) */
  theme_effects(ctx) {
    if (!ctx.scope.theme) return null;
    const rows = (ctx.effects ?? []).filter((e) => e.theme === ctx.scope.theme && !isMissing(e.estimate));
    const e = rows[0];
    if (!e) return null;
    return binding({ rows: { e: { mart: 'practice_effect', row: e } }, lists: { effects: rows }, words: criterionWords(e) });
  },

  /** up to five practices listed: the region's own first, then those with measured results */
  practices(ctx) {
    const ps = sorted(ctx.chosenPractices ?? [], byNum(ownFirst(ctx)), byNum((p) => p.metric_count, -1));
    return ps.length ? binding({ practices: { ps: ps.slice(0, 5) } }) : null;
  },
};
