/**
 * Readers: a CSV (UTF-8 with or without BOM, or Windows-1251; `;`, `,` or tab)
 * or an XLSX sheet becomes a DuckDB table of text cells
 * (_row = the row number a spreadsheet shows, c0…cN), plus its header.
 * Nothing is interpreted here; parsing and validation happen in SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Db, ident, lit } from '../lib/duck.ts';
import { UserError } from '../lib/errors.ts';
import { Progress } from '../lib/log.ts';
import { scanCsv, splitCsvRecord, detectDelimiter } from './csv-scan.ts';

export interface ReadResult {
  /** Temp table with _row BIGINT and c0…c{n-1} VARCHAR, data rows only (no header, no blank rows). */
  table: string;
  headers: (string | null)[];
  dataRows: number;
  blankRows: number;
  /** Rows the CSV reader could not split (wrong number of fields, broken quotes): quarantined as a whole. */
  rejected: { row: number; raw: string; message: string }[];
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
}

let counter = 0;

export async function readFile(db: Db, file: string, shownAs: string, opts: { sheet?: string; tmpDir: string }): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  const stat = fs.statSync(file);
  if (stat.size === 0) throw new UserError('Файл пуст.', { file: shownAs, expected: 'строка заголовков и строки данных' });
  if (ext === '.csv' || ext === '.txt') return readCsv(db, file, shownAs, opts.tmpDir);
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(db, file, shownAs, opts.sheet);
  if (ext === '.xls') {
    throw new UserError('Формат .xls (Excel 97–2003) не поддерживается.', {
      file: shownAs,
      hint: 'Откройте файл в Excel или LibreOffice и сохраните как .xlsx или .csv.',
    });
  }
  throw new UserError(`Неизвестный формат файла «${ext}».`, { file: shownAs, expected: '.csv или .xlsx' });
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Detect the encoding from a sample: BOM → UTF-8; valid UTF-8 → UTF-8; otherwise Windows-1251. */
export function detectEncoding(file: string): 'utf-8-bom' | 'utf-8' | 'windows-1251' {
  const fd = fs.openSync(file, 'r');
  const sample = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 4 * 1024 * 1024));
  fs.readSync(fd, sample, 0, sample.length, 0);
  fs.closeSync(fd);
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8-bom';
  // cut at the last line break so a multibyte character split by the sample does not count as invalid
  const cut = sample.lastIndexOf(10);
  const probe = cut > 0 && sample.length === 4 * 1024 * 1024 ? sample.subarray(0, cut) : sample;
  return isUtf8(probe) ? 'utf-8' : 'windows-1251';
}

async function transcode(file: string, out: string): Promise<void> {
  const { pipeline } = await import('node:stream/promises');
  await pipeline(fs.createReadStream(file), iconv.decodeStream('win1251'), iconv.encodeStream('utf8'), fs.createWriteStream(out));
}

