-- Способы определения оператора: каждый названный органом способ — отдельная строка (орган мог назвать несколько).
with years as (
    select * from intermediate.int_survey_authority_year
    where procurement_methods is not null
),
unnested as (
    select
        authority_id, region_code, sphere_code, year,
        unnest(procurement_methods) as method_answer,
        is_methods_synthetic
    from years
),
final as (
    select
        authority_id,
        region_code,
        sphere_code,
        year,
        case
            when starts_with(method_answer, 'Иное:') then 'other'
            else (select c.category_code from staging.stg_survey_category c where c.question = 'procurement_method' and c.answer = method_answer)
        end as method_code,
        method_answer,
        case when starts_with(method_answer, 'Иное:') then nullif(trim(substr(method_answer, 6)), '') end as other_text,
        is_methods_synthetic as is_synthetic
    from unnested
)
select distinct * from final
order by region_code, year, method_code
