-- Анкеты получателей услуг (макет 4): по строке на респондента. Ответ на уточняющий вопрос,
-- данный при «Нет» на вопрос-условие (противоречие), не учитывается: здесь он обнуляется.
with source as (
    select * from raw.questionnaires
),
final as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        -- год — как в raw (BIGINT), без приведения: условие на год доходит до чтения таблицы и
        -- отсекает группы строк других лет (при пересборке года читается только он); к INTEGER
        -- его приводит int_nok_questionnaire_agg
        year,
        inn,
        sphere,
        service_form,
        q1,
        case when q1 = false then null else q2 end as q2,
        q3,
        case when q3 = false then null else q4 end as q4,
        q5,
        q6,
        q7,
        case when q7 = false then null else q8 end as q8,
        q9,
        q10,
        q11,
        case when q11 = false then null else q12 end as q12,
        q13,
        q14,
        q15,
        ((q1 = false and q2 is not null)::integer + (q3 = false and q4 is not null)::integer
          + (q7 = false and q8 is not null)::integer + (q11 = false and q12 is not null)::integer) as n_gate_contradictions
    from source
)
select * from final
