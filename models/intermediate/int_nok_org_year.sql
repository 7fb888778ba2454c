-- Все известные пары «организация — год»: из анкет, наблюдений (по ИНН) и опубликованных результатов (по
-- отождествлению int_nok_org_identity), с регионом (из результатов, иначе по первым двум цифрам ИНН), сферой,
-- редакцией методики (2014 / 2018 / 2024) и версией весов года.
with questionnaires as not materialized (
    select * from intermediate.int_nok_questionnaire_agg
),
observations as not materialized (
    select * from staging.stg_observation
),
identity as not materialized (
    select * from intermediate.int_nok_org_identity where is_first_of_year
),
results as not materialized (
    select i.org_id, i.org_inn, i.is_main_unit, r.*
    from staging.stg_nok_result r
    join identity i using (source_file, source_row)
),
regions as (
    select region_code from marts.region
),
versions as (
    select distinct methodology_version, valid_from_year from staging.stg_methodology_weight
),
keys as (
    select nok_org_id(inn) as org_id, inn, year from questionnaires
    union
    select nok_org_id(inn) as org_id, inn, year from observations
    union
    select org_id, case when is_main_unit then org_inn end as inn, year from results
),
joined as (
    select
        k.org_id,
        k.inn,
        k.year,
        coalesce(r.sphere, o.sphere, q.sphere) as sphere,
        r.region_code as result_region_code,
        nok_inn_region(coalesce(k.inn, r.org_inn)) as inn_region_code,
        r.org_name,
        q.inn is not null as has_questionnaires,
        o.inn is not null as has_observation,
        r.org_id is not null as has_result,
        r.methodology_edition as result_edition,
        coalesce(q.is_synthetic, false) or coalesce(o.is_synthetic, false) or coalesce(r.is_synthetic, false) as is_synthetic
    from keys k
    left join questionnaires q on q.inn = k.inn and q.year = k.year
    left join observations o on o.inn = k.inn and o.year = k.year
    left join results r on r.org_id = k.org_id and r.year = k.year
),
final as (
    select
        j.org_id,
        j.inn,
        j.year,
        j.sphere,
        coalesce(j.result_region_code, g.region_code) as region_code,
        j.org_name,
        j.has_questionnaires,
        j.has_observation,
        j.has_result,
        j.has_questionnaires and j.has_observation as is_computable,
        coalesce(
            (select max_by(v.methodology_version, v.valid_from_year) from versions v where v.valid_from_year <= j.year),
            (select min_by(v.methodology_version, v.valid_from_year) from versions v)
        ) as methodology_version,
        coalesce(j.result_edition, nok_edition(j.year, null)) as methodology_edition,
        j.is_synthetic
    from joined j
    left join regions g on g.region_code = j.inn_region_code
)
select * from final
