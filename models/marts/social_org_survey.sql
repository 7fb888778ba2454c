-- Число организаций социального обслуживания по субъектам: ответы органов соцзащиты в опросе (синтетические,
-- где отчёт значения не называет) рядом со значениями, которые называет отчёт (часть 1). Все 89 субъектов.
with regions as (
    select * from marts.region
),
survey as (
    select * from intermediate.int_survey_region
),
reported as (
    select
        region_code,
        max(value) filter (where measure = 'orgs_regional') as report_orgs_regional,
        max(value) filter (where measure = 'orgs_municipal' and sphere = 'социальное обслуживание') as report_orgs_municipal,
        max(value) filter (where measure = 'orgs_municipal' and sphere = 'образование') as report_orgs_municipal_education,
        count(*) filter (where measure = 'no_nonstate_listed') as report_times_listed_without_nonstate,
        max(case when figure_id like 'orgs_regional.max.%' then 'наибольшее' when figure_id like 'orgs_regional.min.%' then 'наименьшее' end) as report_group
    from marts.report_figure
    where region_code is not null
    group by region_code
),
final as (
    select
        r.region_code, r.region_name, r.region_name as short_name, r.federal_district_short, r.tile_col, r.tile_row, r.tile_label,
        coalesce(s.has_social_authority, false) as has_social_authority,
        s.orgs_regional, s.orgs_municipal, s.orgs_nonstate,
        s.is_orgs_regional_synthetic, s.is_orgs_municipal_synthetic, s.is_orgs_nonstate_synthetic,
        s.orgs_municipal_other_spheres,
        p.report_orgs_regional::integer as report_orgs_regional,
        p.report_orgs_municipal::integer as report_orgs_municipal,
        p.report_orgs_municipal_education::integer as report_orgs_municipal_education,
        coalesce(p.report_times_listed_without_nonstate, 0)::integer as report_times_listed_without_nonstate,
        p.report_group,
        coalesce(s.is_orgs_regional_synthetic or s.is_orgs_municipal_synthetic or s.is_orgs_nonstate_synthetic, false) as is_synthetic
    from regions r
    left join survey s using (region_code)
    left join reported p using (region_code)
)
select * from final
order by region_code
