-- Счётчики ответов анкет по организации и году: сколько ответили на вопрос и сколько ответили «Да».
-- Доли считаются по тем, кто ответил (пустой ответ — не «Нет»); уточняющие вопросы — только при «Да»
-- на вопрос-условие.
-- Вопросы и условия уточняющих вопросов: docs/formats.md#questionnaires; формулы долей: docs/methodology.md#formulas.
with questionnaires as (
    select * from staging.stg_questionnaire
),
final as (
    select
        inn,
        year::integer as year,
        -- самая частая сфера; при равенстве — первая по алфавиту (не зависит от порядка строк)
        list_sort(list_transform(map_entries(histogram(sphere)), e -> {'n': -e.value, 's': e.key}))[1].s as sphere,
        count(*) as respondents,
        count(*) filter (where q1 and q2 is not null) as stand_used,
        count(*) filter (where q1 and q2) as stand_satisfied,
        count(*) filter (where q3 and q4 is not null) as site_used,
        count(*) filter (where q3 and q4) as site_satisfied,
        count(q5) as timely_answered,
        count(*) filter (where q5) as timely_yes,
        count(q6) as comfort_answered,
        count(*) filter (where q6) as comfort_yes,
        count(*) filter (where q7 and q8 is not null) as disabled_answered,
        count(*) filter (where q7 and q8) as disabled_satisfied,
        count(q9) as polite_first_answered,
        count(*) filter (where q9) as polite_first_yes,
        count(q10) as polite_service_answered,
        count(*) filter (where q10) as polite_service_yes,
        count(*) filter (where q11 and q12 is not null) as remote_used,
        count(*) filter (where q11 and q12) as remote_satisfied,
        count(q13) as recommend_answered,
        count(*) filter (where q13) as recommend_yes,
        count(q14) as org_conditions_answered,
        count(*) filter (where q14) as org_conditions_yes,
        count(q15) as overall_answered,
        count(*) filter (where q15) as overall_yes,
        sum(n_gate_contradictions) as gate_contradictions,
        bool_or(is_synthetic) as is_synthetic
    from questionnaires
    group by inn, year
)
select * from final
