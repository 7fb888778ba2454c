/**
 * The region comparisons on the bundled build, recomputed here from marts.nok_score in
 * TypeScript with the tested statistics of models/lib/stats/compare.ts: every interval of
 * marts.nok_region_score and nok_district_score, every vs_russia, the places and their
 * ranges, the same-organization change, coverage, funnel zones and neighbours.
 *
 * COMPARE_TEST_WAREHOUSE points the tests at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';
import { classifyVsReference, competitionRanks, funnelZone, meanInterval, summarize } from '../../models/lib/stats/compare.ts';

const WAREHOUSE = process.env.COMPARE_TEST_WAREHOUSE ?? testBuild.warehouse;
const CRIT = ['total', 'k1', 'k2', 'k3', 'k4', 'k5'] as const;

let db: Db;
let scores: Record<string, unknown>[];
let minOrgs: number;
beforeAll(async () => {
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  scores = await db.all(`select inn, org_id, methodology_edition, year::int as year, region_code, sphere, total, k1, k2, k3, k4, k5 from marts.nok_score where total is not null`);
  minOrgs = Number(await db.value(`select min_orgs from intermediate.int_compare_setting`));
});
afterAll(() => db?.close());

/** Group the organizations' values by a key (a region or district × year × sphere, and «все сферы»). */
function groups(key: (r: Record<string, unknown>) => string | null): Map<string, Record<string, unknown>[]> {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const r of scores) {
    const k = key(r);
    if (k === null) continue;
    for (const sphere of [String(r.sphere), 'все сферы']) {
      const kk = `${k}|${r.year}|${sphere}`;
      (m.get(kk) ?? m.set(kk, []).get(kk)!).push(r);
    }
  }
  return m;
}
const vals = (rows: Record<string, unknown>[], c: string): number[] => rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined).map(Number);
const close = (a: unknown, b: number | undefined): boolean => (b === undefined ? a === null : Math.abs(Number(a) - b) < 1e-9);

describe('intervals', () => {
  it('every interval of marts.nok_region_score is mean ± t · sd / √n of its organizations (empty when n < 2)', async () => {
    const g = groups((r) => (r.region_code === null ? null : String(r.region_code)));
    const mart = await db.all(`select * from marts.nok_region_score`);
    expect(mart.length).toBe(g.size);
    let checked = 0;
    let empty = 0;
    for (const row of mart) {
      const orgs = g.get(`${row.region_code}|${row.year}|${row.sphere}`)!;
      expect(orgs, `${row.region_code} ${row.year} ${row.sphere}`).toBeDefined();
      for (const c of CRIT) {
        const ci = meanInterval(summarize(vals(orgs, c)));
        const ok = close(row[`${c}_ci_low`], ci?.low) && close(row[`${c}_ci_high`], ci?.high);
        expect(ok, `${row.region_code} ${row.year} ${row.sphere} ${c}: ${row[`${c}_ci_low`]}–${row[`${c}_ci_high`]} vs ${ci?.low}–${ci?.high}`).toBe(true);
        checked++;
        if (!ci) empty++;
      }
    }
    expect(checked).toBe(mart.length * 6);
    // the bundled data have spheres with a single organization in a region: empty intervals are exercised
    expect(empty).toBeGreaterThan(0);
  });

  it('every interval of marts.nok_district_score, districts and Russia', async () => {
    const district = new Map((await db.all<{ region_code: string; d: string }>(`select region_code, federal_district_short as d from marts.region`)).map((r) => [r.region_code, r.d]));
    const byDistrict = groups((r) => (r.region_code === null ? null : district.get(String(r.region_code)) ?? null));
    const byRussia = groups((r) => (r.region_code === null || !district.has(String(r.region_code)) ? null : 'РФ'));
    const mart = await db.all(`select * from marts.nok_district_score`);
    for (const row of mart) {
      const orgs = (row.district === 'РФ' ? byRussia : byDistrict).get(`${row.district}|${row.year}|${row.sphere}`)!;
      expect(orgs.length).toBe(Number(row.n_orgs));
      for (const c of CRIT) {
        const ci = meanInterval(summarize(vals(orgs, c)));
        expect(close(row[`${c}_ci_low`], ci?.low) && close(row[`${c}_ci_high`], ci?.high), `${row.district} ${row.year} ${row.sphere} ${c}`).toBe(true);
      }
    }
  });
});

