-- Годы внедрения тем практик по регионам с кодом темы (тема в файле — код или название).
with adoption as (
    select * from staging.stg_theme_adoption
),
themes as (
    select distinct theme, theme_title from staging.stg_theme_target
),
final as (
    select
        a.region_code,
        t.theme,
        t.theme_title,
        a.adoption_year,
        a.is_synthetic
    from adoption a
    join themes t on a.theme_written in (t.theme, t.theme_title)
)
select * from final
