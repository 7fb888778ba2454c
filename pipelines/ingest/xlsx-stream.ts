/**
 * A streaming XLSX reader that gives the same cell values as exceljs reading the whole
 * workbook into memory (pipelines/ingest/read.ts keeps that reader as the fallback).
 *
 * The ZIP central directory is read with node:fs, a part is inflated as a stream
 * (node:zlib inflateRaw) and its XML scanned in string chunks by hand: no DOM, no per-cell
 * objects. Shared strings and styles are held in memory; a sheet is read row by row.
 * `<mergeCells>` follows `<sheetData>`, so a sheet is inflated twice: once for its merged
 * ranges (only the bytes after `</sheetData>` are parsed), once for its rows.
 *
 * Values follow exceljs 4.4 exactly (lib/xlsx/xform/sheet/cell-xform.js and friends): numbers
 * are `parseFloat` of the text, a number whose style has a date format is a date
 * (`excelToDate`, date1904), booleans are `parseInt(v) !== 0`, formula cells give their cached
 * result, rich text is the join of its runs, `_xHHHH_` is decoded in shared strings and rich
 * runs but not in plain inline strings, `t="str"` text is XML-decoded twice, a cell without a
 * value and without a style does not exist, a merged cell shows its master's value with its
 * own number format. Whatever this reader cannot reproduce with certainty (rows out of order,
 * overlapping merges, CDATA, unknown entities, encrypted or unusual ZIP entries…) throws
 * `XlsxFallback`, and the caller reads the workbook with exceljs as before.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';

/** The streaming reader cannot promise exceljs's result for this file: read it with exceljs. */
export class XlsxFallback extends Error {
  constructor(why: string) {
    super(`xlsx-stream: ${why}`);
  }
}
function fallback(why: string): never {
  throw new XlsxFallback(why);
}

// ───────────────────────────── ZIP ─────────────────────────────

export interface ZipEntry {
  name: string;
  method: number;
  compSize: number;
  size: number;
  localOffset: number;
}

export class Zip {
  private constructor(
    readonly file: string,
    private readonly fd: number,
    readonly fileSize: number,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static open(file: string): Zip {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const tailLen = Math.min(size, 65_557);
      const tail = Buffer.alloc(tailLen);
      fs.readSync(fd, tail, 0, tailLen, size - tailLen);
      let eocd = -1;
      for (let i = tailLen - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === 0x06054b50) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) fallback('no end of central directory');
      let count = tail.readUInt16LE(eocd + 10);
      let cdSize = tail.readUInt32LE(eocd + 12);
      let cdOffset = tail.readUInt32LE(eocd + 16);
      if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
        // ZIP64: the locator sits right before the end record
        const loc = eocd - 20;
        if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) fallback('zip64 locator missing');
        const at = Number(tail.readBigUInt64LE(loc + 8));
        const z = Buffer.alloc(56);
        if (fs.readSync(fd, z, 0, 56, at) !== 56 || z.readUInt32LE(0) !== 0x06064b50) fallback('zip64 end record missing');
        count = Number(z.readBigUInt64LE(32));
        cdSize = Number(z.readBigUInt64LE(40));
        cdOffset = Number(z.readBigUInt64LE(48));
      }
      if (cdOffset + cdSize > size) fallback('central directory outside the file');
      const cd = Buffer.alloc(cdSize);
      if (fs.readSync(fd, cd, 0, cdSize, cdOffset) !== cdSize) fallback('short central directory');
      const entries = new Map<string, ZipEntry>();
      let p = 0;
      for (let k = 0; k < count; k++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) fallback('bad central directory entry');
        const flags = cd.readUInt16LE(p + 8);
        const method = cd.readUInt16LE(p + 10);
        let compSize = cd.readUInt32LE(p + 20);
        let usize = cd.readUInt32LE(p + 24);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        let localOffset = cd.readUInt32LE(p + 42);
        const nameBuf = cd.subarray(p + 46, p + 46 + nameLen);
        for (const b of nameBuf) if (b > 0x7e || b < 0x20) fallback('non-ASCII entry name');
        let name = nameBuf.toString('latin1');
        // ZIP64 extended information: the fields that are 0xFFFFFFFF, in this order
        let e = p + 46 + nameLen;
        const eEnd = e + extraLen;
        while (e + 4 <= eEnd) {
          const id = cd.readUInt16LE(e);
          const len = cd.readUInt16LE(e + 2);
          if (id === 1) {
            let q = e + 4;
            if (usize === 0xffffffff) (usize = Number(cd.readBigUInt64LE(q))), (q += 8);
            if (compSize === 0xffffffff) (compSize = Number(cd.readBigUInt64LE(q))), (q += 8);
            if (localOffset === 0xffffffff) localOffset = Number(cd.readBigUInt64LE(q));
          }
          e += 4 + len;
        }
        p += 46 + nameLen + extraLen + commentLen;
        if (name.endsWith('/')) continue;
        if (flags & 1) fallback('encrypted entry');
        if (method !== 0 && method !== 8) fallback(`compression method ${method}`);
        if (name[0] === '/') name = name.slice(1);
        if (entries.has(name)) fallback('duplicate entry');
        entries.set(name, { name, method, compSize, size: usize, localOffset });
      }
      return new Zip(file, fd, size, entries);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      /* closed */
    }
  }

  private dataStart(en: ZipEntry): number {
    const h = Buffer.alloc(30);
    if (fs.readSync(this.fd, h, 0, 30, en.localOffset) !== 30 || h.readUInt32LE(0) !== 0x04034b50) fallback('bad local header');
    const start = en.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
    if (start + en.compSize > this.fileSize) fallback('entry outside the file');
    return start;
  }

  /** The inflated bytes of an entry, in chunks; `onRead` gets the compressed bytes read so far. */
  async *chunks(en: ZipEntry, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
    const start = this.dataStart(en);
    if (en.compSize === 0) return;
    const raw = fs.createReadStream(this.file, { start, end: start + en.compSize - 1, highWaterMark: 1 << 20 });
    const src = en.method === 8 ? raw.pipe(zlib.createInflateRaw({ chunkSize: 1 << 20 })) : raw;
    if (src !== raw) raw.on('error', (e) => (src as zlib.InflateRaw).destroy(e));
    try {
      for await (const chunk of src) {
        onRead?.(raw.bytesRead);
        yield chunk as Buffer;
      }
    } catch (e) {
      if (e instanceof XlsxFallback) throw e;
      fallback(`inflate: ${(e as Error).message}`);
    } finally {
      raw.destroy();
      if (src !== raw) (src as zlib.InflateRaw).destroy();
    }
  }

  /** A whole (small) entry as text. */
  async text(name: string): Promise<string | undefined> {
    const en = this.entries.get(name);
    if (!en) return undefined;
    const dec = new StringDecoder('utf8');
    let s = '';
    for await (const c of this.chunks(en)) s += dec.write(c);
    return s + dec.end();
  }
}

