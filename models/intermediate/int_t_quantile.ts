/**
 * Student's t quantiles t(0,975; df) for every df the interval models need
 * (1 … the largest number of organizations of a year), so that the SQL of
 * marts.nok_region_score, nok_district_score and nok_region_change computes
 * mean ± t · sd / √n with a join (docs/methodology.md, «Сравнение регионов»).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { tQuantile } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

export async function build(db: Db, model: Model): Promise<void> {
  const maxN = Number((await db.value(`SELECT coalesce(max(n), 1) FROM (SELECT count(*) AS n FROM marts.nok_score GROUP BY year)`)) ?? 1);
  const rows: Record<string, unknown>[] = [];
  // beyond 2000 degrees of freedom t(0,975) differs from 1,95996 by less than 5e-4 per cent; computed anyway, cheaply
  for (let df = 1; df <= Math.max(1, maxN); df++) rows.push({ df, t975: tQuantile(0.975, df) });
  await writeTable(db, `${model.layer}.${model.name}`, [['df', 'INTEGER'], ['t975', 'DOUBLE']], rows);
}
