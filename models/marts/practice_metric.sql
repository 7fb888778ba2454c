-- Цифры из текста практик: значение, единица, год, что измеряет, предложение отчёта.
with metrics as (
    select * from intermediate.int_practice_metric
),
practices as (
    select practice_id, title, region_code, is_synthetic from staging.stg_practice
),
regions as (
    select region_code, region_name from marts.region
),
final as (
    select
        m.practice_id,
        m.metric_no,
        m.value,
        m.value_text,
        m.unit,
        m.unit_one,
        m.unit_few,
        m.unit_many,
        m.comparator,
        m.year,
        m.period,
        m.year_basis,
        m.measures,
        m.is_difference,
        m.sentence,
        m.field,
        p.title as practice_title,
        p.region_code,
        r.region_name,
        p.is_synthetic
    from metrics m
    join practices p using (practice_id)
    left join regions r using (region_code)
)
select * from final
order by practice_id, metric_no