// ───────────────────────────── XML helpers ─────────────────────────────

/** Characters saxes rejects in a document (exceljs would fail to load it). */
const BAD_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

function charRef(body: string): string {
  const hex = body[1] === 'x';
  const digits = body.slice(hex ? 2 : 1);
  if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) fallback('bad character reference');
  const code = parseInt(digits, hex ? 16 : 10);
  const ok = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
  if (!ok) fallback('disallowed character reference');
  return String.fromCodePoint(code);
}

function entities(s: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', last)) {
    const semi = s.indexOf(';', i);
    if (semi < 0) fallback('bare ampersand');
    const name = s.slice(i + 1, semi);
    let ch: string;
    switch (name) {
      case 'amp':
        ch = '&';
        break;
      case 'lt':
        ch = '<';
        break;
      case 'gt':
        ch = '>';
        break;
      case 'quot':
        ch = '"';
        break;
      case 'apos':
        ch = "'";
        break;
      default:
        if (name[0] !== '#') fallback(`entity &${name};`);
        ch = charRef(name);
    }
    out += s.slice(last, i) + ch;
    last = semi + 1;
  }
  return out + s.slice(last);
}

/** Text content as saxes gives it: line ends normalised, then references decoded. */
export function xmlText(raw: string): string {
  if (raw.indexOf('\r') >= 0) raw = raw.replace(/\r\n?/g, '\n');
  return raw.indexOf('&') >= 0 ? entities(raw) : raw;
}

/** An attribute value as saxes gives it (line ends and tabs become spaces, then references). */
function xmlAttr(raw: string): string {
  if (/[\r\n\t]/.test(raw)) raw = raw.replace(/\r\n?/g, '\n').replace(/[\n\t]/g, ' ');
  return raw.indexOf('&') >= 0 ? entities(raw) : raw;
}

