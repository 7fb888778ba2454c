-- Панель «регион × год × критерий» для оценки эффекта практик: средний балл критерия по организациям региона.
with scores as (
    select * from marts.nok_score where region_code is not null
),
long as (
    select
        region_code,
        year,
        unnest(['k1', 'k2', 'k3', 'k4', 'k5']) as criterion,
        unnest([k1, k2, k3, k4, k5]) as score,
        is_synthetic
    from scores
),
final as (
    select
        region_code,
        year,
        criterion,
        avg(score) as mean_score,
        count(score) as n_orgs,
        bool_or(is_synthetic) as is_synthetic
    from long
    where score is not null
    group by region_code, year, criterion
)
select * from final
order by criterion, region_code, year
