/**
 * marts.region_neighbour — each region's ten statistical neighbours: the regions most alike in
 * context, never in the outcome compared (scores, costs). Context, per region, averaged over the
 * years of data (SQL):
 *   network size by sphere — organizations with NOK scores per year in each of the five spheres
 *     (log(1 + x); weight 1/5 each, so the network weighs as much as each other idea);
 *   respondents per organization — questionnaires per organization with scores (log);
 *   operator volume — organizations assessed by the operator per year (marts.operator_cost, log).
 * Population and urban share are left out: the project has no published, citable source for them
 * (docs/methodology.md says so). Distance: models/lib/stats/compare.ts nearestNeighbours.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { nearestNeighbours, type Feature } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

export const SPHERES = ['социальное обслуживание', 'образование', 'культура', 'охрана здоровья', 'физическая культура и спорт'] as const;

export const FEATURES: (Feature & { group: 'network' | 'respondents' | 'operator' })[] = [
  ...SPHERES.map((s, i) => ({ key: `net${i}`, label: `организаций: ${s}`, log: true, weight: 1 / SPHERES.length, group: 'network' as const })),
  { key: 'resp_per_org', label: 'респондентов на организацию', log: true, group: 'respondents' },
  { key: 'operator_orgs', label: 'организаций у оператора в год', log: true, group: 'operator' },
];

export async function build(db: Db, model: Model): Promise<void> {
  const ctx = await db.all<Record<string, unknown>>(`
    WITH years AS (SELECT count(DISTINCT year) AS n_years FROM marts.nok_score WHERE region_code IS NOT NULL),
    net AS (
      SELECT region_code,
        ${SPHERES.map((s, i) => `count(*) FILTER (WHERE sphere = '${s}') / any_value(n_years) AS net${i}`).join(',\n        ')},
        sum(respondents) / nullif(count(respondents), 0) AS resp_per_org,
        bool_or(is_synthetic) AS is_synthetic
      FROM marts.nok_score CROSS JOIN years WHERE region_code IS NOT NULL AND total IS NOT NULL GROUP BY region_code
    ),
    op AS (
      SELECT region_code, avg(orgs_assessed) AS operator_orgs, bool_or(is_synthetic) AS op_synthetic
      FROM marts.operator_cost WHERE orgs_assessed IS NOT NULL GROUP BY region_code
    )
    SELECT n.*, op.operator_orgs, coalesce(op.op_synthetic, false) AS op_synthetic
    FROM net n LEFT JOIN op USING (region_code) ORDER BY region_code`);
  const synthetic = new Map(ctx.map((r) => [String(r.region_code), Boolean(r.is_synthetic) || Boolean(r.op_synthetic)]));
  const near = nearestNeighbours(
    ctx.map((r) => ({ id: String(r.region_code), values: Object.fromEntries(FEATURES.map((f) => [f.key, r[f.key] == null ? null : Number(r[f.key])])) })),
    FEATURES,
    10,
  );
  const rows = near.map((r) => {
    const total = r.distance ** 2;
    const part = (g: string): number | null => {
      const keys = FEATURES.filter((f) => f.group === g && r.parts[f.key] !== undefined);
      if (!keys.length) return null;
      return total > 0 ? keys.reduce((s, f) => s + r.parts[f.key]!, 0) / total : 0;
    };
    return {
      region_code: r.id,
      neighbour_code: r.neighbour,
      rank: r.rank,
      distance: r.distance,
      part_network: part('network'),
      part_respondents: part('respondents'),
      part_operator: part('operator'),
      is_synthetic: synthetic.get(r.id)! || synthetic.get(r.neighbour)!,
    };
  });
  await writeTable(db, '_neighbour', [
    ['region_code', 'VARCHAR'], ['neighbour_code', 'VARCHAR'], ['rank', 'INTEGER'], ['distance', 'DOUBLE'],
    ['part_network', 'DOUBLE'], ['part_respondents', 'DOUBLE'], ['part_operator', 'DOUBLE'], ['is_synthetic', 'BOOLEAN'],
  ], rows);
  const pct = (c: string): string => `CASE WHEN ${c} IS NULL THEN 'нет данных' ELSE nok_fmt(100 * ${c}, 0) || ' %' END`;
  await db.run(`CREATE OR REPLACE TABLE ${model.layer}.${model.name} AS
    SELECT t.region_code, a.region_name, t.neighbour_code, b.region_name AS neighbour_name, b.federal_district_short AS neighbour_district,
           t.rank, t.distance, t.part_network, t.part_respondents, t.part_operator,
           'размер сети по сферам ' || ${pct('t.part_network')} || ', респонденты на организацию ' || ${pct('t.part_respondents')}
             || ', объём работ оператора ' || ${pct('t.part_operator')} AS distance_parts,
           t.is_synthetic
    FROM _neighbour t JOIN marts.region a ON a.region_code = t.region_code JOIN marts.region b ON b.region_code = t.neighbour_code
    ORDER BY t.region_code, t.rank`);
  await db.run(`DROP TABLE _neighbour`);
}
