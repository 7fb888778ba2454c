-- Веса показателей НОК по редакциям методики, развёрнутые по сферам (пустое applies_to — все сферы).
with source as (
    select * from ref.methodology_weight
),
spheres as (
    select
        *,
        coalesce(applies_to, ['социальное обслуживание', 'образование', 'культура', 'охрана здоровья', 'физическая культура и спорт']) as spheres
    from source
),
final as (
    select
        methodology_version,
        valid_from_year::integer as valid_from_year,
        criterion,
        indicator,
        weight,
        unnest(spheres) as sphere,
        title as indicator_title,
        formula
    from spheres
)
select * from final
