-- Перечни регионов второй части отчёта (и перечень части 1 «без негосударственных организаций») рядом с тем,
-- что говорят данные опроса о каждом названном регионе. Противоречия отчёта (Калужская область — и участник,
-- и не участник; субъекты из таблицы 17, названные и в перечне бюджетных средств) показываются, а не исправляются.
with items as (
    select * from marts.report_figure
    where list_position is not null and measure in (
        'authorities_health_listed', 'authorities_education_listed', 'not_participating_listed', 'organization_respondent_regions_listed',
        'funding_budget_listed', 'funding_offbudget_listed', 'funding_free_listed', 'funding_programme_listed',
        'procurement_other_listed', 'control_other_listed', 'refusal_listed', 'no_nonstate_listed')
),
regions as (
    select * from intermediate.int_survey_region
),
other_methods as (
    select region_code, string_agg(distinct other_text, '; ') as other_text, string_agg(distinct year::varchar, ', ' order by year::varchar) as years
    from intermediate.int_survey_method_use where method_code = 'other'
    group by region_code
),
titles(list_measure, list_title) as (
    values
        ('authorities_health_listed', 'Органы здравоохранения среди участников'),
        ('authorities_education_listed', 'Органы образования среди участников'),
        ('not_participating_listed', 'Не принимали участия в опросе'),
        ('organization_respondent_regions_listed', 'Регионы организаций, ответивших на опрос'),
        ('funding_budget_listed', 'Средства бюджета без программы'),
        ('funding_offbudget_listed', 'Внебюджетные средства'),
        ('funding_free_listed', 'На безвозмездной основе'),
        ('funding_programme_listed', 'Программы (таблица 17)'),
        ('procurement_other_listed', 'Иные способы определения оператора'),
        ('control_other_listed', 'Иные формы контроля'),
        ('refusal_listed', 'Опыт отказа в приёмке работ'),
        ('no_nonstate_listed', 'Нет негосударственных организаций (часть 1)')
),
checked as (
    select
        i.figure_id,
        i.measure as list_measure,
        t.list_title,
        i.list_position,
        i.region_code,
        i.region_name,
        case i.measure
            when 'authorities_health_listed' then coalesce('органы: ' || r.spheres, 'ответов нет')
            when 'authorities_education_listed' then coalesce('органы: ' || r.spheres, 'ответов нет')
            when 'not_participating_listed' then coalesce('ответил: ' || r.spheres, 'ответов нет')
            when 'organization_respondent_regions_listed' then 'организации — не органы власти: в набор данных не входят'
            when 'no_nonstate_listed' then coalesce('негосударственных организаций: ' || r.orgs_nonstate, 'нет ответа')
            when 'procurement_other_listed' then coalesce('«Иное: ' || m.other_text || '» (' || m.years || ')', 'иного способа нет')
            when 'control_other_listed' then coalesce('«Иное: ' || r.control_form_other_text || '»', 'иной формы нет')
            when 'refusal_listed' then case when r.has_refusal then 'отказ был: ' || coalesce(r.refusal_reasons, '') else 'отказа нет' end
            else coalesce(array_to_string(list_transform(r.funding_categories, c -> case c when 'programme' then 'программа' when 'regional_budget' then 'средства бюджета'
                    when 'off_budget' then 'внебюджетные средства' when 'free_of_charge' then 'безвозмездно' else c end), ', ')
                || coalesce('; программа: ' || r.programme_names, ''), 'нет ответа')
        end as data_says,
        case i.measure
            when 'authorities_health_listed' then coalesce(list_contains(r.sphere_codes, 'health'), false)
            when 'authorities_education_listed' then coalesce(list_contains(r.sphere_codes, 'education'), false)
            when 'not_participating_listed' then r.region_code is null
            when 'organization_respondent_regions_listed' then null
            when 'no_nonstate_listed' then r.orgs_nonstate = 0
            when 'procurement_other_listed' then m.region_code is not null
            when 'control_other_listed' then coalesce(list_contains(r.control_form_codes, 'other'), false)
            when 'refusal_listed' then coalesce(r.has_refusal, false)
            when 'funding_budget_listed' then coalesce(list_contains(r.funding_categories, 'regional_budget'), false)
            when 'funding_offbudget_listed' then coalesce(list_contains(r.funding_categories, 'off_budget'), false)
            when 'funding_free_listed' then coalesce(list_contains(r.funding_categories, 'free_of_charge'), false)
            when 'funding_programme_listed' then r.programme_names is not null
        end as agrees,
        case
            when i.measure = 'funding_programme_listed' and list_contains(r.funding_categories, 'regional_budget')
                then 'Программа названа, но ответ отнесён к средствам бюджета (субъект — и в перечне бюджетных средств): в 49 субъектов с программами не входит'
            when i.measure = 'not_participating_listed' and r.region_code is not null
                then 'Противоречие отчёта: субъект назван не участвовавшим, но его орган власти ответил'
            else i.note
        end as note,
        coalesce(r.is_synthetic, false) as is_synthetic
    from items i
    join titles t on t.list_measure = i.measure
    left join regions r using (region_code)
    left join other_methods m using (region_code)
)
select * from checked
order by list_measure, list_position
