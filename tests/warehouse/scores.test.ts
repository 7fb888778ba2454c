/**
 * Data tests of the NOK scores on the bundled build: results computed from
 * the questionnaires and observations (layouts 4–5) agree with the results
 * loaded from layout 3 where both exist; the aggregates are recomputed here
 * with SQL of their own; the synthetic data are marked synthetic and load cleanly.
 *
 * SCORES_TEST_WAREHOUSE points the tests at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';

const WAREHOUSE = process.env.SCORES_TEST_WAREHOUSE ?? testBuild.warehouse;

let db: Db;
beforeAll(async () => {
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
});
afterAll(() => db?.close());

const n = (sql: string): Promise<number> => db.value<number>(sql).then(Number);

describe('engine vs published results (layout 3)', () => {
  it('every organization-year with both agrees to the published precision (0.01 point), on every criterion and the total', async () => {
    // an independent comparison: raw published rows against the engine's criteria, joined here
    const rows = await db.all<{ compared: number; worst: number }>(`
      with eng as (
          select inn, year,
              max(score) filter (where criterion = 'k1') as k1, max(score) filter (where criterion = 'k2') as k2,
              max(score) filter (where criterion = 'k3') as k3, max(score) filter (where criterion = 'k4') as k4,
              max(score) filter (where criterion = 'k5') as k5
          from intermediate.int_score_criterion group by inn, year
      )
      select count(*) as compared,
          max(greatest(abs(e.k1 - r.k1), abs(e.k2 - r.k2), abs(e.k3 - r.k3), abs(e.k4 - r.k4), abs(e.k5 - r.k5),
                       abs((e.k1 + e.k2 + e.k3 + e.k4 + e.k5) / 5 - r.total))) as worst
      from eng e join raw.nok_results r using (inn, year)`);
    expect(Number(rows[0]!.compared)).toBeGreaterThan(1000);
    expect(rows[0]!.worst).toBeLessThanOrEqual(0.01);
    // and the public check mart says the same
    expect(await n(`select count(*) from marts.nok_score_check where not is_agreeing`)).toBe(0);
    expect(await n(`select count(*) from marts.nok_score_check`)).toBe(Number(rows[0]!.compared));
  });

  it('the respondents counted by the engine are those the published rows state', async () => {
    expect(await n(`select count(*) from marts.nok_score_check where respondents_computed <> respondents_published`)).toBe(0);
  });

  it('organizations with published results only are in nok_score as published, with their published figures', async () => {
    const pub = await n(`select count(*) from marts.nok_score where score_source = 'published'`);
    expect(pub).toBeGreaterThan(0);
    const mismatched = await n(`
      select count(*) from marts.nok_score s join raw.nok_results r using (inn, year)
      where s.score_source = 'published' and (abs(s.total - r.total) > 1e-9 or abs(s.k3 - r.k3) > 1e-9)`);
    expect(mismatched).toBe(0);
    // every published row and every computable organization-year is in nok_score exactly once
    // (the bundled real rows print no ИНН: each is its own organization-year)
    const expected = await n(`
      select count(*) from (
          select inn, year from raw.nok_results where inn is not null
          union
          select q.inn, q.year from (select distinct inn, year from raw.questionnaires) q join raw.observations o using (inn, year))`) +
      (await n(`select count(*) from raw.nok_results where inn is null`));
    expect(await n(`select count(*) from marts.nok_score`)).toBe(expected);
  });
});

describe('aggregates', () => {
  it('region means and n_orgs recomputed from nok_score', async () => {
    const bad = await n(`
      with mine as (
          select region_code, year, methodology_edition, count(*) as n_orgs, avg(total) as total, avg(k3) as k3
          from marts.nok_score where region_code is not null and total is not null group by all
      )
      select count(*) from mine m full join (select * from marts.nok_region_score where sphere = 'все сферы') r using (region_code, year, methodology_edition)
      where r.n_orgs is distinct from m.n_orgs or abs(r.total - m.total) > 1e-9 or abs(r.k3 - m.k3) > 1e-9`);
    expect(bad).toBe(0);
  });

  it('the country row of the district mart is the mean of all organizations; district n_orgs add up to it', async () => {
    const rows = await db.all<{ year: number; country_n: number; sum_n: number; country_total: number; all_total: number }>(`
      select d.year, d.n_orgs as country_n,
          (select sum(n_orgs) from marts.nok_district_score x where x.year = d.year and x.methodology_edition = d.methodology_edition and x.sphere = 'все сферы' and x.district <> 'РФ') as sum_n,
          d.total as country_total,
          (select avg(total) from marts.nok_score s where s.year = d.year and s.methodology_edition = d.methodology_edition and s.region_code is not null and s.total is not null) as all_total
      from marts.nok_district_score d where d.district = 'РФ' and d.sphere = 'все сферы'`);
    expect(rows.length).toBe(await n(`select count(*) from (select distinct year, methodology_edition from marts.nok_score where region_code is not null and total is not null)`));
    for (const r of rows) {
      expect(Number(r.sum_n)).toBe(Number(r.country_n));
      expect(r.country_total).toBeCloseTo(r.all_total, 9);
    }
  });

  it('year-over-year change is the difference of consecutive years', async () => {
    const bad = await n(`
      select count(*) from marts.nok_region_score a join marts.nok_region_score b
        on a.region_code = b.region_code and a.sphere = b.sphere and a.methodology_edition = b.methodology_edition and a.year = b.year + 1
      where abs(a.total_change - (a.total - b.total)) > 1e-9`);
    expect(bad).toBe(0);
    expect(await n(`select count(*) from marts.nok_region_score where total_change is not null`)).toBeGreaterThan(0);
  });

  it('all 89 regions have scores and a profile', async () => {
    expect(await n(`select count(*) from marts.region_profile`)).toBe(89);
    expect(await n(`select count(distinct region_code) from marts.nok_lowest_org`)).toBe(89);
  });

  it('most organization totals lie between 80 and 100, with regional and sphere differences', async () => {
    const share = await db.value<number>(`select avg((total between 80 and 100)::int) from marts.nok_score`);
    expect(share).toBeGreaterThan(0.7);
    const spread = await db.value<number>(`select max(total) - min(total) from marts.nok_region_score where sphere = 'все сферы' and year = 2023`);
    expect(spread).toBeGreaterThan(2);
  });
});

describe('synthetic data', () => {
  it('are marked synthetic in every score row and every aggregate; the real published rows carry their source', async () => {
    // the only rows not synthetic are the real published results, each with the address of its page
    const real = await n(`select count(*) from raw.nok_results where not is_synthetic`);
    expect(real).toBeGreaterThanOrEqual(15);
    expect(await n(`select count(*) from raw.nok_results where not is_synthetic and source_url is null`)).toBe(0);
    expect(await n(`select count(*) from marts.nok_score where not is_synthetic`)).toBe(real);
    expect(await n(`select count(*) from marts.nok_score where not is_synthetic and source_url not like 'http%'`)).toBe(0);
    // an aggregate is synthetic as soon as one of its organizations is
    const bad = await n(`
      with mine as (select region_code, year, methodology_edition, bool_or(is_synthetic) as s from marts.nok_score where region_code is not null and total is not null group by all)
      select count(*) from mine m join (select * from marts.nok_region_score where sphere = 'все сферы') r using (region_code, year, methodology_edition)
      where m.s <> r.is_synthetic`);
    expect(bad).toBe(0);
    expect(await n(`select count(*) from marts.practice_effect where not is_synthetic`)).toBe(0);
    const notes = await db.all<{ file: string; synthetic: string }>(`select file, synthetic from meta.file_note where source in ('nok_results', 'questionnaires', 'observations', 'theme_adoption')`);
    expect(notes.length).toBeGreaterThanOrEqual(5);
    expect(notes.filter((x) => !x.file.includes('real_published')).every((x) => x.synthetic === 'да')).toBe(true);
    expect(notes.find((x) => x.file.includes('real_published'))?.synthetic).toBe('нет');
  });

  it('load without quarantine; gate contradictions are warnings, ignored by the engine', async () => {
    expect(await n(`select count(*) from meta.quarantine where source in ('nok_results', 'questionnaires', 'observations', 'theme_adoption')`)).toBe(0);
    const warned = await n(`select count(*) from meta.warning where source = 'questionnaires'`);
    const ignored = await n(`select sum(gate_contradictions) from intermediate.int_nok_questionnaire_agg`);
    expect(warned).toBeGreaterThan(0);
    expect(ignored).toBe(warned);
  });

  it('the ИНН of every generated organization has valid check digits and its region as prefix', async () => {
    const bad = await n(`
      select count(*) from marts.nok_score
      where ((2 * inn[1]::int + 4 * inn[2]::int + 10 * inn[3]::int + 3 * inn[4]::int + 5 * inn[5]::int + 9 * inn[6]::int
              + 4 * inn[7]::int + 6 * inn[8]::int + 8 * inn[9]::int) % 11) % 10 <> inn[10]::int
         or left(inn, 2) <> region_code`);
    expect(bad).toBe(0);
  });
});