describe('against Russia and places', () => {
  it('vs_russia follows from the interval and the mean of all organizations of Russia', async () => {
    const mart = await db.all(`select * from marts.nok_region_score`);
    const g = groups((r) => (r.region_code === null ? null : 'RU'));
    const counts: Record<string, number> = {};
    for (const row of mart) {
      const ru = summarize(vals(g.get(`RU|${row.year}|${row.sphere}`)!, 'total')).mean;
      expect(Number(row.russia_total)).toBeCloseTo(ru, 9);
      const ci = row.total_ci_low === null ? null : { low: Number(row.total_ci_low), high: Number(row.total_ci_high) };
      expect(row.vs_russia).toBe(classifyVsReference(Number(row.n_orgs), ci, ru, minOrgs));
      counts[String(row.vs_russia)] = (counts[String(row.vs_russia)] ?? 0) + 1;
    }
    for (const v of ['выше', 'на уровне', 'ниже', 'мало данных']) expect(counts[v], v).toBeGreaterThan(0);
  });

  it('places are competition ranks among regions with enough organizations, inside their plausible range', async () => {
    const mart = await db.all(`select * from marts.nok_region_score order by year, sphere, region_code`);
    const byGroup = new Map<string, Record<string, unknown>[]>();
    for (const r of mart) {
      const k = `${r.year}|${r.sphere}`;
      (byGroup.get(k) ?? byGroup.set(k, []).get(k)!).push(r);
    }
    for (const rows of byGroup.values()) {
      const ranked = rows.filter((r) => Number(r.n_orgs) >= minOrgs);
      const expected = competitionRanks(ranked.map((r) => Number(r.total)));
      ranked.forEach((r, i) => {
        expect(Number(r.rank_total)).toBe(expected[i]);
        expect(Number(r.rank_low)).toBeLessThanOrEqual(Number(r.rank_total));
        expect(Number(r.rank_total)).toBeLessThanOrEqual(Number(r.rank_high));
        expect(Number(r.rank_high)).toBeLessThanOrEqual(ranked.length);
        expect(Number(r.n_regions_ranked)).toBe(ranked.length);
      });
      for (const r of rows.filter((x) => Number(x.n_orgs) < minOrgs)) {
        expect(r.rank_total).toBeNull();
        expect(r.vs_russia).toBe('мало данных');
      }
    }
  });
});

describe('change on the same organizations', () => {
  it('recomputed from pairs of the same organization (org_id, one methodology edition) in the same region in consecutive years', async () => {
    const key = (r: Record<string, unknown>): string => `${r.org_id}|${r.methodology_edition}|${r.year}|${r.region_code}`;
    const idx = new Map(scores.map((r) => [key(r), r]));
    const diffs = new Map<string, number[]>();
    for (const r of scores) {
      if (r.region_code === null) continue;
      const prev = idx.get(`${r.org_id}|${r.methodology_edition}|${Number(r.year) - 1}|${r.region_code}`);
      if (!prev) continue;
      for (const sphere of [String(r.sphere), 'все сферы']) {
        const k = `${r.region_code}|${r.year}|${sphere}`;
        (diffs.get(k) ?? diffs.set(k, []).get(k)!).push(Number(r.total) - Number(prev.total));
      }
    }
    const mart = await db.all(`select * from marts.nok_region_change`);
    expect(mart.length).toBe(diffs.size);
    for (const row of mart) {
      const d = diffs.get(`${row.region_code}|${row.year}|${row.sphere}`)!;
      const s = summarize(d);
      const ci = meanInterval(s);
      expect(Number(row.n_panel)).toBe(d.length);
      expect(Number(row.change_panel)).toBeCloseTo(s.mean, 9);
      expect(close(row.change_panel_ci_low, ci?.low) && close(row.change_panel_ci_high, ci?.high)).toBe(true);
      const dir = d.length < minOrgs || !ci ? 'мало данных' : ci.low > 0 ? 'рост' : ci.high < 0 ? 'снижение' : 'без заметного изменения';
      expect(row.change_direction).toBe(dir);
    }
  });
});

describe('coverage, funnel, neighbours', () => {
  it('coverage: every known organization is either assessed in the last three years or not', async () => {
    const latest = Math.max(...scores.map((r) => Number(r.year)));
    const last = new Map<string, number>();
    for (const r of scores) if (r.region_code !== null) last.set(`${r.region_code}|${r.org_id}`, Math.max(last.get(`${r.region_code}|${r.org_id}`) ?? 0, Number(r.year)));
    const rows = await db.all<{ region_code: string; orgs_known: number; orgs_recent: number; orgs_stale: number }>(`select * from marts.nok_coverage where sphere = 'все сферы'`);
    for (const row of rows) {
      const mine = [...last.entries()].filter(([k]) => k.startsWith(`${row.region_code}|`)).map(([, y]) => y);
      expect(Number(row.orgs_known)).toBe(mine.length);
      expect(Number(row.orgs_recent)).toBe(mine.filter((y) => y > latest - 3).length);
      expect(Number(row.orgs_stale)).toBe(mine.filter((y) => y <= latest - 3).length);
    }
  });

  it('funnel zones agree with the limits computed by the library', async () => {
    const rows = await db.all(`select * from marts.region_funnel`);
    expect(rows.some((r) => r.measure === 'total') && rows.some((r) => r.measure === 'cost_per_org_rub')).toBe(true);
    for (const r of rows) expect(r.funnel_zone).toBe(funnelZone(Number(r.value), Number(r.target), Number(r.unit_sd), Number(r.n)));
    // the score funnel's target is the mean of Russia's organizations, as vs_russia's
    const bad = await db.value(`select count(*) from marts.region_funnel f join marts.nok_region_score s using (region_code, year, sphere)
      where f.measure = 'total' and (abs(f.target - s.russia_total) > 1e-9 or f.n <> s.n_orgs or abs(f.value - s.total) > 1e-9)`);
    expect(Number(bad)).toBe(0);
  });

  it('ten neighbours per region, nearest first, never the region itself', async () => {
    const rows = await db.all<{ region_code: string; n: number; ok: boolean }>(`
      select region_code, count(*) as n, bool_and(region_code <> neighbour_code) and
        (list(distance order by rank) = list_sort(list(distance order by rank))) as ok
      from marts.region_neighbour group by region_code`);
    const regions = Number(await db.value(`select count(distinct region_code) from marts.nok_score where region_code is not null`));
    expect(rows.length).toBe(regions);
    for (const r of rows) {
      expect(Number(r.n)).toBe(10);
      expect(r.ok).toBe(true);
    }
  });
});
