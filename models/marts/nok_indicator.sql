-- Показатели НОК по организации и году (рассчитанные по анкетам и наблюдениям).
with indicators as (
    select * from intermediate.int_indicator_value
),
weights as (
    select distinct methodology_version, indicator, indicator_title from staging.stg_methodology_weight
),
final as (
    select
        i.inn,
        i.year,
        i.indicator,
        i.criterion,
        i.value,
        i.is_measurable,
        i.weight,
        w.indicator_title,
        i.sphere,
        i.methodology_version,
        i.zero_denominator_rule,
        i.is_synthetic
    from indicators i
    left join weights w using (methodology_version, indicator)
)
select * from final
order by year, inn, indicator
