-- Темы практик с доказательством: слова текста отчёта, по которым тема поставлена.
with tags as (
    select * from intermediate.int_practice_theme
),
vocabulary as (
    select * from staging.stg_practice_theme_vocabulary
),
practices as (
    select practice_id, title, region_code, is_synthetic from staging.stg_practice
),
regions as (
    select region_code, region_name from marts.region
),
final as (
    select
        t.practice_id,
        t.theme,
        v.theme_title,
        t.evidence,
        t.matched_words,
        t.match_count,
        t.fields,
        p.title as practice_title,
        p.region_code,
        r.region_name,
        p.is_synthetic
    from tags t
    join vocabulary v using (theme)
    join practices p using (practice_id)
    left join regions r using (region_code)
)
select * from final
order by practice_id, theme
