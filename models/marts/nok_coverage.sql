-- Охват и давность оценки по региону и сфере: организаций известно (оценивались хоть раз), оценено за последние
-- три года, не оценивалось больше трёх лет (закон требует оценки не реже раза в три года).
-- Столбцы баллов названы явно: под grouping sets DuckDB не отбрасывает ненужные столбцы и читал бы все.
with scores as not materialized (
    select region_code, sphere, org_id, year, is_synthetic from marts.nok_score where region_code is not null
),
regions as (
    select * from marts.region
),
bounds as (
    select max(year) as latest_year from scores
),
orgs as (
    -- организация в регионе и сфере (и в регионе вообще): последний год оценки
    select region_code, coalesce(sphere, 'все сферы') as sphere, org_id, max(year) as last_year, bool_or(is_synthetic) as is_synthetic
    from scores
    group by grouping sets ((region_code, org_id), (region_code, sphere, org_id))
),
grouped as (
    select
        o.region_code,
        o.sphere,
        count(*) as orgs_known,
        count(*) filter (where o.last_year > b.latest_year - 3) as orgs_recent,
        count(*) filter (where o.last_year <= b.latest_year - 3) as orgs_stale,
        min(o.last_year) as oldest_last_year,
        bool_or(o.is_synthetic) as is_synthetic
    from orgs o
    cross join bounds b
    group by o.region_code, o.sphere
),
final as (
    select
        g.region_code,
        r.region_name,
        r.federal_district_short,
        g.sphere,
        b.latest_year,
        b.latest_year - 2 as recent_from_year,
        g.orgs_known,
        g.orgs_recent,
        g.orgs_stale,
        g.orgs_recent / g.orgs_known as share_recent,
        g.oldest_last_year,
        g.is_synthetic
    from grouped g
    join regions r using (region_code)
    cross join bounds b
)
select * from final
order by sphere, region_code
