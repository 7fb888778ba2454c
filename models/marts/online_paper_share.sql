-- Соотношение анкет онлайн и на бумаге (рисунок 13) среди регионов, ответивших на вопрос, и сколько из них
-- вообще предъявляют требования к онлайн-инструментам (в отчёте доли кратны 1/35, а требований — у 34).
with shares as (
    select * from intermediate.int_survey_share where question = 'online_paper_ratio'
),
regions as (
    select * from intermediate.int_survey_region
),
context as (
    select
        count(*) filter (where list_has_any(online_tool_codes, ['own_tool', 'bus_gov', 'regional_it', 'treasury'])) as regions_with_requirement,
        count(*) filter (where len(online_paper_ratio_codes) > 0 and not list_has_any(online_tool_codes, ['own_tool', 'bus_gov', 'regional_it', 'treasury'])) as regions_answered_without_requirement
    from regions
),
final as (
    select
        s.category_code as ratio_code,
        s.category as ratio,
        s.category_short as ratio_short,
        case s.category_code when 'online20' then 0.2 when 'online40' then 0.4 when 'online60' then 0.6 when 'online80' then 0.8 end as online_share_mid,
        s.regions,
        s.regions_answered,
        s.share,
        c.regions_with_requirement,
        c.regions_answered_without_requirement,
        s.sort_order,
        s.is_synthetic
    from shares s cross join context c
)
select * from final
order by sort_order
