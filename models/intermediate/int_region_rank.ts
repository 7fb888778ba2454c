/**
 * Places of regions with their 95 % range of plausible places, per year and sphere
 * (and «все сферы»): only regions with at least NOK_MIN_ORGS organizations get a place.
 * The means, sds and counts come from SQL; the simulation (rankRanges in
 * models/lib/stats/compare.ts, fixed seed from intermediate.int_compare_setting)
 * runs here. docs/methodology.md, «Сравнение регионов».
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model, TsBuildOptions } from '../../pipelines/models/runner.ts';
import { rankRanges } from '../lib/stats/compare.ts';
import { writeTable } from '../lib/table.ts';

interface Group {
  region_code: string;
  year: number;
  sphere: string;
  methodology_edition: string;
  n: number;
  mean: number;
  sd: number;
}

export async function build(db: Db, model: Model, opts: TsBuildOptions = {}): Promise<void> {
  const table = `${model.layer}.${model.name}`;
  // each year, sphere and edition is drawn from its own stream: the places of a year depend on that year's scores alone.
  // Years added after every year the table holds (the runner says which) are computed alone and appended.
  const only = opts.years ? [...opts.years].sort((a, b) => a - b) : null;
  const setting = (await db.one<{ min_orgs: number; rank_seed: number; rank_draws: number; level: number }>(
    `SELECT min_orgs, rank_seed, rank_draws, level FROM intermediate.int_compare_setting`,
  ))!;
  const groups = await db.all<Group & Record<string, unknown>>(`
    SELECT region_code, year::INTEGER AS year, coalesce(sphere, 'все сферы') AS sphere, methodology_edition,
           count(*)::INTEGER AS n, avg(total) AS mean, coalesce(stddev_samp(total), 0) AS sd
    FROM marts.nok_score
    WHERE region_code IS NOT NULL AND total IS NOT NULL${only ? ` AND year IN (${only.join(', ')})` : ''}
    GROUP BY GROUPING SETS ((region_code, year, methodology_edition), (region_code, year, methodology_edition, sphere))
    HAVING count(*) >= ${Math.max(2, Number(setting.min_orgs))}
    ORDER BY year, sphere, methodology_edition, region_code`);
  const byKey = new Map<string, Group[]>();
  for (const g of groups) {
    // places within one edition of the method: scores of different editions are never ranked together
    const k = `${g.year}\u0000${g.sphere}\u0000${g.methodology_edition}`;
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(g);
  }
  const rows: Record<string, unknown>[] = [];
  const seed = Number(setting.rank_seed);
  for (const list of byKey.values()) {
    const out = rankRanges(
      list.map((g) => ({ id: g.region_code, n: Number(g.n), mean: Number(g.mean), sd: Number(g.sd) })),
      // each year and sphere its own stream, in a fixed order: the result does not depend on which groups exist before it
      // (the 344н edition keeps the stream it had before editions: `year|sphere`)
      { draws: Number(setting.rank_draws), seed: seed + hashKey(`${list[0]!.year}|${list[0]!.sphere}${list[0]!.methodology_edition === '2018' ? '' : `|${list[0]!.methodology_edition}`}`), level: Number(setting.level) },
    );
    out.forEach((o, i) => rows.push({ region_code: o.id, year: list[i]!.year, sphere: list[i]!.sphere, methodology_edition: list[i]!.methodology_edition, rank_total: o.rank, rank_low: o.rankLow, rank_high: o.rankHigh, n_regions_ranked: list.length }));
  }
  const columns: [string, string][] = [['region_code', 'VARCHAR'], ['year', 'INTEGER'], ['sphere', 'VARCHAR'], ['methodology_edition', 'VARCHAR'], ['rank_total', 'INTEGER'], ['rank_low', 'INTEGER'], ['rank_high', 'INTEGER'], ['n_regions_ranked', 'INTEGER']];
  if (only) {
    await db.run(`DELETE FROM ${table} WHERE year IN (${only.join(', ')})`);
    await db.append(model.layer, model.name, rows.map((r) => columns.map(([c]) => r[c])));
  } else await writeTable(db, table, columns, rows);
}

/** A small stable hash of a group's name (FNV-1a), added to the seed. */
function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
