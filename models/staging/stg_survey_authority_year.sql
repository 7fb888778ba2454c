-- Опрос органов власти: значения по годам (столбцы «… (ГГГГ)» входного файла, развёрнутые загрузчиком в строки).
with source as (
    select * from raw.survey_regions_by_year
),
final as (
    select
        _file as source_file,
        _row as source_row,
        year,
        planned_rub,
        actual_rub,
        orgs_assessed,
        respondents,
        procurement_methods
    from source
)
select * from final
order by source_file, source_row, year
