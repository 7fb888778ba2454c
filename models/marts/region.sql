-- Измерение «субъект РФ» для всех витрин и страниц: коды, названия, округа и клетка плиточной карты.
with regions as (
    select * from staging.stg_region
),
tiles as (
    select * from staging.stg_region_tile
),
final as (
    select
        r.region_code,
        r.region_name,
        r.region_name_full,
        r.subject_type,
        r.federal_district,
        r.federal_district_short,
        r.iso_3166_2,
        r.okato,
        r.oktmo,
        r.is_enclave_okrug,
        r.parent_region_code,
        r.joined_year,
        r.capital,
        r.tile_label,
        t.tile_col,
        t.tile_row,
        '/regions/' || r.region_code as page_url
    from regions r
    join tiles t using (region_code)
)
select * from final
order by region_code
