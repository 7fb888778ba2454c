-- Профиль региона для его страницы: баллы НОК за последний год, место, изменение, сравнение с округом и страной.
with region_scores as (
    select * from marts.nok_region_score where sphere = 'все сферы'
),
district_scores as (
    select * from marts.nok_district_score where sphere = 'все сферы'
),
regions as (
    select * from marts.region
),
-- the latest year of the region, and in it the prevailing edition of the method (editions never mix)
latest as (
    select region_code, max(year) as year, arg_max(methodology_edition, year) as methodology_edition
    from region_scores
    where is_prevailing_edition
    group by region_code
),
first_year as (
    select region_code, min(year) as first_year from region_scores group by region_code
),
criteria as (
    select
        r.region_code, r.year,
        unnest(['k1', 'k2', 'k3', 'k4', 'k5']) as criterion,
        unnest([r.k1, r.k2, r.k3, r.k4, r.k5]) as score
    from region_scores r
    join latest l using (region_code, year, methodology_edition)
),
weakest as (
    select region_code, arg_min(criterion, score) as weakest_criterion, min(score) as weakest_score
    from criteria group by region_code
),
final as (
    select
        g.region_code,
        g.region_name,
        g.federal_district,
        g.federal_district_short,
        s.year as latest_year,
        s.methodology_edition,
        f.first_year,
        s.n_orgs,
        s.total,
        s.total_ci_low,
        s.total_ci_high,
        s.vs_russia,
        s.k1, s.k2, s.k3, s.k4, s.k5,
        s.total_change,
        s.rank_total,
        s.rank_low,
        s.rank_high,
        s.n_regions,
        s.n_regions_ranked,
        d.total as district_total,
        d.n_orgs as district_n_orgs,
        c.total as country_total,
        c.n_orgs as country_n_orgs,
        w.weakest_criterion,
        w.weakest_score,
        s.is_synthetic
    from regions g
    join region_scores s using (region_code)
    join latest l on l.region_code = s.region_code and l.year = s.year and l.methodology_edition = s.methodology_edition
    join first_year f on f.region_code = g.region_code
    left join district_scores d on d.district = g.federal_district_short and d.year = s.year and d.methodology_edition = s.methodology_edition
    left join district_scores c on c.district = 'РФ' and c.year = s.year and c.methodology_edition = s.methodology_edition
    left join weakest w on w.region_code = g.region_code
)
select * from final
order by region_code
