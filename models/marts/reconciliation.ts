/**
 * Reconciliation with the report: every published figure beside the one
 * recomputed from data. Each area of the product contributes a model
 * intermediate.int_recon_<area> with the columns
 *   figure_id, computed_value, tolerance, method, basis, note
 * and this model unions whatever exists — adding an area needs no edit here.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';

export async function build(db: Db, model: Model): Promise<void> {
  const parts = model.deps.filter((d) => d.startsWith('intermediate.int_recon_'));
  const union = parts.length
    ? parts
        .map(
          (p) =>
            `SELECT figure_id::VARCHAR AS figure_id, computed_value::DOUBLE AS computed_value, tolerance::DOUBLE AS tolerance,
                    method::VARCHAR AS method, basis::VARCHAR AS basis, note::VARCHAR AS recon_note, '${p}' AS recon_model FROM ${p}`,
        )
        .join(' UNION ALL ')
    : `SELECT NULL::VARCHAR AS figure_id, NULL::DOUBLE AS computed_value, NULL::DOUBLE AS tolerance, NULL::VARCHAR AS method, NULL::VARCHAR AS basis, NULL::VARCHAR AS recon_note, NULL::VARCHAR AS recon_model WHERE FALSE`;
  await db.run(`CREATE OR REPLACE TABLE marts.reconciliation AS
    WITH recon AS (${union}),
    figures AS (SELECT * FROM marts.report_figure WHERE value IS NOT NULL),
    joined AS (
      SELECT f.*, r.computed_value, r.method, r.basis, r.recon_note, r.recon_model,
        coalesce(r.tolerance,
          CASE WHEN f.comparator = '≈' THEN greatest(abs(f.value) * 0.05, 0.5 * pow(10, -length(split_part(regexp_replace(f.value::VARCHAR, '\\.?0+$', ''), '.', 2))))
               ELSE 0.5 * pow(10, -length(split_part(regexp_replace(f.value::VARCHAR, '\\.?0+$', ''), '.', 2))) END) AS tol
      FROM figures f LEFT JOIN recon r USING (figure_id)
    ),
    final AS (
      SELECT
        figure_id, section, measure, region_code, region_name, sphere, year,
        value AS published_value, comparator, unit,
        computed_value,
        computed_value - value AS difference,
        CASE WHEN value <> 0 THEN (computed_value - value) / abs(value) END AS relative_difference,
        tol AS tolerance,
        CASE
          WHEN recon_model IS NULL THEN 'not_recomputed'
          WHEN computed_value IS NULL THEN 'not_computable'
          WHEN comparator = '>' THEN CASE WHEN computed_value > value THEN 'match' ELSE 'mismatch' END
          WHEN comparator = '<' THEN CASE WHEN computed_value < value THEN 'match' ELSE 'mismatch' END
          WHEN abs(computed_value - value) <= tol + 1e-9 THEN 'match'
          ELSE 'mismatch'
        END AS status,
        method, basis, recon_model, quote, note, recon_note,
        coalesce(basis <> 'report', FALSE) AS is_synthetic
      FROM joined
    )
    SELECT *,
      CASE status WHEN 'match' THEN 'совпадает' WHEN 'mismatch' THEN 'расхождение'
        WHEN 'not_computable' THEN 'не вычисляется из данных' ELSE 'пока не пересчитывается' END AS status_ru
    FROM final ORDER BY section, figure_id`);
}
