-- Каталог практик регионов: одна строка на практику, с субъектом, округом, темами и числом цифр в тексте.
with practices as (
    select * from staging.stg_practice
),
regions as (
    select region_code, region_name, federal_district, federal_district_short, page_url from marts.region
),
vocabulary as (
    select * from staging.stg_practice_theme_vocabulary
),
themes as (
    select
        t.practice_id,
        string_agg(t.theme, '; ' order by v.vocabulary_order) as theme_codes,
        string_agg(v.theme_title, '; ' order by v.vocabulary_order) as themes,
        count(*) as theme_count
    from intermediate.int_practice_theme t
    join vocabulary v using (theme)
    group by t.practice_id
),
metrics as (
    select practice_id, count(*) as metric_count
    from intermediate.int_practice_metric
    group by practice_id
),
final as (
    select
        p.practice_id,
        p.region_code,
        r.region_name,
        r.federal_district,
        r.federal_district_short,
        p.title,
        coalesce(p.level, 'не указан') as level,
        coalesce(p.practice_type, 'не указан') as type,
        p.sphere,
        p.description,
        p.problem,
        p.results,
        p.start_year,
        t.theme_codes,
        t.themes,
        coalesce(t.theme_count, 0)::integer as theme_count,
        coalesce(m.metric_count, 0)::integer as metric_count,
        p.report_group,
        p.classification_basis,
        p.report_order,
        '/practices/' || p.practice_id as page_url,
        r.page_url as region_page_url,
        p.source_file,
        p.source_row,
        p.is_synthetic
    from practices p
    left join regions r using (region_code)
    left join themes t using (practice_id)
    left join metrics m using (practice_id)
)
select * from final
order by report_order nulls last, region_name, title
