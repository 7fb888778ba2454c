-- Недостатки организации за год одной строкой: сколько их, они сами (от самых дорогих по баллам, каждый с новой
-- строки: в описании бывает «; ») и неизмеримые показатели. Читают nok_lowest_org и карточка организации на странице региона.
select
    d.inn,
    d.sphere,
    d.year,
    count(*) filter (where not d.is_not_measurable) as n_deficiencies,
    count(*) filter (where d.is_not_measurable) as n_not_measurable,
    string_agg(d.description, chr(10) order by d.indicator_points_lost desc nulls last, d.indicator, d.item)
        filter (where not d.is_not_measurable) as deficiencies,
    string_agg(d.indicator, ', ' order by d.indicator) filter (where d.is_not_measurable) as not_measurable_indicators,
    bool_or(d.is_synthetic) as is_synthetic
from marts.nok_deficiency d
group by d.inn, d.sphere, d.year
order by d.year, d.inn, d.sphere
