/**
 * Readers: a CSV (UTF-8 with or without BOM, or Windows-1251; `;`, `,` or tab)
 * or an XLSX sheet becomes a DuckDB table of text cells
 * (_row = the row number a spreadsheet shows, c0…cN), plus its header.
 * Nothing is interpreted here; parsing and validation happen in SQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import ExcelJS from 'exceljs';
import { Db, ident, lit } from '../lib/duck.ts';
import { UserError } from '../lib/errors.ts';
import { Progress } from '../lib/log.ts';
import { plural } from '@nok-atlas/common/fmt.js';
import { textKey } from './keys.ts';
import { openWorkbook, readMerges, scanSheet, valueText, XlsxFallback, type SheetInfo, type Row as XlsxRow } from './xlsx-stream.ts';
import { XlsxSink } from './xlsx-sink.ts';
import { scanCsv, sanitizeCopy, splitCsvRecord, readBytes, firstLine, detectDelimiter, type BadRecord, type BadRecordKind } from './csv-scan.ts';

export interface ReadResult {
  /** Temp table with _row BIGINT and c0…c{n-1} VARCHAR, data rows only (no header, no blank rows). */
  table: string;
  headers: (string | null)[];
  dataRows: number;
  blankRows: number;
  /**
   * Rows the CSV reader could not load: bytes that are not text (rule `encoding`), or that it
   * could not split (wrong number of fields, broken quotes: `csv_structure`). Quarantined as a whole.
   */
  rejected: { row: number; raw: string; message: string; rule: 'encoding' | 'csv_structure' }[];
  /** Rows loaded with a remark from the reader (cells right of the last header column in XLSX). */
  warnings: { row: number; raw: string; message: string }[];
  encoding: string;
  delimiter: string | null;
  sheet: string | null;
  /** Row number of the header (the first of two rows for a two-row header). */
  headerRow: number;
  /** XLSX: every sheet of the workbook. */
  sheets?: string[];
  /** XLSX: how well the top rows of each other sheet match the layout (see ReadOptions.headerScore). */
  sheetScores?: { sheet: string; score: number }[];
}

let counter = 0;

export interface ReadOptions {
  /** XLSX: the sheet to read (default: the first visible one). */
  sheet?: string;
  tmpDir: string;
  /** XLSX: how well a candidate header row matches the layout (the best of the first rows is the header). */
  headerScore?: (headers: (string | null)[]) => number;
}

export async function readFile(db: Db, file: string, shownAs: string, opts: ReadOptions): Promise<ReadResult> {
  const ext = path.extname(file).toLowerCase();
  const stat = fs.statSync(file);
  if (stat.size === 0) throw new UserError('Файл пуст.', { file: shownAs, expected: 'строка заголовков и строки данных' });
  if (ext === '.csv' || ext === '.txt') return readCsv(db, file, shownAs, opts.tmpDir);
  if (ext === '.xlsx' || ext === '.xlsm') return readXlsx(db, file, shownAs, opts.sheet, opts.headerScore);
  if (ext === '.xls') {
    throw new UserError('Формат .xls (Excel 97–2003) не поддерживается.', {
      file: shownAs,
      hint: 'Откройте файл в Excel или LibreOffice и сохраните как .xlsx или .csv.',
    });
  }
  throw new UserError(`Неизвестный формат файла «${ext}».`, { file: shownAs, expected: '.csv или .xlsx' });
}

export type Encoding = 'utf-8-bom' | 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';

export interface EncodingInfo {
  encoding: Encoding;
  /** UTF-8 with some bytes that are not UTF-8 (their rows are quarantined as `encoding`). */
  damaged: boolean;
  /** Line breaks are carriage returns alone (no line feed anywhere in the file). */
  crOnly: boolean;
}

/**
 * The encoding of the whole file: a BOM decides; otherwise UTF-8 when the file is UTF-8 or
 * mostly so (more valid multi-byte characters than bytes of broken sequences: a pasted
 * Windows-1251 word or a flipped bit spoils its row, not the file), else Windows-1251.
 */
