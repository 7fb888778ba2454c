-- Карточки показателей операторов (макет nok_indicators), по строке на показатель.
with source as (
    select * from raw.nok_indicators
),
cards as (
    select
        _file as source_file,
        _row as source_row,
        is_synthetic,
        year::integer as year,
        region_code,
        sphere,
        inn,
        nullif(trim(busgov_id), '') as busgov_id,
        org_name,
        nok_org_name_key(org_name) as org_name_key,
        source_url,
        ['1.1', '1.2', '1.3', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3'] as indicators,
        [i11, i12, i13, i21, i22, i23, i31, i32, i33, i41, i42, i43, i51, i52, i53] as vals
    from source
),
final as (
    select
        source_file, source_row, is_synthetic, year, region_code, sphere, inn, busgov_id, org_name, org_name_key, source_url,
        unnest(indicators) as indicator,
        unnest(vals) as value
    from cards
)
select * from final
