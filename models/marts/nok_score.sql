-- Баллы НОК по организации и году: рассчитанные по анкетам и наблюдениям (score_source = computed),
-- а где анкет и наблюдений нет — опубликованные (макет 3, score_source = published; критерии могут быть не все
-- или ни одного — is_total_only).
-- Итоговый балл — среднее пяти критериев (docs/methodology.md#weights); откуда баллы: docs/methodology.md#scores-source.
with org_years as (
    select * from intermediate.int_nok_org_year
),
criteria as (
    select * from intermediate.int_score_criterion
),
questionnaires as (
    select inn, year, respondents from intermediate.int_nok_questionnaire_agg
),
results as (
    select i.org_id, i.org_inn, r.*
    from staging.stg_nok_result r
    join intermediate.int_nok_org_identity i using (source_file, source_row)
    where i.is_first_of_year
),
computed as (
    select
        inn,
        year,
        any_value(methodology_version) as methodology_version,
        max(score) filter (where criterion = 'k1') as k1,
        max(score) filter (where criterion = 'k2') as k2,
        max(score) filter (where criterion = 'k3') as k3,
        max(score) filter (where criterion = 'k4') as k4,
        max(score) filter (where criterion = 'k5') as k5,
        sum(n_not_measurable) as n_not_measurable,
        bool_or(is_synthetic) as is_synthetic
    from criteria
    group by inn, year
),
final as (
    select
        y.org_id,
        coalesce(y.inn, r.org_inn) as inn,
        y.year,
        y.region_code,
        y.sphere,
        coalesce(y.org_name, r.org_name) as org_name,
        case when c.inn is not null then c.k1 else r.k1 end as k1,
        case when c.inn is not null then c.k2 else r.k2 end as k2,
        case when c.inn is not null then c.k3 else r.k3 end as k3,
        case when c.inn is not null then c.k4 else r.k4 end as k4,
        case when c.inn is not null then c.k5 else r.k5 end as k5,
        case when c.inn is not null
            then list_avg([c.k1, c.k2, c.k3, c.k4, c.k5])
            else coalesce(r.total, r.total_from_criteria) end as total,
        c.inn is null and r.is_total_only as is_total_only,
        case when c.inn is not null then q.respondents else r.respondents end as respondents,
        case when c.inn is not null then 'computed' else 'published' end as score_source,
        y.methodology_version,
        y.methodology_edition,
        case when c.inn is not null then c.n_not_measurable else 0 end as n_not_measurable,
        r.total as published_total,
        r.rank_published,
        r.source_url,
        y.is_synthetic
    from org_years y
    left join computed c on c.inn = y.inn and c.year = y.year
    left join questionnaires q on q.inn = y.inn and q.year = y.year
    left join results r on r.org_id = y.org_id and r.year = y.year
    where c.inn is not null or r.org_id is not null
)
select * from final
order by year, region_code, org_id
