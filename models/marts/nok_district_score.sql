-- Средние баллы НОК по федеральному округу (и по России в целом), году и сфере: среднее организаций
-- и среднее регионов, с числом организаций и регионов — внутри одной редакции методики (2014 / 2018 / 2024).
-- Как считаются средние: docs/methodology.md#aggregates.
-- Столбцы баллов названы явно: под grouping sets DuckDB не отбрасывает ненужные столбцы и читал бы все.
with scores as (
    select s.region_code, s.year, s.sphere, s.methodology_edition, s.is_total_only,
        s.k1, s.k2, s.k3, s.k4, s.k5, s.total, s.is_synthetic,
        r.federal_district, r.federal_district_short
    from marts.nok_score s
    join marts.region r using (region_code)
    where s.total is not null
),
region_means as (
    select * from marts.nok_region_score
),
t as (
    select * from intermediate.int_t_quantile
),
regions as (
    select distinct federal_district, federal_district_short from marts.region
),
grouped as (
    select
        coalesce(federal_district_short, 'РФ') as district,
        year,
        coalesce(sphere, 'все сферы') as sphere,
        methodology_edition,
        count(*) as n_orgs,
        count(*) filter (where is_total_only) as n_total_only,
        count(distinct region_code) as n_regions,
        avg(k1) as k1, avg(k2) as k2, avg(k3) as k3, avg(k4) as k4, avg(k5) as k5,
        avg(total) as total,
        count(k1) as n1, count(k2) as n2, count(k3) as n3, count(k4) as n4, count(k5) as n5,
        stddev_samp(k1) as sd1, stddev_samp(k2) as sd2, stddev_samp(k3) as sd3, stddev_samp(k4) as sd4, stddev_samp(k5) as sd5,
        stddev_samp(total) as total_sd,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by grouping sets ((federal_district_short, year, methodology_edition), (federal_district_short, year, sphere, methodology_edition), (year, methodology_edition), (year, sphere, methodology_edition))
),
region_avg as (
    select coalesce(federal_district_short, 'РФ') as district, year, sphere, methodology_edition, avg(total) as total_region_mean
    from region_means
    group by grouping sets ((federal_district_short, year, sphere, methodology_edition), (year, sphere, methodology_edition))
),
final as (
    select
        g.district,
        coalesce(d.federal_district, 'Российская Федерация') as district_name,
        g.year,
        g.sphere,
        g.methodology_edition,
        -- the edition most organizations of the row's district (or Russia), year and sphere were assessed by (ties: the later
        -- one): what the pages and the brief show by default and compare over the years
        row_number() over (partition by g.district, g.year, g.sphere order by g.n_orgs desc, g.methodology_edition desc) = 1 as is_prevailing_edition,
        g.n_orgs,
        g.n_total_only,
        g.n_regions,
        g.k1, g.k2, g.k3, g.k4, g.k5,
        g.total,
        -- 95 % интервал среднего организаций: среднее ± t(0,975; n − 1) · sd / √n; пусто при n < 2
        g.total - t0.t975 * g.total_sd / sqrt(g.n_orgs) as total_ci_low,
        g.total + t0.t975 * g.total_sd / sqrt(g.n_orgs) as total_ci_high,
        g.k1 - t1.t975 * g.sd1 / sqrt(g.n1) as k1_ci_low, g.k1 + t1.t975 * g.sd1 / sqrt(g.n1) as k1_ci_high,
        g.k2 - t2.t975 * g.sd2 / sqrt(g.n2) as k2_ci_low, g.k2 + t2.t975 * g.sd2 / sqrt(g.n2) as k2_ci_high,
        g.k3 - t3.t975 * g.sd3 / sqrt(g.n3) as k3_ci_low, g.k3 + t3.t975 * g.sd3 / sqrt(g.n3) as k3_ci_high,
        g.k4 - t4.t975 * g.sd4 / sqrt(g.n4) as k4_ci_low, g.k4 + t4.t975 * g.sd4 / sqrt(g.n4) as k4_ci_high,
        g.k5 - t5.t975 * g.sd5 / sqrt(g.n5) as k5_ci_low, g.k5 + t5.t975 * g.sd5 / sqrt(g.n5) as k5_ci_high,
        a.total_region_mean,
        -- к предыдущему году, только если он есть (как в nok_region_score): через пропущенный год — пусто
        case when lag(g.year) over w = g.year - 1 then g.total - lag(g.total) over w end as total_change,
        g.is_synthetic
    from grouped g
    left join regions d on d.federal_district_short = g.district
    left join region_avg a using (district, year, sphere, methodology_edition)
    left join t t0 on t0.df = g.n_orgs - 1
    left join t t1 on t1.df = g.n1 - 1
    left join t t2 on t2.df = g.n2 - 1
    left join t t3 on t3.df = g.n3 - 1
    left join t t4 on t4.df = g.n4 - 1
    left join t t5 on t5.df = g.n5 - 1
    window w as (partition by g.district, g.sphere, g.methodology_edition order by g.year)
)
select * from final
order by year, sphere, methodology_edition, district
