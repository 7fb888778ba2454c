-- Какая организация за каждой строкой опубликованных результатов. По ИНН, если он есть (филиал или подразделение
-- с ИНН головной организации — по ИНН и своему наименованию; в другом регионе — по ИНН и региону); иначе по
-- идентификатору bus.gov.ru; иначе по региону, сфере и ключу наименования (nok_org_name_key). Строка без ИНН,
-- чьё наименование совпадает с наименованием организации с ИНН (или идентификатором) того же региона и сферы,
-- относится к ней. Решения «объединить» из папки nok_org_links сводят два ключа наименования в один.
with results as (
    select * from staging.stg_nok_result
),
links as (
    select * from staging.stg_nok_org_link where decision = 'объединить'
),
linked as (
    select
        r.*,
        coalesce(
            (select min(l.name_key_a) from links l
             where l.name_key_b = r.org_name_key
               and (l.region_code is null or l.region_code = r.region_code)
               and (l.sphere is null or l.sphere = r.sphere)),
            r.org_name_key,
            lower(r.org_name)
        ) as name_key
    from results r
),
keyed as (
    select
        *,
        case when inn is not null then
            inn
            || case when region_code <> nok_inn_region(inn) then '/' || region_code else '' end
            || case when is_branch then '/' || coalesce(name_key, '') else '' end
        end as inn_key
    from linked
),
busgov_inn as (
    select busgov_id, min(inn_key) as inn_key, count(distinct inn_key) as n
    from keyed
    where busgov_id is not null and inn_key is not null
    group by busgov_id
),
strong as (
    select region_code, sphere, name_key, min(strong_key) as strong_key, count(distinct strong_key) as n
    from (
        select region_code, sphere, name_key, coalesce(inn_key, 'busgov:' || busgov_id) as strong_key
        from keyed
        where (inn_key is not null or busgov_id is not null) and name_key is not null
    )
    group by region_code, sphere, name_key
),
resolved as (
    select
        k.*,
        case
            when k.inn_key is not null then k.inn_key
            when k.busgov_id is not null then coalesce(case when b.n = 1 then b.inn_key end, 'busgov:' || k.busgov_id)
            when s.n = 1 then s.strong_key
            else 'name:' || k.region_code || '|' || k.sphere || '|' || k.name_key
        end as identity_key,
        case when k.inn_key is not null then 'inn' when k.busgov_id is not null then 'busgov_id' else 'name' end as match_method
    from keyed k
    left join busgov_inn b on b.busgov_id = k.busgov_id
    -- equality only (one row of strong per key): with the conditions on k alone in the join DuckDB planned a nested
    -- loop join (706 046 × 145 563 rows, 276 s at 10 million questionnaires); the CASE above uses s only for rows
    -- without ИНН and bus.gov.ru id
    left join strong s on s.region_code = k.region_code and s.sphere = k.sphere and s.name_key = k.name_key
),
-- the first row of each organization and year (by file, then row) is the one scored: an aggregate over the narrow
-- keys, joined back, not `row_number() over (partition by identity_key, year order by source_file, source_row)`:
-- at 100 M questionnaires (7 M published rows) that window sorted the whole wide rows and ran out of memory in
-- DuckDB's 2,8 GB share of a 4 GB build; the aggregate finished in it
first_row as (
    select identity_key, year, min({'file': source_file, 'row': source_row}) as first_row
    from resolved
    group by identity_key, year
),
final as (
    select
        r.source_file,
        r.source_row,
        nok_org_id(r.identity_key) as org_id,
        r.identity_key,
        r.match_method,
        case when r.identity_key not like 'busgov:%' and r.identity_key not like 'name:%' then split_part(r.identity_key, '/', 1) end as org_inn,
        r.identity_key not like 'busgov:%' and r.identity_key not like 'name:%' and r.identity_key not like '%/%' as is_main_unit,
        r.year,
        r.region_code,
        r.sphere,
        r.inn,
        r.busgov_id,
        r.org_name,
        r.name_key as org_name_key,
        r.is_branch,
        {'file': r.source_file, 'row': r.source_row} = f.first_row as is_first_of_year
    from resolved r
    join first_row f on f.identity_key = r.identity_key and f.year = r.year
)
select * from final
order by source_file, source_row
