-- Перечни регионов в отчёте: сколько заявлено, сколько позиций названо, сколько различных субъектов.
-- Повторы и несовпадения показываются, а не прячутся.
with lists(list_measure, count_measure, title) as (
    values
        ('no_nonstate_listed', 'regions_without_nonstate', 'Субъекты без негосударственных организаций социального обслуживания')
),
items as (
    select * from marts.report_figure
),
listed as (
    select
        l.list_measure,
        count(*) as positions_listed,
        count(distinct i.region_code) as distinct_regions,
        list(distinct i.region_name order by i.region_name) filter (where i.region_code in (
            select region_code from items i2 where i2.measure = l.list_measure group by region_code having count(*) > 1
        )) as repeated_regions,
        any_value(i.quote) as quote
    from lists l
    join items i on i.measure = l.list_measure
    group by l.list_measure
),
final as (
    select
        l.list_measure,
        l.title,
        s.value::integer as stated_count,
        d.positions_listed,
        d.distinct_regions,
        array_to_string(d.repeated_regions, '; ') as repeated_regions,
        d.distinct_regions = s.value as is_consistent,
        d.quote
    from lists l
    join listed d using (list_measure)
    left join items s on s.measure = l.count_measure and s.region_code is null
)
select * from final
order by list_measure
