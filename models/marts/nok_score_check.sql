-- Сверка: баллы, рассчитанные по анкетам и наблюдениям, рядом с опубликованными (макет 3) для тех
-- организаций и лет, где есть и то и другое.
with scores as (
    select * from marts.nok_score where score_source = 'computed'
),
results as (
    select i.org_id, r.*
    from staging.stg_nok_result r
    join intermediate.int_nok_org_identity i using (source_file, source_row)
    where i.is_first_of_year
),
final as (
    select
        s.org_id,
        s.inn,
        s.year,
        s.region_code,
        s.sphere,
        s.k1 as k1_computed, r.k1 as k1_published,
        s.k2 as k2_computed, r.k2 as k2_published,
        s.k3 as k3_computed, r.k3 as k3_published,
        s.k4 as k4_computed, r.k4 as k4_published,
        s.k5 as k5_computed, r.k5 as k5_published,
        s.total as total_computed, r.total as total_published,
        s.respondents as respondents_computed, r.respondents as respondents_published,
        greatest(abs(s.k1 - r.k1), abs(s.k2 - r.k2), abs(s.k3 - r.k3), abs(s.k4 - r.k4), abs(s.k5 - r.k5), abs(s.total - r.total)) as max_abs_diff,
        s.is_synthetic or r.is_synthetic as is_synthetic
    from scores s
    join results r using (org_id, year)
)
select *, max_abs_diff <= 0.01 as is_agreeing
from final
order by max_abs_diff desc, year, org_id
