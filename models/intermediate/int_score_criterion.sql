-- Баллы критериев К1–К5 по организации и году: взвешенная сумма показателей; при правиле exclude
-- веса перераспределяются на показатели со значением (делим на сумму их весов).
-- Веса и формула: docs/methodology.md#weights; перераспределение весов: docs/methodology.md#zero-denominator.
-- Слагаемые «вес × значение» и веса складываются как точные десятичные числа (12 знаков после
-- запятой): сумма целых не зависит от порядка, в котором потоки DuckDB складывают строки, и модель
-- идёт на всех ядрах с одинаковым до бита результатом (parallel: true в контракте).
with indicators as (
    select * from intermediate.int_indicator_value
),
final as (
    select
        inn,
        year,
        criterion,
        min(methodology_version) as methodology_version,
        (sum((weight * value)::decimal(38, 12)) filter (where value is not null)
            / nullif(sum(weight::decimal(38, 12)) filter (where value is not null), 0))::double as score,
        count(*) as n_indicators,
        count(*) filter (where not is_measurable) as n_not_measurable,
        (sum(weight::decimal(38, 12)) filter (where value is not null))::double as weight_used,
        bool_or(is_synthetic) as is_synthetic
    from indicators
    group by inn, year, criterion
)
select * from final
