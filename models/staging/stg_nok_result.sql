-- Опубликованные результаты НОК по организациям (макет 3).
with source as (
    select * from raw.nok_results
),
final as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        year::integer as year,
        region_code,
        sphere,
        inn,
        org_name,
        k1, k2, k3, k4, k5,
        total,
        respondents::integer as respondents
    from source
)
select * from final
