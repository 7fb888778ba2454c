-- Практики регионов (макет 2, sources/practices): переименование, постоянный код, уровень одной строкой.
with source as (
    select * from raw.practices
),
renamed as (
    select
        practice_code,
        region_code,
        trim(title) as title,
        levels,
        -- уровень одной строкой в порядке «субъект, муниципальное образование, организация» (как на рисунке 14 отчёта)
        nullif(concat_ws(', ',
            case when list_contains(levels, 'субъект') then 'субъект' end,
            case when list_contains(levels, 'муниципальное образование') then 'муниципальное образование' end,
            case when list_contains(levels, 'организация') then 'организация' end
        ), '') as level,
        practice_type,
        coalesce(nullif(trim(sphere), ''), 'не указана') as sphere,
        description,
        problem,
        results,
        start_year,
        report_group,
        classification_basis,
        report_order,
        _file as source_file,
        _row as source_row,
        is_synthetic
    from source
),
final as (
    select
        -- код из файла, если он есть и не повторяется; иначе — код региона и хэш наименования
        -- (не меняется от сборки к сборке, пока не меняется наименование)
        case
            when practice_code is not null and count(*) over (partition by practice_code) = 1 then practice_code
            else region_code || '-' || left(md5(lower(title)), 8)
        end as practice_id,
        * exclude (practice_code),
        practice_code is not null and count(*) over (partition by practice_code) > 1 as has_duplicate_code
    from renamed
)
select * from final
order by report_order nulls last, source_file, source_row
