/**
 * marts.region_funnel_limit — the curves of the funnel plots: target and the 95 % and 99,8 %
 * control limits at every n of a grid (1 … 20, then log-spaced past the largest region),
 * for each measure, year and sphere of marts.region_funnel (same targets and unit sds).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { funnelGrid, funnelLimits } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

export async function build(db: Db, model: Model): Promise<void> {
  const groups = await db.all<{ measure: string; measure_ru: string; year: number; sphere: string; target: number; unit_sd: number; max_n: number } & Record<string, unknown>>(`
    SELECT measure, any_value(measure_ru) AS measure_ru, year, sphere, any_value(target) AS target, any_value(unit_sd) AS unit_sd, max(n) AS max_n
    FROM marts.region_funnel GROUP BY measure, year, sphere ORDER BY measure, year, sphere`);
  const rows = groups.flatMap((g) =>
    funnelGrid(Number(g.max_n)).map((n) => {
      const l95 = funnelLimits(g.target, g.unit_sd, n, 0.95);
      const l998 = funnelLimits(g.target, g.unit_sd, n, 0.998);
      return { measure: g.measure, measure_ru: g.measure_ru, year: g.year, sphere: g.sphere, n, target: g.target, lower95: l95.low, upper95: l95.high, lower998: l998.low, upper998: l998.high };
    }),
  );
  await writeTable(db, `${model.layer}.${model.name}`, [
    ['measure', 'VARCHAR'], ['measure_ru', 'VARCHAR'], ['year', 'INTEGER'], ['sphere', 'VARCHAR'], ['n', 'INTEGER'],
    ['target', 'DOUBLE'], ['lower95', 'DOUBLE'], ['upper95', 'DOUBLE'], ['lower998', 'DOUBLE'], ['upper998', 'DOUBLE'],
  ], rows);
}
