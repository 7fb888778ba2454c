-- Категории ответов опроса органов власти: коды, ответы анкеты, подписи и порядок (для страниц и справки к резолюции).
select * from staging.stg_survey_category
order by question, sort_order
