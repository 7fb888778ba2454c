/**
 * Map the headers found in a file to a source's canonical columns
 * (docs/formats.md#general: case, surrounding spaces, ё/е and repeated spaces do not
 * matter). Per-year headers («… (2021)») are matched by their template and
 * the years are taken from what was found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Source, ColumnInfo } from './spec.ts';
import { textKey } from './keys.ts';
import type { ReadResult } from './read.ts';
import { type Db, lit } from '../lib/duck.ts';
import { UserError } from '../lib/errors.ts';

export interface HeaderMapping {
  /** canonical column → index in the file, for per-row columns. */
  columns: Map<string, number>;
  /** canonical per-year column → year → index in the file. */
  yearColumns: Map<string, Map<number, number>>;
  years: number[];
  /** Declared columns absent from the file (optional ones: filled with NULL). */
  missingOptional: string[];
  missingRequired: { name: string; header: string }[];
  /** Headers in the file that no column uses. */
  extra: string[];
  /** Two file columns that map to the same canonical column. */
  duplicates: { name: string; headers: string[] }[];
}

/** The year in a per-year header: «(2021)», «( 2021 )», «(2021 г.)», «(2021 год)». */
const YEAR_RE = '\\s*(\\d{4})\\s*(?:г\\.?|год)?\\s*';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function mapHeaders(src: Source, headers: (string | null)[]): HeaderMapping {
  const keys = headers.map((h) => (h == null ? '' : textKey(h)));
  const used = new Set<number>();
  const columns = new Map<string, number>();
  const yearColumns = new Map<string, Map<number, number>>();
  const duplicates: HeaderMapping['duplicates'] = [];
  const missingOptional: string[] = [];
  const missingRequired: HeaderMapping['missingRequired'] = [];
  const years = new Set<number>();

  for (const c of src.columnsInfo) {
    if (!c.perYear) {
      const wanted = new Set(c.headers.map(textKey));
      const hits = keys.flatMap((k, i) => (wanted.has(k) ? [i] : []));
      if (hits.length > 1) duplicates.push({ name: c.name, headers: hits.map((i) => String(headers[i])) });
      if (hits.length >= 1) {
        columns.set(c.name, hits[0]!);
        hits.forEach((i) => used.add(i));
      } else if (c.required) missingRequired.push({ name: c.name, header: c.headers[0]! });
      else missingOptional.push(c.name);
    } else {
      // the template is keyed piece by piece: textKey() would turn the Latin letters of «{year}» into Cyrillic ones
      // (and a space before the bracket may be missing: «руб.(2021)»)
      const res = c.headers.map((h) => new RegExp('^' + h.split('{year}').map((part) => escapeRe(textKey(part)).replace(/ \\\($/, '\\s*\\(')).join(YEAR_RE) + '$'));
      const byYear = new Map<number, number>();
      keys.forEach((k, i) => {
        for (const re of res) {
          const m = re.exec(k);
          if (m) {
            const y = Number(m[1]);
            if (byYear.has(y)) duplicates.push({ name: `${c.name} (${y})`, headers: [String(headers[byYear.get(y)!]), String(headers[i])] });
            else byYear.set(y, i);
            used.add(i);
            years.add(y);
            break;
          }
        }
      });
      yearColumns.set(c.name, byYear);
      if (byYear.size === 0) {
        if (c.required) missingRequired.push({ name: c.name, header: c.headers[0]!.replace('{year}', 'ГГГГ') });
        else missingOptional.push(c.name);
      }
    }
  }
  const extra = headers.flatMap((h, i) => (!used.has(i) && h != null && String(h).trim() !== '' ? [String(h)] : []));
  return { columns, yearColumns, years: [...years].sort(), missingOptional, missingRequired, extra, duplicates };
}

/**
 * A user's own headers without editing the file: a sidecar `<file>.columns.json`, or `_columns.json` in the
 * file's folder or above it (up to the layout folder), says which header of the file is which column of the
 * layout, how the file's values of a categorical column read in the layout's terms, and gives values the file
 * lacks (the sphere or year of a file that is one region's culture ratings):
 *
 * { "columns": { "Год актуальности": "Год проведения оценки", "Группа организаций": "Сфера" },
 *   "values": { "Сфера": { "Организации культуры": "культура" } },
 *   "constants": { "Субъект РФ": "Свердловская область" } }
 *
 * Targets are the layout's headers (any accepted variant) or column names; matching ignores case, ё/е, spaces
 * and quotes as headers do. A file header the sidecar names but the file lacks is skipped (a folder's sidecar
 * serves several files); a target the layout does not have is an error.
 */
export const ColumnsSidecar = z.strictObject({
  description: z.string().optional(),
  columns: z.record(z.string(), z.string()).optional(),
  values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  constants: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ColumnsSidecar = z.infer<typeof ColumnsSidecar>;

const SIDECAR_EXAMPLE = '{"columns": {"<заголовок в файле>": "<заголовок макета>"}, "values": {"<заголовок макета>": {"<значение в файле>": "<значение макета>"}}, "constants": {"<заголовок макета>": "<значение>"}}';

/** The sidecar of a file: `<file>.columns.json`, else the nearest `_columns.json` up to the layout folder. */
export function readColumnsSidecar(file: string, sourceDir: string, baseDir: string): { sidecar: ColumnsSidecar; shown: string } | null {
  const candidates = [file + '.columns.json'];
  let dir = path.dirname(file);
  const stop = path.resolve(sourceDir);
  for (;;) {
    candidates.push(path.join(dir, '_columns.json'));
    if (path.resolve(dir) === stop || path.dirname(dir) === dir) break;
    dir = path.dirname(dir);
  }
  const p = candidates.find((c) => fs.existsSync(c));
  if (!p) return null;
  const shown = path.relative(baseDir, p) || p;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    throw new UserError(`Файл соответствия заголовков не является JSON: ${(e as Error).message}`, { file: shown, expected: SIDECAR_EXAMPLE });
  }
  const r = ColumnsSidecar.safeParse(json);
  if (!r.success) {
    throw new UserError(`Файл соответствия заголовков заполнен неверно: ${r.error.issues.map((i) => `${i.path.join('.') || '(корень)'}: ${i.message}`).join('; ')}`, { file: shown, expected: SIDECAR_EXAMPLE });
  }
  return { sidecar: r.data, shown };
}

/** The layout column a sidecar target names (a header of the layout or a column name). */
function targetColumn(src: Source, target: string): ColumnInfo | undefined {
  const k = textKey(target);
  return src.columnsInfo.find((c) => !c.perYear && (c.name === target || c.headers.some((h) => textKey(h) === k)));
}

/**
 * Apply a sidecar to a file just read: rename its headers to the layout's, rewrite its categorical values, add
 * constant columns. The temp table of the file (c0…c{n-1}) is changed in place.
 */
export async function applyColumnsSidecar(db: Db, src: Source, read: ReadResult, sc: { sidecar: ColumnsSidecar; shown: string }): Promise<void> {
  const { sidecar, shown } = sc;
  const wrong: string[] = [];
  const resolve = (target: string): ColumnInfo | undefined => {
    const c = targetColumn(src, target);
    if (!c) wrong.push(target);
    return c;
  };
  const fileKeys = read.headers.map((h) => (h == null ? '' : textKey(h)));
  for (const [from, to] of Object.entries(sidecar.columns ?? {})) {
    const c = resolve(to);
    const i = fileKeys.indexOf(textKey(from));
    if (c && i >= 0) read.headers[i] = c.headers[0]!;
  }
  for (const [to, value] of Object.entries(sidecar.constants ?? {})) {
    const c = resolve(to);
    if (!c) continue;
    const existing = read.headers.findIndex((h) => h != null && c.headers.some((x) => textKey(x) === textKey(h)));
    if (existing >= 0) {
      // the file has the column: the constant fills its empty cells only
      await db.run(`UPDATE ${read.table} SET c${existing} = ${lit(String(value))} WHERE nok_blank(c${existing})`);
    } else {
      const i = read.headers.length;
      await db.run(`ALTER TABLE ${read.table} ADD COLUMN c${i} VARCHAR DEFAULT ${lit(String(value))}`);
      read.headers.push(c.headers[0]!);
    }
  }
  for (const [to, map] of Object.entries(sidecar.values ?? {})) {
    const c = resolve(to);
    if (!c) continue;
    const i = read.headers.findIndex((h) => h != null && c.headers.some((x) => textKey(x) === textKey(h)));
    if (i < 0) continue;
    const whens = Object.entries(map).map(([a, b]) => `WHEN ${lit(textKey(a))} THEN ${lit(b)}`).join(' ');
    if (whens) await db.run(`UPDATE ${read.table} SET c${i} = CASE nok_key(c${i}) ${whens} ELSE c${i} END`);
  }
  if (wrong.length) {
    throw new UserError(`В файле соответствия заголовков названы столбцы, которых нет в макете «${src.title}»: ${[...new Set(wrong)].map((w) => `«${w}»`).join(', ')}.`, {
      file: shown,
      expected: `заголовки макета: ${src.columnsInfo.filter((c) => !c.perYear).map((c) => `«${c.headers[0]}»`).join(', ')}`,
    });
  }
}
