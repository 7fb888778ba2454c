/**
 * Student's t quantiles t(0,975; df) for every df the interval models need
 * (1 … the largest number of organizations of a year), so that the SQL of
 * marts.nok_region_score, nok_district_score and nok_region_change computes
 * mean ± t · sd / √n with a join (docs/methodology.md, «Сравнение регионов»).
 *
 * The table is a function of that largest number alone: when the table already
 * holds df 1 … m (an incremental build works on a copy of the last warehouse),
 * only the missing dfs are computed and appended, or the surplus deleted; the rows
 * and their order are those of a build from scratch.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { tQuantile } from '../lib/stats/compare.ts';

export async function build(db: Db, model: Model): Promise<void> {
  const t = `${model.layer}.${model.name}`;
  const maxN = Math.max(1, Number((await db.value(`SELECT coalesce(max(n), 1) FROM (SELECT count(*) AS n FROM marts.nok_score GROUP BY year)`)) ?? 1));
  // rows df = 1 … have, each once, with the two columns of this model (anything else is computed anew)
  const have = (await db.tableExists(model.layer, model.name))
    ? Number(
        (await db.value(
          `SELECT CASE WHEN count(*) = count(DISTINCT df) AND min(df) = 1 AND max(df) = count(*) AND count(t975) = count(*) THEN max(df) ELSE 0 END
           FROM ${t}`,
        )) ?? 0,
      )
    : 0;
  if (!have) await db.run(`CREATE OR REPLACE TABLE ${t} (df INTEGER, t975 DOUBLE)`);
  else if (have > maxN) await db.run(`DELETE FROM ${t} WHERE df > ${maxN}`);
  // beyond 2000 degrees of freedom t(0,975) differs from 1,95996 by less than 5e-4 per cent; computed anyway, cheaply
  const rows: [number, number][] = [];
  for (let df = have + 1; df <= maxN; df++) rows.push([df, tQuantile(0.975, df)]);
  if (rows.length) await db.append(model.layer, model.name, rows);
}
