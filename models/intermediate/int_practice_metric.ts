/**
 * Figures in the text of each practice (pipelines/practices/metrics.ts): value, unit, year, what it
 * measures and the sentence it comes from.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { buildPracticeMetrics } from '../../pipelines/practices/models.ts';

export async function build(db: Db, model: Model): Promise<void> {
  await buildPracticeMetrics(db, `${model.layer}.${model.name}`);
}
