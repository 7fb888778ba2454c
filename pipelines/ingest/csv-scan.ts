/**
 * A fast byte scan of a UTF-8 CSV that follows the same rules as DuckDB's
 * CSV reader (quote only at the start of a field, "" inside quotes, blank
 * lines skipped), so that the n-th row DuckDB returns is the n-th non-blank
 * record found here. It finds:
 *  - record numbers as a spreadsheet shows rows (header = 1 when it is the
 *    first line; a quoted line break stays in its record; blank lines count);
 *  - the header record and its text;
 *  - records DuckDB would silently damage: more non-empty fields than the
 *    header has columns, a quote never closed, text after a closing quote;
 *  - records with bytes that must not reach DuckDB as they are: NUL, a carriage
 *    return outside quotes not followed by a line feed, and (with `validate`)
 *    bytes that are not UTF-8. `sanitizeCopy` writes a copy with each replaced.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type BadRecordKind = 'too_many_fields' | 'unclosed_quote' | 'text_after_quote' | 'encoding' | 'nul' | 'stray_cr';

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
  /** Bytes of the longest record (its quoted line breaks included): DuckDB must be told to expect lines that long. */
  longest: number;
  /** The delimiter used (detected from the first non-blank line unless given). */
  delimiter: string;
  /** Records that cannot be loaded as they are (sorted by record number, one entry per record). */
  bad: BadRecord[];
  /**
   * Byte ranges [start, end) DuckDB must not see as they are: every record in `bad` (so that
   * DuckDB reads each as one row, whatever its quotes and line breaks), and in the header the
   * bytes that are not UTF-8 (when `validate`), NUL bytes, stray carriage returns.
   * `sanitizeCopy` writes a copy with them replaced byte for byte.
   */
  fixes: [number, number][];
}

/** How many quotes never closed are taken as plain characters before the rest of the file is given up. */
const MAX_UNCLOSED = 100;

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

type ScanOptions = {
  delimiter?: string;
  onProgress?: (bytes: number) => void;
  validate?: boolean;
  /** For tests: bytes read at a time (default 8 MiB), and every line byte by byte (no fast path). */
  chunkBytes?: number;
  slow?: boolean;
};

/**
 * Scan a CSV. A quote that opens a field and is never closed would make the rest of the file one
 * value: it is taken as a plain character instead (its record is quarantined) and the file is
 * scanned again, so that one stray quote spoils its row, not the file.
 */
export function scanCsv(file: string, opts: ScanOptions | ((bytes: number) => void) = {}): CsvScan {
  const o = typeof opts === 'function' ? { onProgress: opts } : opts;
  const literal = new Set<number>();
  for (;;) {
    const r = scanOnce(file, o, literal, literal.size >= MAX_UNCLOSED);
    if (r.unclosedAt === null) return r.scan;
    literal.add(r.unclosedAt);
  }
}

