/**
 * The readers on files made here, byte by byte: row numbers as Excel shows
 * them (header = 1) after blank lines, quoted line breaks and rejected
 * records; encodings and delimiters; XLSX cells as exceljs writes them
 * (merged two-row headers, dates, cached formula values, percents, numbers
 * stored as text, an ИНН that lost its leading zero).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Db, lit } from '../../pipelines/lib/duck.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { readFile, detectEncoding, cellText, type ReadResult } from '../../pipelines/ingest/read.ts';
import { UserError } from '../../pipelines/lib/errors.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await Db.open();
  await installMacros(db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-read-'));
});
afterAll(() => db.close());

let n = 0;
function file(content: string | Buffer, ext = 'csv'): string {
  const f = path.join(dir, `f${++n}.${ext}`);
  fs.writeFileSync(f, content);
  return f;
}
const read = (f: string, opts: { sheet?: string; headerScore?: (h: (string | null)[]) => number } = {}): Promise<ReadResult> =>
  readFile(db, f, path.basename(f), { tmpDir: dir, ...opts });
const rows = async (r: ReadResult): Promise<Record<string, unknown>[]> => db.all(`SELECT * FROM ${r.table} ORDER BY _row`);

describe('CSV: one bad byte spoils a row, not the file', () => {
  const body = (n: number): string => Array.from({ length: n }, (_, i) => `${2000 + i};Школа № ${i};образование`).join('\n');
  it('a Windows-1251 word pasted in row 12 of a UTF-8 file: the file stays UTF-8, row 12 is rejected (encoding), the rest is read', async () => {
    const text = 'Год;Наименование;Сфера\n' + body(20) + '\n';
    const lines = text.split('\n');
    const bytes = Buffer.concat(lines.map((l, i) => (i === 11 ? Buffer.concat([Buffer.from('2010;'), iconv.encode('Гимназия', 'win1251'), Buffer.from(';образование\n')]) : Buffer.from(l + (i < lines.length - 1 ? '\n' : '')))));
    const r = await read(file(bytes));
    expect(r.encoding).toBe('utf-8');
    expect(r.headers).toEqual(['Год', 'Наименование', 'Сфера']);
    expect(r.rejected.map((x) => [x.row, x.rule])).toEqual([[12, 'encoding']]);
    expect(r.rejected[0]!.raw).toContain('2010;');
    const got = await rows(r);
    expect(got).toHaveLength(19);
    expect(got.find((x) => x._row === 13)!.c1).toBe('Школа № 11');
  });

  it('NUL bytes: in a header cell they are dropped (no SQL error); a data row with one is rejected (encoding)', async () => {
    const r = await read(file(Buffer.from('Год;Наимено\0\0вание;Сфера\n2023;Школа;образование\n2024;Лице\0й;культура\n2025;Сад;спорт\n')));
    expect(r.headers).toEqual(['Год', 'Наименование', 'Сфера']);
    expect(r.rejected.map((x) => [x.row, x.rule])).toEqual([[3, 'encoding']]);
    expect(r.rejected[0]!.raw).toBe('2024;Лице␀й;культура');
    expect((await rows(r)).map((x) => [x._row, x.c1])).toEqual([
      [2, 'Школа'],
      [4, 'Сад'],
    ]);
    // text with a NUL reaches SQL only through lit(), which spells it as chr(0)
    expect(await db.value<number>(`SELECT length(${lit('a\0b')})`)).toBe(3);
  });

  it('a carriage return alone outside quotes spoils its row (csv_structure); a file whose lines end in CR alone is read line by line', async () => {
    const r = await read(file('a;b\r\n1;x\ry\r\n2;z\r\n'));
    expect(r.rejected.map((x) => [x.row, x.rule])).toEqual([[2, 'csv_structure']]);
    expect((await rows(r)).map((x) => [x._row, x.c1])).toEqual([[3, 'z']]);
    const cr = await read(file('a;b\r1;x\r2;y\r'));
    expect(cr.rejected).toEqual([]);
    expect((await rows(cr)).map((x) => [x._row, x.c1])).toEqual([
      [2, 'x'],
      [3, 'y'],
    ]);
  });
});

describe('CSV: row numbers are the rows a spreadsheet shows', () => {
  it('counts blank lines and keeps a quoted line break inside its row', async () => {
    const r = await read(file('Год;ИНН;Сфера\n\n2023;"77070\n83893";образование\n2024;1;культура\n\n\n2025;2;"спорт ""А"""\n'));
    const got = await rows(r);
    expect(got.map((x) => x._row)).toEqual([3, 4, 7]);
    expect(got[0]!.c1).toBe('77070\n83893');
    expect(got[2]!.c2).toBe('спорт "А"');
    expect(r.dataRows).toBe(3);
    expect(r.blankRows).toBe(3);
    expect(r.headerRow).toBe(1);
  });

  it('a record longer than DuckDB reads by default (2 MB): read whole, rows after it numbered right', async () => {
    const long = 'Описание практики. '.repeat(90_000); // ≈3,2 MB
    const r = await read(file(`Год;Описание\n2023;короткое\n2024;"${long}\nвторой абзац"\n2025;ещё\n`));
    const got = await rows(r);
    expect(got.map((x) => x._row)).toEqual([2, 3, 4]);
    expect(got[1]!.c1).toBe(`${long}\nвторой абзац`);
    expect(got[2]!.c1).toBe('ещё');
  });

  it('rejects a record with more filled fields than the header, and numbers the rows after it right', async () => {
    const r = await read(file('a,b,c\r\n1,2,3\r\n4,5,6,7\r\n8,9,10,\r\n"x\r\ny",11,12\r\n13,14,15\r\n'));
    expect(r.rejected.map((x) => x.row)).toEqual([3]);
    expect(r.rejected[0]!.raw).toBe('4,5,6,7');
    expect(r.rejected[0]!.message).toMatch(/4 заполненных поля, а в заголовке 3 столбца/);
    // a trailing empty field (as Excel writes) is not an extra value
    expect((await rows(r)).map((x) => x._row)).toEqual([2, 4, 5, 6]);
  });

  it('rejects text after a closing quote and a quote never closed, naming the row where each starts', async () => {
    const r = await read(file('a;b;c\n1;"q"z;3\n4;Школа "Радуга";6\n7;8;9\n"10;11\n12;13;14\n'));
    expect(r.rejected.map((x) => [x.row, /кавычк/.test(x.message)])).toEqual([
      [2, true],
      [5, true],
    ]);
    expect(r.rejected[1]!.message).toMatch(/не закрыта/);
    // a quote inside an unquoted value is a plain character; a quote never closed spoils its row, not the rows after it
    expect((await rows(r)).map((x) => [x._row, x.c1])).toEqual([
      [3, 'Школа "Радуга"'],
      [4, '8'],
      [6, '13'],
    ]);
  });

  it('a header with a quoted line break: the columns are the header record’s, not its first line’s', async () => {
    // the first physical line has two fields; the header record has three
    const r = await read(file('Год;"ИНН\nорганизации";Сфера\n2023;7707083893;образование\n2024;1;"культура"\n'));
    expect(r.headers).toEqual(['Год', 'ИНН\nорганизации', 'Сфера']);
    expect((await rows(r)).map((x) => [x._row, x.c0, x.c1, x.c2])).toEqual([
      [2, '2023', '7707083893', 'образование'],
      [3, '2024', '1', 'культура'],
    ]);
  });

  it('skips a BOM and blank lines before the header; header found on its own row', async () => {
    const r = await read(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n\r\nГод;ИНН\r\n2023;7707083893\r\n;\r\n2024;7707083893\r\n')])));
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.headers).toEqual(['Год', 'ИНН']);
    expect(r.headerRow).toBe(3);
    expect((await rows(r)).map((x) => x._row)).toEqual([4, 6]);
    expect(r.blankRows).toBe(1);
  });

  it('reads Windows-1251 with «;» and UTF-16 with tabs', async () => {
    const cp = await read(file(iconv.encode('Субъект РФ;Итоговый балл\r\nРесп. Татарстан;87,5\r\n', 'win1251')));
    expect(cp.encoding).toBe('windows-1251');
    expect(cp.delimiter).toBe(';');
    expect(cp.headers).toEqual(['Субъект РФ', 'Итоговый балл']);
    expect((await rows(cp))[0]).toMatchObject({ _row: 2, c0: 'Респ. Татарстан', c1: '87,5' });
    const u16 = await read(file(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Год\tСфера\r\n2023\tкультура\r\n', 'utf-16le')])));
    expect(u16.encoding).toBe('utf-16le');
    expect(u16.delimiter).toBe('\t');
    expect((await rows(u16))[0]).toMatchObject({ _row: 2, c0: '2023', c1: 'культура' });
  });

  it('detects «,» when the header has commas outside quotes and «;» inside them', async () => {
    const r = await read(file('"Субъект; РФ",Год,Сфера\n"Москва",2023,"а, б"\n'));
    expect(r.delimiter).toBe(',');
    expect(r.headers).toEqual(['Субъект; РФ', 'Год', 'Сфера']);
    expect((await rows(r))[0]!.c2).toBe('а, б');
  });

  it('tells UTF-8 from Windows-1251 by validity, not by guesswork', () => {
    expect(detectEncoding(file('Год;ИНН\n'))).toBe('utf-8');
    expect(detectEncoding(file(iconv.encode('Год;ИНН\n', 'win1251')))).toBe('windows-1251');
    expect(detectEncoding(file('Year;INN\n'))).toBe('utf-8');
  });

  it('an empty file, a file of blank lines and an .xls are file-level errors with the file named', async () => {
    for (const [content, ext, re] of [
      ['', 'csv', /пуст/],
      ['\n \n\r\n', 'csv', /пуст/],
      ['x', 'xls', /\.xls/],
      ['x', 'ods', /Неизвестный формат/],
    ] as const) {
      const f = file(content, ext);
      const e = await read(f).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toMatch(re);
      expect((e as UserError).details.file).toBe(path.basename(f));
    }
  });
});

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const f = path.join(dir, `w${++n}.xlsx`);
  await wb.xlsx.writeFile(f);
  return f;
}

describe('XLSX', () => {
  it('maps a merged group title over a row of years to per-year headers, below a title row', async () => {
    const f = await workbook((wb) => {
      const ws = wb.addWorksheet('Опрос');
      ws.getCell('A1').value = 'Мониторинг НОК';
      ws.getCell('A3').value = 'Субъект Российской Федерации';
      ws.mergeCells('A3:A4');
      ws.getCell('B3').value = 'НМЦК на оплату работ оператора, руб.';
      ws.mergeCells('B3:D3');
      ws.getCell('B4').value = 2021;
      ws.getCell('C4').value = '2022';
      ws.getCell('D4').value = '2023 г.';
      ws.getCell('A5').value = 'Москва';
      ws.getCell('B5').value = 1000;
      ws.getCell('A6').value = 'Татарстан';
      ws.getCell('D6').value = '1 391 000,50';
    });
    const score = (h: (string | null)[]): number => h.filter((x) => x && /Субъект|НМЦК/.test(x)).length;
    const r = await read(f, { headerScore: score });
    expect(r.headers).toEqual([
      'Субъект Российской Федерации',
      'НМЦК на оплату работ оператора, руб. (2021)',
      'НМЦК на оплату работ оператора, руб. (2022)',
      'НМЦК на оплату работ оператора, руб. (2023)',
    ]);
    expect(r.headerRow).toBe(3);
    expect((await rows(r)).map((x) => [x._row, x.c0, x.c1, x.c3])).toEqual([
      [5, 'Москва', '1000', null],
      [6, 'Татарстан', null, '1 391 000,50'],
    ]);
  });

  it('a row of years alone under unmerged titles is the second header row too; «: » joins other sub-titles', async () => {
    const f = await workbook((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.addRow(['Субъект РФ', 'Цена контракта с оператором, руб.', 'Цена контракта с оператором, руб.', 'Информация на стендах']);
      ws.addRow([null, 2022, 2023, null]);
      ws.addRow(['Москва', 1, 2, 3]);
    });
    const r = await read(f);
    expect(r.headers).toEqual(['Субъект РФ', 'Цена контракта с оператором, руб. (2022)', 'Цена контракта с оператором, руб. (2023)', 'Информация на стендах']);
    expect((await rows(r))[0]!._row).toBe(3);
    const g = await workbook((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.getCell('A1').value = 'Год';
      ws.mergeCells('A1:A2');
      ws.getCell('B1').value = 'Информация на стендах';
      ws.mergeCells('B1:C1');
      ws.getCell('B2').value = 'размещено';
      ws.getCell('C2').value = 'требуется';
      ws.addRow([2023, 40, 45]);
    });
    expect((await read(g)).headers).toEqual(['Год', 'Информация на стендах: размещено', 'Информация на стендах: требуется']);
  });

  it('reads dates, cached formula results, percents, numbers stored as text and numeric ИНН as text a person would type', async () => {
    const f = await workbook((wb) => {
      const ws = wb.addWorksheet('Данные');
      ws.addRow(['Отметка времени', 'Формула', 'Доля', 'Текст-число', 'ИНН', 'Дата формулой', 'Ошибка', 'Логическое']);
      const r = ws.addRow([
        new Date(Date.UTC(2023, 4, 17, 10, 30, 5)),
        { formula: 'B1*2', result: 3325000 },
        0.473,
        '1 391 000,50',
        278012345,
        { formula: 'DATE(2024,1,2)', result: new Date(Date.UTC(2024, 0, 2)) },
        { formula: '1/0', result: { error: '#DIV/0!' } },
        true,
      ]);
      r.getCell(1).numFmt = 'dd.mm.yyyy hh:mm:ss';
      r.getCell(3).numFmt = '0.0%';
      r.getCell(6).numFmt = 'dd.mm.yyyy';
    });
    const r = await read(f);
    const [row] = await rows(r);
    expect(row).toMatchObject({ _row: 2, c0: '17.05.2023 10:30:05', c1: '3325000', c2: '47.3', c3: '1 391 000,50', c4: '278012345', c5: '02.01.2024', c6: '#DIV/0!', c7: 'Да' });
    // and the SQL parsers take them from there
    const parsed = await db.one(`SELECT nok_date(c0) AS d, nok_num(c2) AS p, nok_num(c3) AS x, nok_inn(c4) AS inn, nok_num(c6) AS e FROM ${r.table}`);
    expect(parsed).toMatchObject({ p: 47.3, x: 1391000.5, inn: '0278012345', e: null });
    expect((parsed!.d as Date).toISOString()).toBe('2023-05-17T10:30:05.000Z');
  });

  it('keeps Excel row numbers across blank rows; a value merged down a column fills each row; cells right of the table are a warning', async () => {
    const f = await workbook((wb) => {
      const ws = wb.addWorksheet('Лист1');
      ws.addRow(['Субъект РФ', 'Орган']);
      ws.addRow(['Москва', 'ДТСЗН']);
      ws.addRow(['', 'Минздрав']);
      ws.mergeCells('A2:A3');
      ws.addRow([]);
      ws.addRow([]);
      ws.addRow(['Татарстан', 'Минтруд', null, 'примечание']);
      ws.addRow([]);
      // formatted but empty cells far to the right (a sheet formatted «to the end») are not data
      ws.getCell(2, 500).numFmt = '0.00';
      ws.getCell(7, 16000).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
    });
    const r = await read(f);
    expect((await rows(r)).map((x) => [x._row, x.c0, x.c1])).toEqual([
      [2, 'Москва', 'ДТСЗН'],
      [3, 'Москва', 'Минздрав'],
      [6, 'Татарстан', 'Минтруд'],
    ]);
    expect(r.blankRows).toBe(2);
    expect(r.headers).toEqual(['Субъект РФ', 'Орган']);
    expect(r.warnings).toEqual([{ row: 6, raw: 'D6: примечание', message: expect.stringMatching(/правее таблицы/) }]);
  });

  it('reads the sheet asked for; a missing sheet names the sheets found; the first visible sheet by default', async () => {
    const f = await workbook((wb) => {
      const hidden = wb.addWorksheet('Служебный');
      hidden.state = 'hidden';
      hidden.addRow(['x', 'y']);
      wb.addWorksheet('Инструкция').addRow(['Заполните лист «Данные»']);
      const d = wb.addWorksheet('Данные');
      d.addRow(['Год', 'ИНН']);
      d.addRow([2023, '7707083893']);
    });
    expect((await read(f)).sheet).toBe('Инструкция');
    const r = await read(f, { sheet: 'данные' });
    expect(r.sheet).toBe('Данные');
    expect(r.dataRows).toBe(1);
    const e = (await read(f, { sheet: 'Лист5' }).catch((x: unknown) => x)) as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/нет листа «Лист5»/);
    expect(e.details.expected).toMatch(/«Служебный» \(скрытый\), «Инструкция», «Данные»/);
    const scored = await read(f, { headerScore: (h) => h.filter((x) => x === 'Год' || x === 'ИНН').length });
    expect(scored.sheetScores).toEqual([
      { sheet: 'Служебный', score: 0 },
      { sheet: 'Данные', score: 2 },
    ]);
  });

  it('a truncated workbook is a file-level error, not a crash', async () => {
    const f = await workbook((wb) => {
      const ws = wb.addWorksheet('Лист1');
      for (let i = 0; i < 300; i++) ws.addRow([i, `строка ${i}`]);
    });
    const buf = fs.readFileSync(f);
    const cut = file(buf.subarray(0, Math.floor(buf.length * 0.6)), 'xlsx');
    const e = (await read(cut).catch((x: unknown) => x)) as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/повреждён/);
    expect(e.message).not.toMatch(/https?:/);
  });

  it('cellText: rich text and hyperlinks are their text; an empty value is null', () => {
    expect(cellText({ richText: [{ text: 'Рес' }, { text: 'публика' }] } as ExcelJS.CellValue)).toBe('Республика');
    expect(cellText({ text: 'сайт', hyperlink: 'http://127.0.0.1' } as ExcelJS.CellValue)).toBe('сайт');
    expect(cellText(null)).toBeNull();
    expect(cellText(0.25, '0%')).toBe('25');
  });
});

describe('CSV: encoding decided late', () => {
  it('a file whose first megabytes are plain ASCII and whose Cyrillic comes later in Windows-1251 is still read', async () => {
    const head = 'Год;Сфера\r\n' + '2023;x\r\n'.repeat(600_000);
    const f = file(Buffer.concat([Buffer.from(head), iconv.encode('2024;культура\r\n', 'win1251')]));
    const r = await read(f);
    expect(r.encoding).toBe('windows-1251');
    expect(r.dataRows).toBe(600_001);
    expect(await db.value(`SELECT c1 FROM ${r.table} WHERE _row = 600002`)).toBe('культура');
  }, 60_000);
});
