-- Наблюдения оператора (макет 5): по строке на организацию и год.
with source as (
    select * from raw.observations
),
final as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        year::integer as year,
        inn,
        sphere,
        stand_present::integer as stand_present,
        stand_required::integer as stand_required,
        site_present::integer as site_present,
        site_required::integer as site_required,
        remote_channels::integer as remote_channels,
        comfort_conditions::integer as comfort_conditions,
        premises_conditions::integer as premises_conditions,
        service_conditions::integer as service_conditions
    from source
)
select * from final
