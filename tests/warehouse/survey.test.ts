/**
 * Data tests of the survey of regional authorities on the bundled build:
 * the report's aggregates recomputed from the public marts with SQL written
 * here (independent of the models' SQL) and compared with marts.report_figure;
 * the structure of the data set (authorities vs regions, participation);
 * the reconciliation and the downloads.
 *
 * SURVEY_TEST_WAREHOUSE / SURVEY_TEST_DOWNLOADS point the tests at another
 * build (for development); by default they use the build of tests/setup/build.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';

const WAREHOUSE = process.env.SURVEY_TEST_WAREHOUSE ?? testBuild.warehouse;
const DOWNLOADS = process.env.SURVEY_TEST_DOWNLOADS ?? testBuild.downloads;

let db: Db;
beforeAll(async () => {
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
});
afterAll(() => db?.close());

/** A published figure: value and unit as the report prints them. */
async function figure(id: string): Promise<{ value: number; unit: string | null; region_code: string | null; comparator: string | null }> {
  const f = await db.one<{ value: number; unit: string | null; region_code: string | null; comparator: string | null }>(
    `select value, unit, region_code, comparator from marts.report_figure where figure_id = $1`,
    [id],
  );
  if (!f) throw new Error(`нет цифры отчёта ${id}`);
  return f;
}
/** The published value in roubles (figures in thousand or million roubles converted). */
const rub = (f: { value: number; unit: string | null }): number => f.value * ({ 'тыс. руб.': 1000, 'млн руб.': 1e6 }[f.unit ?? ''] ?? 1);
/** Half a unit of the last printed digit of a published value, in the value's own unit. */
const halfUnit = (v: number): number => 0.5 * 10 ** -((String(v).split('.')[1] ?? '').length);

describe('authorities and regions', () => {
  it('has 83 authorities in 80 regions: 79 social-policy, 2 health, 2 education, as the report says', async () => {
    const r = await db.one<{ authorities: number; regions: number; social: number; health: number; education: number }>(`
      select count(*) as authorities, count(distinct region_code) as regions,
        count(*) filter (where sphere_code = 'social') as social,
        count(*) filter (where sphere_code = 'health') as health,
        count(*) filter (where sphere_code = 'education') as education
      from marts.survey_authority`);
    expect(r).toEqual({
      authorities: 83,
      regions: (await figure('participation.regions')).value,
      social: (await figure('participation.social')).value,
      health: (await figure('participation.health')).value,
      education: (await figure('participation.education')).value,
    });
    const health = await db.all<{ region_code: string }>(`select region_code from marts.survey_authority where sphere_code = 'health' order by 1`);
    const listed = await db.all<{ region_code: string }>(`select region_code from marts.report_figure where measure = 'authorities_health_listed' order by 1`);
    expect(health).toEqual(listed);
  });

  it('keeps Калужская область only through its health authority and shows the contradiction with the report', async () => {
    const kaluga = await db.all<{ sphere_code: string }>(`select sphere_code from marts.survey_authority a join marts.region r using (region_code) where r.region_name = 'Калужская область'`);
    expect(kaluga).toEqual([{ sphere_code: 'health' }]);
    const p = await db.one<Record<string, unknown>>(`select p.status, p.has_contradiction, p.is_listed_not_participating from marts.survey_participation p join marts.region r using (region_code) where r.region_name = 'Калужская область'`);
    expect(p).toEqual({ status: 'other_authority_only', has_contradiction: true, is_listed_not_participating: true });
    // the report's maximum planned price is that health authority's
    const max = await db.one<{ region_code: string; extreme_year: number }>(
      `select region_code, extreme_year from marts.operator_cost_summary where is_primary and measure = 'planned_rub' and statistic = 'max'`,
    );
    expect(max!.region_code).toBe((await figure('cost.planned.max')).region_code);
  });

  it('accounts for every subject: listed absent, new 2022 subjects not mentioned, exactly one assumed absent that the report never names', async () => {
    const rows = await db.all<{ status: string; n: number }>(`select status, count(*)::integer as n from marts.survey_participation group by 1 order by 1`);
    const n = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const listed = await db.value<number>(`select count(distinct region_code) from marts.report_figure where measure = 'not_participating_listed'`);
    const answeredListed = await db.value<number>(`select count(*) from marts.survey_participation where is_listed_not_participating and is_answered`);
    expect(n.listed_absent).toBe(listed - answeredListed);
    expect(n.not_surveyed_new_subject).toBe(await db.value<number>(`select count(*) from marts.region where joined_year >= 2022`));
    expect(n.absent_unnamed).toBe(1);
    const assumed = await db.one<{ region_code: string; is_synthetic: boolean; note: string }>(`select region_code, is_synthetic, note from marts.survey_participation where status = 'absent_unnamed'`);
    expect(assumed!.is_synthetic).toBe(true);
    expect(assumed!.note).toMatch(/Предположение/);
    expect(await db.value<number>(`select count(*) from marts.report_figure where region_code = $1`, [assumed!.region_code])).toBe(0);
    expect((n.social_authority ?? 0) + (n.other_authority_only ?? 0)).toBe((await figure('participation.regions')).value);
  });
});

