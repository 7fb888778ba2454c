-- Число организаций социального обслуживания по регионам, как его называет отчёт (часть 1).
-- Все 89 субъектов: у тех, кого отчёт не называет, значения пусты (нет данных в отчёте).
with regions as (
    select * from marts.region
),
figures as (
    select * from marts.report_figure where region_code is not null
),
per_region as (
    select
        region_code,
        max(value) filter (where measure = 'orgs_regional') as orgs_regional,
        max(value) filter (where measure = 'orgs_municipal' and sphere = 'социальное обслуживание') as orgs_municipal,
        max(value) filter (where measure = 'orgs_municipal' and sphere = 'образование') as orgs_municipal_education,
        count(*) filter (where measure = 'no_nonstate_listed') as times_listed_without_nonstate,
        max(case when figure_id like 'orgs_regional.max.%' then 'наибольшее'
                 when figure_id like 'orgs_regional.min.%' then 'наименьшее' end) as report_group,
        string_agg(distinct quote, ' ') filter (where measure in ('orgs_regional', 'orgs_municipal')) as quote
    from figures
    group by region_code
),
final as (
    select
        r.region_code, r.region_name, r.federal_district_short,
        r.tile_col, r.tile_row, r.tile_label,
        p.orgs_regional::integer as orgs_regional,
        p.orgs_municipal::integer as orgs_municipal,
        p.orgs_municipal_education::integer as orgs_municipal_education,
        coalesce(p.times_listed_without_nonstate, 0)::integer as times_listed_without_nonstate,
        coalesce(p.times_listed_without_nonstate, 0) > 0 as listed_without_nonstate,
        p.report_group,
        p.quote,
        false as is_synthetic
    from regions r
    left join per_region p using (region_code)
)
select * from final
order by region_code
