-- Сводные показатели стоимости работ оператора: среднее, медиана, минимум и максимум (с регионом и годом),
-- для отношений — и «среднее отношений по регионам», и «отношение итогов». Расчёт — intermediate.int_survey_cost_stats.
with stats as (
    select * from intermediate.int_survey_cost_stats
),
final as (
    select
        measure, measure_ru, statistic,
        case statistic when 'mean' then 'среднее' when 'median' then 'медиана' when 'min' then 'минимум' when 'max' then 'максимум' else 'отношение' end as statistic_ru,
        method,
        case method when 'direct' then 'по наблюдениям' when 'mean of regional ratios' then 'среднее отношений по наблюдениям'
            when 'ratio of totals' then 'отношение итогов' when 'ratio of means' then 'отношение средних' end as method_ru,
        unit, observation_unit,
        case observation_unit when 'region-year' then 'субъекто-год' when 'region' then 'субъект (за его годы)' when 'authority-year' then 'орган власти и год' end as observation_unit_ru,
        period, is_primary, value, n_obs, n_regions, region_code, region_name, extreme_year, sort_order, has_report_values, is_synthetic
    from stats
)
select * from final
order by observation_unit desc, period, sort_order, statistic
