-- Баллы критериев К1–К5 по организации и году: взвешенная сумма показателей; при правиле exclude
-- веса перераспределяются на показатели со значением (делим на сумму их весов).
-- Веса и формула: docs/methodology.md#weights; перераспределение весов: docs/methodology.md#zero-denominator.
with indicators as (
    select * from intermediate.int_indicator_value
),
final as (
    select
        inn,
        year,
        criterion,
        any_value(methodology_version) as methodology_version,
        sum(weight * value) filter (where value is not null) / nullif(sum(weight) filter (where value is not null), 0) as score,
        count(*) as n_indicators,
        count(*) filter (where not is_measurable) as n_not_measurable,
        sum(weight) filter (where value is not null) as weight_used,
        bool_or(is_synthetic) as is_synthetic
    from indicators
    group by inn, year, criterion
)
select * from final
