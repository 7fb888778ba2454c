/**
 * Names that match only loosely (a typo, a changed word) within one region and sphere are never merged
 * silently (a few letters apart, or apart only in the words of the legal form): each pair is a row here and a warning in meta.warning (rule org_name_similar) with both names,
 * until a decision in nok_org_links/ merges («объединить») or splits («разделить») them. Names with
 * different numbers («№ 5», «№ 15») are different organizations and are not reported.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import type { Model } from '../../pipelines/models/runner.ts';
import { countWarnedRows } from '../../pipelines/ingest/meta.ts';

/** Edits (Levenshtein) between two name keys up to which they are a likely typo. */
export const TYPO_EDITS = 3;

export async function build(db: Db, model: Model): Promise<void> {
  const table = `${model.layer}.${model.name}`;
  await db.run(`CREATE OR REPLACE TABLE ${table} AS
    with identities as (
        select org_id, match_method, region_code, sphere, org_name_key,
            min_by(org_name, (source_file, source_row)) as org_name,
            min(source_file) as source_file,
            min_by(source_row, (source_file, source_row)) as source_row,
            min(year) as first_year
        from intermediate.int_nok_org_identity
        group by all
    ),
    splits as (
        select * from staging.stg_nok_org_link where decision = 'разделить'
    ),
    pairs as (
        select
            a.region_code, a.sphere,
            a.org_id as org_id_a, a.org_name as org_name_a, a.org_name_key as org_name_key_a, a.source_file as source_file_a, a.source_row as source_row_a,
            b.org_id as org_id_b, b.org_name as org_name_b, b.org_name_key as org_name_key_b, b.source_file as source_file_b, b.source_row as source_row_b,
            levenshtein(a.org_name_key, b.org_name_key) as edits,
            nok_org_name_core(a.org_name_key) = nok_org_name_core(b.org_name_key) as differs_in_form_only
        from identities a
        join identities b
          on a.region_code = b.region_code and a.sphere = b.sphere and a.org_id <> b.org_id
         and a.match_method = 'name'
         and (b.match_method <> 'name' or a.org_id < b.org_id)
        where nok_org_name_numbers(a.org_name_key) = nok_org_name_numbers(b.org_name_key)
          and (levenshtein(a.org_name_key, b.org_name_key) <= ${TYPO_EDITS}
               or nok_org_name_core(a.org_name_key) = nok_org_name_core(b.org_name_key))
    ),
    final as (
        select p.*
        from pairs p
        where not exists (
            select 1 from splits s
            where ((s.name_key_a = p.org_name_key_a and s.name_key_b = p.org_name_key_b) or (s.name_key_a = p.org_name_key_b and s.name_key_b = p.org_name_key_a))
              and (s.region_code is null or s.region_code = p.region_code)
              and (s.sphere is null or s.sphere = p.sphere))
    )
    select * from final
    order by region_code, sphere, org_name_key_a, org_name_key_b`);
  // the warning stands on the row of the name-only organization (a), naming the other one and where it is;
  // an incremental build that reruns this model keeps the last build's warnings of files it did not reload:
  // they are replaced, not added to
  await db.run(`DELETE FROM meta.warning WHERE rule = 'org_name_similar'`);
  await db.run(`INSERT INTO meta.warning
    SELECT 'nok_results', source_file_a, source_row_a, 'Наименование организации', org_name_a, 'org_name_similar',
      'Наименование «' || org_name_a || '» похоже на «' || org_name_b || '» (' || source_file_b || ', строка ' || source_row_b ||
      ', тот же регион и сфера), но не совпадает: загружены как разные организации. Одна организация — добавьте пару в папку nok_org_links/ с решением «объединить»; разные — «разделить»'
    FROM ${table} ORDER BY source_file_a, source_row_a, org_name_b`);
  // the files' counts of rows with warnings include these, in a full build as in an incremental one (where the
  // loader counted, before this model ran, the warnings the last build left on the files it did not reload)
  await countWarnedRows(db, 'nok_results');
}