/** exceljs utils.xmlDecode: a second decoding of the five named entities (t="str", sheet names). */
function xmlDecode(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/** exceljs TextXform: `_xHHHH_` escapes (upper-case hex only). */
function unescapeX(s: string): string {
  return s.indexOf('_x') >= 0 ? s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

interface Tag {
  name: string;
  close: boolean;
  self: boolean;
  attrs: Record<string, string>;
}
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Every tag of a small part (workbook, rels, styles), attributes decoded. */
function tags(xml: string): Tag[] {
  if (xml.indexOf('<!') >= 0 || BAD_CHARS.test(xml)) fallback('comment, CDATA or bad character in a workbook part');
  const out: Tag[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const attrs: Record<string, string> = {};
    if (m[3]) {
      ATTR.lastIndex = 0;
      for (let a = ATTR.exec(m[3]); a; a = ATTR.exec(m[3])) attrs[a[1]!] = xmlAttr(a[2] ?? a[3] ?? '');
    }
    out.push({ name: m[2]!, close: m[1] === '/', self: m[4] === '/', attrs });
  }
  return out;
}

// ───────────────────────────── number formats ─────────────────────────────

/** exceljs lib/xlsx/defaultnumformats.js, the ids that have a format string. */
const DEFAULT_FMT: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm',
  17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

/** exceljs utils.isDateFmt. */
export function isDateFmt(fmt: string | undefined): boolean {
  if (!fmt) return false;
  fmt = fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(fmt);
}

export interface Styles {
  /** Per cellXfs index: its number format (exceljs StylesXform.getStyleModel(id).numFmt). */
  numFmt: (string | undefined)[];
  isDate: Uint8Array;
  isPct: Uint8Array;
}

function parseStyles(xml: string): Styles {
  const fmts = new Map<number, string>();
  const xfNumFmt: number[] = [];
  let depth = 0;
  let where: 'numFmts' | 'cellXfs' | null = null;
  for (const t of tags(xml)) {
    if (t.close) {
      depth--;
      if (depth === 1) where = null;
      continue;
    }
    if (depth === 1 && (t.name === 'numFmts' || t.name === 'cellXfs') && !t.self) where = t.name;
    if (depth === 2 && where === 'numFmts' && t.name === 'numFmt') {
      if (t.attrs.formatCode === undefined) fallback('numFmt without formatCode');
      fmts.set(parseInt(t.attrs.numFmtId!, 10), t.attrs.formatCode.replace(/[\\](.)/g, '$1'));
    }
    if (depth === 2 && where === 'cellXfs' && t.name === 'xf') xfNumFmt.push(parseInt(t.attrs.numFmtId!, 10));
    if (!t.self) depth++;
  }
  const numFmt = xfNumFmt.map((id) => (id ? fmts.get(id) || DEFAULT_FMT[id] || undefined : undefined));
  const isDate = new Uint8Array(numFmt.length);
  const isPct = new Uint8Array(numFmt.length);
  numFmt.forEach((f, i) => {
    isDate[i] = isDateFmt(f) ? 1 : 0;
    isPct[i] = f && f.includes('%') ? 1 : 0;
  });
  return { numFmt, isDate, isPct };
}

// ───────────────────────────── shared strings ─────────────────────────────

/** The text of each shared string as exceljs's cellText gives it. */
async function parseSharedStrings(zip: Zip, en: ZipEntry): Promise<string[]> {
  const out: string[] = [];
  const dec = new StringDecoder('utf8');
  let buf = '';
  let started = false;
  let done = false;
  const siItem = (s: string): string => {
    // exceljs SharedStringXform: <t> sets the string, <r> adds a rich run, <rPh> and others are skipped
    let model: string | string[] | null = null;
    let skip = 0; // depth inside rPh / unknown elements
    let run: string | undefined;
    let inRun = false;
    let tText: string | null = null;
    let p = 0;
    for (;;) {
      const lt = s.indexOf('<', p);
      if (lt < 0) break;
      const gt = s.indexOf('>', lt);
      const close = s.charCodeAt(lt + 1) === 47;
      const self = s.charCodeAt(gt - 1) === 47;
      const nameEnd = s.slice(lt + (close ? 2 : 1), self ? gt - 1 : gt).search(/[\s/]|$/);
      const name = s.slice(lt + (close ? 2 : 1), lt + (close ? 2 : 1) + nameEnd);
      if (tText !== null && lt > p) tText += s.slice(p, lt);
      p = gt + 1;
      if (close) {
        if (skip) {
          skip--;
          continue;
        }
        if (name === 't' && tText !== null) {
          const text = unescapeX(xmlText(tText));
          tText = null;
          if (inRun) run = text;
          else model = text;
        } else if (name === 'r' && inRun) {
          inRun = false;
          if (typeof model === 'string') fallback('rich run after text in a shared string');
          model = [...(model ?? []), run ?? ''];
        }
        continue;
      }
      if (skip) {
        if (!self) skip++;
        continue;
      }
      if (name === 't' && tText === null) {
        if (self) {
          if (inRun) run = '';
          else model = '';
        } else tText = '';
      } else if (name === 'r' && !inRun) {
        if (self) {
          if (typeof model === 'string') fallback('rich run after text in a shared string');
          model = [...(model ?? []), ''];
        } else {
          inRun = true;
          run = undefined;
        }
      } else if (inRun && name === 'rPr') {
        if (!self) skip = 1;
      } else if (!inRun && tText === null && (name === 'rPh' || name === 'phoneticPr')) {
        if (!self) skip = 1;
      } else fallback(`<${name}> in a shared string`);
    }
    if (model === null) return ''; // an empty <si/>: an empty cell (exceljs gives {}, read.ts cellText makes it '')
    return typeof model === 'string' ? model : model.join('');
  };
  const consume = (final: boolean): void => {
    let p = 0;
    if (!started) {
      const i = buf.indexOf('<sst');
      if (i < 0) {
        if (final) fallback('no <sst>');
        return;
      }
      const gt = buf.indexOf('>', i);
      if (gt < 0) return;
      started = true;
      p = gt + 1;
      if (buf.charCodeAt(gt - 1) === 47) done = true;
    }
    while (!done) {
      const lt = buf.indexOf('<', p);
      if (lt < 0) {
        p = buf.length;
        break;
      }
      if (buf.startsWith('</sst', lt)) {
        done = true;
        break;
      }
      if (!buf.startsWith('<si', lt) || !/[\s>/]/.test(buf[lt + 3] ?? ' ')) {
        if (lt + 4 > buf.length && !final) {
          p = lt;
          break;
        }
        fallback('unexpected element in sharedStrings.xml');
      }
      const gt = buf.indexOf('>', lt);
      if (gt < 0) {
        p = lt;
        break;
      }
      if (buf.charCodeAt(gt - 1) === 47) {
        out.push('');
        p = gt + 1;
        continue;
      }
      const end = buf.indexOf('</si>', gt);
      if (end < 0) {
        p = lt;
        break;
      }
      out.push(siItem(buf.slice(gt + 1, end)));
      p = end + 5;
    }
    buf = buf.slice(p);
  };
  for await (const c of zip.chunks(en)) {
    const s = dec.write(c);
    if (s.indexOf('<!') >= 0 || BAD_CHARS.test(s)) fallback('comment, CDATA or bad character in sharedStrings.xml');
    buf += s;
    consume(false);
    if (done) break;
  }
  if (!done) {
    buf += dec.end();
    consume(true);
    if (!done) fallback('sharedStrings.xml ends early');
  }
  return out;
}

// ───────────────────────────── workbook ─────────────────────────────

export interface SheetInfo {
  name: string;
  /** exceljs Worksheet.state: 'visible' unless the workbook says otherwise. */
  state: string;
  part: ZipEntry;
}

export interface Workbook {
  zip: Zip;
  sheets: SheetInfo[];
  date1904: boolean;
  styles: Styles | null;
  sst: string[] | null;
  /** Shared strings holding \x01 or \x02 (the separators of the DuckDB batches). */
  sstCtl: Uint8Array | null;
}

const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;

/** exceljs Worksheet name setter: what it rejects fails the load. */
function sheetName(name: string | undefined, id: number): string {
  if (name === undefined) name = `sheet${id}`;
  if (name === '' || name === 'History' || /[*?:/\\[\]]/.test(name) || /(^')|('$)/.test(name)) fallback('sheet name exceljs rejects');
  return name.length > 31 ? name.substring(0, 31) : name;
}

export async function openWorkbook(file: string): Promise<Workbook> {
  const zip = Zip.open(file);
  try {
    const wbXml = await zip.text('xl/workbook.xml');
    const relXml = await zip.text('xl/_rels/workbook.xml.rels');
    const rels = new Map<string, Record<string, string>>();
    for (const t of relXml ? tags(relXml) : []) if (!t.close && t.name === 'Relationship') rels.set(t.attrs.Id!, t.attrs);
    const defs: { name: string | undefined; id: number; state: string | undefined; rId: string | undefined }[] = [];
    let date1904 = false;
    for (const t of wbXml ? tags(wbXml) : []) {
      if (t.close) continue;
      if (t.name === 'sheet') {
        if (t.attrs.name === undefined) fallback('sheet without a name');
        defs.push({ name: xmlDecode(t.attrs.name), id: parseInt(t.attrs.sheetId!, 10), state: t.attrs.state, rId: t.attrs['r:id'] });
      }
      if (t.name === 'workbookPr') date1904 = t.attrs.date1904 === '1';
    }
    // exceljs WorkbookXform.reconcile + Workbook model setter: a sheet needs a relation to a loaded
    // xl/worksheets/sheetN.xml part; sheets are indexed by sheetId and sorted by their place in workbook.xml
    const ids = new Set<number>();
    const parts = new Set<string>();
    const names = new Set<string>();
    const found: (SheetInfo & { order: number; id: number })[] = [];
    for (const d of defs) {
      const rel = d.rId === undefined ? undefined : rels.get(d.rId);
      if (!rel) continue;
      if (rel.Target === undefined) fallback('relation without target');
      const key = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
      const part = zip.entries.get(key);
      if (!part || !SHEET_PART.test(key)) continue;
      if (!(d.id >= 1) || ids.has(d.id) || parts.has(key)) fallback('sheet ids or parts repeat');
      const name = sheetName(d.name, d.id);
      if (names.has(name.toLowerCase())) fallback('repeated sheet name');
      ids.add(d.id);
      parts.add(key);
      names.add(name.toLowerCase());
      found.push({ name, state: d.state || 'visible', part, order: defs.findIndex((x) => x.id === d.id), id: d.id });
    }
    found.sort((a, b) => a.id - b.id).sort((a, b) => a.order - b.order);
    const stylesXml = await zip.text('xl/styles.xml');
    const styles = stylesXml === undefined ? null : parseStyles(stylesXml);
    const sstEntry = zip.entries.get('xl/sharedStrings.xml');
    const sst = sstEntry ? await parseSharedStrings(zip, sstEntry) : null;
    let sstCtl: Uint8Array | null = null;
    if (sst) {
      sstCtl = new Uint8Array(sst.length);
      for (let i = 0; i < sst.length; i++) if (/[\x01\x02]/.test(sst[i]!)) sstCtl[i] = 1;
    }
    return { zip, sheets: found.map(({ name, state, part }) => ({ name, state, part })), date1904, styles, sst, sstCtl };
  } catch (e) {
    zip.close();
    throw e;
  }
}

// ───────────────────────────── merged cells ─────────────────────────────

export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const CELL_REF = /^([A-Z]+)(\d+)$/;

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function decodeRef(ref: string): { row: number; col: number } {
  const m = CELL_REF.exec(ref.replace(/\$/g, ''));
  if (!m) fallback(`cell reference «${ref}»`);
  const col = colNumber(m![1]!);
  const row = parseInt(m![2]!, 10);
  if (col < 1 || col > 16384 || row < 1) fallback(`cell reference «${ref}»`);
  return { row, col };
}

/** The merged ranges of a sheet part (first pass: only the XML after </sheetData> is parsed). */
export async function readMerges(zip: Zip, part: ZipEntry): Promise<Merge[]> {
  // </sheetData> is near the end of the part: only the last two chunks are searched, and the
  // whole part again only when they do not hold it (settings after the rows longer than a chunk)
  const END = Buffer.from('</sheetData>');
  const EMPTY = /<sheetData\s*\/>/;
  let first: Buffer | null = null;
  let prev: Buffer | null = null;
  let cur: Buffer | null = null;
  let chunks = 0;
  for await (const c of zip.chunks(part)) {
    if (!first) first = c.subarray(0, 1 << 20);
    prev = cur;
    cur = c;
    chunks++;
  }
  let tailBytes: Buffer | null = null;
  if (cur) {
    const end = prev ? Buffer.concat([prev, cur]) : cur;
    const i = end.lastIndexOf(END);
    if (i >= 0) tailBytes = end.subarray(i + END.length);
    else if (chunks > 2) {
      let carry = Buffer.alloc(0);
      const rest: Buffer[] = [];
      for await (const c of zip.chunks(part)) {
        if (rest.length) {
          rest.push(c);
          continue;
        }
        const b = carry.length ? Buffer.concat([carry, c]) : c;
        const k = b.indexOf(END);
        if (k >= 0) rest.push(b.subarray(k + END.length));
        else carry = b.subarray(Math.max(0, b.length - END.length));
      }
      if (rest.length) tailBytes = Buffer.concat(rest);
    }
    if (!tailBytes && first) {
      // a sheet without rows writes <sheetData/> (near the start: only sheet settings come before it)
      const m = EMPTY.exec(first.toString('latin1'));
      if (m) tailBytes = first.subarray(m.index + m[0].length);
    }
  }
  const tail = tailBytes ? tailBytes.toString('utf8') : null;
  if (tail === null) return [];
  const merges: Merge[] = [];
  for (const t of tags(tail)) {
    if (t.close || t.name !== 'mergeCell') continue;
    const ref = t.attrs.ref;
    if (ref === undefined) fallback('mergeCell without ref');
    const parts = ref.split(':');
    if (parts.length > 2) fallback(`merge «${ref}»`);
    const a = decodeRef(parts[0]!);
    const b = parts.length === 2 ? decodeRef(parts[1]!) : a;
    merges.push({ top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) });
  }
  // exceljs refuses overlapping merges ("Cannot merge already merged cells")
  const byTop = [...merges].sort((x, y) => x.top - y.top);
  const open: Merge[] = [];
  for (const m of byTop) {
    for (let k = open.length - 1; k >= 0; k--) if (open[k]!.bottom < m.top) open.splice(k, 1);
    for (const o of open) if (!(o.right < m.left || o.left > m.right)) fallback('overlapping merges');
    open.push(m);
  }
  return byTop;
}

// ───────────────────────────── rows ─────────────────────────────

export const MAX_COLS = 16384;

/**
 * One row as exceljs holds it, reused from row to row: `value[c]` (0-based column) is the cell
 * value as exceljs keeps it — text, or a number whose text depends on the number format of the
 * cell that shows it — `pct[c]` says that cell's format has «%».
 */
export class Row {
  num = 0;
  /** Columns 0…width-1 hold a cell object in exceljs (cells of the XML, merged ranges): Row.cellCount. */
  width = 0;
  /** Columns 0…valueWidth-1 hold every value. */
  valueWidth = 0;
  readonly value: (string | number | null)[] = new Array(MAX_COLS).fill(null);
  readonly pct = new Uint8Array(MAX_COLS);
  /** The cell is in the XML (not a cell exceljs drops: no value and no style). */
  readonly present = new Uint8Array(MAX_COLS);
  /** For a merged cell other than the master: the top row of its range; 0 otherwise. */
  readonly mergedFrom = new Int32Array(MAX_COLS);
  /** The row's own style has «%» in its number format (used by merged cells missing from the XML). */
  rowPct = 0;
  /** Anything holding \x01 or \x02. */
  ctl = false;

  clear(): void {
    const w = this.width;
    for (let c = 0; c < w; c++) {
      this.value[c] = null;
      this.pct[c] = 0;
      this.present[c] = 0;
      this.mergedFrom[c] = 0;
    }
    this.width = 0;
    this.valueWidth = 0;
    this.rowPct = 0;
    this.ctl = false;
  }
}

/** exceljs cellText for a value with the showing cell's «%» flag: null for nothing. */
export function valueText(v: string | number | null, pct: number): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return pct ? String(Math.round(v * 100 * 1e9) / 1e9) : String(v);
  return v;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** exceljs excelToDate + read.ts cellText of a Date. */
function dateText(v: number, date1904: boolean): string {
  const d = new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  const date = `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
  const hasTime = d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds();
  return hasTime ? `${date} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` : date;
}

const CTL = /[\x01\x02]/;
// the t attribute of a cell
const T_NONE = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_E = 4;
const T_B = 5;
const T_OTHER = 6;
/** Control characters saxes rejects, in a sheet read as latin1 (one class: faster than with the alternative below). */
const CTL_BYTES = /[\x00-\x08\x0B\x0C\x0E-\x1F]/;
/** U+FFFE or U+FFFF (EF BF BE, EF BF BF in UTF-8), which saxes rejects too, in a sheet read as latin1. */
function nonChar(s: string): boolean {
  for (let i = s.indexOf('\xEF\xBF'); i >= 0; i = s.indexOf('\xEF\xBF', i + 1)) {
    const c = s.charCodeAt(i + 2);
    if (c === 0xbe || c === 0xbf) return true;
  }
  return false;
}

/**
 * `<!` or `<?` in bytes from `from` on. Searched as '!' and '?' (rare in a sheet: memchr) and
 * then the byte before: a search for the two bytes stops at every '<'.
 */
function markup(c: Buffer, from: number): boolean {
  for (let i = c.indexOf(0x21, from + 1); i >= 0; i = c.indexOf(0x21, i + 1)) if (c[i - 1] === 0x3c) return true;
  for (let i = c.indexOf(0x3f, from + 1); i >= 0; i = c.indexOf(0x3f, i + 1)) if (c[i - 1] === 0x3c) return true;
  return false;
}

export interface ScanOptions {
  merges: Merge[];
  /** Called for every row exceljs would hold (XML rows, and rows inside merged ranges), in order; false stops. */
  onRow: (row: Row) => boolean | void;
  /** Awaited between chunks (for writing batches). */
  between?: () => Promise<void> | void;
  onRead?: (compressedBytes: number) => void;
}

/**
 * Scans a sheet part row by row. Returns the number of the last row exceljs holds (Worksheet.rowCount)
 * when the whole sheet was read, or -1 when onRow stopped it.
 */
export async function scanSheet(wb: Workbook, part: ZipEntry, opts: ScanOptions): Promise<number> {
  const { styles, sst, sstCtl, date1904 } = wb;
  const xfDate = styles?.isDate;
  const xfPct = styles?.isPct;
  const xfCount = styles ? styles.numFmt.length : 0;
  const row = new Row();
  const colPct = new Uint8Array(MAX_COLS + 1);
  const merges = opts.merges;
  let mPtr = 0;
  const active: Merge[] = [];
  const masterValue = new Map<Merge, string | number | null>();
  let last = 0; // last row given to onRow
  let stopped = false;

  /** `id`: parseInt of the s attribute, NaN when it is missing or empty. */
  const styleOf = (id: number): number => {
    // exceljs: `if (node.attributes.s) styleId = parseInt(s)`, then `styleId && styles && getStyleModel(styleId)`
    if (id && styles && xfCount === 0) fallback('cell style without cellXfs');
    return id && id > 0 && id < xfCount ? id : -1;
  };

  const emit = (): void => {
    const r = row.num;
    // merged ranges: activate those starting here, drop finished ones
    while (mPtr < merges.length && merges[mPtr]!.top <= r) {
      const m = merges[mPtr++]!;
      active.push(m);
      masterValue.set(m, row.value[m.left - 1] ?? null);
    }
    for (let k = active.length - 1; k >= 0; k--) {
      if (active[k]!.bottom < r) {
        masterValue.delete(active[k]!);
        active.splice(k, 1);
      }
    }
    for (const m of active) {
      const v = masterValue.get(m)!;
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        const i = c - 1;
        // a merged cell keeps its own style; one missing from the XML takes the row's or the column's format
        row.pct[i] = row.present[i] ? row.pct[i]! : row.rowPct || colPct[c]! ? 1 : 0;
        row.value[i] = v;
        row.mergedFrom[i] = m.top;
      }
      if (m.right > row.width) row.width = m.right;
      if (v !== null && m.right > row.valueWidth) row.valueWidth = m.right;
    }
    last = r;
    if (opts.onRow(row) === false) stopped = true;
    row.clear();
  };

  /** Rows exceljs creates for merged ranges between the XML rows (up to `before`, exclusive). */
  const virtualRows = (before: number): void => {
    for (let r = last + 1; r < before && !stopped; ) {
      const covered = active.some((m) => m.bottom >= r);
      if (!covered) {
        if (mPtr >= merges.length) return;
        const next = merges[mPtr]!.top;
        if (next >= before) return;
        if (next > r) r = next;
      }
      row.num = r;
      emit();
      r++;
    }
  };

  // ── the XML ──
  // The part is scanned as a latin1 string (one char per byte: one-byte strings are fast to
  // search), aligned with its bytes: text is decoded from UTF-8 only where a value needs it.
  let buf = '';
  let bytes = Buffer.alloc(0);
  let phase = 0; // 0 before <sheetData>, 1 inside, 2 after
  let prevTail = '';
  let firstChunk = true;
  // texts decoded from UTF-8: cell values repeat a lot. A direct-mapped cache by a hash of the
  // bytes, each slot holding a copy of its bytes (a slice of `buf` as a key would keep the
  // whole piece it was cut from in memory) and the text.
  const CACHE = 4096;
  const cacheKey: Uint8Array[] = Array.from({ length: CACHE }, () => new Uint8Array(0));
  const cacheVal: string[] = new Array<string>(CACHE).fill('');
  /** The text of bytes a…b (UTF-8). */
  const utf8 = (a: number, b: number): string => {
    let h = 0;
    let hi = 0;
    for (let i = a; i < b; i++) {
      const c = buf.charCodeAt(i);
      hi |= c;
      h = (Math.imul(h, 31) + c) | 0;
    }
    if (hi < 128) return buf.slice(a, b);
    const slot = (h ^ (h >>> 13)) & (CACHE - 1);
    const k = cacheKey[slot]!;
    if (k.length === b - a) {
      let i = 0;
      while (i < k.length && k[i] === buf.charCodeAt(a + i)) i++;
      if (i === k.length) return cacheVal[slot]!;
    }
    const t = (bytes as Buffer & { utf8Slice(a: number, b: number): string }).utf8Slice(a, b);
    cacheKey[slot] = Uint8Array.prototype.slice.call(bytes, a, b);
    cacheVal[slot] = t;
    return t;
  };

  // cell state (exceljs CellXform)
  let vText: string | null = null; // <v> and <t> text (raw, decoded on close)
  let rich: string[] | null = null;
  let hasFormula = false;

  const cellContent = (s: string, a: number, b: number): void => {
    // the general case: a small state machine mirroring CellXform.parseOpen/parseText/parseClose
    let current = 0; // 1: f, 2: v or t
    let fText = '';
    let inRun = false;
    let runText: string | undefined;
    let runT: string | null = null;
    let runSkip = 0;
    let p = a;
    while (p < b) {
      const lt = s.indexOf('<', p);
      const end = lt < 0 || lt > b ? b : lt;
      if (end > p) {
        const text = current === 1 && !inRun ? 'f' : utf8(p, end);
        if (inRun) {
          if (runT !== null && !runSkip) runT += text;
        } else if (current === 1) fText += text;
        else if (current === 2) vText = (vText ?? '') + text;
      }
      if (end === b) break;
      const gt = s.indexOf('>', lt);
      const close = s.charCodeAt(lt + 1) === 47;
      const self = s.charCodeAt(gt - 1) === 47;
      const inner = s.slice(lt + (close ? 2 : 1), self ? gt - 1 : gt);
      const sp = inner.search(/[\s/]/);
      const name = sp < 0 ? inner : inner.slice(0, sp);
      p = gt + 1;
      if (inRun) {
        // RichTextXform: <t> text, <rPr> font (ignored), </r> ends the run
        if (close) {
          if (runSkip) runSkip--;
          else if (name === 't' && runT !== null) {
            runText = unescapeX(xmlText(runT));
            runT = null;
          } else if (name === 'r') {
            inRun = false;
            (rich ??= []).push(runText ?? '');
          }
        } else if (runSkip) {
          if (!self) runSkip++;
        } else if (name === 't') {
          if (self) runText = '';
          else runT = '';
        } else if (name === 'rPr') {
          if (!self) runSkip = 1;
        } else fallback(`<${name}> in a rich text run`);
        continue;
      }
      if (close) {
        if (name === 'f' || name === 'v' || name === 'is' || name === 't') current = 0;
        continue;
      }
      switch (name) {
        case 'f': {
          const st = /\bt\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(inner);
          if (st && (st[1] ?? st[2])) hasFormula = true;
          current = self ? 0 : 1;
          break;
        }
        case 'v':
        case 't':
          current = self ? 0 : 2;
          break;
        case 'r':
          if (vText !== null) fallback('rich text after plain text in a cell');
          if (self) (rich ??= []).push('');
          else {
            inRun = true;
            runText = undefined;
            runT = null;
            runSkip = 0;
          }
          break;
        case 'is':
          break;
        default:
          // <rPh> inside <is> would add its text to the value in exceljs; other elements are unusual
          fallback(`<${name}> in a cell`);
      }
    }
    if (fText !== '') hasFormula = true;
  };

  /** The cells of a row from `a` (after <row …>): the index after </row>, or -1 when the row is not all in `s` yet. */
  const rowContent = (s: string, a: number): number => {
    let prevCol = 0;
    let p = a;
    for (;;) {
      const lt = s.charCodeAt(p) === 60 ? p : s.indexOf('<', p);
      if (lt < 0 || lt + 8 > s.length) return -1;
      const c1 = s.charCodeAt(lt + 1);
      if (c1 === 47) {
        if (s.startsWith('</row>', lt)) return lt + 6;
        if (s.startsWith('</row', lt)) {
          const g = s.indexOf('>', lt);
          if (g < 0) return -1;
          if (/^<\/row\s*>$/.test(s.slice(lt, g + 1))) return g + 1;
        }
        p = lt + 2; // the end of some other element inside the row
        continue;
      }
      const ch = s.charCodeAt(lt + 2);
      if (c1 !== 99 || (ch !== 32 && ch !== 62 && ch !== 47 && ch !== 9 && ch !== 10 && ch !== 13)) {
        p = lt + 1; // another element inside the row: exceljs looks only at <c>
        continue;
      }
      // the start tag and its attributes r, t, s (where their values start and end; -1: no attribute),
      // scanned a character at a time: a call to indexOf costs more than these few characters
      let rS = -1;
      let rE = -1;
      let tS = -1;
      let tE = -1;
      let sS = -1;
      let sE = -1;
      const len = s.length;
      let gt: number;
      let self = false;
      let q = lt + 2;
      for (;;) {
        let c0 = s.charCodeAt(q);
        while (c0 === 32 || c0 === 9 || c0 === 10 || c0 === 13) c0 = s.charCodeAt(++q);
        if (q >= len) return -1;
        if (c0 === 62) {
          gt = q;
          break;
        }
        if (c0 === 47) {
          if (q + 1 >= len) return -1;
          if (s.charCodeAt(q + 1) !== 62) fallback('bad cell attributes');
          gt = q + 1;
          self = true;
          break;
        }
        const ns = q;
        while (q < len && c0 !== 61 && c0 !== 32 && c0 !== 9 && c0 !== 10 && c0 !== 13 && c0 !== 62 && c0 !== 47) c0 = s.charCodeAt(++q);
        const ne = q;
        while (c0 === 32 || c0 === 9 || c0 === 10 || c0 === 13) c0 = s.charCodeAt(++q);
        if (q >= len) return -1;
        if (c0 !== 61) fallback('bad cell attributes');
        c0 = s.charCodeAt(++q);
        while (c0 === 32 || c0 === 9 || c0 === 10 || c0 === 13) c0 = s.charCodeAt(++q);
        if (q >= len) return -1;
        if (c0 !== 34 && c0 !== 39) fallback('bad cell attributes');
        const qs = ++q;
        while (q < len && s.charCodeAt(q) !== c0) q++;
        if (q >= len) return -1;
        if (ne - ns === 1) {
          const n = s.charCodeAt(ns);
          if (n === 114) (rS = qs), (rE = q);
          else if (n === 116) (tS = qs), (tE = q);
          else if (n === 115) (sS = qs), (sE = q);
        }
        q++;
      }
      // t: the type of the value
      let tA = T_NONE;
      if (tS >= 0) {
        const n = tE - tS;
        const c0 = s.charCodeAt(tS);
        if (n === 1) tA = c0 === 115 ? T_S : c0 === 101 ? T_E : c0 === 98 ? T_B : T_OTHER;
        else if (n === 3 && c0 === 115 && s.charCodeAt(tS + 1) === 116 && s.charCodeAt(tS + 2) === 114) tA = T_STR;
        else if (n === 9 && s.startsWith('inlineStr', tS)) tA = T_INLINE;
        else tA = T_OTHER;
      }
      // s: parseInt of its text (NaN: none)
      let sNum = NaN;
      if (sS >= 0 && sE > sS) {
        let v = 0;
        let k = sS;
        for (; k < sE && k - sS < 9; k++) {
          const cc = s.charCodeAt(k);
          if (cc < 48 || cc > 57) break;
          v = v * 10 + cc - 48;
        }
        sNum = k === sE ? v : parseInt(s.slice(sS, sE), 10);
      }
      let end: number;
      vText = null;
      rich = null;
      hasFormula = false;
      let plain = true; // vText holds no '&' and no CR (known from the fast path only)
      if (self) end = gt + 1;
      else {
        end = -1;
        // fast path: <v>…</v> alone
        if (s.charCodeAt(gt + 1) === 60 && s.charCodeAt(gt + 2) === 118 && s.charCodeAt(gt + 3) === 62) {
          // (the text's end found a character at a time, noting whether it is all ASCII)
          let ve = gt + 4;
          let hi = 0;
          for (; ve < len; ve++) {
            const cc = s.charCodeAt(ve);
            if (cc < 39) {
              if (cc === 38 || cc === 13) plain = false; // an entity or a carriage return: decoded below
            } else if (cc === 60) break;
            hi |= cc;
          }
          if (ve + 8 > len) return -1;
          if (s.charCodeAt(ve + 1) === 47 && s.charCodeAt(ve + 2) === 118 && s.charCodeAt(ve + 3) === 62 && s.charCodeAt(ve + 4) === 60 && s.charCodeAt(ve + 5) === 47 && s.charCodeAt(ve + 6) === 99 && s.charCodeAt(ve + 7) === 62) {
            if (ve > gt + 4) vText = hi > 127 && (tA === T_STR || tA === T_INLINE || tA === T_E) ? utf8(gt + 4, ve) : s.slice(gt + 4, ve);
            end = ve + 8;
          }
        }
        if (end < 0) {
          const close = s.indexOf('</c>', gt);
          if (close < 0) return -1;
          plain = false;
          cellContent(s, gt + 1, close);
          end = close + 4;
        }
      }
      p = end;
      // exceljs CellXform.parseClose + reconcile
      const style = styleOf(sNum);
      let value: string | number | null;
      if (vText !== null && !plain && vText.indexOf('&') + vText.indexOf('\r') !== -2) vText = xmlText(vText);
      if (hasFormula) {
        let result: string | number | boolean | null = null; // null: no cached value
        let isError = false;
        if (vText !== null && vText !== '') {
          if (tA === T_STR) result = xmlDecode(vText);
          else if (tA === T_B) result = parseInt(vText, 10) !== 0;
          else if (tA === T_E) (result = vText), (isError = true);
          else result = parseFloat(vText);
        } else if (rich) fallback('rich text in a formula cell');
        if (result !== null && style > 0 && xfDate![style]) {
          const n = isError ? NaN : typeof result === 'boolean' ? +result : typeof result === 'string' ? Number(result) : result;
          value = dateText(n, date1904);
        } else if (!result) value = null; // exceljs FormulaValue.value copies a result only when truthy: 0, false, NaN, '' are no result
        else if (typeof result === 'boolean') value = 'Да';
        else value = result;
      } else if (rich as string[] | null) {
        if (vText !== null) fallback('text after rich text in a cell');
        if (tA !== T_INLINE) fallback('rich text in a cell that is not an inline string');
        value = (rich as unknown as string[]).join('');
      } else if (vText !== null && vText !== '') {
        if (tA === T_S) {
          const i = parseInt(vText, 10);
          if (sst) {
            const t = sst[i];
            if (t === undefined) fallback('shared string index out of range');
            value = t!;
            if (sstCtl![i]) row.ctl = true;
          } else value = i; // exceljs keeps the index as a number
        } else if (tA === T_STR) value = plain ? vText : xmlDecode(vText);
        else if (tA === T_INLINE || tA === T_E) value = vText;
        else if (tA === T_B) value = parseInt(vText, 10) !== 0 ? 'Да' : 'Нет';
        else {
          const n = parseFloat(vText);
          value = style > 0 && xfDate![style] ? dateText(n, date1904) : n;
        }
      } else if (sNum) value = null; // a styled empty cell
      else continue; // exceljs drops a cell without value and style (it does not advance the column either)
      // \x01 and \x02 cannot be in the XML (saxes refuses them, so does this scanner); _x0001_ is decoded only in rich runs
      if (rich !== null && !row.ctl && CTL.test(value as string)) row.ctl = true;
      // the column: r="B7", or the next one after the previous cell
      let col: number;
      if (rS >= 0) {
        col = 0;
        let k = rS;
        for (; k < rE && col <= MAX_COLS; k++) {
          const cc = s.charCodeAt(k);
          if (cc < 65 || cc > 90) break;
          col = col * 26 + cc - 64;
        }
        if (k === rS || k === rE || col > MAX_COLS) fallback(`cell reference «${s.slice(rS, rE)}»`);
        for (let j = k; j < rE; j++) {
          const cc = s.charCodeAt(j);
          if (cc < 48 || cc > 57) fallback(`cell reference «${s.slice(rS, rE)}»`);
        }
      } else {
        if (!prevCol) fallback('first cell of a row without a reference');
        col = prevCol + 1;
        if (col > MAX_COLS) fallback('too many columns');
      }
      prevCol = col;
      const i = col - 1;
      row.value[i] = value;
      row.pct[i] = style > 0 && xfPct![style] ? 1 : 0;
      row.present[i] = 1;
      if (col > row.width) row.width = col;
      if (value !== null && col > row.valueWidth) row.valueWidth = col;
    }
  };

  const preamble = (s: string): void => {
    // <cols>: column styles (the format of merged cells missing from the XML)
    const a = s.indexOf('<cols');
    if (a < 0) return;
    const b = s.indexOf('</cols>', a);
    const defs: { min: number; max: number; style: number }[] = [];
    for (const t of tags(s.slice(a, b < 0 ? undefined : b))) {
      if (t.close || t.name !== 'col') continue;
      const st = t.attrs.style !== undefined ? parseInt(t.attrs.style, 10) : 0;
      if (st && !styles) fallback('column style without styles.xml');
      defs.push({ min: parseInt(t.attrs.min!, 10), max: parseInt(t.attrs.max!, 10), style: st });
    }
    if (defs.some((d) => !(d.min >= 1) || !(d.max >= d.min) || d.max > MAX_COLS + 1)) {
      if (defs.some((d) => d.style)) fallback('unusual <cols>');
      return;
    }
    // exceljs Column.fromModel: sorted by min, the first definition of a column wins
    defs.sort((x, y) => x.min - y.min);
    let count = 1;
    for (const d of defs) {
      if (count < d.min) count = d.min;
      for (; count <= d.max && count <= MAX_COLS; count++) {
        const f = d.style > 0 && d.style < xfCount ? styles!.numFmt[d.style] : undefined;
        colPct[count] = f && f.includes('%') ? 1 : 0;
      }
    }
  };

  const consume = (final: boolean): void => {
    let p = 0;
    if (phase === 0) {
      const i = buf.indexOf('<sheetData');
      if (i < 0) {
        if (final) phase = 2;
        return; // keep the preamble until <sheetData> shows up
      }
      const gt = buf.indexOf('>', i);
      if (gt < 0) return;
      preamble(buf.slice(0, i));
      if (buf.charCodeAt(gt - 1) === 47) {
        phase = 2;
        buf = '';
        bytes = Buffer.alloc(0);
        return;
      }
      phase = 1;
      p = gt + 1;
    }
    while (phase === 1 && !stopped) {
      const lt = buf.indexOf('<', p);
      if (lt < 0) {
        p = buf.length;
        break;
      }
      if (buf.startsWith('</sheetData', lt)) {
        phase = 2;
        break;
      }
      if (!buf.startsWith('<row', lt)) {
        if (lt + 11 > buf.length && !final) {
          p = lt;
          break;
        }
        fallback('unexpected element in sheetData');
      }
      const gt = buf.indexOf('>', lt);
      if (gt < 0) {
        p = lt;
        break;
      }
      const self = buf.charCodeAt(gt - 1) === 47;
      const head = buf.slice(lt + 4, self ? gt - 1 : gt);
      const ch = head.charCodeAt(0);
      if (head.length && ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) fallback('unexpected element in sheetData');
      const rm = /\sr\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
      const rs = rm ? (rm[1] ?? rm[2])! : '';
      if (!/^\s*\d+\s*$/.test(rs)) fallback('row without a number');
      const num = parseInt(rs, 10);
      if (num <= last || num < 1) fallback('rows out of order');
      virtualRows(num);
      if (stopped) break;
      row.num = num;
      const sm = /\ss\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
      const sv = sm ? (sm[1] ?? sm[2])! : '';
      if (sv !== '' && parseInt(sv, 10)) {
        if (!styles) fallback('row style without styles.xml');
        const id = parseInt(sv, 10);
        const f = id > 0 && id < xfCount ? styles!.numFmt[id] : undefined;
        row.rowPct = f && f.includes('%') ? 1 : 0;
      }
      let end = gt + 1;
      if (!self) {
        end = rowContent(buf, gt + 1);
        if (end < 0) {
          // the rest of the row comes with the next chunk
          row.clear();
          p = lt;
          break;
        }
      }
      emit();
      p = end;
    }
    if (phase === 1) {
      buf = buf.slice(p);
      bytes = bytes.subarray(p);
    } else {
      buf = '';
      bytes = Buffer.alloc(0);
    }
  };

  // pieces of 64 KiB: V8 searches a string made from a larger buffer many times slower
  const PIECE = 1 << 16;
  for await (const chunk of wb.zip.chunks(part, opts.onRead)) {
    for (let off = 0; off < chunk.length; off += PIECE) {
      const c = chunk.subarray(off, off + PIECE);
      const s = c.toString('latin1');
      let from = 0;
      if (firstChunk) {
        firstChunk = false;
        const decl = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^?]*\?>/.exec(s);
        if (decl) from = decl[0].length;
      }
      // (markup searched in the bytes: a native search, much faster than a regular expression)
      // (U+FFFE and U+FFFF also where a piece ends inside one: the last two bytes of the piece before)
      if (markup(c, from) || (prevTail.endsWith('<') && (s[0] === '!' || s[0] === '?')) || CTL_BYTES.test(s) || nonChar(s) || nonChar(prevTail + s.slice(0, 2))) {
        fallback('comment, CDATA, processing instruction or bad character in a sheet');
      }
      prevTail = (prevTail + s).slice(-2);
      if (phase === 2) continue; // the rest of the sheet (merged ranges were read in the first pass)
      if (buf.length) {
        buf += s;
        bytes = Buffer.concat([bytes, c]);
      } else {
        buf = s;
        bytes = c;
      }
      consume(false);
      if (stopped) return -1;
    }
    if (opts.between) await opts.between();
  }
  if (phase !== 2) consume(true);
  if (stopped) return -1;
  if (phase === 1) fallback('sheetData not closed');
  virtualRows(Infinity);
  if (stopped) return -1;
  return last;
}
