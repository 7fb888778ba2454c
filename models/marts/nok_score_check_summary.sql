-- Итог сверки рассчитанных и опубликованных баллов по годам.
with checks as (
    select * from marts.nok_score_check where computed_from = 'questionnaires'
),
incomplete as (
    select year, count(*) as n_incomplete
    from intermediate.int_nok_org_year
    where not is_computable and not has_result
    group by year
),
scores as (
    select year, count(*) as n_scores, count(*) filter (where score_source = 'computed') as n_computed,
        count(*) filter (where score_source = 'published') as n_published
    from marts.nok_score group by year
),
final as (
    select
        s.year,
        s.n_scores,
        s.n_computed,
        s.n_published,
        count(c.inn) as n_compared,
        count(c.inn) filter (where c.is_agreeing) as n_agreeing,
        max(c.max_abs_diff) as max_abs_diff,
        avg(c.max_abs_diff) as mean_abs_diff,
        coalesce(any_value(i.n_incomplete), 0) as n_incomplete,
        coalesce(bool_or(c.is_synthetic), false) as is_synthetic
    from scores s
    left join checks c using (year)
    left join incomplete i using (year)
    group by s.year, s.n_scores, s.n_computed, s.n_published
)
select * from final
order by year
