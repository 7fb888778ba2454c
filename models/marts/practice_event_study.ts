/**
 * marts.practice_event_study — the event study behind marts.practice_effect:
 * for each theme and targeted criterion, the difference from the year before
 * adoption (relative year −1, the reference, = 0) in each year relative to
 * adoption, two-way fixed effects, standard errors clustered by region.
 * Flat pre-adoption coefficients support the parallel-trends assumption;
 * the planted effects of the synthetic data appear from relative year +1.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { fitFromWarehouse, writeTable } from './practice_effect.ts';

const COLUMNS: [string, string][] = [
  ['theme', 'VARCHAR'], ['theme_title', 'VARCHAR'], ['criterion', 'VARCHAR'], ['rel_year', 'INTEGER'],
  ['estimate', 'DOUBLE'], ['se', 'DOUBLE'], ['ci_low', 'DOUBLE'], ['ci_high', 'DOUBLE'],
  ['n_regions', 'INTEGER'], ['is_reference', 'BOOLEAN'], ['is_synthetic', 'BOOLEAN'],
];

export async function build(db: Db, model: Model): Promise<void> {
  const { events } = await fitFromWarehouse(db);
  await writeTable(db, `${model.layer}.${model.name}`, COLUMNS, events as unknown as Record<string, unknown>[]);
}
