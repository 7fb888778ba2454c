/**
 * Settings of the region comparisons as a one-row table the SQL models read:
 * NOK_MIN_ORGS (validated in pipelines/lib/config.ts), the interval level, the
 * funnel multipliers and the seed and number of draws of the rank simulation
 * (docs/methodology.md, «Сравнение регионов»).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { loadConfig } from '../../pipelines/lib/config.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { funnelZ } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

/** Fixed, so that two builds give the same rank ranges. */
export const RANK_SEED = 20231;
export const RANK_DRAWS = 2000;

export async function build(db: Db, model: Model): Promise<void> {
  await writeTable(
    db,
    `${model.layer}.${model.name}`,
    [['min_orgs', 'INTEGER'], ['level', 'DOUBLE'], ['z95', 'DOUBLE'], ['z998', 'DOUBLE'], ['rank_seed', 'INTEGER'], ['rank_draws', 'INTEGER']],
    [{ min_orgs: loadConfig().minOrgs, level: 0.95, z95: funnelZ(0.95), z998: funnelZ(0.998), rank_seed: RANK_SEED, rank_draws: RANK_DRAWS }],
  );
}
