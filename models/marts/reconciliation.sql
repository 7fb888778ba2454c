-- Сверка с отчётом: каждая опубликованная цифра рядом с пересчитанной из данных.
-- Каждый раздел продукта поставляет модель intermediate.int_recon_<раздел> со столбцами
--   figure_id, computed_value, tolerance, method, basis, note;
-- новая такая модель добавляется сюда одной строкой union all (tests/unit/runner.test.ts проверяет,
-- что здесь перечислены все int_recon_*).
with recon as (
    select figure_id, computed_value, tolerance, method, basis, note, 'intermediate.int_recon_organizations' as recon_model
    from intermediate.int_recon_organizations
    union all
    select figure_id, computed_value, tolerance, method, basis, note, 'intermediate.int_recon_practices' as recon_model
    from intermediate.int_recon_practices
    union all
    select figure_id, computed_value, tolerance, method, basis, note, 'intermediate.int_recon_survey' as recon_model
    from intermediate.int_recon_survey
),
recomputed as (
    select
        figure_id::varchar as figure_id,
        computed_value::double as computed_value,
        tolerance::double as tolerance,
        method::varchar as method,
        basis::varchar as basis,
        note::varchar as recon_note,
        recon_model
    from recon
),
figures as (
    select * from marts.report_figure where value is not null
),
joined as (
    select
        f.*,
        r.computed_value, r.method, r.basis, r.recon_note, r.recon_model,
        -- допуск: половина последнего разряда опубликованного значения, для «около» — не меньше 5 %
        coalesce(r.tolerance,
            case when f.comparator = '≈'
                then greatest(abs(f.value) * 0.05, 0.5 * pow(10, -length(split_part(regexp_replace(f.value::varchar, '\.?0+$', ''), '.', 2))))
                else 0.5 * pow(10, -length(split_part(regexp_replace(f.value::varchar, '\.?0+$', ''), '.', 2)))
            end) as tol
    from figures f
    left join recomputed r using (figure_id)
),
final as (
    select
        figure_id, section, measure, region_code, region_name, sphere, year,
        value as published_value, comparator, unit,
        computed_value,
        computed_value - value as difference,
        case when value <> 0 then (computed_value - value) / abs(value) end as relative_difference,
        tol as tolerance,
        case
            when recon_model is null then 'not_recomputed'
            when computed_value is null then 'not_computable'
            when comparator = '>' then case when computed_value > value then 'match' else 'mismatch' end
            when comparator = '<' then case when computed_value < value then 'match' else 'mismatch' end
            when abs(computed_value - value) <= tol + 1e-9 then 'match'
            else 'mismatch'
        end as status,
        method, basis, recon_model, quote, note, recon_note,
        coalesce(basis <> 'report', false) as is_synthetic
    from joined
)
select
    *,
    case status
        when 'match' then 'совпадает'
        when 'mismatch' then 'расхождение'
        when 'not_computable' then 'не вычисляется из данных'
        else 'пока не пересчитывается'
    end as status_ru
from final
order by section, figure_id
