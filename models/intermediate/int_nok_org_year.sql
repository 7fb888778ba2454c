-- Все известные пары «организация — год»: из анкет, наблюдений и опубликованных результатов,
-- с регионом (из результатов, иначе по первым двум цифрам ИНН), сферой и редакцией методики года.
with questionnaires as (
    select * from intermediate.int_nok_questionnaire_agg
),
observations as (
    select * from staging.stg_observation
),
results as (
    select * from staging.stg_nok_result
),
regions as (
    select region_code from marts.region
),
versions as (
    select distinct methodology_version, valid_from_year from staging.stg_methodology_weight
),
keys as (
    select inn, year from questionnaires
    union
    select inn, year from observations
    union
    select inn, year from results
),
joined as (
    select
        k.inn,
        k.year,
        coalesce(r.sphere, o.sphere, q.sphere) as sphere,
        r.region_code as result_region_code,
        -- ИНН с префиксом 97 выдают в Москве (как 77): sources/nok_results/schema.ts INN_PREFIX_ALIASES
        nok_inn_region(k.inn) as inn_region_code,
        r.org_name,
        q.inn is not null as has_questionnaires,
        o.inn is not null as has_observation,
        r.inn is not null as has_result,
        coalesce(q.is_synthetic, false) or coalesce(o.is_synthetic, false) or coalesce(r.is_synthetic, false) as is_synthetic
    from keys k
    left join questionnaires q using (inn, year)
    left join observations o using (inn, year)
    left join results r using (inn, year)
),
final as (
    select
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
        j.is_synthetic
    from joined j
    left join regions g on g.region_code = j.inn_region_code
)
select * from final
