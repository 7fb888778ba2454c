-- Сверка части 3 отчёта (практики регионов) с каталогом практик.
-- Структура практик (уровни, типы, группы) пересчитывается по каталогу — а каталог содержит только
-- практики, которые отчёт описывает в тексте (50 из 100 полученных), поэтому доли и числа расходятся
-- с опубликованными: расхождение показывается, а не подгоняется. Цифры из текста практик пересчитываются
-- из витрины цифр (извлечены из текста правилами pipelines/practices/metrics.ts), а прирост и итог
-- раздаточного материала — арифметикой из извлечённых частей.
with figures as (
    select * from staging.stg_report_figure
    where measure like 'practices\_%' escape '\' or measure in ('regions_changes_org_n', 'practice_metric')
),
catalogue as (
    -- практики отчёта 2023 года (у них заполнена группа в отчёте); практики из папок пользователя не смешиваются
    select * from staging.stg_practice where report_group is not null
),
stats as (
    select
        count(*)::double as n,
        count(*) filter (where level = 'организация')::double as lvl_org,
        count(*) filter (where level = 'субъект')::double as lvl_subject,
        count(*) filter (where level = 'муниципальное образование')::double as lvl_municipal,
        count(*) filter (where level = 'субъект, организация')::double as lvl_subject_org,
        count(*) filter (where level = 'муниципальное образование, организация')::double as lvl_municipal_org,
        count(*) filter (where level = 'субъект, муниципальное образование, организация')::double as lvl_all,
        count(*) filter (where practice_type = 'внедрение изменений по результатам НОК')::double as type_changes,
        count(*) filter (where practice_type = 'организация и проведение НОК')::double as type_organizing,
        count(*) filter (where starts_with(report_group, '14 практик'))::double as g_organizing_subject,
        count(*) filter (where starts_with(report_group, '23 практики'))::double as g_changes_subject,
        count(*) filter (where starts_with(report_group, '7 практик'))::double as g_organizing_org,
        count(distinct region_code) filter (where report_group like '%29 субъектов%')::double as g_changes_org_regions,
        count(distinct region_code)::double as regions
    from catalogue
),
why as (
    select 'Практик в каталоге — ' || n::integer || ', субъектов — ' || regions::integer
        || ': это все практики, которые отчёт описывает в тексте. Отчёт получил 100 практик, но остальные не называет, поэтому структура каталога не совпадает со структурой всех практик.' as catalogue_note
    from stats
),
structure(figure_id, computed_value, method) as (
    select 'practices.received', n, 'число практик в каталоге (marts.practice, практики отчёта)' from stats
    union all select 'practices.level.org.pct', 100 * lvl_org / n, 'доля практик с уровнем «организация» в каталоге, %' from stats
    union all select 'practices.level.subject.n', lvl_subject, 'число практик с уровнем «субъект» в каталоге' from stats
    union all select 'practices.level.subject.pct', 100 * lvl_subject / n, 'доля практик с уровнем «субъект» в каталоге, %' from stats
    union all select 'practices.level.municipal.n', lvl_municipal, 'число практик с уровнем «муниципальное образование»' from stats
    union all select 'practices.level.municipal.pct', 100 * lvl_municipal / n, 'доля практик с уровнем «муниципальное образование», %' from stats
    union all select 'practices.level.subject_org.n', lvl_subject_org, 'число практик с уровнями «субъект, организация»' from stats
    union all select 'practices.level.subject_org.pct', 100 * lvl_subject_org / n, 'доля практик с уровнями «субъект, организация», %' from stats
    union all select 'practices.fig14.org', lvl_org / n, 'доля уровня «организация» в каталоге' from stats
    union all select 'practices.fig14.subject', lvl_subject / n, 'доля уровня «субъект» в каталоге' from stats
    union all select 'practices.fig14.municipal', lvl_municipal / n, 'доля уровня «муниципальное образование» в каталоге' from stats
    union all select 'practices.fig14.subject_org', lvl_subject_org / n, 'доля уровней «субъект, организация» в каталоге' from stats
    union all select 'practices.fig14.municipal_org', lvl_municipal_org / n, 'доля уровней «муниципальное образование, организация» в каталоге' from stats
    union all select 'practices.fig14.all_levels', lvl_all / n, 'доля практик всех трёх уровней в каталоге' from stats
    union all select 'practices.type.changes.pct', 100 * type_changes / n, 'доля практик типа «внедрение изменений» в каталоге, %' from stats
    union all select 'practices.type.changes.n', type_changes, 'число практик типа «внедрение изменений» в каталоге' from stats
    union all select 'practices.type.organizing.pct', 100 * type_organizing / n, 'доля практик типа «организация и проведение НОК» в каталоге, %' from stats
    union all select 'practices.group.organizing_subject.n', g_organizing_subject, 'практик каталога, которые отчёт описывает среди «14 практик … по организации и проведению НОК»' from stats
    union all select 'practices.group.changes_subject.n', g_changes_subject, 'практик каталога, которые отчёт описывает среди «23 практик по внедрению изменений»' from stats
    union all select 'practices.group.organizing_org.n', g_organizing_org, 'практик каталога, которые отчёт описывает среди «7 практик, реализованных на уровне организаций»' from stats
    union all select 'practices.group.changes_org.regions', g_changes_org_regions, 'различных субъектов среди практик по организациям (внедрение изменений) в каталоге' from stats
),
metric_figures as (
    select * from figures where measure = 'practice_metric'
),
metrics as (
    select m.*, p.region_code
    from intermediate.int_practice_metric m
    join staging.stg_practice p using (practice_id)
),
matched as (
    -- цифра из текста: та же практика (субъект), то же предложение, та же единица и год; при нескольких
    -- таких цифрах в предложении — по порядку («Позиция в списке»)
    select f.figure_id, m.value, m.comparator,
        row_number() over (partition by f.figure_id order by m.metric_no) as k,
        coalesce(f.list_position, 1) as wanted
    from metric_figures f
    join metrics m
      on m.region_code = f.region_code
     and coalesce(m.unit, '') = coalesce(f.unit, '')
     and m.year is not distinct from f.year
     and (contains(regexp_replace(replace(lower(m.sentence), 'ё', 'е'), '\s+', ' ', 'g'), regexp_replace(replace(lower(f.quote), 'ё', 'е'), '\s+', ' ', 'g')) or contains(regexp_replace(replace(lower(f.quote), 'ё', 'е'), '\s+', ' ', 'g'), regexp_replace(replace(lower(m.sentence), 'ё', 'е'), '\s+', ' ', 'g')))
),
extracted as (
    select figure_id, value, comparator from matched where k = wanted
),
metric_values as (
    select
        f.figure_id,
        case
            -- «выше 90 баллов»: отчёт даёт только границу, точное значение не вычисляется
            when f.comparator in ('>', '<') then null
            when f.figure_id = 'practices.m.86.opinions_increase' then
                (select value from extracted where figure_id = 'practices.m.86.opinions_2022')
                - (select value from extracted where figure_id = 'practices.m.86.opinions_2020')
            when f.figure_id = 'practices.m.86.materials_total' then
                (select sum(value) from extracted where figure_id in ('practices.m.86.materials_u3a', 'practices.m.86.materials_home',
                    'practices.m.86.materials_mobile', 'practices.m.86.materials_stands', 'practices.m.86.materials_other'))
            else e.value
        end as computed_value,
        case
            when f.comparator in ('>', '<') then 'цифра извлечена из текста практики вместе со знаком «' || f.comparator || '» (витрина practice_metric)'
            when f.figure_id = 'practices.m.86.opinions_increase' then 'разность извлечённых из текста цифр: высказали мнение в 2022 году − в 2020 году'
            when f.figure_id = 'practices.m.86.materials_total' then 'сумма извлечённых из текста частей: 2 433 + 2 206 + 2 188 + 439 + 19 075'
            else 'цифра, извлечённая из текста практики (витрина practice_metric): тот же субъект, предложение, единица и год'
        end as method,
        case
            when f.comparator in ('>', '<') then 'Отчёт приводит только границу, точное значение неизвестно.'
            when e.value is null and f.figure_id not in ('practices.m.86.opinions_increase', 'practices.m.86.materials_total')
                then 'Цифра не найдена в тексте практики правилами извлечения: проверьте pipelines/practices/metrics.ts.'
        end as note
    from metric_figures f
    left join extracted e using (figure_id)
),
final as (
    select s.figure_id, s.computed_value, null::double as tolerance, s.method, 'report' as basis,
        case when s.figure_id like 'practices.group.%' and s.figure_id <> 'practices.group.changes_org.regions'
             then 'Число практик этой группы, которые отчёт описывает в тексте. ' || w.catalogue_note
             else w.catalogue_note end as note
    from structure s, why w
    where s.figure_id in (select figure_id from figures)
    union all
    select figure_id, computed_value, null::double, method, 'report', note
    from metric_values
)
select * from final
order by figure_id