export function detectEncodingInfo(file: string): EncodingInfo {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  let valid = 0;
  let invalid = 0;
  let hasLf = false;
  let hasCr = false;
  let bom = false;
  let carry = 0; // bytes of an unfinished sequence carried over to the next chunk
  let first = true;
  try {
    for (;;) {
      const got = fs.readSync(fd, chunk, carry, chunk.length - carry, null);
      if (got === 0) {
        invalid += carry; // the file ends inside a sequence
        break;
      }
      const n = carry + got;
      if (first) {
        first = false;
        if (chunk[0] === 0xff && chunk[1] === 0xfe) return { encoding: 'utf-16le', damaged: false, crOnly: false };
        if (chunk[0] === 0xfe && chunk[1] === 0xff) return { encoding: 'utf-16be', damaged: false, crOnly: false };
        bom = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      }
      const buf = chunk.subarray(0, n);
      if (!hasLf) hasLf = buf.includes(10);
      if (!hasCr) hasCr = buf.includes(13);
      // an unfinished sequence at the end waits for the next chunk
      let end = n;
      for (let k = n - 1; k >= Math.max(0, n - 3); k--) {
        const b = buf[k]!;
        if (b < 0x80) break;
        if (b >= 0xc0) {
          const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (k + len > n) end = k;
          break;
        }
      }
      const body = buf.subarray(0, end);
      if (!isUtf8(body)) {
        const c = countUtf8(body);
        valid += c.valid;
        invalid += c.invalid;
      } else if (valid <= invalid || valid === 0) valid += countUtf8(body).valid;
      carry = n - end;
      chunk.copy(chunk, 0, end, n);
    }
  } finally {
    fs.closeSync(fd);
  }
  const crOnly = hasCr && !hasLf;
  if (invalid === 0) return { encoding: bom ? 'utf-8-bom' : 'utf-8', damaged: false, crOnly };
  if (bom || valid > invalid) return { encoding: bom ? 'utf-8-bom' : 'utf-8', damaged: true, crOnly };
  return { encoding: 'windows-1251', damaged: false, crOnly };
}

/** Valid multi-byte characters and bytes of broken sequences in a buffer. */
function countUtf8(buf: Buffer): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= buf.length;
    for (let k = 1; ok && k < len; k++) {
      const c = buf[i + k]!;
      if (c < 0x80 || c > 0xbf) ok = false;
    }
    if (ok) {
      valid++;
      i += len - 1;
    } else invalid++;
  }
  return { valid, invalid };
}

/** The encoding of a file (see detectEncodingInfo). */
export function detectEncoding(file: string): Encoding {
  return detectEncodingInfo(file).encoding;
}

async function transcode(file: string, out: string, from: string): Promise<void> {
  const { pipeline } = await import('node:stream/promises');
  await pipeline(fs.createReadStream(file), iconv.decodeStream(from, { stripBOM: true }), iconv.encodeStream('utf8'), fs.createWriteStream(out));
}

const BAD_RECORD_MESSAGE: Record<BadRecordKind, (b: BadRecord, n: number, delim: string) => string> = {
  too_many_fields: (b, n, d) =>
    `В строке ${b.fields} ${plural(b.fields, 'заполненное поле', 'заполненных поля', 'заполненных полей')}, а в заголовке ${n} ${plural(n, 'столбец', 'столбца', 'столбцов')}: значения сдвинулись. Проверьте разделитель «${d}» внутри значений (такое значение нужно взять в кавычки) и кавычки.`,
  unclosed_quote: () =>
    'Кавычка в начале значения не закрыта до конца файла: неясно, где кончается значение, поэтому строка не загружена (остальные строки прочитаны так, будто этой кавычки нет). Закройте кавычку (или удалите её) и загрузите файл заново.',
  text_after_quote: () =>
    'После закрывающей кавычки в значении есть ещё текст (например, "Школа" №5): значение прочитано бы не полностью. Кавычки внутри значения удваивайте: "Школа ""Радуга""" — или уберите их.',
  encoding: () =>
    'В строке есть байты, которые не читаются как текст в кодировке файла (UTF-8): видимо, сюда вставлен текст в другой кодировке (например, Windows-1251) или файл повреждён. Строка не загружена; исправьте её и загрузите файл заново.',
  nul: () => 'В строке есть нулевой байт (символ с кодом 0): это не текст, файл повреждён. Строка не загружена; исправьте её и загрузите файл заново.',
  stray_cr: () =>
    'В строке есть одиночный символ возврата каретки (CR) вне кавычек: неясно, где кончается строка. Строка не загружена; уберите этот символ (или возьмите значение в кавычки) и загрузите файл заново.',

};

const REJECT_RULE: Record<BadRecordKind, 'encoding' | 'csv_structure'> = {
  too_many_fields: 'csv_structure',
  unclosed_quote: 'csv_structure',
  text_after_quote: 'csv_structure',
  stray_cr: 'csv_structure',
  encoding: 'encoding',
  nul: 'encoding',
};

/** A copy with every carriage return as a line feed (a file whose lines end in CR alone). */
function crToLf(file: string, out: string): void {
  const src = fs.openSync(file, 'r');
  const dst = fs.openSync(out, 'w');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  try {
    for (let n; (n = fs.readSync(src, chunk, 0, chunk.length, null)) > 0; ) {
      for (let i = chunk.indexOf(13); i >= 0 && i < n; i = chunk.indexOf(13, i + 1)) chunk[i] = 10;
      fs.writeSync(dst, chunk, 0, n);
    }
  } finally {
    fs.closeSync(src);
    fs.closeSync(dst);
  }
}


