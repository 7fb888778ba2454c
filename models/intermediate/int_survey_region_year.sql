-- Стоимость и объём работ оператора по региону и году: значения органов власти региона сложены
-- (Крым: соцзащита + здравоохранение + образование). Значение региона пусто, если ни один орган его не указал.
with years as (
    select * from intermediate.int_survey_authority_year
),
final as (
    select
        region_code,
        year,
        sum(planned_rub) as planned_rub,
        sum(actual_rub) as actual_rub,
        sum(orgs_assessed) as orgs_assessed,
        sum(respondents) as respondents,
        count(*) as authorities,
        count(*) filter (where planned_rub is not null or actual_rub is not null) as authorities_with_costs,
        string_agg(distinct sphere_code, ', ' order by sphere_code) as sphere_codes,
        coalesce(bool_and(not is_planned_synthetic) filter (where planned_rub is not null), false) as is_planned_from_report,
        coalesce(bool_and(not is_actual_synthetic) filter (where actual_rub is not null), false) as is_actual_from_report,
        bool_or(is_planned_synthetic or is_actual_synthetic or is_orgs_synthetic or is_respondents_synthetic) as is_synthetic
    from years
    where planned_rub is not null or actual_rub is not null or orgs_assessed is not null or respondents is not null
    group by region_code, year
)
select * from final
order by region_code, year
