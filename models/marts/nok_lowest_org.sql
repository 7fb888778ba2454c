-- Организации с наименьшим итоговым баллом в каждом регионе за последний год региона, с их недостатками.
with scores as not materialized (
    select * from marts.nok_score where region_code is not null and total is not null
),
latest as (
    select region_code, max(year) as year from scores group by region_code
),
ranked as (
    select
        s.*,
        row_number() over (partition by s.region_code order by s.total, s.org_id) as rank_lowest,
        count(*) over (partition by s.region_code) as n_orgs
    from scores s
    join latest l using (region_code, year)
),
lowest as (
    select * from ranked where rank_lowest <= 10
),
summary as (
    select * from marts.nok_deficiency_summary
),
final as (
    select
        l.region_code,
        l.year,
        l.rank_lowest,
        l.n_orgs,
        l.org_id,
        l.inn,
        l.org_name,
        l.sphere,
        l.k1, l.k2, l.k3, l.k4, l.k5,
        l.total,
        l.score_source,
        coalesce(s.n_deficiencies, 0) as n_deficiencies,
        s.deficiencies,
        s.not_measurable_indicators,
        l.is_synthetic
    from lowest l
    left join summary s using (inn, sphere, year)
)
select * from final
order by region_code, rank_lowest
