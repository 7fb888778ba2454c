/**
 * A fast byte scan of a UTF-8 CSV that follows the same rules as DuckDB's
 * CSV reader (quote only at the start of a field, "" inside quotes, blank
 * lines skipped), so that the n-th row DuckDB returns is the n-th non-blank
 * record found here. It finds:
 *  - record numbers as a spreadsheet shows rows (header = 1 when it is the
 *    first line; a quoted line break stays in its record; blank lines count);
 *  - the header record and its text;
 *  - records DuckDB would silently damage: more non-empty fields than the
 *    header has columns, a quote never closed, text after a closing quote.
 */
import fs from 'node:fs';

export type BadRecordKind = 'too_many_fields' | 'unclosed_quote' | 'text_after_quote';

export interface BadRecord {
  record: number;
  kind: BadRecordKind;
  /** Fields found in the record (for too_many_fields). */
  fields: number;
  /** Byte range of the record in the file. */
  start: number;
  end: number;
  /** For unclosed_quote: the last record number the open quote swallowed (physical lines). */
  lines: number;
}

export interface CsvScan {
  /** Record numbers (1-based) of blank records. */
  blank: number[];
  /** Number of records, blank ones included. */
  records: number;
  /** Record number of the header (the first non-blank record); 0 when the file has none. */
  headerRecord: number;
  /** The raw text of the header record. */
  headerText: string;
  /** Fields in the header record. */
  headerFields: number;
  /** Record number of the last non-blank record. */
  lastContent: number;
  /** The delimiter used (detected from the first non-blank line unless given). */
  delimiter: string;
  /** Records that cannot be loaded as they are (sorted by record number). */
  bad: BadRecord[];
}

const NL = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

const S_START = 0;
const S_UNQUOTED = 1;
const S_QUOTED = 2;
const S_AFTER_QUOTE = 3;

function hasBom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** The first non-blank physical line of a file (from its first megabyte), without BOM. */
export function firstLine(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(fs.fstatSync(fd).size, 1024 * 1024));
    fs.readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(hasBom(buf) ? 3 : 0).toString('utf8');
    for (const line of text.split('\n')) if (line.replace(/\r$/, '').trim() !== '') return line.replace(/\r$/, '');
    return '';
  } finally {
    fs.closeSync(fd);
  }
}

export function scanCsv(file: string, opts: { delimiter?: string; onProgress?: (bytes: number) => void } | ((bytes: number) => void) = {}): CsvScan {
  const o = typeof opts === 'function' ? { onProgress: opts } : opts;
  const delimiter = o.delimiter ?? detectDelimiter(firstLine(file));
  const DELIM = delimiter.charCodeAt(0);
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  const blank: number[] = [];
  const bad: BadRecord[] = [];
  let state = S_START;
  let record = 1;
  let physical = 1; // physical line of the current byte
  let recContent = false;
  let fieldContent = false;
  let fieldIndex = 0;
  let lastNonEmpty = -1;
  let afterQuoteText = false;
  let headerRecord = 0;
  let headerFields = 0;
  let headerStart = 0;
  let headerEnd = 0;
  let lastContent = 0;
  let recStart = 0;
  let offset = 0;
  let first = true;

  const endField = (): void => {
    if (fieldContent) lastNonEmpty = fieldIndex;
    fieldIndex++;
    fieldContent = false;
  };
  const endRecord = (endByte: number): void => {
    if (recContent) {
      endField();
      if (!headerRecord) {
        headerRecord = record;
        headerFields = fieldIndex;
        headerStart = recStart;
        headerEnd = endByte;
      } else if (lastNonEmpty >= headerFields) {
        bad.push({ record, kind: 'too_many_fields', fields: lastNonEmpty + 1, start: recStart, end: endByte, lines: 0 });
      } else if (afterQuoteText) {
        bad.push({ record, kind: 'text_after_quote', fields: fieldIndex, start: recStart, end: endByte, lines: 0 });
      }
      lastContent = record;
    } else blank.push(record);
    record++;
    state = S_START;
    recContent = false;
    fieldContent = false;
    fieldIndex = 0;
    lastNonEmpty = -1;
    afterQuoteText = false;
    recStart = endByte + 1;
  };

  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (hasBom(chunk.subarray(0, n))) {
          i = 3;
          recStart = 3;
        }
      }
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (b === NL) physical++;
        switch (state) {
          case S_START:
            if (b === QUOTE) {
              state = S_QUOTED;
              recContent = true;
            } else if (b === DELIM) {
              recContent = true;
              endField();
            } else if (b === NL) endRecord(offset + i);
            else if (b !== CR) {
              state = S_UNQUOTED;
              recContent = true;
              if (b !== SPACE && b !== TAB) fieldContent = true;
            }
            break;
          case S_UNQUOTED:
            if (b === DELIM) {
              endField();
              state = S_START;
            } else if (b === NL) endRecord(offset + i);
            else if (b !== CR && b !== SPACE && b !== TAB) fieldContent = true;
            break;
          case S_QUOTED:
            if (b === QUOTE) state = S_AFTER_QUOTE;
            else if (b !== SPACE && b !== NL && b !== CR && b !== TAB) fieldContent = true;
            break;
          default: // S_AFTER_QUOTE
            if (b === QUOTE) {
              state = S_QUOTED;
              fieldContent = true;
            } else if (b === DELIM) {
              endField();
              state = S_START;
            } else if (b === NL) endRecord(offset + i);
            else if (b !== CR && b !== SPACE && b !== TAB) {
              afterQuoteText = true;
              state = S_UNQUOTED;
            }
        }
      }
      offset += n;
      o.onProgress?.(offset);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (state === S_QUOTED) {
    // a quote opened and never closed: DuckDB reads everything after it as one field of this record
    if (!headerRecord) {
      headerRecord = record;
      headerFields = fieldIndex + 1;
      headerStart = recStart;
      headerEnd = offset;
    } else bad.push({ record, kind: 'unclosed_quote', fields: fieldIndex + 1, start: recStart, end: offset, lines: physical });
    lastContent = record;
  } else if (recContent) {
    endRecord(offset);
    record--;
  } else {
    record--; // the file ends with a line break, or is empty
  }
  const headerText = headerRecord ? readBytes(file, headerStart, headerEnd).replace(/\r$/, '') : '';
  return { blank, records: Math.max(record, 0), headerRecord, headerText, headerFields, lastContent, delimiter, bad };
}

/** The text of a byte range of a file (at most `max` bytes), as UTF-8. */
export function readBytes(file: string, start: number, end: number, max = 1_000_000): string {
  const len = Math.max(0, Math.min(end - start, max));
  const buf = Buffer.alloc(len);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, buf, 0, len, start);
  } finally {
    fs.closeSync(fd);
  }
  return buf.toString('utf8');
}

/** Split one CSV record into fields ("" inside quotes is a quote). */
export function splitCsvRecord(text: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  let atStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"' && atStart) {
      q = true;
      atStart = false;
    } else if (ch === delim) {
      out.push(cur);
      cur = '';
      atStart = true;
    } else {
      cur += ch;
      atStart = false;
    }
  }
  out.push(cur);
  return out;
}

/** The delimiter of a header record: the most frequent of ; , and tab outside quotes (a tie goes to ;). */
export function detectDelimiter(headerText: string): string {
  const counts: [string, number][] = [[';', 0], [',', 0], ['\t', 0]];
  let q = false;
  for (const ch of headerText) {
    if (ch === '"') q = !q;
    else if (!q) for (const c of counts) if (c[0] === ch) c[1]++;
  }
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ';';
}
