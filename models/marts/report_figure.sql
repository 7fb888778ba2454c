-- Цифры отчёта с названиями регионов.
with figures as (
    select * from staging.stg_report_figure
),
regions as (
    select region_code, region_name from marts.region
),
final as (
    select
        f.figure_id, f.section, f.measure, f.region_code, r.region_name, f.sphere, f.year,
        f.value, f.comparator, f.unit, f.list_position, f.quote, f.note
    from figures f
    left join regions r using (region_code)
)
select * from final
order by figure_id
