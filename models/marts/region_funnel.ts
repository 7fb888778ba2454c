/**
 * marts.region_funnel — the points of the funnel plots: each region's value against
 * its number of organizations with the all-Russia line and the 95 % and 99,8 % control
 * limits at that n (models/lib/stats/compare.ts; docs/methodology.md, «Сравнение регионов»).
 *   total: the mean total score of the region's organizations vs n_orgs; target = mean of all
 *     organizations of Russia (year, sphere), unit sd = sd of the organizations' totals in Russia.
 *   cost_per_org_rub: contract price / organizations assessed vs organizations assessed (paid
 *     contracts); target = sum of prices / sum of organizations (the national cost per organization),
 *     unit sd implied by the regions' scatter, winsorized (impliedUnitSd).
 * The rows are few (regions × years × spheres); the grouping is SQL.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { funnelLimits, funnelZone, impliedUnitSd } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

export interface FunnelPoint {
  measure: string;
  year: number;
  sphere: string;
  region_code: string;
  n: number;
  value: number;
  is_synthetic: boolean;
}
export interface FunnelGroup {
  measure: string;
  year: number;
  sphere: string;
  target: number;
  unit_sd: number;
}

export const MEASURE_RU: Record<string, string> = {
  total: 'средний итоговый балл НОК',
  cost_per_org_rub: 'стоимость работ оператора на одну организацию, руб.',
};

export async function funnelInputs(db: Db): Promise<{ points: FunnelPoint[]; groups: FunnelGroup[] }> {
  const scorePoints = await db.all<FunnelPoint & Record<string, unknown>>(`
    SELECT 'total' AS measure, year::INTEGER AS year, sphere, region_code, n_orgs::INTEGER AS n, total AS value, is_synthetic
    FROM marts.nok_region_score ORDER BY year, sphere, region_code`);
  const scoreGroups = await db.all<FunnelGroup & Record<string, unknown>>(`
    SELECT 'total' AS measure, year::INTEGER AS year, coalesce(sphere, 'все сферы') AS sphere, avg(total) AS target, stddev_samp(total) AS unit_sd
    FROM marts.nok_score WHERE region_code IS NOT NULL AND total IS NOT NULL
    GROUP BY GROUPING SETS ((year), (year, sphere)) ORDER BY 2, 3`);
  const costPoints = await db.all<FunnelPoint & Record<string, unknown>>(`
    SELECT 'cost_per_org_rub' AS measure, year::INTEGER AS year, 'все сферы' AS sphere, region_code,
           orgs_assessed::INTEGER AS n, actual_rub / orgs_assessed AS value, is_synthetic
    FROM marts.operator_cost WHERE is_paid AND orgs_assessed > 0 AND actual_rub IS NOT NULL ORDER BY year, region_code`);
  const costTargets = await db.all<{ year: number; target: number } & Record<string, unknown>>(`
    SELECT year::INTEGER AS year, sum(actual_rub) / sum(orgs_assessed) AS target
    FROM marts.operator_cost WHERE is_paid AND orgs_assessed > 0 AND actual_rub IS NOT NULL GROUP BY year ORDER BY year`);
  const costGroups = costTargets.map((g) => ({
    measure: 'cost_per_org_rub',
    year: g.year,
    sphere: 'все сферы',
    target: g.target,
    unit_sd: impliedUnitSd(costPoints.filter((p) => p.year === g.year), g.target),
  }));
  return { points: [...scorePoints, ...costPoints], groups: [...scoreGroups, ...costGroups] };
}

export async function build(db: Db, model: Model): Promise<void> {
  const { points, groups } = await funnelInputs(db);
  const key = (x: { measure: string; year: number; sphere: string }): string => `${x.measure}|${x.year}|${x.sphere}`;
  const byKey = new Map(groups.map((g) => [key(g), g]));
  const rows = points.flatMap((p) => {
    const g = byKey.get(key(p));
    // no funnel without a spread: a year and sphere with a single organization in Russia (sd undefined)
    if (!g || g.unit_sd === null || !Number.isFinite(Number(g.unit_sd)) || !(p.n >= 1)) return [];
    const l95 = funnelLimits(g.target, g.unit_sd, p.n, 0.95);
    const l998 = funnelLimits(g.target, g.unit_sd, p.n, 0.998);
    return [{
      ...p,
      measure_ru: MEASURE_RU[p.measure],
      target: g.target,
      unit_sd: g.unit_sd,
      lower95: l95.low,
      upper95: l95.high,
      lower998: l998.low,
      upper998: l998.high,
      funnel_zone: funnelZone(p.value, g.target, g.unit_sd, p.n),
    }];
  });
  await writeTable(db, '_funnel_points', FUNNEL_COLUMNS, rows);
  await db.run(`CREATE OR REPLACE TABLE ${model.layer}.${model.name} AS
    SELECT f.measure, f.measure_ru, f.year, f.sphere, f.region_code, r.region_name, r.tile_label AS short_name,
           f.n, f.value, f.target, f.unit_sd, f.lower95, f.upper95, f.lower998, f.upper998, f.funnel_zone,
           f.funnel_zone <> 'в пределах' AS is_outside_95, f.funnel_zone like '%99,8 %%' AS is_outside_998, f.is_synthetic
    FROM _funnel_points f JOIN marts.region r USING (region_code)
    ORDER BY f.measure, f.year, f.sphere, f.region_code`);
  await db.run(`DROP TABLE _funnel_points`);
}

const FUNNEL_COLUMNS: [string, string][] = [
  ['measure', 'VARCHAR'], ['measure_ru', 'VARCHAR'], ['year', 'INTEGER'], ['sphere', 'VARCHAR'], ['region_code', 'VARCHAR'],
  ['n', 'INTEGER'], ['value', 'DOUBLE'], ['target', 'DOUBLE'], ['unit_sd', 'DOUBLE'],
  ['lower95', 'DOUBLE'], ['upper95', 'DOUBLE'], ['lower998', 'DOUBLE'], ['upper998', 'DOUBLE'], ['funnel_zone', 'VARCHAR'], ['is_synthetic', 'BOOLEAN'],
];
