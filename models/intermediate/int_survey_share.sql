-- Доли ответов на вопросы опроса на уровне региона: «регионы, выбравшие ответ / регионы, ответившие на вопрос»
-- (в этом году — для способов определения оператора). Регион, чьи органы власти назвали несколько ответов
-- (или несколько способов в одном году), учитывается в каждом: сумма долей может превышать 100 %.
with methods as (
    select * from intermediate.int_survey_method_use
),
authorities as (
    select * from intermediate.int_survey_authority
),
categories(question, category_code, category, category_short, sort_order) as (
    values
        ('procurement_method', 'auction', 'Аукцион', 'Аукцион', 1),
        ('procurement_method', 'sole_supplier', 'Закупка у единственного поставщика', 'Единственный поставщик', 2),
        ('procurement_method', 'quotation', 'Запрос котировок в электронной форме', 'Запрос котировок', 3),
        ('procurement_method', 'open_contest', 'Открытый конкурс', 'Открытый конкурс', 4),
        ('procurement_method', 'other', 'Иное', 'Иное', 5),
        ('control_form', 'tz_requirements', 'Включение в состав ТЗ требований к отчетности или иных механизмов проверки', 'Требования к отчётности в ТЗ', 1),
        ('control_form', 'formal_check', 'Формальная проверка соответствия отчета требованиям ТЗ', 'Формальная проверка отчёта', 2),
        ('control_form', 'selective_check', 'Выборочная проверка результатов представителями ОС по НОК', 'Выборочная проверка ОС', 3),
        ('control_form', 'working_group', 'Включение в состав рабочей группы оператора представителей ОС', 'ОС в рабочей группе оператора', 4),
        ('control_form', 'other', 'Иное', 'Иное', 5),
        ('online_tool', 'none', 'Нет требований', 'Нет требований', 1),
        ('online_tool', 'own_tool', 'Да: оператор разрабатывает собственный инструмент опроса', 'Собственный инструмент оператора', 2),
        ('online_tool', 'bus_gov', 'Да: сайт ГМУ (bus.gov.ru)', 'Сайт ГМУ (bus.gov.ru)', 3),
        ('online_tool', 'regional_it', 'Да: специально созданный ИТ-сервис субъекта РФ', 'ИТ-сервис субъекта', 4),
        ('online_tool', 'treasury', 'Да: приложение Федерального казначейства', 'Приложение казначейства', 5),
        ('online_paper_ratio', 'online20', '20±10% онлайн – 80±10% на бумаге', 'Онлайн 20 %, бумага 80 %', 1),
        ('online_paper_ratio', 'online40', '40±10% онлайн – 60±10% на бумаге', 'Онлайн 40 %, бумага 60 %', 2),
        ('online_paper_ratio', 'online60', '60±10% онлайн – 40±10% на бумаге', 'Онлайн 60 %, бумага 40 %', 3),
        ('online_paper_ratio', 'online80', '80±10% онлайн – 20±10% на бумаге', 'Онлайн 80 %, бумага 20 %', 4),
        ('funding_category', 'programme', 'Программа субъекта (федеральная, региональная)', 'Программа', 1),
        ('funding_category', 'regional_budget', 'Средства бюджета субъекта без программы', 'Бюджет без программы', 2),
        ('funding_category', 'off_budget', 'Внебюджетные средства', 'Внебюджетные средства', 3),
        ('funding_category', 'free_of_charge', 'На безвозмездной основе', 'Безвозмездно', 4),
        ('refusal', 'yes', 'Был отказ в приёмке работ оператора', 'Был отказ', 1),
        ('refusal', 'no', 'Отказов в приёмке не было', 'Отказов не было', 2)
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
