/**
 * The search index of the practice catalogue: Snowball stems of each field of each practice, with
 * counts, made by reports/components/search.js — the module the catalogue page ranks with.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { buildPracticeTerms } from '../../pipelines/practices/models.ts';

export async function build(db: Db, model: Model): Promise<void> {
  await buildPracticeTerms(db, `${model.layer}.${model.name}`);
}