describe('operator cost', () => {
  it('has one row per region and year, and the region value is the sum of its authorities', async () => {
    expect(await db.value<number>(`select count(*) - count(distinct (region_code, year)) from marts.operator_cost`)).toBe(0);
    const diff = await db.all(`
      with a as (
        select region_code, year, sum(planned_rub) p, sum(actual_rub) c, sum(orgs_assessed) o, sum(respondents) n, count(*) k
        from intermediate.int_survey_authority_year
        where planned_rub is not null or actual_rub is not null or orgs_assessed is not null or respondents is not null
        group by all)
      select * from a full join marts.operator_cost m using (region_code, year)
      where a.p is distinct from m.planned_rub or a.c is distinct from m.actual_rub or a.o is distinct from m.orgs_assessed or a.n is distinct from m.respondents`);
    expect(diff).toEqual([]);
    expect(await db.value<number>(`select max(authorities) from marts.operator_cost`)).toBeGreaterThanOrEqual(3);
  });

  it('reproduces the report’s means, minima and maxima over paid region-years of 2021–2023', async () => {
    const s = await db.one<Record<string, number | string>>(`
      with paid as (select * from marts.operator_cost where actual_rub > 0)
      select
        (select avg(planned_rub) from marts.operator_cost where planned_rub > 0) as planned_mean,
        (select min(planned_rub) from marts.operator_cost where planned_rub > 0) as planned_min,
        (select arg_min(region_code, planned_rub) from marts.operator_cost where planned_rub > 0) as planned_min_region,
        (select max(planned_rub) from marts.operator_cost) as planned_max,
        (select arg_max(region_code, planned_rub) from marts.operator_cost) as planned_max_region,
        avg(actual_rub) as actual_mean,
        min(actual_rub) as actual_min, arg_min(region_code, actual_rub) as actual_min_region,
        max(actual_rub) as actual_max, arg_max(region_code, actual_rub) as actual_max_region,
        avg(orgs_assessed) as orgs_mean,
        min(actual_rub / orgs_assessed) filter (where orgs_assessed > 0) as per_org_min,
        max(actual_rub / orgs_assessed) filter (where orgs_assessed > 0) as per_org_max,
        avg(actual_rub / respondents) filter (where respondents > 0) as per_resp_mean,
        (select count(distinct region_code) from marts.operator_cost where actual_rub is not null or planned_rub is not null) as regions
      from paid`);
    const check = async (id: string, computed: number, region?: string): Promise<void> => {
      const f = await figure(id);
      const scale = rub(f) / f.value;
      expect(Math.abs(computed / scale - f.value), `${id}: ${computed / scale} vs ${f.value}`).toBeLessThanOrEqual(halfUnit(f.value) + 1e-9);
      if (region !== undefined) expect(region, id).toBe(f.region_code);
    };
    await check('cost.regions_answered', Number(s!.regions));
    await check('cost.planned.mean', Number(s!.planned_mean));
    await check('cost.planned.min', Number(s!.planned_min), String(s!.planned_min_region));
    await check('cost.planned.max', Number(s!.planned_max), String(s!.planned_max_region));
    await check('cost.actual.mean', Number(s!.actual_mean));
    await check('cost.actual.min', Number(s!.actual_min), String(s!.actual_min_region));
    await check('cost.actual.max', Number(s!.actual_max), String(s!.actual_max_region));
    await check('cost.orgs_assessed.mean', Number(s!.orgs_mean));
    await check('cost.per_org.min', Number(s!.per_org_min));
    await check('cost.per_org.max', Number(s!.per_org_max));
    await check('cost.per_respondent.mean', Number(s!.per_resp_mean));
    await check('cost.planned_to_actual', Number(s!.planned_mean) / Number(s!.actual_mean));
  });

  it('gives both kinds of mean per organization; the ratio of totals is mean price / mean organizations, and neither reaches the report’s 5 839 ₽', async () => {
    const s = await db.one<{ mean_of_ratios: number; ratio_of_totals: number; m_mean: number; m_totals: number; mean_a: number; mean_o: number }>(`
      with paid as (select * from marts.operator_cost where actual_rub > 0 and orgs_assessed > 0)
      select avg(actual_rub / orgs_assessed) as mean_of_ratios, sum(actual_rub) / sum(orgs_assessed) as ratio_of_totals,
        avg(actual_rub) as mean_a, avg(orgs_assessed) as mean_o,
        (select value from marts.operator_cost_summary where is_primary and measure = 'cost_per_org_rub' and method = 'mean of regional ratios' and statistic = 'mean') as m_mean,
        (select value from marts.operator_cost_summary where is_primary and measure = 'cost_per_org_rub' and method = 'ratio of totals') as m_totals
      from paid`);
    expect(s!.m_mean).toBeCloseTo(s!.mean_of_ratios, 6);
    expect(s!.m_totals).toBeCloseTo(s!.ratio_of_totals, 6);
    expect(s!.ratio_of_totals).toBeCloseTo(s!.mean_a / s!.mean_o, 6);
    expect(s!.ratio_of_totals).toBeGreaterThan(s!.mean_of_ratios);
    // with the report's other figures holding, no data can bring the mean of ratios to 5 839 ₽ (LP bound ≈ 6 293 ₽)
    expect(s!.mean_of_ratios).toBeGreaterThan(6293);
    const r = await db.one<{ status: string; recon_note: string }>(`select status, recon_note from marts.reconciliation where figure_id = 'cost.per_org.mean'`);
    expect(r!.status).toBe('mismatch');
    expect(r!.recon_note).toMatch(/несовместима/);
  });

  it('counts free-of-charge years out of the cost statistics but keeps them in the data', async () => {
    const free = await db.value<number>(`select count(*) from marts.operator_cost where is_free_of_charge`);
    expect(free).toBeGreaterThan(0);
    const n = await db.value<number>(`select n_obs from marts.operator_cost_summary where is_primary and measure = 'actual_rub' and statistic = 'mean'`);
    expect(n).toBe(await db.value<number>(`select count(*) from marts.operator_cost where actual_rub > 0`));
  });

  it('benchmarks every answering region against its district with the district’s own regions', async () => {
    const bad = await db.all(`
      with b as (select * from marts.operator_cost_benchmark)
      select b.region_code from b
      where b.cost_per_org_rub is not null and abs(b.fd_cost_per_org_median - (select median(x.cost_per_org_rub) from b x where x.federal_district_short = b.federal_district_short)) > 1e-6`);
    expect(bad).toEqual([]);
    expect(await db.value<number>(`select count(*) from marts.operator_cost_benchmark`)).toBe(await db.value<number>(`select count(distinct region_code) from marts.survey_authority`));
  });
});

