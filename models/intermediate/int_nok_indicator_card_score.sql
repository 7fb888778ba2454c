-- Критерии и итоговый балл по карточкам показателей операторов: критерий — взвешенная сумма его показателей
-- с весами редакции методики года (staging.stg_methodology_weight); если хотя бы один показатель критерия
-- не напечатан, критерий не рассчитывается. Итог — среднее пяти критериев (приказ № 344н). Организация — та же,
-- что у опубликованных результатов с тем же ИНН, идентификатором bus.gov.ru или регионом, сферой и наименованием.
with cards as not materialized (
    select * from staging.stg_nok_indicator_card
),
weights as not materialized (
    select * from staging.stg_methodology_weight
),
identity as not materialized (
    select * from intermediate.int_nok_org_identity
),
versions as not materialized (
    select distinct methodology_version, valid_from_year from weights
),
heads as not materialized (
    select distinct source_file, source_row, is_synthetic, year, region_code, sphere, inn, busgov_id, org_name, org_name_key, source_url
    from cards
),
card_version as not materialized (
    select
        h.source_file, h.source_row,
        coalesce(
            (select max_by(v.methodology_version, v.valid_from_year) from versions v where v.valid_from_year <= h.year),
            (select min_by(v.methodology_version, v.valid_from_year) from versions v)
        ) as methodology_version
    from heads h
),
weighted as (
    select
        c.source_file, c.source_row, w.criterion,
        sum(w.weight * c.value) as score,
        count(*) filter (where c.value is null) as n_missing
    from cards c
    join card_version v using (source_file, source_row)
    join weights w on w.methodology_version = v.methodology_version and w.indicator = c.indicator and w.sphere = c.sphere
    group by c.source_file, c.source_row, w.criterion
),
criteria as (
    select
        source_file, source_row,
        max(score) filter (where criterion = 'k1' and n_missing = 0) as k1,
        max(score) filter (where criterion = 'k2' and n_missing = 0) as k2,
        max(score) filter (where criterion = 'k3' and n_missing = 0) as k3,
        max(score) filter (where criterion = 'k4' and n_missing = 0) as k4,
        max(score) filter (where criterion = 'k5' and n_missing = 0) as k5
    from weighted
    group by source_file, source_row
),
-- the organizations of the cards' keys only (all identity rows of such a key, so the count of distinct organizations
-- is that of the whole table): at 100 M questionnaires the aggregates over all 7 M identity rows took 17 s and
-- 4,9 GB with no card at all
by_inn as (
    select org_inn, min(org_id) as org_id from identity
    where is_main_unit and org_inn in (select inn from heads)
    group by org_inn
),
by_busgov as (
    select busgov_id, min(org_id) as org_id from identity
    where busgov_id in (select busgov_id from heads where inn is null)
    group by busgov_id having count(distinct org_id) = 1
),
by_name as (
    select i.region_code, i.sphere, i.org_name_key, min(i.org_id) as org_id
    from identity i
    semi join heads h on h.inn is null and h.busgov_id is null
        and h.region_code = i.region_code and h.sphere = i.sphere and h.org_name_key = i.org_name_key
    group by i.region_code, i.sphere, i.org_name_key having count(distinct i.org_id) = 1
),
final as (
    select
        h.source_file,
        h.source_row,
        coalesce(i.org_id, b.org_id, n.org_id,
            nok_org_id(coalesce(h.inn, 'busgov:' || h.busgov_id, 'name:' || h.region_code || '|' || h.sphere || '|' || h.org_name_key))) as org_id,
        h.inn,
        h.year,
        h.region_code,
        h.sphere,
        h.org_name,
        c.k1, c.k2, c.k3, c.k4, c.k5,
        case when c.k1 is not null and c.k2 is not null and c.k3 is not null and c.k4 is not null and c.k5 is not null
            then (c.k1 + c.k2 + c.k3 + c.k4 + c.k5) / 5 end as total,
        v.methodology_version,
        h.source_url,
        h.is_synthetic
    from heads h
    join card_version v using (source_file, source_row)
    left join criteria c using (source_file, source_row)
    left join by_inn i on i.org_inn = h.inn
    left join by_busgov b on h.inn is null and b.busgov_id = h.busgov_id
    left join by_name n on h.inn is null and h.busgov_id is null
        and n.region_code = h.region_code and n.sphere = h.sphere and n.org_name_key = h.org_name_key
)
select * from final
order by source_file, source_row
