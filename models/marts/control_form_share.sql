-- Формы контроля результатов работы оператора (рисунок 11): доля = регионы с этой формой / регионы, ответившие на вопрос.
with shares as (
    select * from intermediate.int_survey_share where question = 'control_form'
),
other_texts as (
    select string_agg(region_name || ': ' || control_form_other_text, ' | ' order by region_code) as other_texts
    from intermediate.int_survey_authority where control_form_code = 'other'
),
final as (
    select
        s.category_code as form_code,
        s.category as form,
        s.category_short as form_short,
        s.regions,
        s.regions_answered,
        s.share,
        case when s.category_code = 'other' then o.other_texts end as other_texts,
        s.sort_order,
        s.is_synthetic
    from shares s cross join other_texts o
)
select * from final
order by sort_order
