-- Организации, о которых есть баллы НОК: одна строка на отождествлённую организацию.
with identity as (
    select * from intermediate.int_nok_org_identity
),
scores as (
    select * from marts.nok_score
),
names as (
    select
        org_id,
        max(org_inn) as inn,
        max(busgov_id) as busgov_id,
        max_by(org_name, (year, source_file, source_row)) as org_name,
        count(distinct org_name) as names_seen,
        case when bool_or(org_inn is not null) then 'inn' when bool_or(busgov_id is not null) then 'busgov_id' else 'name' end as match_method,
        bool_or(is_branch) or bool_or(not is_main_unit and org_inn is not null) as is_unit
    from identity
    group by org_id
),
score_span as (
    select
        org_id,
        any_value(inn) as inn,
        mode(region_code) as region_code,
        mode(sphere) as sphere,
        max_by(org_name, year) as org_name,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as n_years,
        bool_or(is_synthetic) as is_synthetic
    from scores
    group by org_id
),
final as (
    select
        s.org_id,
        coalesce(n.inn, s.inn) as inn,
        n.busgov_id,
        s.region_code,
        s.sphere,
        coalesce(n.org_name, s.org_name) as org_name,
        coalesce(n.names_seen, 0) as names_seen,
        s.first_year,
        s.last_year,
        s.n_years,
        coalesce(n.match_method, 'inn') as match_method,
        coalesce(n.is_unit, false) as is_unit,
        s.is_synthetic
    from score_span s
    left join names n using (org_id)
)
select * from final
order by region_code, sphere, org_name, org_id
