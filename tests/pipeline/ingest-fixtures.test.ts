/**
 * The loader on the fixture folders (tests/fixtures/ingest, made by
 * tests/fixtures/make.ts): good real-world files load whole; each bad row
 * goes to quarantine under the rule that explains it, at the row number
 * Excel shows; warnings stay with their row; every file accounts for every
 * row; each file-level problem names the file, the column and what was expected.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import type { Db } from '../../pipelines/lib/duck.ts';
import { loadFolder, FIXTURES } from './helpers.ts';

const LAYOUTS = ['survey_regions', 'practices', 'nok_results', 'questionnaires', 'observations'];

async function accounts(db: Db): Promise<void> {
  const bad = await db.all(`SELECT file, rows_read, rows_loaded, rows_quarantined FROM meta.load_report WHERE rows_read <> rows_loaded + rows_quarantined`);
  expect(bad).toEqual([]);
}

describe('good files as ministries send them', () => {
  let db: Db;
  beforeAll(async () => {
    const r = await loadFolder(path.join(FIXTURES, 'good'), LAYOUTS);
    expect(r.errors).toEqual([]);
    db = r.db;
  });
  afterAll(() => db.close());

  it('loads every row of every file, nothing quarantined', async () => {
    const rep = await db.all<{ source: string; file_format: string; delimiter: string | null; rows_read: number; rows_loaded: number; rows_quarantined: number }>(
      `SELECT source, file_format, delimiter, rows_read, rows_loaded, rows_quarantined FROM meta.load_report ORDER BY source`,
    );
    expect(rep.map((r) => [r.source, r.file_format, r.delimiter])).toEqual([
      ['nok_results', 'windows-1251', ';'],
      ['observations', 'xlsx', null],
      ['practices', 'utf-8', ','],
      ['questionnaires', 'utf-8-bom', ';'],
      ['survey_regions', 'xlsx', null],
    ]);
    for (const r of rep) {
      expect(r.rows_quarantined, r.source).toBe(0);
      expect(r.rows_loaded, r.source).toBe(r.rows_read);
    }
    expect(await db.value(`SELECT count(*) FROM meta.quarantine`)).toBe(0);
    await accounts(db);
  });

  it('parses Russian numbers, «нет данных» and «-» as NULL, regions in any spelling, Cyrillic from cp1251', async () => {
    const rows = await db.all<{ region_code: string; inn: string; total: number; respondents: number | null; org_name: string }>(
      `SELECT region_code, inn, total, respondents, org_name FROM raw.nok_results ORDER BY _row`,
    );
    expect(rows.map((r) => r.region_code)).toEqual(['77', '16', '42', '86', '01']);
    expect(rows.map((r) => r.respondents)).toEqual([312, 150, null, 1204, null]);
    expect(rows[0]!.total).toBe(95.82);
    expect(rows[0]!.org_name).toBe('ГБУ ЦСО «Ясенево»');
    expect(rows[4]!.inn).toMatch(/^01\d{8}$/);
  });

  it('turns the merged two-row header of the survey into rows per year taken from the headers', async () => {
    const main = await db.all(`SELECT _row, region_code, authority_name, submitted_at::VARCHAR AS t, refusal_experience FROM raw.survey_regions ORDER BY _row`);
    expect(main).toEqual([
      { _row: 5, region_code: '77', authority_name: 'Департамент труда и социальной защиты населения', t: '2023-05-17 10:30:00', refusal_experience: false },
      { _row: 6, region_code: '77', authority_name: 'Министерство здравоохранения', t: '2023-05-18 09:00:00', refusal_experience: true },
      { _row: 7, region_code: '16', authority_name: 'Министерство труда, занятости и социальной защиты', t: '2023-05-18 12:00:00', refusal_experience: false },
    ]);
    const years = await db.all(`SELECT _row, year, planned_rub, actual_rub, procurement_methods FROM raw.survey_regions_by_year ORDER BY _row, year`);
    expect(years.filter((y) => y._row === 5)).toEqual([
      { _row: 5, year: 2021, planned_rub: 3000000, actual_rub: 2950000, procurement_methods: ['Аукцион'] },
      { _row: 5, year: 2022, planned_rub: 3500000, actual_rub: 3325000, procurement_methods: ['Аукцион', 'Открытый конкурс'] },
      { _row: 5, year: 2023, planned_rub: 3678000, actual_rub: 3600000.5, procurement_methods: ['Открытый конкурс'] },
    ]);
    // a year with no value at all in a row is no row (Минздрав, 2023)
    expect(years.filter((y) => y._row === 6).map((y) => y.year)).toEqual([2021, 2022]);
    expect(years.find((y) => y._row === 7 && y.year === 2022)!.procurement_methods).toEqual(['Иное: конкурс с ограниченным участием']);
    expect(await db.value(`SELECT online_tools FROM raw.survey_regions WHERE _row = 7`)).toBe('Да, с использованием приложения Федерального казначейства');
    expect(await db.value(`SELECT years FROM meta.load_report WHERE source = 'survey_regions'`)).toBe('2021, 2022, 2023');
    expect(await db.value(`SELECT header_row FROM meta.load_report WHERE source = 'survey_regions'`)).toBe(3);
  });

  it('keeps quoted line breaks inside a value and reads lists and XLSX numbers', async () => {
    expect(await db.value(`SELECT description FROM raw.practices WHERE region_code = '21'`)).toBe('Рейтинг публикуется\nна сайте министерства');
    expect(await db.value(`SELECT levels FROM raw.practices WHERE region_code = '21'`)).toEqual(['субъект', 'организация']);
    expect(await db.all(`SELECT _row, inn, stand_present FROM raw.observations ORDER BY _row`)).toEqual([
      { _row: 2, inn: expect.stringMatching(/^77/), stand_present: 40 },
      { _row: 3, inn: expect.stringMatching(/^16/), stand_present: 38 },
      { _row: 4, inn: expect.stringMatching(/^42/), stand_present: 30 },
    ]);
  });
});

describe('row-level problems: quarantine and warnings', () => {
  let db: Db;
  beforeAll(async () => {
    const r = await loadFolder(path.join(FIXTURES, 'rows'), LAYOUTS);
    expect(r.errors).toEqual([]);
    db = r.db;
  });
  afterAll(() => db.close());

  const q = async (source: string): Promise<[number, string, string | null][]> =>
    (await db.all<{ row_number: number; rule: string; column_name: string | null }>(`SELECT row_number, rule, column_name FROM meta.quarantine WHERE source = $1 ORDER BY row_number, rule`, [source])).map((r) => [
      r.row_number,
      r.rule,
      r.column_name,
    ]);

  it('every file: rows read = loaded + quarantined', async () => {
    await accounts(db);
    expect(await db.value(`SELECT sum(rows_quarantined)::INTEGER FROM meta.load_report`)).toBeGreaterThan(15);
  });

  it('nok_results: each bad row under its own rule, at the row Excel shows (blank line and a broken row before the last)', async () => {
    expect(await q('nok_results')).toEqual([
      [3, 'type', 'Открытость и доступность информации'],
      [4, 'range', 'Комфортность условий'],
      [5, 'region_ambiguous', 'Субъект РФ'],
      [6, 'region_unknown', 'Субъект РФ'],
      [7, 'inn_checksum', 'ИНН'],
      [8, 'inn_region', 'ИНН'],
      [10, 'duplicate', 'ИНН + Год проведения оценки'],
      [13, 'accepted_values', 'Сфера'],
      [14, 'inn_format', 'ИНН'],
      [16, 'csv_structure', null],
    ]);
    // a criterion left empty («—») is not an error: publications often print some criteria or none (issue 13)
    expect(await db.all(`SELECT _row FROM raw.nok_results ORDER BY _row`)).toEqual([{ _row: 2 }, { _row: 9 }, { _row: 11 }, { _row: 12 }, { _row: 17 }]);
    expect(await db.value(`SELECT k3 FROM raw.nok_results WHERE _row = 12`)).toBeNull();
    const rep = await db.one(`SELECT rows_read, rows_loaded, rows_quarantined, rows_with_warnings, rows_blank FROM meta.load_report WHERE source = 'nok_results'`);
    expect(rep).toEqual({ rows_read: 15, rows_loaded: 5, rows_quarantined: 10, rows_with_warnings: 2, rows_blank: 1 });
  });

  it('messages are Russian and say what was found and what was expected', async () => {
    const m = await db.all<{ rule: string; raw_value: string; message: string }>(`SELECT rule, raw_value, message FROM meta.quarantine WHERE source = 'nok_results' ORDER BY row_number`);
    const by = (rule: string): { raw_value: string; message: string } => m.find((x) => x.rule === rule)!;
    expect(by('type')).toMatchObject({ raw_value: 'девяносто', message: expect.stringMatching(/«девяносто».*не число/) });
    expect(by('range').message).toMatch(/«105».*от 0 до 100/);
    expect(by('region_ambiguous').message).toMatch(/Алтай.*неоднозначен/);
    expect(by('inn_region').message).toMatch(/77.*16/);
    expect(by('duplicate').message).toMatch(/строки 2 файла nok_results\/nok bad rows\.csv/);
    expect(by('csv_structure').message).toMatch(/13 заполненных полей, а в заголовке 12/);
    for (const x of m) expect(x.message).toMatch(/[а-яё]/i);
  });

  it('warnings stay with loaded rows: total ≠ mean, a restored leading zero, actual price above planned, a gate contradiction, a note beside the table', async () => {
    const w = await db.all(`SELECT source, row_number, rule FROM meta.warning ORDER BY source, row_number, rule`);
    expect(w).toEqual([
      { source: 'nok_results', row_number: 9, rule: 'total_vs_mean' },
      { source: 'nok_results', row_number: 11, rule: 'inn_leading_zero' },
      { source: 'observations', row_number: 5, rule: 'cells_outside_table' },
      { source: 'questionnaires', row_number: 3, rule: 'gate_contradiction' },
      { source: 'survey_regions', row_number: 2, rule: 'actual_above_planned' },
    ]);
    expect(await db.value(`SELECT inn FROM raw.nok_results WHERE _row = 11`)).toMatch(/^01\d{8}$/);
    expect(await db.value(`SELECT count(*) FROM raw.survey_regions WHERE _row = 2`)).toBe(1);
  });

  it('observations XLSX: blank rows keep numbering; an error cell, a count above its maximum and present > required are quarantined', async () => {
    expect(await q('observations')).toEqual([
      [4, 'present_above_required', 'Информация на стендах: размещено'],
      [6, 'type', 'Дистанционные способы обратной связи'],
      [7, 'range', 'Дистанционные способы обратной связи'],
    ]);
    expect(await db.value(`SELECT raw_value FROM meta.quarantine WHERE source = 'observations' AND row_number = 6`)).toBe('#DIV/0!');
  });

  it('survey: per-year problems name the year column; a duplicate across files names the first file', async () => {
    expect(await q('survey_regions')).toEqual([
      [3, 'range', 'НМЦК на оплату работ оператора, руб. (2022)'],
      [4, 'accepted_values', 'Способ определения оператора (2022)'],
      [5, 'type', 'НМЦК на оплату работ оператора, руб. (2022)'],
    ]);
    // a quarantined row leaves nothing in the per-year table either
    expect(await db.all(`SELECT DISTINCT _row FROM raw.survey_regions_by_year ORDER BY _row`)).toEqual([{ _row: 2 }]);
    expect(await q('practices')).toEqual([
      [2, 'duplicate', 'Субъект Российской Федерации + Наименование практики'],
      [3, 'type', 'Год начала'],
    ]);
    expect(await db.value(`SELECT file FROM meta.quarantine WHERE rule = 'duplicate' AND source = 'practices'`)).toBe('practices/b.csv');
  });
});

describe('file-level problems stop the load with a message naming the file, the column and what was expected', () => {
  const cases: [string, string, RegExp, { column?: RegExp; expected?: RegExp; hint?: RegExp }][] = [
    ['missing-column', 'nok_results/nok.csv', /Нет обязательного столбца «Сфера»/, { column: /Сфера/, expected: /в файле найдены: «Год проведения оценки»/ }],
    ['empty-file', 'practices/пустой.csv', /пуст/, {}],
    ['blank-lines-only', 'practices/blank.csv', /пуст/, {}],
    ['header-only', 'practices/только заголовок.csv', /нет ни одной строки данных/, {}],
    ['xls', 'practices/old.xls', /\.xls/, { hint: /сохраните как \.xlsx или \.csv/ }],
    ['not-xlsx', 'practices/renamed.xlsx', /повреждён/, {}],
    ['truncated-xlsx', 'observations/obs.xlsx', /повреждён/, {}],
    ['wrong-sheet', 'observations/obs.xlsx', /Нет обязательных столбцов/, { hint: /лист «Инструкция».*«Данные».*_settings\.json/ }],
    ['missing-sheet', 'observations/obs.xlsx', /нет листа «Лист5»/, { expected: /«Инструкция», «Данные»/ }],
    ['bad-sidecar', 'practices/p.csv.meta.json', /Сопроводительный файл/, { expected: /synthetic/ }],
    ['duplicate-header', 'practices/p.csv', /Неоднозначные заголовки/, {}],
    ['wrong-folder', 'practices/Результаты НОК 2023.csv', /Нет обязательн/, { hint: /макета «Результаты НОК по организациям»: переложите его в папку nok_results\// }],
  ];
  for (const [dir, file, re, more] of cases) {
    it(`${dir}: ${file}`, async () => {
      const { db, errors } = await loadFolder(path.join(FIXTURES, 'file', dir), LAYOUTS);
      db.close();
      expect(errors).toHaveLength(1);
      const text = errors[0]!;
      expect(text).toMatch(re);
      expect(text).toContain(`Файл: ${file}`);
      if (more.column) expect(text).toMatch(new RegExp(`Столбец: .*${more.column.source}`));
      if (more.expected) expect(text).toMatch(new RegExp(`Ожидалось: .*${more.expected.source}`));
      if (more.hint) expect(text).toMatch(new RegExp(`Что сделать: .*${more.hint.source}`, 's'));
    });
  }

  it('the sheet named in the folder _settings.json is read', async () => {
    const { db, errors } = await loadFolder(path.join(FIXTURES, 'sheet-settings'), ['observations']);
    try {
      expect(errors).toEqual([]);
      expect(await db.one(`SELECT sheet, rows_read, rows_loaded FROM meta.load_report`)).toEqual({ sheet: 'Данные', rows_read: 2, rows_loaded: 2 });
    } finally {
      db.close();
    }
  });
});
