-- Опубликованные результаты НОК по организациям (макет 3): ключ наименования, признак подразделения,
-- редакция методики, «только итог».
with source as not materialized (
    select * from raw.nok_results
),
-- the name key once per distinct name (an organization's name repeats every year it was assessed): per row it
-- cost 25,6 of 27,9 s at 10 million questionnaires
names as (
    select org_name, nok_org_name_key(org_name) as org_name_key, nok_org_is_branch(org_name) as is_branch
    from (select distinct org_name from source)
),
final as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        year::integer as year,
        region_code,
        sphere,
        inn,
        nullif(trim(busgov_id), '') as busgov_id,
        s.org_name,
        n.org_name_key,
        n.is_branch,
        k1, k2, k3, k4, k5,
        total,
        -- under 344н the total is the mean of the five criteria: a table that prints the criteria only gets it
        case when total is null and nok_edition(year::integer, methodology_edition) = '2018'
                  and k1 is not null and k2 is not null and k3 is not null and k4 is not null and k5 is not null
             then (k1 + k2 + k3 + k4 + k5) / 5 end as total_from_criteria,
        k1 is null and k2 is null and k3 is null and k4 is null and k5 is null as is_total_only,
        respondents::integer as respondents,
        rank_published::integer as rank_published,
        nok_edition(year::integer, methodology_edition) as methodology_edition,
        methodology_edition is not null as is_edition_declared,
        assessment_period,
        source_url,
        source_note
    from source s
    left join names n on n.org_name is not distinct from s.org_name
)
select * from final
order by source_file, source_row
