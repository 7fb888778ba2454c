-- Значимость ценового и неценовых критериев открытого конкурса: регионы, указавшие соотношение или
-- проводившие открытый конкурс хотя бы в одном году 2021–2023.
with regions as (
    select * from intermediate.int_survey_region
),
contests as (
    select region_code, string_agg(distinct year::varchar, ', ' order by year::varchar) as open_contest_years
    from intermediate.int_survey_method_use where method_code = 'open_contest'
    group by region_code
),
weights as (
    select region_code, string_agg(distinct price_weight_answer, '; ') as price_weight_answer, bool_or(is_price_weight_synthetic) as is_synthetic
    from intermediate.int_survey_authority where price_weight_answer is not null
    group by region_code
),
final as (
    select
        r.region_code, r.region_name, r.federal_district_short,
        r.price_weight_pct, r.nonprice_weight_pct, w.price_weight_answer,
        c.open_contest_years,
        c.region_code is not null as used_open_contest,
        coalesce(w.is_synthetic, r.is_synthetic) as is_synthetic
    from regions r
    left join contests c using (region_code)
    left join weights w using (region_code)
    where r.price_weight_pct is not null or c.region_code is not null
)
select * from final
order by price_weight_pct nulls last, region_code
