-- Недостатки организации по итогам наблюдений оператора (основа плана по их устранению) и
-- показатели, которые нельзя было измерить (нулевой знаменатель).
-- Что входит в перечень: docs/methodology.md#deficiencies.
with observations as (
    select * from staging.stg_observation
),
org_years as (
    select * from intermediate.int_nok_org_year
),
indicators as (
    select * from marts.nok_indicator
),
setting as (
    select * from staging.stg_methodology_setting
),
checklist as (
    select
        inn, year,
        unnest(['stand', 'site', 'remote_channels', 'comfort', 'premises', 'service']) as item,
        unnest(['k1', 'k1', 'k1', 'k2', 'k3', 'k3']) as criterion,
        unnest(['1.1', '1.1', '1.2', '2.1', '3.1', '3.2']) as indicator,
        unnest(['Информация на стендах', 'Информация на сайте', 'Дистанционные способы обратной связи',
                'Комфортные условия', 'Доступность помещений и территории', 'Условия доступности услуг']) as area,
        unnest([stand_present, site_present, remote_channels, comfort_conditions, premises_conditions, service_conditions]) as present,
        -- для полного балла: все требуемые элементы информации; 4 способа связи (30 × 4 ≥ 100); 5 условий (20 × 5 = 100)
        unnest([stand_required, site_required, 4, 5, 5, 5]) as required,
        -- баллов показателя на единицу: стенды и сайт — половина показателя 1.1 на все элементы; способ связи 30, условие 20
        unnest([50.0 / nullif(stand_required, 0), 50.0 / nullif(site_required, 0), 30.0, 20.0, 20.0, 20.0]) as points_per_item,
        is_synthetic
    from observations
),
missing as (
    select
        c.*,
        greatest(c.required - c.present, 0) as n_missing
    from checklist c
    where c.present is not null and c.required is not null and c.present < c.required
),
described as (
    select
        m.inn, m.year, m.criterion, m.indicator, m.item, m.area, m.present, m.required, m.n_missing,
        case when m.item in ('stand', 'site') then m.n_missing * m.points_per_item
             else 100 - least(100, m.present * m.points_per_item) end as indicator_points_lost,
        case m.item
            when 'stand' then 'На стендах не размещено ' || m.n_missing || ' из ' || m.required || ' '
                || nok_plural(m.required, 'обязательного элемента', 'обязательных элементов', 'обязательных элементов') || ' информации'
            when 'site' then case when m.present = 0
                then 'Нет официального сайта или на нём нет обязательной информации (0 из ' || m.required || ' '
                    || nok_plural(m.required, 'элемента', 'элементов', 'элементов') || ')'
                else 'На сайте не размещено ' || m.n_missing || ' из ' || m.required || ' '
                    || nok_plural(m.required, 'обязательного элемента', 'обязательных элементов', 'обязательных элементов') || ' информации' end
            when 'remote_channels' then 'Работает дистанционных способов обратной связи: ' || m.present || '; для полного балла нужно не меньше 4'
            when 'comfort' then 'Обеспечено ' || m.present || ' из 5 условий комфортности'
            when 'premises' then 'Помещения и территория: обеспечено ' || m.present || ' из 5 условий доступности для инвалидов'
            when 'service' then 'Обеспечено ' || m.present || ' из 5 условий, позволяющих инвалидам получать услуги наравне с другими'
        end as description,
        false as is_not_measurable,
        m.is_synthetic
    from missing m
),
not_measurable as (
    select
        i.inn, i.year, i.criterion, i.indicator, 'not_measurable' as item, 'Показатель не измерим' as area,
        null::integer as present, null::integer as required, null::integer as n_missing,
        null::double as indicator_points_lost,
        'Показатель ' || i.indicator || coalesce(' «' || i.indicator_title || '»', '') || ': нулевой знаменатель (ответов на вопрос нет); правило: '
            || s.zero_denominator_rule_text as description,
        true as is_not_measurable,
        i.is_synthetic
    from indicators i
    cross join setting s
    where not i.is_measurable
),
unioned as (
    select * from described
    union all
    select * from not_measurable
),
final as (
    select
        u.inn,
        u.year,
        y.region_code,
        y.sphere,
        y.org_name,
        u.criterion,
        u.indicator,
        u.item,
        u.area,
        u.present,
        u.required,
        u.n_missing,
        u.indicator_points_lost,
        u.description,
        u.is_not_measurable,
        u.is_synthetic
    from unioned u
    join org_years y using (inn, year)
)
-- sorted by year only: the build writes it a year at a time, each year's rows as the query yields them, with no
-- sort (insertYears in pipelines/models/runner.ts). Sorting the wide rows of a year by organization, with their
-- texts, did not fit DuckDB's 2,8 GB at 100 M questionnaires (Out of Memory); even a sort by the year alone took
-- 44,5 s and 2 921 MB for 2019, and no sort 19,0 s and 1 036 MB
select * from final
order by year
