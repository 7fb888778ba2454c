-- Сводные показатели стоимости работ оператора. Единица наблюдения, которую, по всей видимости, использовал
-- отчёт, — субъекто-год за 2021–2023 годы вместе (is_primary); для сравнения — по каждому году, по региону
-- (средние и отношения за его годы) и по органу власти. В выборку цены входят субъекто-годы с оплаченным
-- контрактом (цена > 0): работа на безвозмездной основе (0 руб.) не входит — минимум отчёта 3,7 тыс. руб.
-- показывает, что нули он не учитывал. Для отношений — два способа: среднее отношений по наблюдениям
-- («mean of regional ratios», как 5 839 руб. в отчёте) и отношение итогов («ratio of totals»: сумма цен / сумма организаций).
with region_years as (
    select * from intermediate.int_survey_region_year
),
authority_years as (
    select * from intermediate.int_survey_authority_year
    where planned_rub is not null or actual_rub is not null or orgs_assessed is not null or respondents is not null
),
regions as (
    select region_code, region_name from staging.stg_region
),
span as (
    -- все годы опроса вместе: «2021–2023» для опроса 2023 года
    select min(year)::varchar || '–' || max(year)::varchar as pooled from region_years
),
obs as (
    select 'region-year' as observation_unit, (select pooled from span) as period, region_code, year, planned_rub, actual_rub, orgs_assessed, respondents,
        not is_planned_from_report as planned_syn, not is_actual_from_report as actual_syn, is_synthetic from region_years
    union all
    select 'region-year', year::varchar, region_code, year, planned_rub, actual_rub, orgs_assessed, respondents,
        not is_planned_from_report, not is_actual_from_report, is_synthetic from region_years
    union all
    select 'authority-year', (select pooled from span), region_code, year, planned_rub, actual_rub, orgs_assessed, respondents,
        is_planned_synthetic, is_actual_synthetic, is_planned_synthetic or is_actual_synthetic or is_orgs_synthetic or is_respondents_synthetic from authority_years
),
region_totals as (
    -- по региону: средние за его годы; отношения — итог цен за оплаченные годы к итогу организаций (респондентов)
    select
        'region' as observation_unit, (select pooled from span) as period, region_code, null::integer as year,
        avg(planned_rub) filter (where planned_rub > 0) as planned_rub,
        avg(actual_rub) filter (where actual_rub > 0) as actual_rub,
        avg(orgs_assessed) filter (where actual_rub > 0) as orgs_assessed,
        avg(respondents) filter (where actual_rub > 0) as respondents,
        sum(actual_rub) filter (where actual_rub > 0 and orgs_assessed > 0) as org_num,
        sum(orgs_assessed) filter (where actual_rub > 0 and orgs_assessed > 0) as org_den,
        sum(actual_rub) filter (where actual_rub > 0 and respondents > 0) as resp_num,
        sum(respondents) filter (where actual_rub > 0 and respondents > 0) as resp_den,
        sum(planned_rub) filter (where planned_rub > 0 and actual_rub > 0) as pa_num,
        sum(actual_rub) filter (where planned_rub > 0 and actual_rub > 0) as pa_den,
        bool_or(is_synthetic) as is_synthetic
    from region_years
    group by region_code
),
long as (
    select observation_unit, period, region_code, year, 'planned_rub' as measure, planned_rub as v, null::double as num, null::double as den, planned_syn as is_synthetic from obs where planned_rub > 0
    union all select observation_unit, period, region_code, year, 'actual_rub', actual_rub, null, null, actual_syn from obs where actual_rub > 0
    union all select observation_unit, period, region_code, year, 'orgs_assessed', orgs_assessed, null, null, is_synthetic from obs where actual_rub > 0 and orgs_assessed is not null
    union all select observation_unit, period, region_code, year, 'respondents', respondents, null, null, is_synthetic from obs where actual_rub > 0 and respondents is not null
    union all select observation_unit, period, region_code, year, 'cost_per_org_rub', actual_rub / orgs_assessed, actual_rub, orgs_assessed, is_synthetic from obs where actual_rub > 0 and orgs_assessed > 0
    union all select observation_unit, period, region_code, year, 'cost_per_respondent_rub', actual_rub / respondents, actual_rub, respondents, is_synthetic from obs where actual_rub > 0 and respondents > 0
    union all select observation_unit, period, region_code, year, 'planned_to_actual', planned_rub / actual_rub, planned_rub, actual_rub, is_synthetic from obs where actual_rub > 0 and planned_rub > 0
    union all select observation_unit, period, region_code, year, 'planned_rub', planned_rub, null, null, is_synthetic from region_totals where planned_rub is not null
    union all select observation_unit, period, region_code, year, 'actual_rub', actual_rub, null, null, is_synthetic from region_totals where actual_rub is not null
    union all select observation_unit, period, region_code, year, 'orgs_assessed', orgs_assessed, null, null, is_synthetic from region_totals where orgs_assessed is not null
    union all select observation_unit, period, region_code, year, 'respondents', respondents, null, null, is_synthetic from region_totals where respondents is not null
    union all select observation_unit, period, region_code, year, 'cost_per_org_rub', org_num / org_den, org_num, org_den, is_synthetic from region_totals where org_den > 0
    union all select observation_unit, period, region_code, year, 'cost_per_respondent_rub', resp_num / resp_den, resp_num, resp_den, is_synthetic from region_totals where resp_den > 0
    union all select observation_unit, period, region_code, year, 'planned_to_actual', pa_num / pa_den, pa_num, pa_den, is_synthetic from region_totals where pa_den > 0
),
measures(measure, measure_ru, unit, is_ratio, sort_order) as (
    values
        ('planned_rub', 'НМЦК на работы оператора', 'руб.', false, 1),
        ('actual_rub', 'Цена контракта с оператором', 'руб.', false, 2),
        ('planned_to_actual', 'НМЦК / цена контракта', 'раз', true, 3),
        ('orgs_assessed', 'Организаций, в отношении которых проведена НОК', 'организаций', false, 4),
        ('respondents', 'Опрошено получателей услуг', 'человек', false, 5),
        ('cost_per_org_rub', 'Стоимость работ оператора на одну организацию', 'руб.', true, 6),
        ('cost_per_respondent_rub', 'Стоимость работ оператора на одного респондента', 'руб.', true, 7)
),
per_measure as (
    select
        l.observation_unit, l.period, l.measure,
        avg(l.v) as mean, median(l.v) as median, min(l.v) as min, max(l.v) as max,
        arg_min(l.region_code, l.v) as min_region, arg_min(l.year, l.v) as min_year,
        arg_max(l.region_code, l.v) as max_region, arg_max(l.year, l.v) as max_year,
        sum(l.num) / nullif(sum(l.den), 0) as ratio_of_totals,
        count(*) as n_obs, count(distinct l.region_code) as n_regions,
        bool_or(not l.is_synthetic) as has_report_values,
        bool_or(l.is_synthetic) as is_synthetic
    from long l
    group by all
),
ratio_of_means as (
    -- «в 1,6 раз ниже»: средняя НМЦК / средняя цена контракта
    select p.observation_unit, p.period, 'planned_to_actual' as measure, p.mean / a.mean as value,
        least(p.n_obs, a.n_obs) as n_obs, greatest(p.n_regions, a.n_regions) as n_regions,
        p.has_report_values or a.has_report_values as has_report_values, p.is_synthetic or a.is_synthetic as is_synthetic
    from per_measure p join per_measure a on a.observation_unit = p.observation_unit and a.period = p.period and a.measure = 'actual_rub'
    where p.measure = 'planned_rub'
),
stats as (
    select observation_unit, period, measure, 'mean' as statistic, 'plain' as kind, mean as value, null as region_code, null::integer as extreme_year, n_obs, n_regions, has_report_values, is_synthetic from per_measure
    union all select observation_unit, period, measure, 'median', 'plain', median, null, null, n_obs, n_regions, has_report_values, is_synthetic from per_measure
    union all select observation_unit, period, measure, 'min', 'plain', min, min_region, min_year, n_obs, n_regions, has_report_values, is_synthetic from per_measure
    union all select observation_unit, period, measure, 'max', 'plain', max, max_region, max_year, n_obs, n_regions, has_report_values, is_synthetic from per_measure
    union all select observation_unit, period, measure, 'ratio', 'ratio of totals', ratio_of_totals, null, null, n_obs, n_regions, has_report_values, is_synthetic from per_measure where ratio_of_totals is not null
    union all select observation_unit, period, measure, 'ratio', 'ratio of means', value, null, null, n_obs, n_regions, has_report_values, is_synthetic from ratio_of_means
),
final as (
    select
        s.measure,
        m.measure_ru,
        s.statistic,
        case when s.kind <> 'plain' then s.kind when m.is_ratio then 'mean of regional ratios' else 'direct' end as method,
        m.unit,
        s.observation_unit,
        s.period,
        s.observation_unit = 'region-year' and s.period = (select pooled from span) as is_primary,
        s.value,
        s.n_obs,
        s.n_regions,
        s.region_code,
        r.region_name,
        s.extreme_year,
        m.sort_order,
        s.has_report_values,
        s.is_synthetic
    from stats s
    join measures m using (measure)
    left join regions r using (region_code)
)
select * from final
order by observation_unit desc, period, sort_order, statistic
