/**
 * marts.practice_event_study — the effect of each practice theme on each targeted criterion by
 * year relative to adoption, placebo years before it included, with pointwise intervals and
 * simultaneous bands (models/lib/stats/cs.ts).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { fitFromWarehouse } from '../lib/effect-inputs.ts';
import { writeTable } from '../lib/table.ts';

const COLUMNS: [string, string][] = [
  ['theme', 'VARCHAR'], ['theme_title', 'VARCHAR'], ['criterion', 'VARCHAR'], ['rel_year', 'INTEGER'],
  ['estimate', 'DOUBLE'], ['se', 'DOUBLE'], ['ci_low', 'DOUBLE'], ['ci_high', 'DOUBLE'], ['band_low', 'DOUBLE'], ['band_high', 'DOUBLE'],
  ['n_regions', 'INTEGER'], ['is_reference', 'BOOLEAN'], ['is_synthetic', 'BOOLEAN'],
];

export async function build(db: Db, model: Model): Promise<void> {
  const { events } = await fitFromWarehouse(db);
  await writeTable(db, model.id, COLUMNS, events);
}
