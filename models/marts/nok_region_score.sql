-- Средние баллы НОК по субъекту РФ, году и сфере (и по всем сферам вместе) с числом организаций,
-- изменением к предыдущему году и местом среди регионов.
-- Как считаются средние: docs/methodology.md#aggregates.
with scores as (
    select * from marts.nok_score where region_code is not null and total is not null
),
regions as (
    select * from marts.region
),
grouped as (
    select
        region_code,
        year,
        coalesce(sphere, 'все сферы') as sphere,
        count(*) as n_orgs,
        count(*) filter (where score_source = 'computed') as n_orgs_computed,
        avg(k1) as k1, avg(k2) as k2, avg(k3) as k3, avg(k4) as k4, avg(k5) as k5,
        avg(total) as total,
        min(total) as total_min,
        max(total) as total_max,
        sum(respondents) as respondents,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by grouping sets ((region_code, year), (region_code, year, sphere))
),
with_change as (
    select
        g.*,
        lag(g.year) over w as prev_year,
        lag(g.total) over w as total_prev,
        lag(g.n_orgs) over w as n_orgs_prev
    from grouped g
    window w as (partition by g.region_code, g.sphere order by g.year)
),
final as (
    select
        c.region_code,
        r.region_name,
        r.federal_district_short,
        c.year,
        c.sphere,
        c.n_orgs,
        c.n_orgs_computed,
        c.k1, c.k2, c.k3, c.k4, c.k5,
        c.total,
        c.total_min,
        c.total_max,
        c.respondents,
        case when c.prev_year = c.year - 1 then c.total_prev end as total_prev,
        case when c.prev_year = c.year - 1 then c.n_orgs_prev end as n_orgs_prev,
        case when c.prev_year = c.year - 1 then c.total - c.total_prev end as total_change,
        rank() over (partition by c.year, c.sphere order by c.total desc) as rank_total,
        count(*) over (partition by c.year, c.sphere) as n_regions,
        r.tile_col,
        r.tile_row,
        r.tile_label,
        r.region_name as short_name,
        c.is_synthetic
    from with_change c
    join regions r using (region_code)
)
select * from final
order by year, sphere, region_code
