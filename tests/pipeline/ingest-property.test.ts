/**
 * Property: whatever happens to the cells of a good file — garbage, quotes,
 * delimiters, line breaks, numbers out of range, blank cells, blank lines,
 * Excel error values — the loader never throws, and for every file
 * rows read = rows loaded + rows quarantined; the rows it reads are exactly
 * the non-blank data rows the file has; nothing is loaded twice.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Db } from '../../pipelines/lib/duck.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';
import { loadSource } from '../../pipelines/ingest/load.ts';
import { loadRegistry } from '../../pipelines/ingest/registry.ts';
import type { Source } from '../../pipelines/ingest/spec.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { stubRegions, tempDir } from './helpers.ts';
import { NOK_HEADERS, inn10 } from '../fixtures/layouts.ts';

const GOOD: string[][] = [
  ['2023', 'г. Москва', 'социальное обслуживание', inn10('77', 1), 'ГБУ ЦСО', '98,5', '96', '88,2', '99,1', '97,3', '95,82', '312'],
  ['2023', 'Татарстан', 'образование', inn10('16', 2), 'Школа', '91', '89,5', '77', '95', '93,5', '89,2', '150'],
  ['2022', 'Кузбасс', 'культура', inn10('42', 3), 'ДК', '85', '90', '70,5', '92', '88', '85,1', 'нет данных'],
  ['2023', 'ХМАО – Югра', 'охрана здоровья', inn10('86', 4), 'Больница', '88', '86', '80', '94', '90', '87,6', '1 204'],
  ['2023', 'Респ. Адыгея', 'физическая культура и спорт', inn10('01', 5), 'Спортшкола', '80', '85', '75', '90', '86', '83,2', '-'],
  ['2021', 'Москва', 'культура', inn10('77', 6), 'Музей', '70', '71', '72', '73', '74', '72', '20'],
];

/** What may end up in a cell. */
const cellValue = fc.oneof(
  fc.constantFrom('', '-', '—', 'нет данных', 'Алтай', 'Нарния', '105', '-1', '1,5,5', '1 391 000,50', '47,3 %', '#DIV/0!', 'Да', '0', '9'.repeat(30), 'NaN'),
  fc.constantFrom('"', '""', '"abc', 'a"b', ';', ',', 'a;b', 'a,b', '\n', 'a\nb', '"a\nb"', '\r\n', ' ', '\t', '\u00a0'),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 100000 }).map(String),
  fc.double({ noNaN: false }).map((d) => String(d).replace('.', ',')),
);

/** A corruption: the cell at (row, column) of the good table becomes `value`. */
const corruption = fc.record({ row: fc.nat({ max: GOOD.length - 1 }), col: fc.nat({ max: NOK_HEADERS.length - 1 }), value: cellValue });

