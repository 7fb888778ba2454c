/**
 * The staging model of the survey (models/staging/stg_survey_authority.sql) on
 * tiny inline rows: how answers are put into codes — sphere, funding category
 * and programme name, contest weights, control form, online tools — and how
 * two authorities of one sphere in a region get distinct ids.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db, lit } from '../../pipelines/lib/duck.ts';
import { rawDDL } from '../../pipelines/ingest/spec.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import survey from '../../sources/survey_regions/schema.ts';
import categories from '../../sources/survey_categories/schema.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';
import { loadSource } from '../../pipelines/ingest/load.ts';
import type { Source } from '../../pipelines/ingest/spec.ts';

let db: Db;
type Row = Record<string, string | number | boolean | null>;
const rows: Row[] = [
  { _row: 2, region_code: '77', sphere: 'социальное обслуживание', funding_source: 'средства бюджета субъекта; Государственная программа «Социальная поддержка»', price_weight: '60%-40%', control_form: 'Иное: экспертиза по 44-ФЗ', online_tools: 'Нет' },
  { _row: 3, region_code: '06', sphere: null, funding_source: 'внебюджетные средства', price_weight: null, control_form: 'Формальная проверка соответствия отчета требованиям ТЗ', online_tools: 'Да, с использованием приложения Федерального казначейства' },
  { _row: 4, region_code: '40', sphere: 'Министерство здравоохранения', funding_source: '«Социальная поддержка граждан» Тамбовской области', price_weight: '30/70', control_form: null, online_tools: 'Да, с использованием сайта ГМУ (bus.gov.ru)' },
  { _row: 5, region_code: '15', sphere: 'социальное обслуживание', funding_source: 'на безвозмездной основе', price_weight: null, control_form: null, online_tools: null },
  { _row: 6, region_code: '91', sphere: 'образование', funding_source: 'средства областного бюджета', price_weight: null, control_form: null, online_tools: null },
  { _row: 7, region_code: '91', sphere: 'образование', funding_source: 'государственная программа субъекта (наименование не указано)', price_weight: null, control_form: null, online_tools: null },
];

beforeAll(async () => {
  db = await Db.open();
  await db.run('CREATE SCHEMA raw; CREATE SCHEMA staging;');
  // the answer categories: the project's reference source, loaded as a build loads it (ref.survey_category)
  await installMacros(db);
  await createMeta(db);
  const dir = path.join(paths.sources, 'survey_categories');
  const loaded = await loadSource({ db, regions: { match: () => ({ ok: false, reason: 'empty', candidates: [], message: '' }) }, tmpDir: path.join(paths.root, 'tmp'), baseDir: paths.sources }, categories as unknown as Source, dir);
  expect(loaded.errors).toEqual([]);
  for (const ddl of rawDDL(survey as unknown as Parameters<typeof rawDDL>[0])) await db.run(ddl);
  for (const r of rows) {
    await db.run(
      `INSERT INTO raw.survey_regions (_file, _row, is_synthetic, region_code, authority_name, sphere, funding_source, price_weight, control_form, online_tools)
       VALUES ('f.csv', ${r._row}, FALSE, ${lit(r.region_code as string)}, 'орган', ${lit(r.sphere as string | null)}, ${lit(r.funding_source as string)},
               ${lit(r.price_weight as string | null)}, ${lit(r.control_form as string | null)}, ${lit(r.online_tools as string | null)})`,
    );
  }
  const sql = fs.readFileSync(path.join(paths.models, 'staging', 'stg_survey_authority.sql'), 'utf8');
  await db.run(`CREATE TABLE staging.stg_survey_authority AS ${sql}`);
});
afterAll(() => db?.close());

const get = async (row: number): Promise<Record<string, unknown>> => (await db.one(`select * from staging.stg_survey_authority where source_row = ${row}`))!;

describe('stg_survey_authority', () => {
  it('classifies funding the way the report counts it: budget wins over a programme named beside it; «внебюджетные» is not budget', async () => {
    expect(await get(2)).toMatchObject({ funding_category: 'regional_budget', programme_name: 'Государственная программа «Социальная поддержка»', is_budget_and_programme: true });
    expect(await get(3)).toMatchObject({ funding_category: 'off_budget', programme_name: null, is_budget_and_programme: false });
    expect(await get(4)).toMatchObject({ funding_category: 'programme', is_programme_named: true, is_budget_and_programme: false });
    expect(await get(5)).toMatchObject({ funding_category: 'free_of_charge' });
    expect(await get(6)).toMatchObject({ funding_category: 'regional_budget', programme_name: null });
    expect(await get(7)).toMatchObject({ funding_category: 'programme', is_programme_named: false });
  });

  it('reads contest weights written as 60%-40% or 30/70', async () => {
    expect(await get(2)).toMatchObject({ price_weight_pct: 60, nonprice_weight_pct: 40 });
    expect(await get(4)).toMatchObject({ price_weight_pct: 30, nonprice_weight_pct: 70 });
    expect(await get(3)).toMatchObject({ price_weight_pct: null });
  });

  it('codes spheres, control forms and online tools, keeping the text of «Иное»', async () => {
    expect(await get(2)).toMatchObject({ sphere_code: 'social', control_form_code: 'other', control_form_other_text: 'экспертиза по 44-ФЗ', online_tool_code: 'none' });
    expect(await get(3)).toMatchObject({ sphere_code: 'social', control_form_code: 'formal_check', online_tool_code: 'treasury' });
    expect(await get(4)).toMatchObject({ sphere_code: 'health', online_tool_code: 'bus_gov', control_form_code: null });
    expect(await get(6)).toMatchObject({ sphere_code: 'education' });
  });

  it('gives two authorities of one sphere in one region distinct ids', async () => {
    const ids = await db.all<{ authority_id: string }>(`select authority_id from staging.stg_survey_authority where region_code = '91' order by source_row`);
    expect(ids.map((r) => r.authority_id)).toEqual(['91-education-1', '91-education-2']);
    expect((await get(2)).authority_id).toBe('77-social');
  });
});
