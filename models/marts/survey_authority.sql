-- Органы власти, ответившие на опрос 2023 года: ответы в кодах и как записаны, с признаком синтетики.
with authorities as (
    select * from intermediate.int_survey_authority
),
years as (
    select authority_id, string_agg(year::varchar, ', ' order by year) as cost_years
    from intermediate.int_survey_authority_year
    where planned_rub is not null or actual_rub is not null
    group by authority_id
),
final as (
    select
        a.authority_id, a.region_code, a.region_name, a.federal_district, a.federal_district_short,
        a.authority_name, a.sphere_code, a.sphere, a.submitted_at,
        a.orgs_regional, a.orgs_municipal, a.orgs_nonstate,
        y.cost_years,
        a.funding_answer, a.funding_category, a.programme_name, a.is_programme_named, a.is_budget_and_programme,
        a.price_weight_answer, a.price_weight_pct, a.nonprice_weight_pct,
        a.control_form_code, a.control_form_answer, a.control_form_other_text,
        a.has_refusal, a.refusal_reasons,
        a.online_tool_code, a.online_tool_answer, a.online_paper_ratio_code, a.online_paper_ratio_answer,
        a.source_file, a.source_row, a.is_synthetic
    from authorities a
    left join years y using (authority_id)
)
select * from final
order by region_code, authority_id
