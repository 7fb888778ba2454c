-- Сверка второй части отчёта 2023 года (участники опроса, стоимость работ оператора, финансирование,
-- способы определения оператора, критерии конкурса, контроль, отказы в приёмке, онлайн-инструменты)
-- с данными опроса. Денежные цифры пересчитываются в единицах, в которых их публикует отчёт
-- (тыс. руб., млн руб., руб.), доли — в процентах. Статистическая единица стоимости — субъекто-год
-- за 2021–2023 годы вместе, с оплаченным контрактом (см. intermediate.int_survey_cost_stats).
with figures as (
    select f.*, r.region_name
    from staging.stg_report_figure f
    left join staging.stg_region r using (region_code)
    where f.value is not null
      and f.measure in (
        'survey_regions', 'authorities_social', 'authorities_health', 'authorities_education', 'municipality_respondents', 'organization_respondents',
        'cost_regions_answered', 'planned_mean', 'planned_min', 'planned_max', 'actual_mean', 'planned_to_actual_ratio', 'actual_min', 'actual_max',
        'orgs_assessed_mean', 'cost_per_org_mean', 'cost_per_org_min', 'cost_per_org_max', 'cost_per_respondent_mean',
        'funding_programme_regions', 'funding_programme_share', 'funding_other_share',
        'procurement_share', 'procurement_share_text', 'procurement_share_min', 'procurement_share_max',
        'contest_weight_regions', 'contest_price_weight',
        'control_share', 'control_share_text',
        'refusal_regions', 'refusal_none_regions', 'refusal_none_share',
        'online_tool_share', 'online_tool_share_text', 'online_paper_share', 'online_paper_share_text')
),
authorities as (
    select * from intermediate.int_survey_authority
),
region_years as (
    select * from intermediate.int_survey_region_year
),
cost as (
    select * from intermediate.int_survey_cost_stats where is_primary
),
shares as (
    select * from intermediate.int_survey_share
),
regions as (
    select * from intermediate.int_survey_region
),
basis_of(syn, rep, basis) as (
    -- на каких данных пересчёт: только значения отчёта, только синтетические или те и другие
    values (true, true, 'mixed'), (true, false, 'synthetic'), (false, true, 'report'), (false, false, 'report')
),
participation as (
    select f.figure_id,
        case f.measure
            when 'survey_regions' then (select count(distinct region_code) from authorities)
            when 'authorities_social' then (select count(*) from authorities where sphere_code = 'social')
            when 'authorities_health' then (select count(*) from authorities where sphere_code = 'health')
            when 'authorities_education' then (select count(*) from authorities where sphere_code = 'education')
        end::double as computed_value,
        null::double as tolerance,
        case f.measure
            when 'survey_regions' then 'различных субъектов среди ответивших органов власти (marts.survey_participation)'
            when 'authorities_social' then 'органов власти сферы «социальное обслуживание» (marts.survey_authority)'
            when 'authorities_health' then 'органов власти сферы «здравоохранение» (marts.survey_authority)'
            when 'authorities_education' then 'органов власти сферы «образование» (marts.survey_authority)'
            else 'в набор данных опроса субъектов не входит'
        end as method,
        (select case when bool_or(is_region_synthetic) and bool_or(not is_region_synthetic) then 'mixed' when bool_or(is_region_synthetic) then 'synthetic' else 'report' end from authorities) as basis,
        case
            when f.measure = 'survey_regions' then 'Калужская область учтена через орган здравоохранения, хотя отчёт называет её и среди не участвовавших; один субъект до 2022 года, которого отчёт не называет, в данных отсутствует — предположение набора данных (см. marts.survey_participation)'
            when f.measure in ('municipality_respondents', 'organization_respondents') then 'Муниципальное образование и организации — не органы власти субъектов: опубликованная цифра показывается, но пересчитать её из макета 1 нельзя'
        end as note
    from figures f
    where f.measure in ('survey_regions', 'authorities_social', 'authorities_health', 'authorities_education', 'municipality_respondents', 'organization_respondents')
),
costs as (
    select f.figure_id,
        case f.measure
            when 'cost_regions_answered' then (select count(distinct region_code) from region_years where planned_rub is not null or actual_rub is not null)
            else c.value / case f.unit when 'тыс. руб.' then 1000 when 'млн руб.' then 1000000 else 1 end
        end as computed_value,
        null::double as tolerance,
        case f.measure
            when 'cost_regions_answered' then 'различных субъектов с НМЦК или ценой контракта хотя бы за один год (marts.operator_cost)'
            else coalesce(c.measure_ru || ': ' || c.statistic || ' (' || c.method || ') по ' || c.n_obs || ' ' || nok_plural(c.n_obs, 'субъекто-году', 'субъекто-годам', 'субъекто-годам')
                || ' 2021–2023 гг. с оплаченным контрактом, ' || c.n_regions || ' ' || nok_plural(c.n_regions, 'субъект', 'субъекта', 'субъектов') || ' (marts.operator_cost_summary)',
                'marts.operator_cost_summary: в данных нет значений для этой статистики')
        end as method,
        coalesce(b.basis, 'mixed') as basis,
        case
            when f.measure = 'cost_per_org_mean' then
                'Средняя стоимость одной организации несовместима с остальными цифрами отчёта: при средней цене контракта 378 тыс. руб., 21 организации, '
                || 'минимуме цены 3,7 тыс. руб. и максимуме 1,391 млн руб. среднее отношений «цена / организации» не может быть ниже ≈ 6 293 руб. '
                || '(задача линейного программирования; при 5 839 руб. среднее число организаций было бы не меньше 22,6). Синтетические данные выполняют '
                || 'остальные цифры и дают ' || round(c.value)::bigint || ' руб. Отношение итогов (сумма цен / сумма организаций) — '
                || round((select value from cost x where x.measure = 'cost_per_org_rub' and x.method = 'ratio of totals'))::bigint || ' руб.: отчёт, по-видимому, усреднял отношения по субъектам, а не делил средние (378 тыс. / 21 = 18 тыс.)'
            when f.measure = 'planned_to_actual_ratio' then 'Средняя НМЦК / средняя цена контракта = ' || replace(round(c.value, 3)::varchar, '.', ',') || ': «в 1,6 раз» — округление до десятых на границе (1,65 округляется и до 1,6, и до 1,7)'
            when f.region_code is not null and c.region_code is distinct from f.region_code then 'В данных ' || case c.statistic when 'min' then 'минимум' else 'максимум' end || ' — ' || coalesce(c.region_name, '—') || ', а отчёт называет: ' || f.region_name
            when f.region_code is not null then 'В данных ' || case c.statistic when 'min' then 'минимум' else 'максимум' end || ' — ' || c.region_name || ', ' || c.extreme_year || ' г. (год отчёт не называет)'
        end as note
    from figures f
    left join cost c on c.measure = case f.measure
            when 'planned_mean' then 'planned_rub' when 'planned_min' then 'planned_rub' when 'planned_max' then 'planned_rub'
            when 'actual_mean' then 'actual_rub' when 'actual_min' then 'actual_rub' when 'actual_max' then 'actual_rub'
            when 'orgs_assessed_mean' then 'orgs_assessed' when 'planned_to_actual_ratio' then 'planned_to_actual'
            when 'cost_per_org_mean' then 'cost_per_org_rub' when 'cost_per_org_min' then 'cost_per_org_rub' when 'cost_per_org_max' then 'cost_per_org_rub'
            when 'cost_per_respondent_mean' then 'cost_per_respondent_rub' end
        and c.statistic = case when f.measure like '%\_min' escape '\' then 'min' when f.measure like '%\_max' escape '\' then 'max'
            when f.measure = 'planned_to_actual_ratio' then 'ratio' else 'mean' end
        and (f.measure <> 'planned_to_actual_ratio' or c.method = 'ratio of means')
    left join basis_of b on b.syn = c.is_synthetic and b.rep = c.has_report_values
    where f.section like '%Стоимость%'
),
share_figures as (
    -- доли рисунков 10–13 и текста: вопрос, год и ответ — из идентификатора цифры
    select f.figure_id, f.measure, f.year, f.unit,
        case
            when f.measure in ('procurement_share', 'procurement_share_text') then 'procurement_method'
            when f.measure in ('control_share', 'control_share_text') then 'control_form'
            when f.measure in ('online_tool_share', 'online_tool_share_text') then 'online_tool'
            when f.measure in ('online_paper_share', 'online_paper_share_text') then 'online_paper_ratio'
        end as question,
        case when f.measure in ('procurement_share') then split_part(f.figure_id, '.', 3)
             when f.measure = 'procurement_share_text' then split_part(f.figure_id, '.', 2)
             else split_part(f.figure_id, '.', 2) end as category_code,
        f.measure in ('procurement_share', 'control_share', 'online_tool_share', 'online_paper_share') as is_chart
    from figures f
    where f.measure in ('procurement_share', 'procurement_share_text', 'control_share', 'control_share_text', 'online_tool_share', 'online_tool_share_text', 'online_paper_share', 'online_paper_share_text')
),
share_values as (
    select sf.figure_id, 100 * s.share as computed_value,
        -- доли диаграмм даны с тремя знаками (0,257): допуск — половина последнего знака, 0,05 п. п.
        case when sf.is_chart then 0.05 end as tolerance,
        s.regions || ' из ' || s.regions_answered || ' ' || nok_plural(s.regions_answered, 'субъекта, ответившего', 'субъектов, ответивших', 'субъектов, ответивших') || ' на вопрос' || coalesce(' в ' || s.year || ' г.', '') || ' (marts.' ||
            case s.question when 'procurement_method' then 'procurement_method_share' when 'control_form' then 'control_form_share'
                when 'online_tool' then 'online_tool_share' else 'online_paper_share' end || '), %' as method,
        coalesce(b.basis, 'mixed') as basis,
        case
            when s.question = 'procurement_method' and s.regions_multiple > 0 then 'В ' || s.year || ' г. ' || s.regions_multiple || ' ' || nok_plural(s.regions_multiple, 'субъект назвал', 'субъекта назвали', 'субъектов назвали') || ' несколько способов: доли в сумме больше 100 %'
            when s.question = 'online_paper_ratio' then 'Доли рисунка 13 кратны 1/35: на вопрос ответили 35 субъектов, а требования к онлайн-инструментам предъявляют 34 — один субъект без требований тоже указал соотношение'
        end as note
    from share_figures sf
    join shares s on s.question = sf.question and s.category_code = sf.category_code and s.year is not distinct from case when sf.question = 'procurement_method' then sf.year end
    left join basis_of b on b.syn = s.is_synthetic and b.rep = s.has_report_answers
),
range_values as (
    select f.figure_id,
        100 * (select case when f.measure = 'procurement_share_min' then min(share) else max(share) end
               from shares s where s.question = 'procurement_method'
                 and s.category_code in (select unnest(case split_part(f.figure_id, '.', 2) when 'auction' then ['auction'] else ['open_contest', 'quotation'] end))) as computed_value,
        null::double as tolerance,
        case split_part(f.figure_id, '.', 2) when 'auction' then 'доля аукциона' else 'доля открытого конкурса или запроса котировок' end
            || ': ' || case when f.measure = 'procurement_share_min' then 'наименьшая' else 'наибольшая' end || ' за 2021–2023 годы (marts.procurement_method_share), %' as method,
        'mixed' as basis,
        null as note
    from figures f
    where f.measure in ('procurement_share_min', 'procurement_share_max')
),
other_values as (
    select f.figure_id,
        case f.measure
            when 'funding_programme_regions' then (select regions from shares where question = 'funding_category' and category_code = 'programme')
            when 'funding_programme_share' then 100 * (select share from shares where question = 'funding_category' and category_code = 'programme')
            when 'funding_other_share' then 100 * (select 1 - share from shares where question = 'funding_category' and category_code = 'programme')
            when 'contest_weight_regions' then (select count(*) from regions where price_weight_pct is not null)
            when 'contest_price_weight' then (select price_weight_pct from regions r where r.region_code = f.region_code)
            when 'refusal_regions' then (select regions from shares where question = 'refusal' and category_code = 'yes')
            when 'refusal_none_regions' then (select regions from shares where question = 'refusal' and category_code = 'no')
            when 'refusal_none_share' then 100 * (select share from shares where question = 'refusal' and category_code = 'no')
        end::double as computed_value,
        null::double as tolerance,
        case f.measure
            when 'funding_programme_regions' then 'субъектов, назвавших программу (без ответов «средства бюджета»), marts.funding_source_share'
            when 'funding_programme_share' then 'доля субъектов с программой среди ответивших о финансировании, %'
            when 'funding_other_share' then 'доля субъектов без программы (бюджет, внебюджетные средства, безвозмездно), %'
            when 'contest_weight_regions' then 'субъектов, указавших соотношение ценовых и неценовых критериев (marts.contest_weight)'
            when 'contest_price_weight' then 'значимость ценового критерия в ответе субъекта, % (marts.contest_weight)'
            when 'refusal_regions' then 'субъектов с опытом отказа в приёмке (marts.acceptance_refusal)'
            when 'refusal_none_regions' then 'субъектов без отказов в приёмке (marts.acceptance_refusal)'
            when 'refusal_none_share' then 'доля субъектов без отказов среди ответивших, %'
        end as method,
        case when f.measure = 'contest_price_weight'
             then (select case when bool_or(is_price_weight_synthetic) then 'synthetic' else 'report' end from authorities a where a.region_code = f.region_code and a.price_weight_pct is not null)
             else 'mixed' end as basis,
        case
            when f.measure = 'funding_programme_regions' then 'Таблица 17 называет 43 программы; четыре её субъекта — и в перечне бюджетных средств: их ответы (бюджет и программа) отнесены к бюджету, как у отчёта. Сверка перечней — в marts.survey_list_check'
        end as note
    from figures f
    where f.measure in ('funding_programme_regions', 'funding_programme_share', 'funding_other_share', 'contest_weight_regions', 'contest_price_weight',
                        'refusal_regions', 'refusal_none_regions', 'refusal_none_share')
),
final as (
    select * from participation
    union all select * from costs
    union all select * from share_values
    union all select * from range_values
    union all select * from other_values
)
select * from final
order by figure_id
