-- Средние баллы НОК по субъекту РФ, году и сфере (и по всем сферам вместе) с числом организаций,
-- 95 % интервалами средних, сравнением с Россией, изменением к предыдущему году и местом с диапазоном
-- правдоподобных мест — внутри одной редакции методики (2014 / 2018 / 2024): баллы разных редакций не смешиваются.
-- Как считаются средние: docs/methodology.md#aggregates; интервалы и места — «Сравнение регионов».
-- Столбцы баллов названы явно: под grouping sets DuckDB не отбрасывает ненужные столбцы и читал бы все
-- (наименования, ИНН…) — 0,6 с на чтение таблицы баллов при 10 млн анкет вместо 0,05 с.
with scores as not materialized (
    select region_code, year, sphere, methodology_edition, is_total_only, score_source,
        k1, k2, k3, k4, k5, total, respondents, is_synthetic
    from marts.nok_score where region_code is not null and total is not null
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
ranks as (
    select * from intermediate.int_region_rank
),
grouped as (
    select
        region_code,
        year,
        coalesce(sphere, 'все сферы') as sphere,
        methodology_edition,
        count(*) as n_orgs,
        count(*) filter (where is_total_only) as n_total_only,
        count(*) filter (where score_source = 'computed') as n_orgs_computed,
        avg(k1) as k1, avg(k2) as k2, avg(k3) as k3, avg(k4) as k4, avg(k5) as k5,
        avg(total) as total,
        count(k1) as n1, count(k2) as n2, count(k3) as n3, count(k4) as n4, count(k5) as n5,
        stddev_samp(k1) as sd1, stddev_samp(k2) as sd2, stddev_samp(k3) as sd3, stddev_samp(k4) as sd4, stddev_samp(k5) as sd5,
        stddev_samp(total) as total_sd,
        min(total) as total_min,
        max(total) as total_max,
        sum(respondents) as respondents,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by grouping sets ((region_code, year, methodology_edition), (region_code, year, methodology_edition, sphere))
),
russia as (
    -- среднее всех организаций России за год в сфере (и во всех сферах)
    select year, coalesce(sphere, 'все сферы') as sphere, methodology_edition, avg(total) as russia_total
    from scores
    group by grouping sets ((year, methodology_edition), (year, sphere, methodology_edition))
),
with_change as (
    select
        g.*,
        lag(g.year) over w as prev_year,
        lag(g.total) over w as total_prev,
        lag(g.n_orgs) over w as n_orgs_prev
    from grouped g
    window w as (partition by g.region_code, g.sphere, g.methodology_edition order by g.year)
),
intervals as (
    -- среднее ± t(0,975; n − 1) · sd / √n; пусто при n < 2
    select
        c.*,
        c.total - t0.t975 * c.total_sd / sqrt(c.n_orgs) as total_ci_low,
        c.total + t0.t975 * c.total_sd / sqrt(c.n_orgs) as total_ci_high,
        c.k1 - t1.t975 * c.sd1 / sqrt(c.n1) as k1_ci_low, c.k1 + t1.t975 * c.sd1 / sqrt(c.n1) as k1_ci_high,
        c.k2 - t2.t975 * c.sd2 / sqrt(c.n2) as k2_ci_low, c.k2 + t2.t975 * c.sd2 / sqrt(c.n2) as k2_ci_high,
        c.k3 - t3.t975 * c.sd3 / sqrt(c.n3) as k3_ci_low, c.k3 + t3.t975 * c.sd3 / sqrt(c.n3) as k3_ci_high,
        c.k4 - t4.t975 * c.sd4 / sqrt(c.n4) as k4_ci_low, c.k4 + t4.t975 * c.sd4 / sqrt(c.n4) as k4_ci_high,
        c.k5 - t5.t975 * c.sd5 / sqrt(c.n5) as k5_ci_low, c.k5 + t5.t975 * c.sd5 / sqrt(c.n5) as k5_ci_high
    from with_change c
    left join t t0 on t0.df = c.n_orgs - 1
    left join t t1 on t1.df = c.n1 - 1
    left join t t2 on t2.df = c.n2 - 1
    left join t t3 on t3.df = c.n3 - 1
    left join t t4 on t4.df = c.n4 - 1
    left join t t5 on t5.df = c.n5 - 1
),
final as (
    select
        c.region_code,
        r.region_name,
        r.federal_district_short,
        c.year,
        c.sphere,
        c.methodology_edition,
        -- the edition most organizations of the region, year and sphere were assessed by (ties: the later one)
        row_number() over (partition by c.region_code, c.year, c.sphere order by c.n_orgs desc, c.methodology_edition desc) = 1 as is_prevailing_edition,
        c.n_orgs,
        c.n_total_only,
        c.n_orgs_computed,
        c.k1, c.k2, c.k3, c.k4, c.k5,
        c.total,
        c.total_ci_low,
        c.total_ci_high,
        c.k1_ci_low, c.k1_ci_high,
        c.k2_ci_low, c.k2_ci_high,
        c.k3_ci_low, c.k3_ci_high,
        c.k4_ci_low, c.k4_ci_high,
        c.k5_ci_low, c.k5_ci_high,
        c.total_min,
        c.total_max,
        c.respondents,
        ru.russia_total,
        case
            when c.n_orgs < s.min_orgs or c.total_ci_low is null then 'мало данных'
            when c.total_ci_low > ru.russia_total then 'выше'
            when c.total_ci_high < ru.russia_total then 'ниже'
            else 'на уровне'
        end as vs_russia,
        case when c.prev_year = c.year - 1 then c.total_prev end as total_prev,
        case when c.prev_year = c.year - 1 then c.n_orgs_prev end as n_orgs_prev,
        case when c.prev_year = c.year - 1 then c.total - c.total_prev end as total_change,
        k.rank_total,
        k.rank_low,
        k.rank_high,
        count(*) over (partition by c.year, c.sphere, c.methodology_edition) as n_regions,
        coalesce(k.n_regions_ranked, count(k.rank_total) over (partition by c.year, c.sphere, c.methodology_edition)) as n_regions_ranked,
        r.tile_col,
        r.tile_row,
        r.tile_label,
        r.region_name as short_name,
        c.is_synthetic
    from intervals c
    join regions r using (region_code)
    cross join setting s
    join russia ru using (year, sphere, methodology_edition)
    left join ranks k using (region_code, year, sphere, methodology_edition)
)
select * from final
order by year, sphere, methodology_edition, region_code
