-- Решения о похожих наименованиях (папка nok_org_links): объединить или разделить.
with source as (
    select * from raw.nok_org_links
),
final as (
    select
        _file as source_file,
        _row as source_row,
        name_a,
        name_b,
        nok_org_name_key(name_a) as name_key_a,
        nok_org_name_key(name_b) as name_key_b,
        decision,
        region_code,
        sphere
    from source
)
select * from final
