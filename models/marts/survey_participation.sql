-- Участие субъектов в опросе: органы власти и регионы разведены. Все 89 субъектов: кто ответил и через какие
-- органы, кого отчёт называет не участвовавшим (и противоречия: Калужская область названа не участвовавшей,
-- но её орган здравоохранения ответил), кого нет в данных, хотя отчёт его не называет, — это предположение
-- набора данных, а не факт отчёта.
with regions as (
    select * from marts.region
),
answered as (
    select * from intermediate.int_survey_region
),
figures as (
    select * from marts.report_figure
),
listed as (
    select region_code, any_value(quote) as quote from figures where measure = 'not_participating_listed' group by region_code
),
named as (
    select distinct region_code from figures where region_code is not null
),
final as (
    select
        r.region_code,
        r.region_name,
        r.federal_district_short,
        r.joined_year,
        coalesce(a.authorities, 0) as authorities,
        a.spheres,
        coalesce(a.has_social_authority, false) as has_social_authority,
        a.region_code is not null as is_answered,
        l.region_code is not null as is_listed_not_participating,
        n.region_code is not null as is_named_in_report,
        case
            when a.has_social_authority then 'social_authority'
            when a.region_code is not null then 'other_authority_only'
            when l.region_code is not null then 'listed_absent'
            when r.joined_year >= 2022 then 'not_surveyed_new_subject'
            else 'absent_unnamed'
        end as status,
        case
            when a.has_social_authority then 'ответил орган соцзащиты' || case when a.authorities > 1 then ' (и другие органы: ' || a.spheres || ')' else '' end
            when a.region_code is not null then 'ответил только орган другой сферы: ' || a.spheres
            when l.region_code is not null then 'не участвовал (назван в отчёте)'
            when r.joined_year >= 2022 then 'субъект в составе РФ с 2022 года: отчёт его не упоминает'
            else 'нет в данных, хотя отчёт не называет его среди не участвовавших'
        end as status_ru,
        a.region_code is not null and l.region_code is not null as has_contradiction,
        case
            when a.region_code is not null and l.region_code is not null then
                'Отчёт называет субъект среди не участвовавших, но в том же абзаце — среди ответивших (' || a.spheres || '); его ответы в данных'
            when a.region_code is null and l.region_code is null and coalesce(r.joined_year, 0) < 2022 then
                'Предположение набора данных: отчёт говорит о 80 субъектах и 79 органах соцзащиты, называет пять не участвовавших, '
                || 'а Калужская область участвует только органом здравоохранения — значит, не ответил ещё один субъект. Отчёт его не называет; '
                || case when n.region_code is null then 'этот субъект в отчёте не упоминается вовсе.' else 'этот субъект отчёт упоминает в другом месте.' end
        end as note,
        case
            when a.region_code is not null then a.is_synthetic
            when l.region_code is null and coalesce(r.joined_year, 0) < 2022 then true
            else false
        end as is_synthetic
    from regions r
    left join answered a using (region_code)
    left join listed l using (region_code)
    left join named n using (region_code)
)
select * from final
order by region_code
