-- Опыт отказа в приёмке работ оператора: регионы, ответившие на вопрос, и причины отказа.
with authorities as (
    select * from intermediate.int_survey_authority where has_refusal is not null
),
final as (
    select
        region_code, any_value(region_name) as region_name, any_value(federal_district_short) as federal_district_short,
        bool_or(has_refusal) as has_refusal,
        string_agg(refusal_reasons, ' ') filter (where refusal_reasons is not null) as refusal_reasons,
        bool_or(is_refusal_synthetic) as is_synthetic
    from authorities
    group by region_code
)
select * from final
order by has_refusal desc, region_code
