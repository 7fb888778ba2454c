-- Источники финансирования работ оператора по регионам: доля = регионы с этим источником / регионы, ответившие на вопрос.
with shares as (
    select * from intermediate.int_survey_share where question = 'funding_category'
),
named as (
    select count(distinct region_code) as regions_programme_named from intermediate.int_survey_authority where is_programme_named and funding_category = 'programme'
),
final as (
    select
        s.category_code,
        s.category,
        s.category_short,
        s.regions,
        s.regions_answered,
        s.share,
        case when s.category_code = 'programme' then n.regions_programme_named end as regions_programme_named,
        s.sort_order,
        s.is_synthetic
    from shares s cross join named n
)
select * from final
order by sort_order
