-- Сверка первой части отчёта (число организаций социального обслуживания) с ответами органов власти
-- в опросе. Считаются только ответы органов сферы «социальное обслуживание»: орган образования Крыма
-- называет 988 муниципальных организаций образования — они сверяются отдельно и в 396 не входят.
with figures as (
    select * from staging.stg_report_figure
    where value is not null and measure in (
        'orgs_regional_total', 'orgs_regional', 'orgs_municipal_total', 'regions_with_municipal', 'regions_without_municipal',
        'orgs_municipal', 'orgs_nonstate_total', 'regions_without_nonstate')
),
authorities as (
    select * from intermediate.int_survey_authority
),
social as (
    select * from intermediate.int_survey_region where has_social_authority
),
computed as (
    select f.figure_id,
        case f.measure
            when 'orgs_regional_total' then (select sum(orgs_regional) from social)
            when 'orgs_municipal_total' then (select sum(orgs_municipal) from social)
            when 'regions_with_municipal' then (select count(*) from social where orgs_municipal > 0)
            when 'regions_without_municipal' then (select count(*) from social where orgs_municipal = 0)
            when 'orgs_nonstate_total' then (select sum(orgs_nonstate) from social)
            when 'regions_without_nonstate' then (select count(*) from social where orgs_nonstate = 0)
            when 'orgs_regional' then (select sum(orgs_regional) from authorities a where a.region_code = f.region_code and a.sphere_code = 'social')
            when 'orgs_municipal' then (select sum(orgs_municipal) from authorities a where a.region_code = f.region_code
                                          and a.sphere_code = case when f.sphere = 'образование' then 'education' else 'social' end)
        end::double as computed_value,
        null::double as tolerance,
        case f.measure
            when 'orgs_regional_total' then 'сумма ответов органов соцзащиты (marts.social_org_survey)'
            when 'orgs_municipal_total' then 'сумма муниципальных организаций в ответах органов соцзащиты'
            when 'regions_with_municipal' then 'субъектов, где орган соцзащиты назвал муниципальные организации (> 0)'
            when 'regions_without_municipal' then 'субъектов, где орган соцзащиты ответил «0»'
            when 'orgs_nonstate_total' then 'сумма негосударственных организаций в ответах органов соцзащиты'
            when 'regions_without_nonstate' then 'субъектов, где орган соцзащиты ответил «0» негосударственных организаций'
            when 'orgs_regional' then 'ответ органа соцзащиты субъекта'
            when 'orgs_municipal' then case when f.sphere = 'образование' then 'ответ органа образования субъекта (организации образования)' else 'ответ органа соцзащиты субъекта' end
        end as method,
        case
            when f.measure = 'orgs_regional' then
                (select case when bool_or(a.is_orgs_regional_synthetic) then 'synthetic' else 'report' end
                 from authorities a where a.region_code = f.region_code and a.sphere_code = 'social')
            when f.measure = 'orgs_municipal' then
                (select case when bool_or(a.is_orgs_municipal_synthetic) then 'synthetic' else 'report' end
                 from authorities a where a.region_code = f.region_code and a.sphere_code = case when f.sphere = 'образование' then 'education' else 'social' end)
            else 'mixed'
        end as basis,
        case
            when f.measure = 'regions_without_nonstate' then 'В перечне отчёта 14 позиций, но Республика Ингушетия названа дважды: данные содержат 13 субъектов без негосударственных организаций (все названы отчётом). Какой субъект пропущен, отчёт не говорит'
            when f.measure = 'regions_without_municipal' then '13 + 61 = 74 из 80 субъектов: в данных 5 органов соцзащиты не ответили на вопрос и у Калужской области нет органа соцзащиты'
            when f.measure = 'orgs_regional_total' then '«более 3,6 тыс.»: отчёт даёт нижнюю границу; сумма синтетических и названных отчётом значений'
        end as note
    from figures f
)
select * from computed
order by figure_id
