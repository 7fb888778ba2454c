-- Сверка: баллы, рассчитанные по анкетам и наблюдениям (computed_from = questionnaires) и по карточкам
-- показателей операторов (computed_from = indicators), рядом с опубликованными (макет 3).
with scores as (
    select * from marts.nok_score where score_source = 'computed'
),
cards as (
    select * from intermediate.int_nok_indicator_card_score
),
results as not materialized (
    select i.org_id, r.*
    from staging.stg_nok_result r
    join intermediate.int_nok_org_identity i using (source_file, source_row)
    where i.is_first_of_year
),
from_questionnaires as (
    select
        s.org_id,
        s.inn,
        s.year,
        'questionnaires' as computed_from,
        s.region_code,
        s.sphere,
        s.k1 as k1_computed, r.k1 as k1_published,
        s.k2 as k2_computed, r.k2 as k2_published,
        s.k3 as k3_computed, r.k3 as k3_published,
        s.k4 as k4_computed, r.k4 as k4_published,
        s.k5 as k5_computed, r.k5 as k5_published,
        s.total as total_computed, r.total as total_published,
        s.respondents as respondents_computed, r.respondents as respondents_published,
        s.is_synthetic or r.is_synthetic as is_synthetic
    from scores s
    join results r using (org_id, year)
),
from_indicators as (
    select
        c.org_id,
        coalesce(c.inn, r.inn) as inn,
        c.year,
        'indicators' as computed_from,
        c.region_code,
        c.sphere,
        c.k1 as k1_computed, r.k1 as k1_published,
        c.k2 as k2_computed, r.k2 as k2_published,
        c.k3 as k3_computed, r.k3 as k3_published,
        c.k4 as k4_computed, r.k4 as k4_published,
        c.k5 as k5_computed, r.k5 as k5_published,
        c.total as total_computed, r.total as total_published,
        null::integer as respondents_computed, r.respondents as respondents_published,
        c.is_synthetic or coalesce(r.is_synthetic, false) as is_synthetic
    from cards c
    left join results r using (org_id, year)
    qualify row_number() over (partition by c.org_id, c.year order by c.source_file, c.source_row) = 1
),
final as (
    select
        *,
        greatest(abs(k1_computed - k1_published), abs(k2_computed - k2_published), abs(k3_computed - k3_published),
            abs(k4_computed - k4_published), abs(k5_computed - k5_published), abs(total_computed - total_published)) as max_abs_diff
    from (select * from from_questionnaires union all select * from from_indicators)
)
select *, max_abs_diff <= 0.01 as is_agreeing
from final
order by year, computed_from desc, max_abs_diff desc nulls last, org_id
