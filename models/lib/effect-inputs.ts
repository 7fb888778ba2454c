/**
 * The inputs of the practice-effect models (marts.practice_effect,
 * marts.practice_event_study): the region × year × criterion panel, the
 * adoption years and the theme targets, read from the warehouse and fitted
 * by the estimators of models/lib/stats/. Both models declare these three
 * tables in depends_on.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { estimateEffects, type AdoptionRow, type Fit, type PanelRow, type TargetRow } from './stats/did.ts';

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
