-- Способы определения оператора по годам (рисунок 10 отчёта): доля = регионы, использовавшие способ /
-- регионы, ответившие за этот год. Регион мог назвать несколько способов — сумма долей года бывает больше 100 %.
with shares as (
    select * from intermediate.int_survey_share where question = 'procurement_method'
),
final as (
    select
        year,
        category_code as method_code,
        category as method,
        category_short as method_short,
        regions as regions_using,
        regions_answered,
        share,
        sum(share) over (partition by year) as year_share_total,
        regions_multiple,
        sort_order,
        is_synthetic
    from shares
)
select * from final
order by year, sort_order
