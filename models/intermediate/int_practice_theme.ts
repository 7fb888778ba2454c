/**
 * Themes of each practice by the tested rules of pipelines/practices/themes.ts, with the words that
 * triggered each tag and the sentence fragment they come from. The text is the report's own
 * (description, problem, results), never the title the project wrote.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { buildPracticeThemes } from '../../pipelines/practices/models.ts';

export async function build(db: Db, model: Model): Promise<void> {
  await buildPracticeThemes(db, `${model.layer}.${model.name}`);
}
