/**
 * The foundation slice on the bundled build: the region dimension, the report's
 * organization counts with provenance, and the list discrepancy the report contains.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
});
afterAll(() => db.close());

describe('region dimension', () => {
  it('has the 89 subjects, each on its own tile, with the federal-district counts of 2023', async () => {
    const r = await db.one<{ n: number; codes: number; tiles: number }>(
      `SELECT count(*) AS n, count(DISTINCT region_code) AS codes, count(DISTINCT (tile_col, tile_row)) AS tiles FROM marts.region`,
    );
    expect(r).toEqual({ n: 89, codes: 89, tiles: 89 });
    const fd = await db.all<{ fd: string; n: number }>(`SELECT federal_district_short AS fd, count(*)::INTEGER AS n FROM marts.region GROUP BY 1 ORDER BY 1`);
    expect(Object.fromEntries(fd.map((x) => [x.fd, x.n]))).toEqual({ ДФО: 11, ПФО: 14, СЗФО: 11, СКФО: 7, СФО: 10, УФО: 6, ЦФО: 18, ЮФО: 12 });
  });
  it('keys regions by the КЛАДР/ФНС code (77 Москва, 91 Крым, 92 Севастополь, 86 ХМАО)', async () => {
    const rows = await db.all<{ region_code: string; region_name: string }>(`SELECT region_code, region_name FROM marts.region WHERE region_code IN ('77','91','92','86') ORDER BY 1`);
    expect(rows.map((r) => r.region_code)).toEqual(['77', '86', '91', '92']);
    expect(rows[0]!.region_name).toMatch(/Москва/);
    expect(rows[1]!.region_name).toMatch(/Ханты-Мансийский/);
    expect(rows[2]!.region_name).toMatch(/Крым/);
    expect(rows[3]!.region_name).toMatch(/Севастополь/);
  });
});

describe('organization counts named by the report (part 1)', () => {
  it('carries every named regional count with its sentence', async () => {
    const rows = await db.all<{ region_code: string; orgs_regional: number; quote: string }>(
      `SELECT region_code, orgs_regional, quote FROM marts.social_org_reported WHERE orgs_regional IS NOT NULL`,
    );
    // what seed 002 says: 7 regions with the most, 9 with the fewest
    const expected: Record<string, number> = { '23': 159, '66': 142, '24': 118, '16': 113, '77': 112, '36': 101, '47': 98, '83': 2, '87': 3, '06': 6, '79': 7, '18': 7, '92': 7, '10': 7, '19': 9, '49': 9 };
    expect(Object.fromEntries(rows.map((r) => [r.region_code, r.orgs_regional]))).toEqual(expected);
    for (const r of rows) expect(r.quote).toContain(String(r.orgs_regional));
  });
  it('shows, not hides, that the list of regions without non-state providers names 14 positions but 13 subjects', async () => {
    const c = await db.one<{ stated_count: number; positions_listed: number; distinct_regions: number; repeated_regions: string; is_consistent: boolean }>(
      `SELECT stated_count, positions_listed, distinct_regions, repeated_regions, is_consistent FROM marts.report_list_check WHERE list_measure = 'no_nonstate_listed'`,
    );
    expect(c).toMatchObject({ stated_count: 14, positions_listed: 14, distinct_regions: 13, is_consistent: false });
    expect(c!.repeated_regions).toMatch(/Ингушетия/);
  });
  it('marks report figures as real, not synthetic', async () => {
    expect(await db.value<number>(`SELECT count(*) FROM marts.social_org_reported WHERE is_synthetic`)).toBe(0);
  });
});

describe('data tests of the contracts', () => {
  it('all pass on the bundled data, the checks against the report (warn) included, and no mart is empty', async () => {
    const failed = await db.all(`SELECT model, test, severity, failures, sample FROM meta.data_test WHERE NOT passed`);
    expect(failed).toEqual([]);
    expect(await db.value<number>(`SELECT count(*) FROM meta.data_test`)).toBeGreaterThan(100);
  });
});

describe('build metadata', () => {
  it('records when and from what the warehouse was built, in its own table', async () => {
    const run = await db.one<{ built_at: Date; sources_dir: string }>(`SELECT built_at, sources_dir FROM meta.run`);
    expect(run!.built_at).toBeInstanceOf(Date);
    expect(run!.sources_dir).toBe('sources');
  });
});
