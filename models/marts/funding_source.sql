-- Источники финансирования работ оператора: что ответил каждый орган власти, категория и названная программа.
-- Ответы, где названы и средства бюджета, и программа, сохранены как есть (is_budget_and_programme).
with authorities as (
    select * from intermediate.int_survey_authority where funding_answer is not null
),
labels(funding_category, category) as (
    values ('programme', 'Программа субъекта'), ('regional_budget', 'Средства бюджета субъекта без программы'),
           ('off_budget', 'Внебюджетные средства'), ('free_of_charge', 'На безвозмездной основе')
),
final as (
    select
        a.authority_id, a.region_code, a.region_name, a.federal_district_short, a.sphere,
        a.funding_answer, a.funding_category, l.category, a.programme_name, a.is_programme_named, a.is_budget_and_programme,
        a.is_funding_synthetic as is_synthetic
    from authorities a
    left join labels l using (funding_category)
)
select * from final
order by region_code, authority_id
