/**
 * marts.practice_effect_cohort — the effect of each practice theme on each targeted criterion by
 * adoption cohort (the regions that adopted it in the same year), averaged over the cohort's years
 * after adoption (models/lib/stats/cs.ts).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { fitFromWarehouse } from '../lib/effect-inputs.ts';
import { writeTable } from '../lib/table.ts';

const COLUMNS: [string, string][] = [
  ['theme', 'VARCHAR'], ['theme_title', 'VARCHAR'], ['criterion', 'VARCHAR'], ['adoption_year', 'INTEGER'],
  ['estimate', 'DOUBLE'], ['se', 'DOUBLE'], ['ci_low', 'DOUBLE'], ['ci_high', 'DOUBLE'],
  ['n_regions', 'INTEGER'], ['n_years', 'INTEGER'], ['is_synthetic', 'BOOLEAN'],
];

export async function build(db: Db, model: Model): Promise<void> {
  const { cohorts } = await fitFromWarehouse(db);
  await writeTable(db, model.id, COLUMNS, cohorts);
}
