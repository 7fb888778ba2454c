-- Происхождение значений опроса по ячейкам (meta.cell_provenance): из отчёта с цитатой или синтетическое.
-- Для файла без сопроводительного файла «по ячейкам» строк нет: тогда действует признак строки is_synthetic.
with source as (
    select * from meta.cell_provenance
    where source = 'survey_regions'
),
final as (
    select
        file as source_file,
        row_number as source_row,
        column_name,
        year,
        kind,
        kind = 'report' as is_from_report,
        quote
    from source
)
select * from final
order by source_file, source_row, column_name, year