describe('procurement, control, online tools, funding, refusals', () => {
  it('reproduces Figure 10: 74 regions answered each year, shares of regions per method, 2022 summing to 104 %', async () => {
    const rows = await db.all<{ year: number; method_code: string; share: number; answered: number }>(`
      with answered as (select year, count(distinct region_code) as answered from marts.procurement_method_use group by year)
      select u.year, u.method_code, count(distinct u.region_code) / any_value(a.answered) as share, any_value(a.answered)::integer as answered
      from marts.procurement_method_use u join answered a using (year)
      group by u.year, u.method_code`);
    expect(rows.length).toBe(15);
    for (const r of rows) {
      const f = await figure(`procurement.${r.year}.${r.method_code}`);
      expect(Math.abs(100 * r.share - f.value), `${r.year} ${r.method_code}`).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(new Set(rows.map((r) => r.answered))).toEqual(new Set([74]));
    const total2022 = rows.filter((r) => r.year === 2022).reduce((a, r) => a + r.share, 0);
    expect(Math.round(total2022 * 100)).toBe(104);
    const mart = await db.all(`select m.year, m.method_code from marts.procurement_method_share m
      where m.share <> (select count(distinct region_code) from marts.procurement_method_use u where u.year = m.year and u.method_code = m.method_code) / m.regions_answered`);
    expect(mart).toEqual([]);
  });

  it('puts every «Иное» method the report names in its region and the 8 contest weights in regions that held an open contest', async () => {
    const named = await db.all<{ region_code: string }>(`select region_code from marts.report_figure where measure = 'procurement_other_listed'`);
    for (const { region_code } of named) {
      expect(await db.value<number>(`select count(*) from marts.procurement_method_use where region_code = $1 and method_code = 'other' and other_text is not null`, [region_code])).toBeGreaterThan(0);
    }
    const weights = await db.all<{ region_code: string; value: number }>(`select region_code, value from marts.report_figure where measure = 'contest_price_weight'`);
    expect(weights.length).toBe((await figure('contest_weight.regions')).value);
    for (const w of weights) {
      const r = await db.one<{ price_weight_pct: number; used_open_contest: boolean; nonprice_weight_pct: number }>(`select price_weight_pct, nonprice_weight_pct, used_open_contest from marts.contest_weight where region_code = $1`, [w.region_code]);
      expect(r).toEqual({ price_weight_pct: w.value, nonprice_weight_pct: 100 - w.value, used_open_contest: true });
    }
    expect(await db.value<number>(`select count(*) from marts.contest_weight where price_weight_pct is not null`)).toBe(weights.length);
  });

  it('reproduces Figures 11 and 12 from the authorities’ answers', async () => {
    const shares = async (col: string): Promise<Map<string, number>> => {
      const rows = await db.all<{ code: string; share: number }>(`
        select ${col} as code, count(distinct region_code) / (select count(distinct region_code) from marts.survey_authority where ${col} is not null) as share
        from marts.survey_authority where ${col} is not null group by 1`);
      return new Map(rows.map((r) => [r.code, r.share]));
    };
    const control = await shares('control_form_code');
    for (const code of ['tz_requirements', 'formal_check', 'selective_check', 'working_group', 'other']) {
      expect(Math.abs(100 * (control.get(code) ?? 0) - (await figure(`control.${code}`)).value), code).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    const online = await shares('online_tool_code');
    for (const code of ['none', 'own_tool', 'bus_gov', 'regional_it', 'treasury']) {
      expect(Math.abs(100 * (online.get(code) ?? 0) - (await figure(`online.${code}`)).value), code).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    const others = await db.all<{ region_code: string }>(`select region_code from marts.survey_authority where control_form_code = 'other' order by 1`);
    expect(others).toEqual(await db.all(`select region_code from marts.report_figure where measure = 'control_other_listed' order by 1`));
  });

  it('reproduces Figure 13 over 35 answers while only 34 regions have online requirements', async () => {
    const r = await db.one<{ answered: number; with_req: number; without: number }>(`
      select count(distinct region_code) filter (where online_paper_ratio_code is not null) as answered,
        count(distinct region_code) filter (where online_tool_code <> 'none') as with_req,
        count(distinct region_code) filter (where online_paper_ratio_code is not null and online_tool_code = 'none') as without
      from marts.survey_authority`);
    expect(r).toEqual({ answered: 35, with_req: 34, without: 1 });
    for (const code of ['online20', 'online40', 'online60', 'online80']) {
      const share = await db.value<number>(`select count(distinct region_code) / 35 from marts.survey_authority where online_paper_ratio_code = $1`, [code]);
      expect(Math.abs(100 * share - (await figure(`online_paper.${code}`)).value), code).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('reproduces the funding split, keeps the budget list and Table 17 as answered, and shows where the report contradicts itself', async () => {
    const r = await db.one<{ answered: number; programme: number }>(`
      select count(distinct region_code) as answered, count(distinct region_code) filter (where funding_category = 'programme') as programme
      from marts.survey_authority where funding_category is not null`);
    expect(r!.programme).toBe((await figure('funding.programme.regions')).value);
    expect(Math.abs((100 * r!.programme) / r!.answered - (await figure('funding.programme.share')).value)).toBeLessThanOrEqual(0.05 + 1e-9);
    const notBudget = await db.all(`
      select f.region_code from marts.report_figure f
      where f.measure = 'funding_budget_listed'
        and not exists (select 1 from marts.funding_source s where s.region_code = f.region_code and s.funding_category = 'regional_budget')`);
    expect(notBudget).toEqual([]);
    const t17 = await db.all<{ region_code: string; has_programme: boolean; budget: boolean }>(`
      select f.region_code, bool_or(s.programme_name is not null) as has_programme, bool_or(s.funding_category = 'regional_budget') as budget
      from marts.report_figure f left join marts.funding_source s using (region_code)
      where f.measure = 'funding_programme_listed' group by 1`);
    expect(t17.every((x) => x.has_programme)).toBe(true);
    const both = t17.filter((x) => x.budget).map((x) => x.region_code).sort();
    const listedBoth = await db.all<{ region_code: string }>(`
      select distinct a.region_code from marts.report_figure a join marts.report_figure b using (region_code)
      where a.measure = 'funding_programme_listed' and b.measure = 'funding_budget_listed' order by 1`);
    expect(both).toEqual(listedBoth.map((x) => x.region_code));
    expect(both.length).toBeGreaterThan(0);
  });

  it('names the two regions that refused acceptance, with reasons, and 77 without refusals', async () => {
    const refused = await db.all<{ region_code: string; has_reason: boolean }>(`select region_code, refusal_reasons is not null as has_reason from marts.acceptance_refusal where has_refusal order by 1`);
    const listed = await db.all<{ region_code: string }>(`select region_code from marts.report_figure where measure = 'refusal_listed' order by 1`);
    expect(refused.map((r) => r.region_code)).toEqual(listed.map((r) => r.region_code));
    expect(refused.every((r) => r.has_reason)).toBe(true);
    expect(await db.value<number>(`select count(*) from marts.acceptance_refusal where not has_refusal`)).toBe((await figure('refusal.none.regions')).value);
  });
});

describe('organizations (part 1) from the survey', () => {
  it('recomputes the totals from the social-policy authorities only', async () => {
    const s = await db.one<{ regional: number; municipal: number; with_mun: number; without_mun: number; nonstate: number; education: number }>(`
      select sum(orgs_regional) as regional, sum(orgs_municipal) as municipal,
        count(*) filter (where orgs_municipal > 0) as with_mun, count(*) filter (where orgs_municipal = 0) as without_mun,
        sum(orgs_nonstate) as nonstate,
        (select sum(orgs_municipal) from marts.survey_authority where sphere_code = 'education') as education
      from marts.survey_authority where sphere_code = 'social'`);
    expect(s!.regional).toBeGreaterThan((await figure('orgs_regional_total')).value);
    expect(s!.municipal).toBe((await figure('orgs_municipal_total')).value);
    expect(s!.with_mun).toBe((await figure('regions_with_municipal')).value);
    expect(s!.without_mun).toBe((await figure('regions_without_municipal')).value);
    expect(Math.abs(s!.nonstate - (await figure('orgs_nonstate_total')).value)).toBeLessThan(50);
    expect(s!.education).toBe((await figure('orgs_municipal.education.crimea')).value);
  });

  it('keeps the named largest and smallest regions at the extremes of the distribution', async () => {
    const named = await db.all<{ region_code: string; value: number; figure_id: string }>(`select region_code, value, figure_id from marts.report_figure where measure = 'orgs_regional'`);
    const lowestLarge = Math.min(...named.filter((n) => n.figure_id.includes('.max.')).map((n) => n.value));
    const highestSmall = Math.max(...named.filter((n) => n.figure_id.includes('.min.')).map((n) => n.value));
    const between = await db.all<{ orgs_regional: number }>(`
      select orgs_regional from marts.social_org_survey
      where orgs_regional is not null and region_code not in (select region_code from marts.report_figure where measure = 'orgs_regional')
        and (orgs_regional >= $1 or orgs_regional <= $2)`, [lowestLarge, highestSmall]);
    expect(between).toEqual([]);
  });
});

describe('reconciliation and downloads', () => {
  it('recomputes every numeric figure of parts 1 and 2, and explains every mismatch', async () => {
    const notRecomputed = await db.all(`select figure_id from marts.reconciliation where (section like 'Часть 1.%' or section like 'Часть 2.%') and status = 'not_recomputed'`);
    expect(notRecomputed).toEqual([]);
    const unexplained = await db.all(`select figure_id from marts.reconciliation where status in ('mismatch', 'not_computable') and (section like 'Часть 1.%' or section like 'Часть 2.%') and coalesce(recon_note, note) is null`);
    expect(unexplained).toEqual([]);
    const numeric = await db.value<number>(`select count(*) from marts.report_figure where value is not null and (section like 'Часть 1.%' or section like 'Часть 2.%')`);
    expect(await db.value<number>(`select count(*) from marts.reconciliation where section like 'Часть 1.%' or section like 'Часть 2.%'`)).toBe(numeric);
  });

  it('marks figures recomputed from the report’s own values as such, and the rest as resting on synthetic data', async () => {
    const weights = await db.all<{ basis: string }>(`select distinct basis from marts.reconciliation where measure = 'contest_price_weight'`);
    expect(weights).toEqual([{ basis: 'report' }]);
    expect(await db.value<number>(`select count(*) from marts.reconciliation where measure = 'cost_per_org_mean' and is_synthetic`)).toBe(1);
  });

  it('exports the public survey marts as Parquet and CSV with the columns researchers need', async () => {
    const required: Record<string, string[]> = {
      operator_cost: ['region_code', 'region_name', 'federal_district', 'year', 'planned_rub', 'actual_rub', 'orgs_assessed', 'respondents', 'cost_per_org_rub', 'cost_per_respondent_rub'],
      procurement_method_share: ['year', 'method', 'regions_using', 'regions_answered', 'share'],
      control_form_share: ['form', 'regions', 'regions_answered', 'share'],
      online_tool_share: ['requirement', 'regions', 'regions_answered', 'share'],
      operator_cost_summary: ['measure', 'statistic', 'unit', 'method', 'value', 'region_code', 'region_name'],
    };
    for (const [table, cols] of Object.entries(required)) {
      const have = (await db.all<{ column_name: string }>(`select column_name from information_schema.columns where table_schema = 'marts' and table_name = $1`, [table])).map((c) => c.column_name);
      expect(have, table).toEqual(expect.arrayContaining(cols));
    }
    const marts = ['operator_cost', 'operator_cost_summary', 'operator_cost_benchmark', 'procurement_method_share', 'procurement_method_use', 'control_form_share', 'online_tool_share',
      'online_paper_share', 'funding_source', 'funding_source_share', 'contest_weight', 'acceptance_refusal', 'survey_participation', 'survey_authority', 'social_org_survey', 'survey_list_check'];
    for (const m of marts) {
      for (const ext of ['parquet', 'csv']) {
        const f = path.join(DOWNLOADS, `${m}.${ext}`);
        expect(fs.existsSync(f), f).toBe(true);
      }
      const n = await db.value<number>(`select count(*) from read_parquet($1)`, [path.join(DOWNLOADS, `${m}.parquet`)]);
      expect(n, m).toBe(await db.value<number>(`select count(*) from marts.${m}`));
    }
  });
});
