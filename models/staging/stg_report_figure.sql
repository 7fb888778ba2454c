-- Цифры аналитического отчёта 2023 года с цитатами (sources/report_figures).
select
    figure_id,
    section,
    measure,
    region_code,
    sphere,
    year,
    value,
    coalesce(comparator, '=') as comparator,
    unit,
    list_position,
    quote,
    note,
    _file as source_file
from ref.report_figure
