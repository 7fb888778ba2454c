-- Изменение итогового балла региона к предыдущему году на одних и тех же организациях (панель: оценены в обоих
-- годах в этом регионе) с 95 % интервалом, рядом с изменением средних (состав организаций которых разный).
-- docs/methodology.md, «Сравнение регионов».
with scores as not materialized (
    select * from marts.nok_score where region_code is not null and total is not null
),
regions as (
    select * from marts.region
),
setting as (
    select * from intermediate.int_compare_setting
),
t as (
    select * from intermediate.int_t_quantile
),
region_scores as (
    select * from marts.nok_region_score
),
pairs as (
    select
        cur.region_code,
        cur.year,
        cur.sphere,
        cur.total - prev.total as diff,
        cur.is_synthetic or prev.is_synthetic as is_synthetic
    from scores cur
    join scores prev on prev.org_id = cur.org_id and prev.methodology_edition = cur.methodology_edition and prev.year = cur.year - 1 and prev.region_code = cur.region_code
),
panel as (
    select
        region_code,
        year,
        coalesce(sphere, 'все сферы') as sphere,
        count(*) as n_panel,
        avg(diff) as change_panel,
        stddev_samp(diff) as sd_panel,
        bool_or(is_synthetic) as is_synthetic
    from pairs
    group by grouping sets ((region_code, year), (region_code, year, sphere))
),
with_ci as (
    select
        p.*,
        p.change_panel - t.t975 * p.sd_panel / sqrt(p.n_panel) as change_panel_ci_low,
        p.change_panel + t.t975 * p.sd_panel / sqrt(p.n_panel) as change_panel_ci_high
    from panel p
    left join t on t.df = p.n_panel - 1
),
final as (
    select
        c.region_code,
        r.region_name,
        r.federal_district_short,
        c.year,
        c.sphere,
        c.n_panel,
        s.n_orgs,
        s.n_orgs_prev,
        c.change_panel,
        c.change_panel_ci_low,
        c.change_panel_ci_high,
        s.total_change as change_of_means,
        case
            when c.n_panel < st.min_orgs or c.change_panel_ci_low is null then 'мало данных'
            when c.change_panel_ci_low > 0 then 'рост'
            when c.change_panel_ci_high < 0 then 'снижение'
            else 'без заметного изменения'
        end as change_direction,
        c.is_synthetic or coalesce(s.is_synthetic, false) as is_synthetic
    from with_ci c
    join regions r using (region_code)
    cross join setting st
    left join region_scores s using (region_code, year, sphere)
)
select * from final
order by year, sphere, region_code
