/**
 * The inputs of the practice-effect models (marts.practice_effect,
 * marts.practice_event_study, marts.practice_effect_cohort): the region × year ×
 * criterion panel, the adoption years and the theme targets, read from the
 * warehouse and fitted by models/lib/stats/effects.ts. The three models declare
 * these three tables in depends_on; the fit (a couple of seconds) is made once and
 * reused while the inputs are the same.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { estimateEffects, type AdoptionRow, type Fit, type PanelRow, type TargetRow } from './stats/effects.ts';

/** The last fit and the inputs it was made from: the three models of one build share it. */
let last: { key: string; fit: Fit } | null = null;

export async function fitFromWarehouse(db: Db): Promise<Fit> {
  const panel = await db.all<PanelRow & Record<string, unknown>>(
    `SELECT region_code, year::INTEGER AS year, criterion, mean_score, is_synthetic FROM intermediate.int_did_panel ORDER BY criterion, region_code, year`,
  );
  const adoption = await db.all<AdoptionRow & Record<string, unknown>>(
    `SELECT region_code, theme, adoption_year::INTEGER AS adoption_year, is_synthetic FROM intermediate.int_adoption ORDER BY theme, region_code`,
  );
  const targets = await db.all<TargetRow & Record<string, unknown>>(`SELECT theme, theme_title, criterion FROM staging.stg_theme_target ORDER BY theme, criterion`);
  const key = JSON.stringify([panel, adoption, targets]);
  if (last?.key !== key) last = { key, fit: estimateEffects(panel, adoption, targets) };
  return last.fit;
}