function scanOnce(file: string, o: ScanOptions, literal: Set<number>, last: boolean): { scan: CsvScan; unclosedAt: number | null } {
  const validate = o.validate === true;
  const delimiter = o.delimiter ?? detectDelimiter(firstLine(file));
  const DELIM = delimiter.charCodeAt(0);
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(o.chunkBytes ?? 8 * 1024 * 1024);
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
  let longest = 0;
  let offset = 0;
  let first = true;
  const fixes: [number, number][] = [];
  /** Damaged bytes of the current record, the damage (the first kind found), where its open quote began. */
  let pending: number[] = [];
  let damage: BadRecordKind | null = null;
  let quoteAt = -1;
  /** UTF-8 continuation bytes still expected, and the allowed range of the next one. */
  let need = 0;
  let lo = 0x80;
  let hi = 0xbf;
  let leadAt = -1;
  /** Position of a carriage return outside quotes whose next byte is not seen yet. */
  let crAt = -1;
  const mark = (pos: number, kind: BadRecordKind): void => {
    pending.push(pos);
    if (!damage) damage = kind;
  };
  const reject = (b: BadRecord): void => {
    bad.push(b);
    if (b.end > b.start) fixes.push([b.start, b.end]);
  };
  const setHeader = (fields: number, endByte: number): void => {
    headerRecord = record;
    headerFields = fields;
    headerStart = recStart;
    headerEnd = endByte;
    for (const p of pending) fixes.push([p, p + 1]);
  };

  const endField = (): void => {
    if (fieldContent) lastNonEmpty = fieldIndex;
    fieldIndex++;
    fieldContent = false;
  };
  const endRecord = (endByte: number): void => {
    if (endByte - recStart > longest) longest = endByte - recStart;
    if (recContent) {
      endField();
      if (damage && headerRecord) {
        reject({ record, kind: damage, fields: fieldIndex, start: recStart, end: endByte, lines: 0 });
      } else if (!headerRecord) {
        setHeader(fieldIndex, endByte);
      } else if (lastNonEmpty >= headerFields) {
        reject({ record, kind: 'too_many_fields', fields: lastNonEmpty + 1, start: recStart, end: endByte, lines: 0 });
      } else if (afterQuoteText) {
        reject({ record, kind: 'text_after_quote', fields: fieldIndex, start: recStart, end: endByte, lines: 0 });
      }
      lastContent = record;
    } else if (damage) {
      // only damage on a line otherwise blank (a NUL, a stray byte): a record of its own, not loadable
      if (headerRecord) reject({ record, kind: damage, fields: 0, start: recStart, end: endByte, lines: 0 });
      else setHeader(1, endByte);
      lastContent = record;
    } else blank.push(record);
    damage = null;
    pending = [];
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
      let n = fs.readSync(fd, chunk, 0, chunk.length, offset);
      if (n === 0) break;
      // a chunk ends before a UTF-8 sequence it would cut (read again with the next chunk): then a chunk of valid
      // UTF-8 is seen valid as a whole, and its lines take the fast path
      if (n === chunk.length) {
        let k = n - 1;
        while (k > n - 4 && (chunk[k]! & 0xc0) === 0x80) k--;
        const lead = chunk[k]!;
        const len = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        if (k + len > n && k > 0) n = k;
      }
      let i = 0;
      if (first) {
        first = false;
        if (hasBom(chunk.subarray(0, n))) {
          i = 3;
          recStart = 3;
        }
      }
      // bytes that are not UTF-8 are looked for only in chunks that are not valid UTF-8 as a whole
      const check = validate && (need > 0 || !isUtf8(chunk.subarray(i, n)));
      // the fast path: a whole line at once when it holds no NUL, no carriage return but the one before its line feed,
      // no quote but around whole fields on the line, and no more fields than the header, in a chunk without bytes to
      // validate; anything else, byte by byte
      const fast = !check && !o.slow;
      for (; i < n; i++) {
        if (fast && state === S_START && !recContent && headerRecord && crAt < 0 && need === 0 && !damage) {
          let j = i;
          let d = 0;
          let b = 0;
          for (; j < n; j++) {
            b = chunk[j]!;
            if (b === DELIM) d++;
            else if (b === QUOTE && literal.size === 0 && (j === i || chunk[j - 1] === DELIM)) {
              // a quoted field on one line, closed by a quote that ends the field; else ("" or text after it) byte by byte
              let k = j + 1;
              for (; k < n; k++) {
                const c = chunk[k]!;
                if (c === QUOTE || c === NL || c === CR || c === 0) break;
              }
              const after = k + 1 < n ? chunk[k + 1]! : -1;
              if (k >= n || chunk[k] !== QUOTE || (after !== DELIM && after !== NL && after !== CR)) {
                b = -1;
                break;
              }
              j = k;
            } else if (b === NL || b === QUOTE || b === 0 || b === CR) break;
          }
          if (b === CR && j + 1 < n && chunk[j + 1] === NL) {
            j++;
            b = NL;
          }
          if (j < n && b === NL && d < headerFields) {
            physical++;
            if (j > i && !(j === i + 1 && chunk[i] === CR)) {
              recContent = true;
              fieldIndex = d;
            }
            endRecord(offset + j);
            i = j;
            continue;
          }
        }
        let b = chunk[i]!;
        if (b === NL) physical++;
        if (crAt >= 0) {
          // a carriage return outside quotes not followed by a line feed: DuckDB would end the
          // record there; the copy it reads has a space instead
          if (b !== NL) {
            mark(crAt, 'stray_cr');
            recContent = true;
            if (state === S_START) state = S_UNQUOTED;
          }
          crAt = -1;
        }
        if (b === 0) {
          // a NUL byte: «?» in the copy DuckDB reads (and the end of a UTF-8 sequence it cut short)
          if (need > 0) {
            for (let k = leadAt; k < offset + i; k++) mark(k, 'encoding');
            need = 0;
            lo = 0x80;
            hi = 0xbf;
          }
          mark(offset + i, 'nul');
          b = 0x3f;
        } else if (check && (need > 0 || b >= 0x80)) {
          if (need > 0 && b >= lo && b <= hi) {
            need--;
            lo = 0x80;
            hi = 0xbf;
          } else {
            if (need > 0) {
              // a sequence cut short: its bytes are damaged; this byte is looked at afresh
              for (let k = leadAt; k < offset + i; k++) mark(k, 'encoding');
              need = 0;
              lo = 0x80;
              hi = 0xbf;
            }
            if (b >= 0xc2 && b <= 0xdf) need = 1;
            else if (b >= 0xe0 && b <= 0xef) {
              need = 2;
              if (b === 0xe0) lo = 0xa0;
              else if (b === 0xed) hi = 0x9f;
            } else if (b >= 0xf0 && b <= 0xf4) {
              need = 3;
              if (b === 0xf0) lo = 0x90;
              else if (b === 0xf4) hi = 0x8f;
            } else if (b >= 0x80) mark(offset + i, 'encoding');
            leadAt = offset + i;
          }
        }
        switch (state) {
          case S_START:
            if (b === QUOTE && literal.has(offset + i)) {
              // a quote never closed (found by an earlier pass): a plain character, and the record is not loaded
              mark(offset + i, 'unclosed_quote');
              state = S_UNQUOTED;
              recContent = true;
              fieldContent = true;
            } else if (b === QUOTE) {
              state = S_QUOTED;
              quoteAt = offset + i;
              recContent = true;
            } else if (b === DELIM) {
              recContent = true;
              endField();
            } else if (b === NL) endRecord(offset + i);
            else if (b === CR) crAt = offset + i;
            else {
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
            else if (b === CR) crAt = offset + i;
            else if (b !== SPACE && b !== TAB) fieldContent = true;
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
            else if (b === CR) crAt = offset + i;
            else if (b !== SPACE && b !== TAB) {
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
  // the file ends inside a UTF-8 sequence, or with a carriage return
  if (need > 0) for (let k = leadAt; k < offset; k++) mark(k, 'encoding');
  if (crAt >= 0 && crAt < offset - 1) mark(crAt, 'stray_cr');
  if (state === S_QUOTED) {
    // a quote opened and never closed: taken as a plain character in another pass, or (after
    // MAX_UNCLOSED of them, or in the header) everything after it is one field of this record
    if (headerRecord && !last) return { scan: null as unknown as CsvScan, unclosedAt: quoteAt };
    if (!headerRecord) setHeader(fieldIndex + 1, offset);
    else reject({ record, kind: damage ?? 'unclosed_quote', fields: fieldIndex + 1, start: recStart, end: offset, lines: physical });
    longest = Math.max(longest, offset - recStart);
    lastContent = record;
  } else if (recContent || damage) {
    endRecord(offset);
    record--;
  } else {
    record--; // the file ends with a line break, or is empty
  }
  // the header's text without the bytes DuckDB is not shown (NUL, stray carriage returns); bytes that are not UTF-8 become U+FFFD
  const headerText = headerRecord ? readBytes(file, headerStart, headerEnd).replace(/\r$/, '').replace(/[\0\r]/g, '') : '';
  fixes.sort((a, b) => a[0] - b[0]);
  bad.sort((a, b) => a.record - b.record);
  return { scan: { blank, records: Math.max(record, 0), headerRecord, headerText, headerFields, lastContent, longest, delimiter, bad, fixes }, unclosedAt: null };
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

/**
 * A copy of `file` with the byte ranges `fixes` replaced byte for byte (a «?» for each byte),
 * so that DuckDB reads the same records at the same byte offsets, each damaged record as one
 * row (quarantined by its number); the header's text is taken from the scan.
 */
export function sanitizeCopy(file: string, out: string, fixes: [number, number][]): void {
  const src = fs.openSync(file, 'r');
  const dst = fs.openSync(out, 'w');
  const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
  let offset = 0;
  let k = 0;
  try {
    for (;;) {
      const n = fs.readSync(src, chunk, 0, chunk.length, null);
      if (n === 0) break;
      // ranges may span chunks: fill what falls in this one, keep the range until it is past
      while (k < fixes.length && fixes[k]![0] < offset + n) {
        const [a, b] = fixes[k]!;
        chunk.fill(0x3f, Math.max(a - offset, 0), Math.min(b - offset, n));
        if (b <= offset + n) k++;
        else break;
      }
      fs.writeSync(dst, chunk, 0, n);
      offset += n;
    }
  } finally {
    fs.closeSync(src);
    fs.closeSync(dst);
  }
}