async function readCsv(db: Db, file: string, shownAs: string, tmpDir: string): Promise<ReadResult> {
  const encoding = detectEncoding(file);
  let utf8File = file;
  if (encoding === 'windows-1251') {
    fs.mkdirSync(tmpDir, { recursive: true });
    utf8File = path.join(tmpDir, `decoded-${process.pid}-${++counter}.csv`);
    await transcode(file, utf8File);
  }
  try {
    const size = fs.statSync(utf8File).size;
    const progress = size > 50e6 ? new Progress(`чтение ${shownAs} (байт)`, size) : undefined;
    const scan = scanCsv(utf8File, (b) => progress?.tick(b));
    progress?.done(size);
    if (!scan.headerRecord) throw new UserError('Файл пуст: нет строки заголовков.', { file: shownAs });
    const delimiter = detectDelimiter(scan.headerText);
    const headers = splitCsvRecord(scan.headerText, delimiter).map((h) => h.trim());
    if (headers.length < 2) {
      throw new UserError('Не удалось разделить строку заголовков на столбцы.', {
        file: shownAs,
        expected: 'CSV с разделителем «;» или «,» и строкой заголовков в первой строке',
      });
    }
    const n = headers.length;
    const table = `_in_${++counter}`;
    const rejects = `_rej_${counter}`;
    const cols = headers.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const t0 = Date.now();
    try {
      await db.run(
        `CREATE TEMP TABLE ${table}_read AS SELECT row_number() OVER () AS _ord, * FROM read_csv(${lit(utf8File)},
           delim = ${lit(delimiter)}, quote = '"', escape = '"', header = false, auto_detect = false,
           columns = {${cols}}, null_padding = true, parallel = false, strict_mode = false,
           store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan', max_line_size = 10000000)`,
      );
    } catch (e) {
      throw new UserError(`CSV не удалось прочитать: ${(e as Error).message.split('\n')[0]}`, { file: shownAs });
    }
    const rej = await db.all<{ line: number; csv_line: string; error_type: string; error_message: string }>(
      `SELECT line, any_value(csv_line) AS csv_line, any_value(error_type) AS error_type, any_value(error_message) AS error_message
       FROM ${rejects} GROUP BY line ORDER BY line`,
    );
    // Rows skipped by the reader (blank, rejected, the header) shift the ordinal of the rows that follow.
    const skipped = [...new Set([...scan.blank, ...rej.map((r) => Number(r.line))])].sort((a, b) => a - b);
    const shifts: [number, number][] = []; // [first ordinal, shift]
    let shift = 0;
    let ordinal = 0; // ordinal of the output row that precedes the next skipped record
    let prevRecord = 0;
    for (const s of skipped) {
      ordinal += s - prevRecord - 1;
      shift++;
      shifts.push([ordinal + 1, shift]);
      prevRecord = s;
    }
    await db.run(`CREATE TEMP TABLE ${table}_shift (ord BIGINT, shift BIGINT)`);
    if (shifts.length) await db.append('temp', `${table}_shift`, shifts);
    const colList = headers.map((_, i) => `c${i}`).join(', ');
    await db.run(
      `CREATE TEMP TABLE ${table} AS
       SELECT r._ord + coalesce((SELECT max(s.shift) FROM ${table}_shift s WHERE s.ord <= r._ord), 0) AS _row, ${colList}
       FROM ${table}_read r ORDER BY r._ord`,
    );
    await db.run(`DROP TABLE ${table}_read; DROP TABLE ${table}_shift`);
    // The first output row is the header record.
    await db.run(`DELETE FROM ${table} WHERE _row = ${scan.headerRecord}`);
    // rows whose every cell is empty (";;;;" or spaces) are blank rows, not data
    const allEmpty = headers.map((_, i) => `coalesce(trim(c${i}), '') = ''`).join(' AND ');
    const spaceBlank = await db.value<number>(`SELECT count(*) FROM ${table} WHERE ${allEmpty}`);
    if (spaceBlank) await db.run(`DELETE FROM ${table} WHERE ${allEmpty}`);
    const dataRows = await db.value<number>(`SELECT count(*) FROM ${table}`);
    if (dataRows > 200_000) new Progress(`разбор ${shownAs}`, dataRows).done(dataRows);
    void t0;
    const blankRows = scan.blank.filter((b) => b > scan.headerRecord && b < scan.lastContent).length + spaceBlank;
    const rejected = rej
      .filter((r) => Number(r.line) !== scan.headerRecord)
      .map((r) => ({
        row: Number(r.line),
        raw: String(r.csv_line ?? '').slice(0, 500),
        message:
          r.error_type === 'TOO MANY COLUMNS'
            ? `В строке больше полей, чем столбцов в заголовке (${n}); проверьте разделитель «${delimiter === '\t' ? 'TAB' : delimiter}» и кавычки.`
            : `Строку не удалось разобрать как CSV (${r.error_type}): ${r.error_message}`,
      }));
    return { table, headers, dataRows, blankRows, rejected, encoding, delimiter, sheet: null };
  } finally {
    if (utf8File !== file) fs.rmSync(utf8File, { force: true });
  }
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** The text of an XLSX cell as a person would type it (cached formula results, rich text, dates, percent formats). */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const d = value;
    const date = `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
    const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
    return hasTime ? `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
  }
  if (typeof value === 'number') {
    // a cell formatted as percent holds a fraction: 0,473 shown as 47,3 %
    if (numFmt && numFmt.includes('%')) return String(Math.round(value * 100 * 1e9) / 1e9);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'Да' : 'Нет';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as unknown as Record<string, unknown>;
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText((v.result ?? null) as ExcelJS.CellValue, numFmt);
    if (Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((t) => t.text).join('');
    if ('text' in v) return cellText(v.text as ExcelJS.CellValue, numFmt);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

async function readXlsx(db: Db, file: string, shownAs: string, sheetName?: string): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new UserError(`Файл XLSX повреждён или не является книгой Excel: ${(e as Error).message.split('\n')[0]}`, {
      file: shownAs,
      hint: 'Откройте файл в Excel и сохраните заново как .xlsx.',
    });
  }
  const ws = sheetName ? wb.getWorksheet(sheetName) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => `«${w.name}»`).join(', ') || 'нет ни одного листа';
    throw new UserError(sheetName ? `В книге нет листа «${sheetName}».` : 'В книге нет листов.', {
      file: shownAs,
      expected: sheetName ? `лист «${sheetName}»; листы в книге: ${names}` : 'хотя бы один лист',
    });
  }
  const lastRow = ws.rowCount;
  const width = ws.columnCount;
  const rowValues = (r: number): (string | null)[] => {
    const row = ws.getRow(r);
    const out: (string | null)[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const t = cellText(cell.value, cell.numFmt);
      out.push(t === null || t.trim() === '' ? null : t);
    }
    return out;
  };
  let headerRow = 0;
  for (let r = 1; r <= lastRow; r++) {
    if (rowValues(r).some((v) => v !== null)) {
      headerRow = r;
      break;
    }
  }
  if (!headerRow) throw new UserError(`Лист «${ws.name}» пуст: нет строки заголовков.`, { file: shownAs });

  // A header of two rows: the first has cells merged across columns (a group title over years).
  const top = ws.getRow(headerRow);
  let spans = false;
  for (let c = 1; c <= width; c++) {
    const cell = top.getCell(c);
    if (cell.isMerged && cell.master.address !== cell.address && Number(cell.master.row) === top.number) spans = true;
  }
  let headers: (string | null)[];
  let firstData = headerRow + 1;
  if (spans && headerRow < lastRow) {
    const sub = ws.getRow(headerRow + 1);
    headers = [];
    for (let c = 1; c <= width; c++) {
      const t = cellText(top.getCell(c).master.value);
      const sc = sub.getCell(c);
      const s = sc.isMerged && Number(sc.master.row) === headerRow ? null : cellText(sc.value);
      const parent = t?.trim() || null;
      const child = s?.trim() || null;
      headers.push(parent && child ? (/^\d{4}$/.test(child) ? `${parent} (${child})` : `${parent} ${child}`) : (parent ?? child));
    }
    firstData = headerRow + 2;
  } else {
    headers = rowValues(headerRow).map((h) => (h === null ? null : h.trim()));
  }
  while (headers.length && headers[headers.length - 1] === null) headers.pop();
  const n = Math.max(headers.length, 1);
  const table = `_in_${++counter}`;
  await db.run(`CREATE TEMP TABLE ${table} (_row BIGINT, ${Array.from({ length: n }, (_, i) => `c${i} VARCHAR`).join(', ')})`);
  const progress = new Progress(`чтение ${shownAs}`, Math.max(lastRow - firstData + 1, 0));
  let blankRows = 0;
  let pendingBlank = 0; // blank rows count only when a row of data follows them
  const rejected: ReadResult['rejected'] = [];
  const rows: (string | number | null)[][] = [];
  for (let r = firstData; r <= lastRow; r++) {
    const vals = rowValues(r);
    if (vals.every((v) => v === null)) {
      pendingBlank++;
      continue;
    }
    blankRows += pendingBlank;
    pendingBlank = 0;
    const extra = vals.slice(n).filter((v) => v !== null);
    if (extra.length) {
      rejected.push({ row: r, raw: vals.filter((v) => v !== null).join(' | ').slice(0, 500), message: `В строке заполнены ячейки правее последнего столбца заголовка (${n}).` });
      continue;
    }
    rows.push([r, ...vals.slice(0, n)]);
    if (rows.length % 5000 === 0) progress.tick(rows.length);
  }
  await db.append('temp', table, rows);
  progress.done(rows.length);
  return { table, headers, dataRows: rows.length, blankRows, rejected, encoding: 'xlsx', delimiter: null, sheet: ws.name };
}

export { ident };
