/**
 * A fast byte scan of a UTF-8 CSV: how many records, which are blank, and
 * the header record. Quotes are honoured, so a field with a line break is
 * one record. Record numbers count every record, blank ones too, as a
 * spreadsheet shows rows: the header is row 1.
 */
import fs from 'node:fs';

export interface CsvScan {
  /** Record numbers (1-based) of blank records. */
  blank: number[];
  /** Number of records, blank ones included. */
  records: number;
  /** Record number of the header (the first non-blank record); 0 when the file has none. */
  headerRecord: number;
  /** The raw text of the header record. */
  headerText: string;
  /** Record number of the last non-blank record. */
  lastContent: number;
}

const NL = 10;
const CR = 13;
const QUOTE = 34;

export function scanCsv(file: string, onProgress?: (bytes: number) => void): CsvScan {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  let inQuote = false;
  let record = 1;
  let hasContent = false;
  const blank: number[] = [];
  let headerRecord = 0;
  let lastContent = 0;
  let offset = 0;
  let first = true;
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      }
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (b === QUOTE) {
          inQuote = !inQuote;
          hasContent = true;
        } else if (b === NL) {
          if (inQuote) continue;
          if (!hasContent) blank.push(record);
          else {
            if (!headerRecord) headerRecord = record;
            lastContent = record;
          }
          record++;
          hasContent = false;
        } else if (b !== CR) hasContent = true;
      }
      offset += n;
      onProgress?.(offset);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (hasContent) {
    if (!headerRecord) headerRecord = record;
    lastContent = record;
  } else {
    record--; // the file ends with a line break, or is empty
    while (blank.length && blank[blank.length - 1]! > record) blank.pop();
  }
  return { blank, records: Math.max(record, 0), headerRecord, lastContent, headerText: headerRecord ? readRecord(file, headerRecord) : '' };
}

/** The text of record number `target` (1-based), read from the start of the file. */
function readRecord(file: string, target: number): string {
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  const parts: Buffer[] = [];
  let record = 1;
  let inQuote = false;
  let first = true;
  try {
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let i = 0;
      if (first) {
        first = false;
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
      }
      let start = i;
      for (; i < n; i++) {
        const b = chunk[i]!;
        if (b === QUOTE) inQuote = !inQuote;
        else if (b === NL && !inQuote) {
          if (record === target) {
            parts.push(Buffer.from(chunk.subarray(start, i)));
            return Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
          }
          record++;
          start = i + 1;
        }
      }
      if (record === target) parts.push(Buffer.from(chunk.subarray(start, n)));
    }
  } finally {
    fs.closeSync(fd);
  }
  return Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
}

/** Split one CSV record into fields ("" inside quotes is a quote). */
export function splitCsvRecord(text: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
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