async function readCsv(db: Db, file: string, shownAs: string, tmpDir: string, forced?: Encoding): Promise<ReadResult> {
  const info = forced ? { encoding: forced, damaged: false, crOnly: false } : detectEncodingInfo(file);
  const encoding = info.encoding;
  let utf8File = file;
  const temps: string[] = [];
  const tempFile = (what: string): string => {
    fs.mkdirSync(tmpDir, { recursive: true });
    const f = path.join(tmpDir, `${what}-${process.pid}-${++counter}.csv`);
    temps.push(f);
    return f;
  };
  if (encoding === 'windows-1251' || encoding === 'utf-16le' || encoding === 'utf-16be') {
    const out = tempFile('decoded');
    await transcode(file, out, encoding === 'windows-1251' ? 'win1251' : encoding);
    utf8File = out;
  }
  if (info.crOnly) {
    const out = tempFile('lf');
    crToLf(utf8File, out);
    utf8File = out;
  }
  // the file DuckDB reads: the bytes it must not see replaced (see sanitizeCopy)
  let duckFile = utf8File;
  const table = `_in_${++counter}`;
  // parallel: DuckDB keeps the rows in file order (insertion order is preserved); the count
  // check below falls back to one thread if a quoted line break ever confused the split
  // DuckDB's own longest line (2 MB) unless the scan found a longer record: a larger limit makes DuckDB's read buffers
  // larger too (at 100 MB a 2-million-row file took 1,7–2,3 times as long and 0,3 GB more memory)
  let maxLine: number | null = null;
  const readSql = (n: number, delimiter: string, parallel = true): string =>
    `CREATE TEMP TABLE ${table}_read AS SELECT * FROM read_csv(${lit(duckFile)},
       delim = ${lit(delimiter)}, quote = '"', escape = '"', header = false, auto_detect = false,
       columns = {${Array.from({ length: n }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}, null_padding = true, parallel = ${parallel}, strict_mode = false${maxLine ? `, max_line_size = ${maxLine}` : ''})`;
  const attempt = (sql: string): Promise<Error | null> => db.run(sql).then(() => null, (e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  // DuckDB reads the file on its own thread while the scan below runs on this one; the columns
  // come from the first line, and if the scan finds another header record the file is read again
  const line0 = firstLine(utf8File);
  const delim0 = detectDelimiter(line0);
  const n0 = line0 ? splitCsvRecord(line0, delim0).length : 0;
  let early: Promise<Error | null> | null = n0 >= 2 && !info.damaged ? attempt(readSql(n0, delim0)) : null;
  try {
    const size = fs.statSync(utf8File).size;
    const progress = size > 20e6 ? new Progress(`чтение ${shownAs}`, size, 'bytes') : undefined;
    const scan = scanCsv(utf8File, { onProgress: (b) => progress?.tick(b), validate: info.damaged });
    progress?.done(size);
    if (scan.longest >= 1_000_000) maxLine = 2 * scan.longest + 1_048_576;
    if (scan.fixes.length) {
      duckFile = tempFile('clean');
      sanitizeCopy(utf8File, duckFile, scan.fixes);
    }
    if (!scan.headerRecord) throw new UserError('Файл пуст: в нём нет ни строки заголовков, ни данных.', { file: shownAs, expected: 'строка заголовков и строки данных' });
    const delimiter = scan.delimiter;
    const headers = splitCsvRecord(scan.headerText, delimiter).map((h) => (h.trim() === '' ? null : h.trim()));
    if (headers.every((h) => h === null) && scan.lastContent === scan.headerRecord) {
      throw new UserError('Файл пуст: в нём только пустые строки.', { file: shownAs, expected: 'строка заголовков и строки данных' });
    }
    if (headers.length < 2) {
      throw new UserError('Не удалось разделить строку заголовков на столбцы.', {
        file: shownAs,
        expected: 'CSV с разделителем «;» или «,» (или табуляцией) и строкой заголовков в первой строке',
        hint: `Первая строка файла: «${scan.headerText.slice(0, 200)}»`,
      });
    }
    const n = headers.length;
    let readError: Error | null;
    if (early && n === n0 && delimiter === delim0 && scan.headerText === line0 && duckFile === utf8File && maxLine === null) {
      readError = await early;
      early = null;
    } else {
      // the header record is not the first line as read (a quoted line break in it): read with its columns
      if (early && !(await early)) await db.run(`DROP TABLE ${table}_read`);
      early = null;
      readError = await attempt(readSql(n, delimiter));
    }
    if (readError || (await db.value<number>(`SELECT count(*) FROM ${table}_read`)) !== scan.records - scan.blank.length) {
      // once more on one thread, in file order
      if (!readError) await db.run(`DROP TABLE ${table}_read`);
      readError = await attempt(readSql(n, delimiter, false));
    }
    if (readError) {
      const msg = readError.message;
      // valid UTF-8 in the sample but not further on: the file is Windows-1251 after all
      if (!forced && encoding === 'utf-8' && /unicode|utf-?8/i.test(msg)) return readCsv(db, file, shownAs, tmpDir, 'windows-1251');
      throw new UserError(`CSV не удалось прочитать (${msg.split('\n')[0]}).`, {
        file: shownAs,
        hint: 'Откройте файл в Excel или LibreOffice и сохраните заново как «CSV UTF-8 (разделитель — запятая)» или «CSV (разделители — точка с запятой)».',
      });
    }
    // DuckDB returns one row per non-blank record, in order (rowid = ordinal - 1).
    const got = await db.value<number>(`SELECT count(*) FROM ${table}_read`);
    const expected = scan.records - scan.blank.length;
    if (got !== expected) {
      throw new UserError(`Не удалось однозначно сопоставить строки CSV с номерами строк файла (прочитано ${got}, найдено записей ${expected}).`, {
        file: shownAs,
        hint: 'Проверьте переводы строк и кавычки; сохраните файл из Excel заново как «CSV UTF-8» и повторите.',
      });
    }
    // record number = ordinal + blank records before it
    const shifts: [number, number][] = [[1, 0]];
    let ordinal = 0;
    let prev = 0;
    scan.blank.forEach((b, k) => {
      ordinal += b - prev - 1;
      if (shifts[shifts.length - 1]![0] === ordinal + 1) shifts.pop();
      shifts.push([ordinal + 1, k + 1]);
      prev = b;
    });
    const colList = headers.map((_, i) => `r.c${i}`).join(', ');
    if (shifts.length === 1) {
      // no blank line between records (blank lines only before the first): record number = ordinal + their count
      // (a column added in place: a copy of every cell would cost time and memory)
      await db.run(`ALTER TABLE ${table}_read ADD COLUMN _row BIGINT; UPDATE ${table}_read SET _row = rowid + ${1 + shifts[0]![1]}; ALTER TABLE ${table}_read RENAME TO ${table}`);
    } else {
      await db.run(`CREATE TEMP TABLE ${table}_shift (ord BIGINT, shift BIGINT)`);
      await db.append('temp', `${table}_shift`, shifts);
      await db.run(
        `CREATE TEMP TABLE ${table} AS
         SELECT r._ord + s.shift AS _row, ${colList}
         FROM (SELECT rowid + 1 AS _ord, * FROM ${table}_read) r ASOF JOIN ${table}_shift s ON r._ord >= s.ord
         ORDER BY r._ord`,
      );
      await db.run(`DROP TABLE ${table}_read; DROP TABLE ${table}_shift`);
    }
    await db.run(`DELETE FROM ${table} WHERE _row = ${scan.headerRecord}`);
    const rejected: ReadResult['rejected'] = scan.bad.map((b) => ({
      row: b.record,
      // the row as it is in the file (a NUL byte shown as «␀», bytes that are not UTF-8 as «�»)
      raw: readBytes(utf8File, b.start, b.end, 2000).replace(/\r$/, '').replaceAll('\0', '␀').slice(0, 500),
      message: BAD_RECORD_MESSAGE[b.kind](b, n, delimiter === '\t' ? 'TAB' : delimiter),
      rule: REJECT_RULE[b.kind],
    }));
    if (rejected.length) {
      await db.run(`CREATE TEMP TABLE ${table}_bad (r BIGINT)`);
      await db.append('temp', `${table}_bad`, rejected.map((r) => [r.row]));
      await db.run(`DELETE FROM ${table} WHERE _row IN (SELECT r FROM ${table}_bad); DROP TABLE ${table}_bad`);
    }
    // rows whose every cell is empty (";;;;" or spaces) are blank rows, not data
    const allEmpty = headers.map((_, i) => `coalesce(trim(c${i}), '') = ''`).join(' AND ');
    const spaceBlank = await db.value<number>(`SELECT count(*) FROM ${table} WHERE ${allEmpty}`);
    if (spaceBlank) await db.run(`DELETE FROM ${table} WHERE ${allEmpty}`);
    const dataRows = await db.value<number>(`SELECT count(*) FROM ${table}`);
    const blankRows = scan.blank.filter((b) => b > scan.headerRecord && b < scan.lastContent).length + spaceBlank;
    return { table, headers, headerRow: scan.headerRecord, dataRows, blankRows, rejected, warnings: [], encoding, delimiter, sheet: null };
  } finally {
    // a file-level error before the read was awaited: let it finish, and drop what it made
    if (early && !(await early)) await db.run(`DROP TABLE IF EXISTS ${table}_read`);
    for (const f of temps) fs.rmSync(f, { force: true });
  }
}

/** «Лист1», «Справка» (скрытый): the sheets of a book, for messages. */
function sheetListText(all: { name: string; state?: string }[]): string {
  return all.map((w) => `«${w.name}»${w.state !== 'visible' ? ' (скрытый)' : ''}`).join(', ') || 'ни одного листа';
}

/** The sheet to read: the one named (exactly, else by its text key), or the first visible one. */
function pickSheet<T extends { name: string; state?: string }>(all: T[], sheetName: string | undefined, shownAs: string): T {
  const sheetList = sheetListText(all);
  if (sheetName) {
    const ws = all.find((w) => w.name === sheetName) ?? all.find((w) => textKey(w.name) === textKey(sheetName));
    if (!ws) {
      throw new UserError(`В книге нет листа «${sheetName}».`, {
        file: shownAs,
        expected: `лист «${sheetName}»; листы в книге: ${sheetList}`,
        hint: 'Переименуйте лист или укажите нужный лист в _settings.json папки или в сопроводительном файле <файл>.meta.json: {"sheet": "<имя листа>"}.',
      });
    }
    return ws;
  }
  const ws = all.find((w) => w.state === 'visible') ?? all[0];
  if (!ws) throw new UserError('В книге нет ни одного листа.', { file: shownAs, expected: 'лист с таблицей данных' });
  return ws;
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
    // exceljs gives an empty shared string (<si/>) as {}: an empty cell, not the text «[object Object]»
    if (Object.keys(v).length === 0) return '';
  }
  return String(value);
}

/** «2021», «2021 г.», «2021 год» under a group title: the year of a per-year column. */
const YEAR_CHILD = /^(\d{4})\s*(?:г\.?|год|гг\.?)?$/i;

function combineHeader(parent: string | null, child: string | null): string | null {
  if (parent && child) {
    const y = YEAR_CHILD.exec(child);
    if (y) return `${parent} (${y[1]})`;
    return `${parent.replace(/[\s:]+$/, '')}: ${child}`;
  }
  return parent ?? child;
}

/** How many rows from the top are searched for the header (titles above a table are common). */
const HEADER_SEARCH_ROWS = 15;

type HeaderScore = (headers: (string | null)[]) => number;

/**
 * An XLSX sheet, read as a stream (xlsx-stream.ts); a workbook the streaming reader cannot
 * reproduce exceljs on (a broken or encrypted file, rows out of order, overlapping merged
 * ranges, …) is read by exceljs whole, as before: the same result either way.
 */
async function readXlsx(db: Db, file: string, shownAs: string, sheetName: string | undefined, headerScore?: HeaderScore): Promise<ReadResult> {
  if (process.env.NOK_XLSX_READER !== 'exceljs') {
    try {
      return await readXlsxStream(db, file, shownAs, sheetName, headerScore);
    } catch (e) {
      if (!(e instanceof XlsxFallback)) throw e;
      if (process.env.NOK_XLSX_READER === 'stream') throw e;
    }
  }
  return readXlsxInMemory(db, file, shownAs, sheetName, headerScore);
}

/** exceljs: the whole workbook in memory (the reader before the streaming one, and its fallback). */
export async function readXlsxInMemory(db: Db, file: string, shownAs: string, sheetName: string | undefined, headerScore?: HeaderScore): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  const size = fs.statSync(file).size;
  const unzip = size > 5e6 ? new Progress(`чтение ${shownAs}`, size, 'bytes') : undefined;
  try {
    const { Transform } = await import('node:stream');
    let done = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        done += chunk.length;
        unzip?.tick(done);
        cb(null, chunk);
      },
    });
    await wb.xlsx.read(fs.createReadStream(file).pipe(counter));
    unzip?.done(size);
  } catch (e) {
    const msg = (e as Error).message ?? '';
    const why = /zip|central directory/i.test(msg) ? 'это не ZIP-архив книги Excel или архив оборван' : msg.split('\n')[0]!.replace(/https?:\/\/\S+/g, '').trim();
    throw new UserError(`Файл XLSX повреждён (возможно, скопирован не полностью) или не является книгой Excel${why ? `: ${why}` : ''}.`, {
      file: shownAs,
      hint: 'Откройте файл в Excel или LibreOffice и сохраните заново как .xlsx; если файл пришёл по почте, скачайте его ещё раз.',
    });
  }
  const all = wb.worksheets;
  const ws = pickSheet(all, sheetName, shownAs);
  const sheetList = sheetListText(all);
  const sheet = ws;
  const lastRow = sheet.rowCount;
  const width = sheet.columnCount;
  // only the cells that hold something (a sheet formatted to column XFD has 16 384 empty cells a row)
  const rowValues = (r: number): (string | null)[] => {
    const out: (string | null)[] = [];
    sheet.getRow(r).eachCell((cell, c) => {
      const t = cellText(cell.value, cell.numFmt);
      if (t === null || t.trim() === '') return;
      while (out.length < c - 1) out.push(null);
      out[c - 1] = t;
    });
    return out;
  };
  // The header: the best-matching of the first non-empty rows (a title above the table is skipped).
  const candidates: number[] = [];
  for (let r = 1; r <= lastRow && candidates.length < HEADER_SEARCH_ROWS; r++) if (rowValues(r).some((v) => v !== null)) candidates.push(r);
  if (!candidates.length) {
    throw new UserError(`Лист «${sheet.name}» пуст: нет ни строки заголовков, ни данных.`, {
      file: shownAs,
      expected: `таблица данных на листе «${sheet.name}»; листы в книге: ${sheetList}`,
      hint: all.length > 1 ? 'Если данные на другом листе, укажите его в _settings.json папки или в <файл>.meta.json: {"sheet": "<имя листа>"}.' : undefined,
    });
  }
  const headersAt = (r: number): { headers: (string | null)[]; firstData: number } => {
    const top = sheet.getRow(r);
    let spans = false;
    for (let c = 1; c <= width; c++) {
      const cell = top.getCell(c);
      if (cell.isMerged && cell.master.address !== cell.address && Number(cell.master.row) === top.number) spans = true;
    }
    // a row of years alone under the header is the second row of a two-row header too
    const next = r < lastRow ? rowValues(r + 1) : [];
    const yearsOnly = next.some((v) => v !== null) && next.every((v) => v === null || YEAR_CHILD.test(v.trim()));
    if ((spans || yearsOnly) && r < lastRow) {
      const sub = sheet.getRow(r + 1);
      const headers: (string | null)[] = [];
      for (let c = 1; c <= width; c++) {
        const tc = top.getCell(c);
        const t = cellText(tc.isMerged ? tc.master.value : tc.value);
        const sc = sub.getCell(c);
        const s = sc.isMerged && Number(sc.master.row) <= r ? null : cellText(sc.value);
        headers.push(combineHeader(t?.trim() || null, s?.trim() || null));
      }
      return { headers, firstData: r + 2 };
    }
    return { headers: rowValues(r).map((h) => (h === null ? null : h.trim())), firstData: r + 1 };
  };
  let headerRow = candidates[0]!;
  let best = headersAt(headerRow);
  if (headerScore) {
    let bestScore = headerScore(best.headers);
    for (const r of candidates.slice(1)) {
      const h = headersAt(r);
      const sc = headerScore(h.headers);
      if (sc > bestScore) {
        bestScore = sc;
        best = h;
        headerRow = r;
      }
    }
  }
  // how well every other sheet's top rows match the layout, to say where the data are when this sheet is wrong
  const sheetScores: { sheet: string; score: number }[] = [];
  if (headerScore && all.length > 1) {
    for (const other of all) {
      if (other === sheet) continue;
      let top = 0;
      for (let r = 1; r <= Math.min(other.rowCount, HEADER_SEARCH_ROWS + 1); r++) {
        const vals: (string | null)[] = [];
        other.getRow(r).eachCell({ includeEmpty: true }, (cell) => vals.push(cellText(cell.value, cell.numFmt)?.trim() || null));
        top = Math.max(top, headerScore(vals));
      }
      sheetScores.push({ sheet: other.name, score: top });
    }
  }
  const headers = best.headers;
  const firstData = best.firstData;
  while (headers.length && headers[headers.length - 1] === null) headers.pop();
  const n = Math.max(headers.length, 1);
  const table = `_in_${++counter}`;
  await db.run(`CREATE TEMP TABLE ${table} (_row BIGINT, ${Array.from({ length: n }, (_, i) => `c${i} VARCHAR`).join(', ')})`);
  const progress = new Progress(`разбор ${shownAs}`, Math.max(lastRow - firstData + 1, 0));
  let blankRows = 0;
  let pendingBlank = 0; // blank rows count only when a row of data follows them
  const warnings: ReadResult['warnings'] = [];
  const rows: (string | number | null)[][] = [];
  const colName = (i: number): string => {
    let s = '';
    for (let k = i + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
    return s;
  };
  for (let r = firstData; r <= lastRow; r++) {
    const vals = rowValues(r);
    if (vals.every((v) => v === null)) {
      pendingBlank++;
      continue;
    }
    blankRows += pendingBlank;
    pendingBlank = 0;
    const outside = vals.flatMap((v, i) => (i >= n && v !== null ? [`${colName(i)}${r}: ${v}`] : []));
    if (outside.length) {
      warnings.push({ row: r, raw: outside.join(' | ').slice(0, 500), message: `Ячейки правее таблицы (за последним столбцом с заголовком, ${colName(n - 1)}) не загружены: ${outside.join('; ').slice(0, 300)}` });
    }
    if (vals.slice(0, n).every((v) => v === null)) {
      // only cells outside the table: not a data row
      blankRows++;
      continue;
    }
    const cells = vals.slice(0, n);
    while (cells.length < n) cells.push(null);
    rows.push([r, ...cells]);
    if (rows.length % 5000 === 0) progress.tick(rows.length);
  }
  await db.append('temp', table, rows);
  if (rows.length > 5000) progress.done(rows.length);
  return { table, headers, headerRow, dataRows: rows.length, blankRows, rejected: [], warnings, encoding: 'xlsx', delimiter: null, sheet: sheet.name, sheets: all.map((w) => w.name), sheetScores };
}

