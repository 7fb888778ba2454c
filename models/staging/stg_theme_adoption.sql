-- Годы внедрения тем практик по регионам (тема — как записана: код или название).
with source as (
    select * from raw.theme_adoption
),
final as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        region_code,
        theme as theme_written,
        adoption_year::integer as adoption_year
    from source
)
select * from final
