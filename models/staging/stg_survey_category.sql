-- Категории ответов опроса органов власти (sources/survey_categories/categories.csv): код, ответ анкеты, подписи, порядок.
select
    question,
    category_code,
    answer,
    category,
    category_short,
    sort_order::integer as sort_order
from ref.survey_category
