/**
 * The streaming XLSX reader (pipelines/ingest/xlsx-stream.ts) against the exceljs reader it
 * replaces (readXlsxInMemory): on workbooks written by exceljs and on hand-made XML (inline
 * strings, `t="str"`, errors, cells without a reference, styled empty cells, date1904…) both
 * must give the same ReadResult and the same table, row by row. NOK_XLSX_READER=stream makes a
 * file the streaming reader would hand back to exceljs an error here instead.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { Db } from '../../pipelines/lib/duck.ts';
import { readFile, readXlsxInMemory, type ReadResult } from '../../pipelines/ingest/read.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { XlsxFallback } from '../../pipelines/ingest/xlsx-stream.ts';

let db: Db;
let dir: string;
beforeAll(async () => {
  db = await Db.open();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-xlsx-stream-'));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Score = (h: (string | null)[]) => number;
let n = 0;

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const f = path.join(dir, `w${++n}.xlsx`);
  await wb.xlsx.writeFile(f);
  return f;
}

// ── a minimal ZIP writer for hand-made parts ──
const CRC = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const comp = zlib.deflateRawSync(data);
    const nm = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc32(data), 14);
    h.writeUInt32LE(comp.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(nm.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc32(data), 16);
    c.writeUInt32LE(comp.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(nm.length, 28);
    c.writeUInt32LE(offset, 42);
    locals.push(h, nm, comp);
    central.push(c, nm);
    offset += 30 + nm.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(Object.keys(files).length, 8);
  e.writeUInt16LE(Object.keys(files).length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, e]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
/** A workbook of hand-written sheet XML (sheetData and what follows it). */
function handmade(sheets: { name: string; body: string; state?: string }[], o: { sst?: string; styles?: string; date1904?: boolean } = {}): string {
  const files: Record<string, string> = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS}>${o.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet ${NS}>${s.body}</worksheet>`));
  if (o.sst !== undefined) files['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>${o.sst}</sst>`;
  if (o.styles !== undefined) files['xl/styles.xml'] = `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${NS}>${o.styles}</styleSheet>`;
  const f = path.join(dir, `h${++n}.xlsx`);
  fs.writeFileSync(f, zip(files));
  return f;
}

async function tableRows(r: ReadResult): Promise<unknown[]> {
  const got = await db.all(`SELECT * FROM ${r.table} ORDER BY _row`);
  await db.run(`DROP TABLE ${r.table}`);
  return got.map((x) => Object.values(x));
}

/** Both readers on one file: the same result (but the table's name) and the same rows. */
async function same(f: string, opts: { sheet?: string; headerScore?: Score } = {}): Promise<{ result: Omit<ReadResult, 'table'>; rows: unknown[] }> {
  const old = await readXlsxInMemory(db, f, path.basename(f), opts.sheet, opts.headerScore).catch((e: unknown) => e);
  process.env.NOK_XLSX_READER = 'stream';
  const neu = await readFile(db, f, path.basename(f), { tmpDir: dir, ...opts })
    .catch((e: unknown) => e)
    .finally(() => delete process.env.NOK_XLSX_READER);
  if (old instanceof Error || neu instanceof Error) {
    expect(neu).toBeInstanceOf(UserError);
    expect(old).toBeInstanceOf(UserError);
    expect({ ...(neu as UserError), message: (neu as UserError).message }).toEqual({ ...(old as UserError), message: (old as UserError).message });
    throw neu;
  }
  const { table: t1, ...a } = old as ReadResult;
  const { table: t2, ...b } = neu as ReadResult;
  expect(b).toEqual(a);
  const ra = await tableRows({ ...a, table: t1 } as ReadResult);
  const rb = await tableRows({ ...b, table: t2 } as ReadResult);
  expect(rb).toEqual(ra);
  return { result: a, rows: ra };
}

const STYLES = `<numFmts count="3"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="&quot;руб.&quot;\\ #,##0"/></numFmts>
<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="9"/><xf numFmtId="22"/></cellXfs>`;

