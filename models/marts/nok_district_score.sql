-- Средние баллы НОК по федеральному округу (и по России в целом), году и сфере: среднее организаций
-- и среднее регионов, с числом организаций и регионов.
-- Как считаются средние: docs/methodology.md#aggregates.
with scores as (
    select s.*, r.federal_district, r.federal_district_short
    from marts.nok_score s
    join marts.region r using (region_code)
    where s.total is not null
),
region_means as (
    select * from marts.nok_region_score
),
regions as (
    select distinct federal_district, federal_district_short from marts.region
),
grouped as (
    select
        coalesce(federal_district_short, 'РФ') as district,
        year,
        coalesce(sphere, 'все сферы') as sphere,
        count(*) as n_orgs,
        count(distinct region_code) as n_regions,
        avg(k1) as k1, avg(k2) as k2, avg(k3) as k3, avg(k4) as k4, avg(k5) as k5,
        avg(total) as total,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by grouping sets ((federal_district_short, year), (federal_district_short, year, sphere), (year), (year, sphere))
),
region_avg as (
    select coalesce(federal_district_short, 'РФ') as district, year, sphere, avg(total) as total_region_mean
    from region_means
    group by grouping sets ((federal_district_short, year, sphere), (year, sphere))
),
final as (
    select
        g.district,
        coalesce(d.federal_district, 'Российская Федерация') as district_name,
        g.year,
        g.sphere,
        g.n_orgs,
        g.n_regions,
        g.k1, g.k2, g.k3, g.k4, g.k5,
        g.total,
        a.total_region_mean,
        g.total - lag(g.total) over (partition by g.district, g.sphere order by g.year) as total_change,
        g.is_synthetic
    from grouped g
    left join regions d on d.federal_district_short = g.district
    left join region_avg a using (district, year, sphere)
)
select * from final
order by year, sphere, district
