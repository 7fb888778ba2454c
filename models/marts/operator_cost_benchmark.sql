-- Сравнение региона с федеральным округом, с регионами схожего размера сети (число организаций
-- регионального подчинения) и со всеми регионами: что регион платит оператору за одну организацию
-- и за одного респондента. Значение региона — отношение итогов за его оплаченные годы 2021–2023
-- (сумма цен контрактов / сумма организаций), у сравниваемых групп — медиана этих значений и отношение итогов группы.
with costs as (
    select * from marts.operator_cost
),
regions as (
    select * from marts.region
),
survey_regions as (
    select * from intermediate.int_survey_region
),
per_region as (
    select
        region_code,
        count(*) filter (where is_paid) as paid_years,
        count(*) filter (where is_free_of_charge) as free_years,
        string_agg(year::varchar, ', ' order by year) filter (where is_paid) as paid_year_list,
        avg(planned_rub) filter (where is_paid and planned_rub > 0) as planned_rub_mean,
        avg(actual_rub) filter (where is_paid) as actual_rub_mean,
        avg(orgs_assessed) filter (where is_paid) as orgs_assessed_mean,
        avg(respondents) filter (where is_paid) as respondents_mean,
        sum(actual_rub) filter (where is_paid and orgs_assessed > 0) as actual_rub_for_orgs,
        sum(orgs_assessed) filter (where is_paid and orgs_assessed > 0) as orgs_assessed_total,
        sum(actual_rub) filter (where is_paid and respondents > 0) as actual_rub_for_respondents,
        sum(respondents) filter (where is_paid and respondents > 0) as respondents_total,
        bool_or(is_actual_from_report) as has_report_value,
        bool_or(is_synthetic) as is_synthetic
    from costs
    group by region_code
),
base as (
    select
        r.region_code, r.region_name, r.region_name as short_name, r.federal_district, r.federal_district_short,
        r.tile_col, r.tile_row, r.tile_label,
        s.orgs_regional,
        case
            when s.orgs_regional is null then 'нет данных'
            when s.orgs_regional < 20 then 'до 20 организаций'
            when s.orgs_regional < 40 then '20–39 организаций'
            when s.orgs_regional < 60 then '40–59 организаций'
            when s.orgs_regional < 100 then '60–99 организаций'
            else '100 и более организаций'
        end as size_group,
        coalesce(p.paid_years, 0) as paid_years,
        coalesce(p.free_years, 0) as free_years,
        p.paid_year_list,
        p.planned_rub_mean, p.actual_rub_mean, p.orgs_assessed_mean, p.respondents_mean,
        p.actual_rub_for_orgs, p.orgs_assessed_total, p.actual_rub_for_respondents, p.respondents_total,
        p.actual_rub_for_orgs / nullif(p.orgs_assessed_total, 0) as cost_per_org_rub,
        p.actual_rub_for_respondents / nullif(p.respondents_total, 0) as cost_per_respondent_rub,
        coalesce(p.has_report_value, false) as has_report_value,
        coalesce(p.is_synthetic, s.is_synthetic) as is_synthetic
    from survey_regions s
    join regions r using (region_code)
    left join per_region p using (region_code)
),
final as (
    select
        *,
        median(cost_per_org_rub) over (partition by federal_district_short) as fd_cost_per_org_median,
        sum(actual_rub_for_orgs) over (partition by federal_district_short) / sum(orgs_assessed_total) over (partition by federal_district_short) as fd_cost_per_org_total_ratio,
        median(cost_per_respondent_rub) over (partition by federal_district_short) as fd_cost_per_respondent_median,
        count(cost_per_org_rub) over (partition by federal_district_short) as fd_regions,
        case when cost_per_org_rub is not null then rank() over (partition by federal_district_short order by cost_per_org_rub nulls last) end as fd_cost_per_org_rank,
        median(cost_per_org_rub) over (partition by size_group) as size_cost_per_org_median,
        median(cost_per_respondent_rub) over (partition by size_group) as size_cost_per_respondent_median,
        count(cost_per_org_rub) over (partition by size_group) as size_regions,
        median(cost_per_org_rub) over () as all_cost_per_org_median,
        sum(actual_rub_for_orgs) over () / sum(orgs_assessed_total) over () as all_cost_per_org_total_ratio,
        median(cost_per_respondent_rub) over () as all_cost_per_respondent_median,
        count(cost_per_org_rub) over () as all_regions,
        case when cost_per_org_rub is not null then rank() over (order by cost_per_org_rub nulls last) end as all_cost_per_org_rank,
        case when cost_per_org_rub is not null then percent_rank() over (partition by cost_per_org_rub is null order by cost_per_org_rub) end as cost_per_org_percentile
    from base
)
select * from final
order by region_code