let src: Source;
let db: Db;
let scratch: string;
beforeAll(async () => {
  src = (await loadRegistry()).find((r) => r.source.name === 'nok_results')!.source;
  db = await Db.open();
  await installMacros(db);
  scratch = tempDir('nok-prop-');
});
afterAll(() => {
  db.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const quoteCsv = (v: string, delim: string): string => (/["\n\r]/.test(v) || v.includes(delim) ? `"${v.replaceAll('"', '""')}"` : v);

/** Write the table as CSV; `raw` cells are written as they are (no quoting) to break the structure too. */
function writeCsv(file: string, rows: string[][], delim: string, raw: Set<string>, encoding: 'utf8' | 'win1251' | 'bom', blankAfter: Set<number>): void {
  const lines = [NOK_HEADERS.join(delim)];
  rows.forEach((r, i) => {
    lines.push(r.map((v, j) => (raw.has(`${i}:${j}`) ? v : quoteCsv(v, delim))).join(delim));
    if (blankAfter.has(i)) lines.push('');
  });
  const text = lines.join('\r\n') + '\r\n';
  const buf = encoding === 'win1251' ? iconv.encode(text, 'win1251') : encoding === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text);
  fs.writeFileSync(file, buf);
}

async function loadOne(dir: string, insertSlice?: number): Promise<{ read: number; loaded: number; quarantined: number; raw: number; distinctRows: number; errors: UserError[] }> {
  await db.run(`DROP SCHEMA IF EXISTS raw CASCADE; DROP SCHEMA IF EXISTS meta CASCADE; DROP SCHEMA IF EXISTS ref CASCADE`);
  await createMeta(db);
  const { errors } = await loadSource({ db, regions: stubRegions, tmpDir: path.join(scratch, 'tmp'), baseDir: dir, insertSlice }, src, dir);
  if (errors.length) return { read: 0, loaded: 0, quarantined: 0, raw: 0, distinctRows: 0, errors };
  const rep = (await db.one<{ read: number; loaded: number; quarantined: number }>(
    `SELECT sum(rows_read)::INTEGER AS read, sum(rows_loaded)::INTEGER AS loaded, sum(rows_quarantined)::INTEGER AS quarantined FROM meta.load_report`,
  ))!;
  const raw = await db.value<number>(`SELECT count(*)::INTEGER FROM raw.nok_results`);
  const distinctRows = await db.value<number>(`SELECT count(DISTINCT _row)::INTEGER FROM raw.nok_results`);
  return { ...rep, raw, distinctRows, errors };
}

describe('corrupting random cells of a good file never loses or duplicates a row', () => {
  it('CSV: any encoding and delimiter, cells written raw or quoted, blank lines anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(corruption, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(';', ','),
        fc.constantFrom('utf8', 'win1251', 'bom') as fc.Arbitrary<'utf8' | 'win1251' | 'bom'>,
        fc.boolean(),
        fc.uniqueArray(fc.nat({ max: GOOD.length - 1 }), { maxLength: 3 }),
        async (cuts, delim, encoding, unquoted, blanks) => {
          const rows = GOOD.map((r) => [...r]);
          const raw = new Set<string>();
          for (const c of cuts) {
            rows[c.row]![c.col] = c.value;
            if (unquoted) raw.add(`${c.row}:${c.col}`);
          }
          const dir = fs.mkdtempSync(path.join(scratch, 'csv-'));
          writeCsv(path.join(dir, 'nok.csv'), rows, delim, raw, encoding, new Set(blanks));
          let r;
          try {
            r = await loadOne(dir);
          } catch (e) {
            throw new Error(`loader threw on ${JSON.stringify({ cuts, delim, encoding, unquoted })}: ${(e as Error).stack}`);
          }
          // a file-level failure is allowed (e.g. a header broken by nothing here) but must be a UserError
          for (const e of r.errors) expect(e).toBeInstanceOf(UserError);
          if (r.errors.length) return;
          expect(r.read).toBe(r.loaded + r.quarantined);
          expect(r.raw).toBe(r.loaded);
          expect(r.distinctRows).toBe(r.raw);
          // quoted cells keep the structure: exactly the six data rows are read
          if (!unquoted) {
            const blankRows = rows.filter((x) => x.every((v) => v.trim() === '' || v === '\u00a0')).length;
            expect(r.read).toBe(GOOD.length - blankRows);
          }
        },
      ),
      { numRuns: 60, seed: 20231117 },
    );
  });

  it('XLSX: any cell value, including numbers, dates and blank rows', async () => {
    const xlsxValue = fc.oneof(
      cellValue.map((v) => v as ExcelJS.CellValue),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v as ExcelJS.CellValue),
      fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)), noInvalidDate: true }).map((d) => d as ExcelJS.CellValue),
      fc.constant(null as ExcelJS.CellValue),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ row: fc.nat({ max: GOOD.length - 1 }), col: fc.nat({ max: NOK_HEADERS.length - 1 }), value: xlsxValue }), { minLength: 1, maxLength: 8 }), fc.uniqueArray(fc.nat({ max: GOOD.length }), { maxLength: 2 }), async (cuts, blanks) => {
        const rows: ExcelJS.CellValue[][] = GOOD.map((r) => [...r]);
        for (const c of cuts) rows[c.row]![c.col] = c.value;
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('Лист1');
        ws.addRow(NOK_HEADERS);
        rows.forEach((r, i) => {
          if (blanks.includes(i)) ws.addRow([]);
          ws.addRow(r);
        });
        const dir = fs.mkdtempSync(path.join(scratch, 'xlsx-'));
        await wb.xlsx.writeFile(path.join(dir, 'nok.xlsx'));
        const r = await loadOne(dir);
        for (const e of r.errors) expect(e).toBeInstanceOf(UserError);
        if (r.errors.length) return;
        expect(r.read).toBe(r.loaded + r.quarantined);
        expect(r.raw).toBe(r.loaded);
        const empty = rows.filter((x) => x.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))).length;
        expect(r.read).toBe(GOOD.length - empty);
      }),
      { numRuns: 40, seed: 20231118 },
    );
  });

  it('rows go into raw in slices (as a national file does) and make the same table, row for row, in file order', async () => {
    const snapshot = async (): Promise<string> =>
      JSON.stringify([await db.all(`SELECT * FROM raw.nok_results ORDER BY rowid`), await db.all(`SELECT * FROM meta.quarantine ORDER BY ALL`)]);
    // a row in quarantine (a score over 100) and blank lines: the row numbers have gaps a slice must not trip on
    const rows = GOOD.map((r) => [...r]);
    rows[2]![5] = '105';
    const dir = fs.mkdtempSync(path.join(scratch, 'slice-'));
    writeCsv(path.join(dir, 'nok.csv'), rows, ';', new Set(), 'utf8', new Set([0, 3]));
    const whole = await loadOne(dir);
    expect(whole.quarantined).toBe(1);
    const a = await snapshot();
    for (const slice of [1, 2, 4]) {
      expect(await loadOne(dir, slice), `slices of ${slice}`).toEqual(whole);
      expect(await snapshot(), `slices of ${slice}`).toBe(a);
    }
  });
});

