-- Настройки движка баллов НОК как таблица из одной строки, чтобы их читали SQL-модели:
-- правило нулевого знаменателя (NOK_ZERO_DENOMINATOR, проверяется в pipelines/lib/config.ts;
-- раннер моделей передаёт его переменной DuckDB nok_zero_denominator; docs/methodology.md).
with setting as (
    select coalesce(getvariable('nok_zero_denominator'), 'exclude') as zero_denominator_rule
),
final as (
    select
        zero_denominator_rule,
        case zero_denominator_rule
            when 'exclude' then 'показатель не измерим: исключается, веса критерия перераспределяются на измеримые показатели'
            when 'hundred' then 'показатель не измерим: засчитывается как 100 баллов'
            when 'zero' then 'показатель не измерим: засчитывается как 0 баллов'
        end as zero_denominator_rule_text
    from setting
)
select * from final
