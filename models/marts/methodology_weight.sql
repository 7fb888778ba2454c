-- Веса показателей НОК по редакциям методики (для страниц и выгрузки).
with weights as (
    select * from staging.stg_methodology_weight
),
final as (
    select
        methodology_version,
        valid_from_year,
        criterion,
        indicator,
        weight,
        case when count(distinct sphere) = 5 then 'все сферы' else string_agg(sphere, '; ' order by sphere) end as spheres,
        any_value(indicator_title) as indicator_title,
        any_value(formula) as formula
    from weights
    group by methodology_version, valid_from_year, criterion, indicator, weight
)
select * from final
order by methodology_version, indicator, weight
