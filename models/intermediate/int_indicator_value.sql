-- Значения показателей НОК (0–100) по организации и году, по формулам docs/methodology.md#formulas (что измеряет каждый — #indicators).
-- Показатель складывается из частей (1.1 и 1.3 — из двух: стенды и сайт); часть с нулевым знаменателем
-- не измерима и по правилу из настройки (staging.stg_methodology_setting) исключается (exclude),
-- засчитывается как 100 (hundred) или как 0 (zero). Значение показателя — среднее его частей.
with org_years as (
    select * from intermediate.int_nok_org_year where is_computable
),
questionnaires as (
    select * from intermediate.int_nok_questionnaire_agg
),
observations as (
    select * from staging.stg_observation
),
weights as (
    select * from staging.stg_methodology_weight
),
setting as (
    select zero_denominator_rule as rule from staging.stg_methodology_setting
),
parts as (
    select
        y.inn,
        y.year,
        y.sphere,
        y.methodology_version,
        y.is_synthetic,
        100.0 * o.stand_present / nullif(o.stand_required, 0) as p11_stand,
        100.0 * o.site_present / nullif(o.site_required, 0) as p11_site,
        least(100, 30 * o.remote_channels)::double as p12,
        100.0 * q.stand_satisfied / nullif(q.stand_used, 0) as p13_stand,
        100.0 * q.site_satisfied / nullif(q.site_used, 0) as p13_site,
        least(100, 20 * o.comfort_conditions)::double as p21,
        100.0 * q.timely_yes / nullif(q.timely_answered, 0) as p22,
        100.0 * q.comfort_yes / nullif(q.comfort_answered, 0) as p23,
        least(100, 20 * o.premises_conditions)::double as p31,
        least(100, 20 * o.service_conditions)::double as p32,
        100.0 * q.disabled_satisfied / nullif(q.disabled_answered, 0) as p33,
        100.0 * q.polite_first_yes / nullif(q.polite_first_answered, 0) as p41,
        100.0 * q.polite_service_yes / nullif(q.polite_service_answered, 0) as p42,
        100.0 * q.remote_satisfied / nullif(q.remote_used, 0) as p43,
        100.0 * q.recommend_yes / nullif(q.recommend_answered, 0) as p51,
        100.0 * q.org_conditions_yes / nullif(q.org_conditions_answered, 0) as p52,
        100.0 * q.overall_yes / nullif(q.overall_answered, 0) as p53
    from org_years y
    join questionnaires q using (inn, year)
    join observations o using (inn, year)
),
long as (
    select
        inn, year, sphere, methodology_version, is_synthetic,
        unnest(['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3']) as indicator,
        unnest([[p11_stand, p11_site], [p12], [p13_stand, p13_site], [p21], [p22], [p23], [p31], [p32], [p33],
                [p41], [p42], [p43], [p51], [p52], [p53]]) as part_values
    from parts
),
ruled as (
    select
        l.*,
        s.rule,
        list_bool_and(list_transform(l.part_values, v -> v is not null)) as is_measurable,
        list_avg(list_transform(l.part_values, v -> case
            when v is not null then v
            when s.rule = 'hundred' then 100.0
            when s.rule = 'zero' then 0.0
        end)) as value
    from long l
    cross join setting s
),
final as (
    select
        r.inn,
        r.year,
        r.sphere,
        r.methodology_version,
        w.criterion,
        r.indicator,
        w.weight,
        w.indicator_title,
        r.value,
        r.is_measurable,
        len(r.part_values) as n_parts,
        len(list_filter(r.part_values, v -> v is null)) as n_parts_not_measurable,
        r.rule as zero_denominator_rule,
        r.is_synthetic
    from ruled r
    join weights w
      on w.methodology_version = r.methodology_version
     and w.indicator = r.indicator
     and w.sphere = r.sphere
)
-- в порядке выгрузки витрины marts.nok_indicator (представления над этой таблицей)
select * from final
order by year, inn, indicator
