/**
 * The theme vocabulary of the practice catalogue with its tagging rules written out
 * (pipelines/practices/themes.ts) and the number of practices under each theme.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { buildThemeVocabulary } from '../../pipelines/practices/models.ts';

export async function build(db: Db, model: Model): Promise<void> {
  await buildThemeVocabulary(db, `${model.layer}.${model.name}`);
}
