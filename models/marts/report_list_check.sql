-- Перечни регионов в отчёте: сколько заявлено, сколько позиций названо, сколько различных субъектов.
-- Повторы и несовпадения показываются, а не прячутся.
with lists(list_measure, count_measure, title) as (
    values
        ('no_nonstate_listed', 'regions_without_nonstate', 'Субъекты без негосударственных организаций социального обслуживания'),
        -- часть 2 (опрос органов власти): перечни отчёта и заявленные числа, где они есть
        ('authorities_health_listed', 'authorities_health', 'Органы здравоохранения среди участников опроса'),
        ('authorities_education_listed', 'authorities_education', 'Органы образования среди участников опроса'),
        ('not_participating_listed', null, 'Субъекты, не принимавшие участия в опросе'),
        ('organization_respondent_regions_listed', null, 'Регионы организаций, ответивших на опрос'),
        ('funding_programme_listed', 'funding_programme_regions', 'Таблица 17: программы, за счёт которых финансируется работа операторов (заявлено: субъектов с программами)'),
        ('funding_budget_listed', null, 'Средства бюджета субъекта без программы'),
        ('funding_offbudget_listed', null, 'Внебюджетные средства'),
        ('funding_free_listed', null, 'Работа оператора на безвозмездной основе'),
        ('procurement_other_listed', null, 'Иные способы определения оператора'),
        ('contest_price_weight', 'contest_weight_regions', 'Субъекты, указавшие соотношение ценовых и неценовых критериев конкурса'),
        ('control_other_listed', null, 'Иные формы контроля результатов работы оператора'),
        ('refusal_listed', 'refusal_regions', 'Субъекты с опытом отказа в приёмке работ оператора')
),
items as (
    select * from marts.report_figure
),
listed as (
    select
        l.list_measure,
        count(*) as positions_listed,
        count(distinct i.region_code) as distinct_regions,
        list(distinct i.region_name order by i.region_name) filter (where i.region_code in (
            select region_code from items i2 where i2.measure = l.list_measure group by region_code having count(*) > 1
        )) as repeated_regions,
        any_value(i.quote) as quote
    from lists l
    join items i on i.measure = l.list_measure
    group by l.list_measure
),
final as (
    select
        l.list_measure,
        l.title,
        s.value::integer as stated_count,
        d.positions_listed,
        d.distinct_regions,
        array_to_string(d.repeated_regions, '; ') as repeated_regions,
        d.distinct_regions = s.value as is_consistent,
        d.quote
    from lists l
    join listed d using (list_measure)
    left join items s on s.measure = l.count_measure and s.region_code is null
)
select * from final
order by list_measure
