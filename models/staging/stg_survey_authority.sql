-- Опрос органов власти субъектов (макет 1, sources/survey_regions): одна строка на ответивший орган власти.
-- Переименование и разбор ответов в коды: сфера, источник финансирования, веса критериев конкурса,
-- форма контроля, онлайн-инструменты, соотношение анкет. Без соединений и агрегатов.
with source as (
    select * from raw.survey_regions
),
renamed as (
    select
        _file as source_file,
        _row as source_row,
        region_code,
        authority_name,
        sphere as sphere_answer,
        -- пустая сфера — социальная защита: опрос адресован органам в сфере социального обслуживания
        case
            when sphere is null or regexp_matches(lower(sphere), 'социальн|соцзащ|соц\.') then 'social'
            when regexp_matches(lower(sphere), 'здрав|медиц') then 'health'
            when regexp_matches(lower(sphere), 'образов') then 'education'
            when regexp_matches(lower(sphere), 'культур') then 'culture'
            else 'other'
        end as sphere_code,
        submitted_at,
        orgs_regional,
        orgs_municipal,
        orgs_nonstate,
        funding_source as funding_answer,
        list_transform(string_split(funding_source, ';'), p -> trim(p)) as funding_parts,
        price_weight as price_weight_answer,
        control_form as control_form_answer,
        refusal_experience as has_refusal,
        refusal_reasons,
        online_tools as online_tool_answer,
        online_paper_ratio as online_paper_ratio_answer,
        is_synthetic
    from source
),
categorized as (
    select
        *,
        case sphere_code when 'social' then 'социальное обслуживание' when 'health' then 'здравоохранение'
            when 'education' then 'образование' when 'culture' then 'культура' else 'иная сфера' end as sphere,
        -- источник финансирования: «бюджет» как отдельное слово (не «внебюджетные»), программа — всё прочее
        regexp_matches(lower(funding_answer), 'безвозмезд') as funding_mentions_free,
        regexp_matches(lower(funding_answer), 'внебюджет') as funding_mentions_off_budget,
        regexp_matches(lower(funding_answer), '(^|[^а-яё])бюджет') as funding_mentions_budget,
        nullif(array_to_string(list_filter(funding_parts, p -> p <> '' and not regexp_matches(lower(p), 'бюджет|безвозмезд')), '; '), '') as programme_name,
        try_cast(regexp_extract(price_weight_answer, '(\d+(?:[.,]\d+)?)\s*%?\s*[/\-–—:]\s*(\d+(?:[.,]\d+)?)', 1) as double) as price_weight_pct,
        try_cast(regexp_extract(price_weight_answer, '(\d+(?:[.,]\d+)?)\s*%?\s*[/\-–—:]\s*(\d+(?:[.,]\d+)?)', 2) as double) as nonprice_weight_pct,
        -- коды ответов — из справочника категорий (ref.survey_category): загрузчик уже привёл ответ к тексту анкеты
        case
            when control_form_answer is null then null
            when starts_with(control_form_answer, 'Иное:') then 'other'
            else (select c.category_code from ref.survey_category c where c.question = 'control_form' and c.answer = control_form_answer)
        end as control_form_code,
        case when starts_with(control_form_answer, 'Иное:') then nullif(trim(substr(control_form_answer, 6)), '') end as control_form_other_text,
        (select c.category_code from ref.survey_category c where c.question = 'online_tool' and c.answer = online_tool_answer) as online_tool_code,
        (select c.category_code from ref.survey_category c where c.question = 'online_paper_ratio' and c.answer = online_paper_ratio_answer) as online_paper_ratio_code
    from renamed
),
final as (
    select
        region_code || '-' || sphere_code
            || case when count(*) over (partition by region_code, sphere_code) > 1
                    then '-' || row_number() over (partition by region_code, sphere_code order by source_file, source_row) else '' end as authority_id,
        region_code,
        authority_name,
        sphere_code,
        sphere,
        sphere_answer,
        submitted_at,
        orgs_regional,
        orgs_municipal,
        orgs_nonstate,
        funding_answer,
        case
            when funding_answer is null then null
            when funding_mentions_free then 'free_of_charge'
            when funding_mentions_off_budget then 'off_budget'
            -- ответ, где названы и бюджет, и программа, отнесён к бюджету: так считает отчёт (49 = 80 − 31)
            when funding_mentions_budget then 'regional_budget'
            else 'programme'
        end as funding_category,
        programme_name,
        programme_name is not null and not regexp_matches(lower(programme_name), 'не указан') as is_programme_named,
        coalesce(funding_mentions_budget and programme_name is not null, false) as is_budget_and_programme,
        price_weight_answer,
        price_weight_pct,
        nonprice_weight_pct,
        control_form_code,
        control_form_answer,
        control_form_other_text,
        has_refusal,
        refusal_reasons,
        online_tool_code,
        online_tool_answer,
        online_paper_ratio_code,
        online_paper_ratio_answer,
        source_file,
        source_row,
        is_synthetic
    from categorized
)
select * from final
order by region_code, sphere_code, source_file, source_row