/** Spreadsheet column letters of a 0-based column index. */
function colLetters(i: number): string {
  let s = '';
  for (let k = i + 1; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** `t.trim() === ''` without trimming the usual cell. */
function blank(t: string): boolean {
  const c = t.charCodeAt(0);
  return !(c > 32 && c < 127) && t.trim() === '';
}

/** A row of the first rows of a sheet, kept for the header search. */
interface KeptRow {
  num: number;
  width: number;
  valueWidth: number;
  value: (string | number | null)[];
  pct: Uint8Array;
  mergedFrom: Int32Array;
  ctl: boolean;
}

function keep(row: XlsxRow): KeptRow {
  return {
    num: row.num,
    width: row.width,
    valueWidth: row.valueWidth,
    value: row.value.slice(0, row.width),
    pct: row.pct.slice(0, row.width),
    mergedFrom: row.mergedFrom.slice(0, row.width),
    ctl: row.ctl,
  };
}

/** rowValues of the exceljs reader: the texts of the cells that hold something, up to the last one. */
function keptValues(row: KeptRow | undefined): (string | null)[] {
  const out: (string | null)[] = [];
  if (!row) return out;
  for (let c = 0; c < row.valueWidth; c++) {
    const t = valueText(row.value[c]!, row.pct[c]!);
    if (t === null || blank(t)) continue;
    while (out.length < c) out.push(null);
    out[c] = t;
  }
  return out;
}

/** readXlsxInMemory on a stream: the same header search, sheet scores, row numbers, blank rows and warnings. */
async function readXlsxStream(db: Db, file: string, shownAs: string, sheetName: string | undefined, headerScore?: HeaderScore): Promise<ReadResult> {
  const wb = await openWorkbook(file);
  let sink: XlsxSink | null = null;
  try {
    const all = wb.sheets;
    const ws = pickSheet(all, sheetName, shownAs);
    const sheetList = sheetListText(all);
    const sheet = ws;
    const merges = await readMerges(wb.zip, sheet.part);

    // ── the first rows: the header ──
    const kept = new Map<number, KeptRow>();
    const candidates: number[] = [];
    let decided = false;
    let headers: (string | null)[] = [];
    let headerRow = 0;
    let firstData = 0;
    let n = 1;

    // ── data rows ──
    let blankRows = 0;
    let pendingBlank = 0; // blank rows count only when a row of data follows them
    let nextRow = 0;
    let dataRows = 0;
    const warnings: ReadResult['warnings'] = [];
    const texts: (string | null)[] = [];
    const progress = new Progress(`разбор ${shownAs}`);
    const table = `_in_${++counter}`;

    const dataRow = (r: number, valueWidth: number, value: readonly (string | number | null)[], pct: Uint8Array, ctl: boolean): void => {
      if (r < firstData) return;
      pendingBlank += r - nextRow; // rows missing from the sheet are blank rows
      nextRow = r + 1;
      let any = false;
      let inside = false;
      let outside: string[] | null = null;
      const w = Math.max(valueWidth, n);
      for (let c = 0; c < w; c++) {
        let t = c < valueWidth ? valueText(value[c]!, pct[c]!) : null;
        if (t !== null && blank(t)) t = null;
        texts[c] = t;
        if (t !== null) {
          any = true;
          if (c < n) inside = true;
          else (outside ??= []).push(`${colLetters(c)}${r}: ${t}`);
        }
      }
      if (!any) {
        pendingBlank++;
        return;
      }
      blankRows += pendingBlank;
      pendingBlank = 0;
      if (outside) {
        warnings.push({ row: r, raw: outside.join(' | ').slice(0, 500), message: `Ячейки правее таблицы (за последним столбцом с заголовком, ${colLetters(n - 1)}) не загружены: ${outside.join('; ').slice(0, 300)}` });
      }
      if (!inside) {
        // only cells outside the table: not a data row
        blankRows++;
        return;
      }
      sink!.add(r, texts, ctl);
      dataRows++;
      if (dataRows % 5000 === 0) progress.tick(dataRows);
    };

    const decide = (lastRow: number): void => {
      decided = true;
      if (!candidates.length) {
        throw new UserError(`Лист «${sheet.name}» пуст: нет ни строки заголовков, ни данных.`, {
          file: shownAs,
          expected: `таблица данных на листе «${sheet.name}»; листы в книге: ${sheetList}`,
          hint: all.length > 1 ? 'Если данные на другом листе, укажите его в _settings.json папки или в <файл>.meta.json: {"sheet": "<имя листа>"}.' : undefined,
        });
      }
      const headersAt = (r: number): { headers: (string | null)[]; firstData: number } => {
        const spans = merges.some((m) => m.top === r && m.right > m.left);
        // a row of years alone under the header is the second row of a two-row header too
        const next = r < lastRow ? keptValues(kept.get(r + 1)) : [];
        const yearsOnly = next.some((v) => v !== null) && next.every((v) => v === null || YEAR_CHILD.test(v.trim()));
        if ((spans || yearsOnly) && r < lastRow) {
          const top = kept.get(r);
          const sub = kept.get(r + 1);
          const width = Math.max(top?.width ?? 0, sub?.width ?? 0);
          const hs: (string | null)[] = [];
          for (let c = 0; c < width; c++) {
            const t = top && c < top.width ? valueText(top.value[c]!, 0) : null;
            const from = sub && c < sub.width ? sub.mergedFrom[c]! : 0;
            const s = !sub || c >= sub.width || (from && from <= r) ? null : valueText(sub.value[c]!, 0);
            hs.push(combineHeader(t?.trim() || null, s?.trim() || null));
          }
          return { headers: hs, firstData: r + 2 };
        }
        return { headers: keptValues(kept.get(r)).map((h) => (h === null ? null : h.trim())), firstData: r + 1 };
      };
      headerRow = candidates[0]!;
      let best = headersAt(headerRow);
      if (headerScore) {
        let bestScore = headerScore(best.headers);
        for (const r of candidates.slice(1)) {
          const h = headersAt(r);
          const sc = headerScore(h.headers);
          if (sc > bestScore) {
            bestScore = sc;
            best = h;
            headerRow = r;
          }
        }
      }
      headers = best.headers;
      firstData = best.firstData;
      nextRow = firstData;
      while (headers.length && headers[headers.length - 1] === null) headers.pop();
      n = Math.max(headers.length, 1);
      sink = new XlsxSink(db, table, n);
      for (const k of [...kept.values()].sort((a, b) => a.num - b.num)) dataRow(k.num, k.valueWidth, k.value, k.pct, k.ctl);
      kept.clear();
    };

    const size = fs.statSync(file).size;
    const reading = size > 5e6 ? new Progress(`чтение ${shownAs}`, sheet.part.compSize, 'bytes') : undefined;
    const lastRow = await scanSheet(wb, sheet.part, {
      merges,
      onRead: reading ? (b) => reading.tick(b) : undefined,
      between: () => (sink ? sink.pump() : undefined),
      onRow: (row) => {
        if (decided) {
          dataRow(row.num, row.valueWidth, row.value, row.pct, row.ctl);
          return;
        }
        if (row.width) kept.set(row.num, keep(row));
        if (candidates.length >= HEADER_SEARCH_ROWS) {
          // a row after the last candidate: every candidate has a row below it
          decide(Infinity);
          return;
        }
        let any = false;
        for (let c = 0; c < row.valueWidth && !any; c++) {
          const t = valueText(row.value[c]!, row.pct[c]!);
          any = t !== null && !blank(t);
        }
        if (any) candidates.push(row.num);
      },
    });
    reading?.done(sheet.part.compSize);
    if (!decided) decide(lastRow);

    // how well every other sheet's top rows match the layout, to say where the data are when this sheet is wrong
    const sheetScores: { sheet: string; score: number }[] = [];
    if (headerScore && all.length > 1) {
      for (const other of all) {
        if (other === sheet) continue;
        const top = new Map<number, (string | null)[]>();
        const last = await scanSheet(wb, other.part, {
          merges: await readMerges(wb.zip, other.part),
          onRow: (row) => {
            if (row.num > HEADER_SEARCH_ROWS + 1) return false;
            const vals: (string | null)[] = [];
            for (let c = 0; c < row.width; c++) vals.push(valueText(row.value[c]!, row.pct[c]!)?.trim() || null);
            top.set(row.num, vals);
          },
        });
        const rows = last < 0 ? HEADER_SEARCH_ROWS + 1 : Math.min(last, HEADER_SEARCH_ROWS + 1);
        let score = 0;
        for (let r = 1; r <= rows; r++) score = Math.max(score, headerScore(top.get(r) ?? []));
        sheetScores.push({ sheet: other.name, score });
      }
    }
    await sink!.finish();
    if (dataRows > 5000) progress.done(dataRows);
    return { table, headers, headerRow, dataRows, blankRows, rejected: [], warnings, encoding: 'xlsx', delimiter: null, sheet: sheet.name, sheets: all.map((w) => w.name), sheetScores };
  } catch (e) {
    if (sink) await (sink as XlsxSink).abort();
    throw e;
  } finally {
    wb.zip.close();
  }
}

/**
 * A whole CSV file as objects (header → cell text, empty cell = ''), read by the same
 * reader as every layout (the byte scan for encoding and structure, then DuckDB `read_csv`).
 * For the project's own files and scripts: any row the reader cannot load is an error.
 */
export async function readCsvObjects(file: string, opts: { db?: Db; what?: string } = {}): Promise<{ header: string[]; rows: Record<string, string>[] }> {
  const db = opts.db ?? (await Db.open());
  const what = opts.what ?? path.basename(file);
  const scratch = path.join((await import('node:os')).tmpdir(), `nok-csv-${process.pid}-${++scratchSeq}`);
  try {
    const r = await readCsv(db, file, what, scratch);
    if (r.rejected.length) {
      const b = r.rejected[0]!;
      throw new UserError(`${what}: строка ${b.row} не прочитана: ${b.message}`, { file: what });
    }
    const header = r.headers.map((h, i) => h ?? `c${i}`);
    const cols = header.map((_, i) => `c${i}`).join(', ');
    const cells = await db.all(`SELECT ${cols} FROM ${r.table} ORDER BY _row`);
    await db.run(`DROP TABLE ${r.table}`);
    const rows = cells.map((c) => Object.fromEntries(header.map((h, i) => [h, (c[`c${i}`] as string | null) ?? ''])));
    return { header, rows };
  } finally {
    if (!opts.db) db.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
let scratchSeq = 0;

export { ident };
