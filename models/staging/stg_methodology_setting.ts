/**
 * The score engine's settings as a one-row table, so the SQL models can read
 * them: the zero-denominator rule (NOK_ZERO_DENOMINATOR, validated in
 * pipelines/lib/config.ts; docs/methodology.md explains the choice).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { lit } from '../../pipelines/lib/duck.ts';
import { loadConfig } from '../../pipelines/lib/config.ts';
import type { Model } from '../../pipelines/models/runner.ts';

export const RULE_TEXT: Record<string, string> = {
  exclude: 'показатель не измерим: исключается, веса критерия перераспределяются на измеримые показатели',
  hundred: 'показатель не измерим: засчитывается как 100 баллов',
  zero: 'показатель не измерим: засчитывается как 0 баллов',
};

export async function build(db: Db, model: Model): Promise<void> {
  const rule = loadConfig().zeroDenominator;
  await db.run(`CREATE OR REPLACE TABLE ${model.layer}.${model.name} AS
    SELECT ${lit(rule)} AS zero_denominator_rule, ${lit(RULE_TEXT[rule]!)} AS zero_denominator_rule_text`);
}
