-- Требования к оператору по использованию онлайн-инструментов (рисунок 12): доля = регионы с этим ответом / ответившие.
with shares as (
    select * from intermediate.int_survey_share where question = 'online_tool'
),
final as (
    select
        category_code as requirement_code,
        category as requirement,
        category_short as requirement_short,
        category_code <> 'none' as has_requirement,
        regions,
        regions_answered,
        share,
        sort_order,
        is_synthetic
    from shares
)
select * from final
order by sort_order
