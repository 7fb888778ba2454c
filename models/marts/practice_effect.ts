/**
 * marts.practice_effect — the effect of each practice theme on each NOK criterion it targets:
 * group-time estimate (headline), pre-trend test, minimum detectable effect, and the two-way
 * fixed-effects estimate beside it. The estimators are models/lib/stats/ (docs/methodology.md,
 * «Эффект практик»).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { fitFromWarehouse } from '../lib/effect-inputs.ts';
import { writeTable } from '../lib/table.ts';

const COLUMNS: [string, string][] = [
  ['theme', 'VARCHAR'], ['theme_title', 'VARCHAR'], ['criterion', 'VARCHAR'],
  ['estimate', 'DOUBLE'], ['se', 'DOUBLE'], ['ci_low', 'DOUBLE'], ['ci_high', 'DOUBLE'],
  ['p_value', 'DOUBLE'], ['p_value_holm', 'DOUBLE'], ['is_significant', 'BOOLEAN'], ['is_significant_holm', 'BOOLEAN'],
  ['mde', 'DOUBLE'], ['pretrend_p_value', 'DOUBLE'], ['pretrend_ok', 'BOOLEAN'],
  ['estimate_twfe', 'DOUBLE'], ['twfe_ci_low', 'DOUBLE'], ['twfe_ci_high', 'DOUBLE'],
  ['n_treated_regions', 'INTEGER'], ['n_control_regions', 'INTEGER'], ['n_always_treated', 'INTEGER'], ['n_cohorts', 'INTEGER'],
  ['n_obs', 'INTEGER'], ['df', 'INTEGER'],
  ['baseline_mean', 'DOUBLE'], ['first_year', 'INTEGER'], ['last_year', 'INTEGER'], ['is_synthetic', 'BOOLEAN'],
];

export async function build(db: Db, model: Model): Promise<void> {
  const { effects } = await fitFromWarehouse(db);
  await writeTable(db, model.id, COLUMNS, effects);
}
