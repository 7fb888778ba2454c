-- Доли ответов на вопросы опроса на уровне региона: «регионы, выбравшие ответ / регионы, ответившие на вопрос»
-- (в этом году — для способов определения оператора). Регион, чьи органы власти назвали несколько ответов
-- (или несколько способов в одном году), учитывается в каждом: сумма долей может превышать 100 %.
with methods as (
    select * from intermediate.int_survey_method_use
),
authorities as (
    select * from intermediate.int_survey_authority
),
categories as (
    select question, category_code, category, category_short, sort_order from staging.stg_survey_category
),
answers as (
    -- (вопрос, год, регион, ответ, синтетический ли ответ)
    select 'procurement_method' as question, year, region_code, method_code as category_code, is_synthetic from methods where method_code is not null
    union all select 'control_form', null::integer, region_code, control_form_code, is_control_form_synthetic from authorities where control_form_code is not null
    union all select 'online_tool', null, region_code, online_tool_code, is_online_tools_synthetic from authorities where online_tool_code is not null
    union all select 'online_paper_ratio', null, region_code, online_paper_ratio_code, is_online_paper_synthetic from authorities where online_paper_ratio_code is not null
    union all select 'funding_category', null, region_code, funding_category, is_funding_synthetic from authorities where funding_category is not null
    union all select 'refusal', null, region_code, case when has_refusal then 'yes' else 'no' end, is_refusal_synthetic from authorities where has_refusal is not null
),
answered as (
    select question, year, count(distinct region_code) as regions_answered, count(distinct region_code) filter (where n > 1) as regions_multiple,
        bool_or(syn) as any_synthetic, bool_or(not syn) as any_report
    from (select question, year, region_code, count(distinct category_code) as n, bool_or(is_synthetic) as syn, bool_and(is_synthetic) as all_syn from answers group by all)
    group by all
),
counted as (
    select question, year, category_code, count(distinct region_code) as regions,
        string_agg(distinct region_code, ', ' order by region_code) as region_codes
    from answers
    group by all
),
grid as (
    select a.question, a.year, a.regions_answered, a.regions_multiple, a.any_synthetic, a.any_report, c.category_code, c.category, c.category_short, c.sort_order
    from answered a join categories c using (question)
),
final as (
    select
        g.question,
        g.year,
        g.category_code,
        g.category,
        g.category_short,
        g.sort_order,
        coalesce(k.regions, 0) as regions,
        g.regions_answered,
        coalesce(k.regions, 0) / g.regions_answered as share,
        g.regions_multiple,
        k.region_codes,
        g.any_report as has_report_answers,
        g.any_synthetic as is_synthetic
    from grid g
    left join counted k on k.question = g.question and k.year is not distinct from g.year and k.category_code = g.category_code
)
select * from final
order by question, year, sort_order
