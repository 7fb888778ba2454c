-- Стоимость работ оператора по региону и году (органы власти региона сложены) с удельными значениями.
with region_years as (
    select * from intermediate.int_survey_region_year
),
regions as (
    select * from marts.region
),
survey_regions as (
    select region_code, orgs_regional from intermediate.int_survey_region
),
final as (
    select
        r.region_code,
        r.region_name,
        r.federal_district,
        r.federal_district_short,
        y.year,
        y.planned_rub,
        y.actual_rub,
        y.orgs_assessed,
        y.respondents,
        case when y.actual_rub > 0 and y.orgs_assessed > 0 then y.actual_rub / y.orgs_assessed end as cost_per_org_rub,
        case when y.actual_rub > 0 and y.respondents > 0 then y.actual_rub / y.respondents end as cost_per_respondent_rub,
        case when y.actual_rub > 0 and y.planned_rub > 0 then y.planned_rub / y.actual_rub end as planned_to_actual,
        coalesce(y.actual_rub > 0, false) as is_paid,
        coalesce(y.actual_rub = 0, false) as is_free_of_charge,
        y.authorities,
        y.sphere_codes,
        s.orgs_regional,
        y.is_planned_from_report,
        y.is_actual_from_report,
        y.is_synthetic
    from region_years y
    join regions r using (region_code)
    left join survey_regions s using (region_code)
)
select * from final
order by region_code, year