describe('streaming XLSX reader = exceljs reader', () => {
  it('exceljs workbook: shared strings, numbers, dates in several formats, percents, booleans, formulas, rich text, hyperlinks, merges, blanks, several sheets', async () => {
    const f = await workbook((wb) => {
      const info = wb.addWorksheet('Инструкция');
      info.getCell('A1').value = 'Заполните лист «Данные»';
      info.mergeCells('A1:D2');
      info.getCell('A4').value = { richText: [{ text: 'Субъект', font: { bold: true } }, { text: ' РФ' }] };
      const ws = wb.addWorksheet('Данные');
      ws.getCell('A1').value = 'Мониторинг & «НОК» <2023>';
      ws.getCell('A3').value = 'Субъект';
      ws.mergeCells('A3:A4');
      ws.getCell('B3').value = 'НМЦК, руб.';
      ws.mergeCells('B3:D3');
      ws.getCell('B4').value = 2021;
      ws.getCell('C4').value = '2022';
      ws.getCell('D4').value = '2023 г.';
      ws.getCell('E3').value = 'Дата';
      ws.getCell('F3').value = 'Доля';
      ws.getCell('G3').value = 'Есть';
      ws.getCell('H3').value = 'Итого';
      ws.getCell('I3').value = 'Сайт';
      const fmts = ['dd.mm.yyyy', 'yyyy-mm-dd hh:mm:ss', 'mm-dd-yy', '[$-419]d mmmm yyyy;@', 'h:mm', 'd/m/yy "г."', '#,##0.00'];
      for (let i = 0; i < 40; i++) {
        const r = 5 + i + (i > 20 ? 3 : 0); // three blank rows in the middle
        ws.getCell(`A${r}`).value = i % 7 === 3 ? { richText: [{ text: 'Рес' }, { text: `публика ${i}` }] } : `Регион ${i % 9}`;
        ws.getCell(`B${r}`).value = i % 5 === 0 ? null : i * 1000.5 - 7;
        ws.getCell(`C${r}`).value = i % 3 === 0 ? `${i},5` : -i / 3;
        ws.getCell(`D${r}`).value = i % 4 === 0 ? 1e-7 * i : 12345678901234 + i;
        const d = ws.getCell(`E${r}`);
        d.value = new Date(Date.UTC(2020, i % 12, 1 + i, i % 3 === 0 ? 0 : 13, i % 3 === 0 ? 0 : 45, 0));
        d.numFmt = fmts[i % fmts.length]!;
        const p = ws.getCell(`F${r}`);
        p.value = (i * 7) / 100 + 0.0001;
        p.numFmt = i % 2 ? '0.0%' : '0%';
        ws.getCell(`G${r}`).value = i % 2 === 0;
        ws.getCell(`H${r}`).value =
          i % 6 === 0 ? { formula: `B${r}+1`, result: i * 1000.5 - 6 } : i % 6 === 1 ? { formula: `A${r}&"!"`, result: `Регион ${i % 9}!` } : i % 6 === 2 ? { formula: 'NA()', result: { error: '#N/A' } } : i % 6 === 3 ? { formula: 'TRUE()', result: true } : i % 6 === 4 ? { formula: 'TODAY()', result: new Date(Date.UTC(2023, 4, 6)) } : { formula: `B${r}*2` };
        if (i % 6 === 4) ws.getCell(`H${r}`).numFmt = 'dd.mm.yyyy';
        if (i % 8 === 0) ws.getCell(`I${r}`).value = { text: 'сайт', hyperlink: 'http://127.0.0.1/' };
        if (i === 11) ws.getCell(`K${r}`).value = 'примечание справа';
        if (i === 12) ws.getCell(`C${r}`).value = '   ';
      }
      ws.mergeCells('A30:A32'); // a value merged down a column fills each row
      ws.getCell('J50').style = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } } };
      const hidden = wb.addWorksheet('Скрытый', { state: 'hidden' });
      hidden.getCell('A1').value = 'Субъект';
      hidden.getCell('B1').value = 'НМЦК, руб. (2021)';
    });
    const score: Score = (h) => h.filter((x) => x && /Субъект|НМЦК|Дата/.test(x)).length;
    const { result, rows } = await same(f, { sheet: 'Данные', headerScore: score });
    expect(result.headers.slice(0, 4)).toEqual(['Субъект', 'НМЦК, руб. (2021)', 'НМЦК, руб. (2022)', 'НМЦК, руб. (2023)']);
    expect(result.headerRow).toBe(3);
    expect(result.sheetScores).toEqual([
      { sheet: 'Инструкция', score: 1 },
      { sheet: 'Скрытый', score: 2 },
    ]);
    expect(result.warnings).toHaveLength(1);
    expect(result.blankRows).toBe(3);
    expect(rows.length).toBe(40);
    await same(f, { headerScore: score }); // the first visible sheet
    await same(f);
  });

  it('hand-made XML: inline strings, rich inline text, t="str", errors, booleans, shared strings with runs and escapes, entities, cells without r, styled empty cells, s="0"', async () => {
    const sst = [
      '<si><t>Субъект</t></si>',
      '<si><t xml:space="preserve"> Сумма &amp; доля </t></si>',
      '<si><r><rPr><b/></rPr><t>Ре</t></r><r><t>спублика_x000D_</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>',
      '<si><t>строка_x000A_вторая</t></si>',
      '<si><t/></si>',
      '<si/>',
      '<si><t>Год</t></si>',
    ].join('');
    const body = `<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>6</v></c><c r="D1" t="inlineStr"><is><t>Примечание</t></is></c></row>
<row r="2" spans="1:4"><c r="A2" t="s"><v>2</v></c><c r="B2" s="3"><v>0.4735</v></c><c r="C2" s="2"><v>45000</v></c><c t="inlineStr"><is><t>a &lt; b &#1046;&#x416; _x0041_</t></is></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><r><t>Бур</t></r><r><rPr><i/></rPr><t>ятия_x0041_</t></r></is></c><c r="B3" t="str"><f>B2*2</f><v>&amp;lt;текст&amp;gt;</v></c><c r="C3" s="1"><f>TODAY()</f><v>45123.5</v></c><c r="D3" t="e"><v>#DIV/0!</v></c></row>
<row r="4"><c r="A4" t="s"><v>3</v></c><c r="B4" t="b"><v>1</v></c><c r="C4" t="b"><v>0</v></c><c r="D4" s="5"><v>0.25</v></c><c r="E4" s="4"/><c r="F4" s="0"/><c r="G4"/></row>
<row r="6"><c r="A6" t="s"><v>4</v></c><c r="B6" t="s"><v>5</v></c><c r="C6" s="6"><v>0.75</v></c><c r="D6"><v> 12.50 </v></c></row>
<row r="7"><c r="A7" t="str"><v>x&#13;y\r\nz</v></c><c r="B7"><f t="shared" ref="B7:B8" si="0">A7</f><v>3</v></c><c r="C7" t="b"><f>TRUE()</f><v>1</v></c><c r="D7" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>
<row r="8"><c r="A8" s="2"><v>-1</v></c><c r="B8"><f t="shared" si="0"/><v>4</v></c><c r="C8" s="2" t="str"><f>"45000"</f><v>45000</v></c><c r="D8" s="9"><v>7</v></c></row>
<row r="9" s="3" customFormat="1"><c r="A9"><v>1E-3</v></c><c r="B9"><v>abc</v></c><c r="C9" t="d"><v>2023-01-05</v></c><c r="D9" t="n"><v>-0</v></c></row>
</sheetData><mergeCells count="1"><mergeCell ref="D8:D9"/></mergeCells>`;
    const f = handmade([{ name: 'Лист &amp;amp; 1', body }, { name: 'Второй', state: 'hidden', body: '<sheetData><row r="2"><c r="B2" t="s"><v>6</v></c></row></sheetData>' }], { sst, styles: STYLES });
    const { rows } = await same(f, { headerScore: (h) => h.filter(Boolean).length });
    expect(rows.length).toBeGreaterThan(5);
    // an empty shared string (<si/>, cell B6) is an empty cell in both readers, not exceljs's «[object Object]»
    expect(JSON.stringify(rows)).not.toContain('[object Object]');
    await same(f, { sheet: 'Второй' });
  });

  it('hand-made XML: date1904, a merge across the header and into rows missing from the XML, a row style, column styles, no styles.xml, no shared strings', async () => {
    const body = `<cols><col min="2" max="3" width="10" style="3" customWidth="1"/></cols><sheetData>
<row r="2"><c r="A2" t="inlineStr"><is><t>Субъект</t></is></c><c r="B2" t="inlineStr"><is><t>Показатель</t></is></c></row>
<row r="3"><c r="B3"><v>2021</v></c><c r="C3"><v>2022</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Москва</t></is></c><c r="B4" s="2"><v>40000</v></c><c r="C4"><v>0.5</v></c></row>
<row r="5" s="3"><c r="A5" s="3"><v>0.125</v></c></row>
</sheetData><mergeCells count="3"><mergeCell ref="B2:C2"/><mergeCell ref="A5:C8"/><mergeCell ref="E12"/></mergeCells>`;
    const f = handmade([{ name: 'Данные', body }], { styles: STYLES, date1904: true });
    const { result, rows } = await same(f);
    expect(result.headers).toEqual(['Субъект', 'Показатель (2021)', 'Показатель (2022)']);
    expect(rows.length).toBe(5);
    // no styles.xml, no sharedStrings.xml: a t="s" cell shows its index
    const g = handmade([{ name: 'Л', body: '<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" s="2"><v>40000</v></c></row><row r="2"><c r="A2"><v>1</v></c></row></sheetData>' }]);
    await same(g);
  });

  it('errors: a missing sheet, an empty sheet, no sheets; a truncated or non-ZIP file falls back to exceljs with the same message', async () => {
    const f = await workbook((wb) => {
      wb.addWorksheet('Пустой');
      wb.addWorksheet('Данные').getCell('A1').value = 'x';
    });
    await expect(same(f)).rejects.toThrow(/пуст/);
    await expect(same(f, { sheet: 'Лист5' })).rejects.toThrow(/нет листа «Лист5»/);
    await same(f, { sheet: 'данные' });
    const none = handmade([]);
    await expect(same(none)).rejects.toThrow(/ни одного листа/);
    const big = await workbook((wb) => {
      const ws = wb.addWorksheet('Л');
      for (let i = 0; i < 300; i++) ws.addRow([i, `строка ${i}`]);
    });
    const buf = fs.readFileSync(big);
    for (const [name, bytes] of [
      ['cut.xlsx', buf.subarray(0, Math.floor(buf.length * 0.6))],
      ['csv.xlsx', Buffer.from('Субъект;Практика\nМосква;x\n')],
      ['ole.xlsx', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4000)])],
    ] as const) {
      const g = path.join(dir, name);
      fs.writeFileSync(g, bytes);
      const old = (await readXlsxInMemory(db, g, name, undefined).catch((e: unknown) => e)) as UserError;
      const neu = (await readFile(db, g, name, { tmpDir: dir }).catch((e: unknown) => e)) as UserError;
      expect(neu).toBeInstanceOf(UserError);
      expect(neu.message).toBe(old.message);
      expect(neu.message).toMatch(/повреждён/);
    }
  });

  it('a workbook bigger than one chunk (30 000 rows, 12 columns) crosses chunk boundaries without a difference', async () => {
    const f = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('Анкеты');
    ws.addRow(['Год', 'ИНН', 'Сфера', 'Форма', ...Array.from({ length: 8 }, (_, i) => `Вопрос ${i + 1}`)]).commit();
    for (let i = 0; i < 30_000; i++) {
      const row = ws.addRow([2021 + (i % 3), String(7700000000 + i), 'социальное обслуживание', i % 4 ? 'на дому' : '', ...Array.from({ length: 8 }, (_, q) => ((i + q) % 5 === 0 ? null : ['Да', 'Нет', 'да', 1, 0][(i * 7 + q) % 5]))]);
      if (i % 1000 === 5) row.getCell(5).value = 'может быть «да» & <нет>';
      row.commit();
    }
    ws.commit();
    await wb.commit();
    const { result } = await same(f);
    expect(result.dataRows).toBe(30_000);
  }, 120_000);

  it('hand-made XML over many 64 KiB pieces: multi-byte text, entities, inline strings and rich runs cut at every offset', async () => {
    // rows of varying length, so that piece boundaries fall inside values, entities, tags and multi-byte characters
    const rows: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>Субъект</t></is></c><c r="B1" t="str"><v>Показатель</v></c><c r="C1" t="inlineStr"><is><t>Примечание</t></is></c><c r="D1" t="str"><v>Число</v></c></row>'];
    for (let i = 2; i <= 4000; i++) {
      const pad = 'ё'.repeat(i % 37);
      const a = i % 5 === 0 ? `<c r="A${i}" t="inlineStr"><is><r><t>Рес</t></r><r><rPr><b/></rPr><t>публика ${pad}</t></r></is></c>` : `<c r="A${i}" t="inlineStr"><is><t>Край &amp; «${pad}» &#1046;</t></is></c>`;
      const b = `<c r="B${i}" t="str"><v>&amp;lt;${i}&amp;gt; ${pad}€𝄞</v></c>`;
      const c = i % 3 ? `<c r="C${i}" t="inlineStr"><is><t xml:space="preserve"> a &lt; b ${'x'.repeat(i % 11)} </t></is></c>` : '';
      const d = `<c r="D${i}"><v>${i}.5</v></c>`;
      rows.push(`<row r="${i}" spans="1:4">${a}${b}${c}${d}</row>`);
    }
    const f = handmade([{ name: 'Данные', body: `<sheetData>${rows.join('')}</sheetData>` }]);
    expect(fs.statSync(f).size).toBeGreaterThan(0);
    const { result, rows: got } = await same(f);
    expect(result.dataRows).toBe(3999);
    expect(got.length).toBe(3999);
  }, 120_000);

  it('texts around DuckDB\'s 12-byte inline limit (ASCII, Cyrillic, astral, 12 characters of 13 bytes), empty cells, over several 2 048-row data chunks', async () => {
    // the sink writes texts of at most 12 UTF-8 bytes into the data chunk itself, longer ones through DuckDB
    const texts = ['a', 'abcdefghijk', 'abcdefghijkl', 'abcdefghijklm', 'Да', 'абвгд', 'абвгде', 'абвгдеж', '𝄞𝄞𝄞', '𝄞𝄞𝄞𝄞', 'ёabcdefghijk', 'ё'.repeat(12), '  x  ', 'социальное обслуживание', '€'];
    const rows: string[] = ['<row r="1"><c r="A1" t="str"><v>Номер</v></c><c r="B1" t="str"><v>Текст</v></c><c r="C1" t="str"><v>Ещё</v></c><c r="D1" t="str"><v>Число</v></c></row>'];
    for (let i = 2; i <= 5000; i++) {
      const b = i % 7 === 0 ? '' : `<c r="B${i}" t="str"><v>${texts[i % texts.length]}</v></c>`;
      const c = i % 3 === 0 ? `<c r="C${i}" t="inlineStr"><is><t>${texts[(i * 5) % texts.length]}</t></is></c>` : '';
      const d = i % 11 === 0 ? '' : `<c r="D${i}"><v>${i % 13 === 0 ? 123456789012345 : i / 4}</v></c>`;
      rows.push(`<row r="${i}"><c r="A${i}"><v>${i}</v></c>${b}${c}${d}</row>`);
    }
    const f = handmade([{ name: 'Данные', body: `<sheetData>${rows.join('')}</sheetData>` }]);
    const { result, rows: got } = await same(f);
    expect(result.dataRows).toBe(4999);
    expect(got[23]).toEqual([25, '25', 'ёabcdefghijk', null, '6.25']);
    expect(got[2046]).toEqual([2048, '2048', '𝄞𝄞𝄞', null, '512']);
    expect(got[2052]).toEqual([2054, '2054', '€', null, '123456789012345']);
  }, 120_000);

  /** Both readers refuse the file, with the same message. */
  const refusedAlike = async (f: string): Promise<void> => {
    const old = (await readXlsxInMemory(db, f, 'x.xlsx', undefined).catch((e: unknown) => e)) as UserError;
    const neu = (await readFile(db, f, 'x.xlsx', { tmpDir: dir }).catch((e: unknown) => e)) as UserError;
    expect(old).toBeInstanceOf(UserError);
    expect(neu).toBeInstanceOf(UserError);
    expect(neu.message).toBe(old.message);
  };

  it('U+FFFE or U+FFFF in a sheet: both readers refuse the file the same way', async () => {
    const f = handmade([{ name: 'Л', body: '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Субъект</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>a\uffffb</t></is></c></row></sheetData>' }]);
    await refusedAlike(f);
  });

  it('U+FFFE or U+FFFF cut by the end of a 64 KiB piece: refused as in one piece', async () => {
    // the sheet part: declaration, <worksheet …>, then the body; the character's bytes start 1 or 2 bytes before offset 65 536
    const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet ${NS}>`;
    const before = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Субъект</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>';
    for (const ch of ['\ufffe', '\uffff']) {
      for (const cut of [1, 2]) {
        const pad = 65_536 - cut - Buffer.byteLength(head + before);
        await refusedAlike(handmade([{ name: 'Л', body: `${before}${'a'.repeat(pad)}${ch}b</t></is></c></row></sheetData>` }]));
      }
    }
  });

  it('markup in a sheet (a comment, CDATA, a processing instruction) makes the streaming reader give way; «!» and «?» in text do not', async () => {
    const ok = handmade([{ name: 'Л', body: '<sheetData><row r="1"><c r="A1" t="str"><v>Вопрос?</v></c><c r="B1" t="inlineStr"><is><t>Ответ!</t></is></c></row><row r="2"><c r="A2" t="str"><v>!?&lt;!</v></c><c r="B2" t="str"><v>да?!</v></c></row></sheetData>' }]);
    const { rows } = await same(ok);
    expect(rows).toEqual([[2, '!?<!', 'да?!']]);
    for (const bad of ['<!-- x -->', '<?pi x?>', '<![CDATA[x]]>']) {
      const f = handmade([{ name: 'Л', body: `<sheetData><row r="1"><c r="A1" t="str"><v>Вопрос</v></c></row><row r="2">${bad}<c r="A2" t="inlineStr"><is><t>а</t></is></c></row></sheetData>` }]);
      process.env.NOK_XLSX_READER = 'stream';
      try {
        await expect(readFile(db, f, 'x.xlsx', { tmpDir: dir })).rejects.toBeInstanceOf(XlsxFallback);
      } finally {
        delete process.env.NOK_XLSX_READER;
      }
    }
  });

  it('random sheets written by exceljs: any mix of values, formats, merges and gaps', async () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 6 }),
      fc.constantFrom(' ', '2021', '2022 г.', 'Субъект', 'НМЦК', 'a&b<c>"', '_x0041_', 'x\ny'),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
      fc.integer({ min: -5, max: 60000 }),
      fc.boolean(),
      fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
    );
    const fmt = fc.constantFrom(undefined, '0%', '0.00%', 'dd.mm.yyyy', 'yyyy-mm-dd hh:mm', '@', '#,##0.0', 'mm-dd-yy');
    const cell = fc.record({ r: fc.integer({ min: 1, max: 14 }), c: fc.integer({ min: 1, max: 7 }), v: value, f: fmt, formula: fc.boolean() });
    const merge = fc.record({ r: fc.integer({ min: 1, max: 12 }), c: fc.integer({ min: 1, max: 6 }), h: fc.integer({ min: 0, max: 2 }), w: fc.integer({ min: 0, max: 2 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(cell, { maxLength: 50 }), fc.array(merge, { maxLength: 3 }), fc.array(cell, { maxLength: 6 }), async (cells, merges, other) => {
        const f = await workbook((wb) => {
          const ws = wb.addWorksheet('Данные');
          for (const x of cells) {
            const c = ws.getCell(x.r, x.c);
            c.value = x.formula && x.v !== null ? ({ formula: 'A1', result: x.v } as ExcelJS.CellValue) : (x.v as ExcelJS.CellValue);
            if (x.f) c.numFmt = x.f;
          }
          const used: { t: number; l: number; b: number; r: number }[] = [];
          for (const m of merges) {
            const box = { t: m.r, l: m.c, b: m.r + m.h, r: m.c + m.w };
            if (used.some((u) => !(u.b < box.t || u.t > box.b || u.r < box.l || u.l > box.r))) continue;
            used.push(box);
            ws.mergeCells(box.t, box.l, box.b, box.r);
          }
          const o = wb.addWorksheet('Другой');
          for (const x of other) o.getCell(x.r, x.c).value = x.v as ExcelJS.CellValue;
        });
        const score: Score = (h) => h.filter((x) => x && /Субъект|НМЦК|20\d\d/.test(x)).length;
        await same(f, { headerScore: score }).catch((e: unknown) => {
          if (!(e instanceof UserError)) throw e; // an empty sheet: both said so (checked in same)
        });
      }),
      { numRuns: Number(process.env.XLSX_RUNS ?? 60), seed: Number(process.env.XLSX_SEED ?? 16) },
    );
  }, 300_000);
});
