-- Темы практик и критерии НОК, на которые тема должна влиять (по строке на пару).
with source as (
    select * from ref.practice_theme
),
final as (
    select
        theme,
        title as theme_title,
        unnest(target_criteria) as criterion
    from source
    where target_criteria is not null
)
select * from final
