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
            when method_answer = 'Аукцион' then 'auction'
            when method_answer = 'Закупка у единственного поставщика' then 'sole_supplier'
            when method_answer = 'Запрос котировок в электронной форме' then 'quotation'
            when method_answer = 'Открытый конкурс' then 'open_contest'
        end as method_code,
        method_answer,
        case when starts_with(method_answer, 'Иное:') then nullif(trim(substr(method_answer, 6)), '') end as other_text,
        is_methods_synthetic as is_synthetic
    from unnested
)
select distinct * from final
order by region_code, year, method_code
