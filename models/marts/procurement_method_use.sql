-- Какие способы определения оператора назвал каждый регион в каждом году (с текстом «Иное»).
with uses as (
    select * from intermediate.int_survey_method_use
),
regions as (
    select region_code, region_name, federal_district_short from marts.region
),
labels(method_code, method) as (
    values ('auction', 'Аукцион'), ('sole_supplier', 'Закупка у единственного поставщика'), ('quotation', 'Запрос котировок в электронной форме'),
           ('open_contest', 'Открытый конкурс'), ('other', 'Иное')
),
final as (
    select
        u.region_code, r.region_name, r.federal_district_short, u.year, u.method_code, l.method,
        string_agg(distinct u.other_text, '; ') as other_text,
        string_agg(distinct u.authority_id, ', ') as authority_ids,
        bool_or(u.is_synthetic) as is_synthetic
    from uses u
    join regions r using (region_code)
    left join labels l using (method_code)
    group by all
)
select * from final
order by region_code, year, method_code
