/**
 * Map the headers found in a file to a source's canonical columns
 * (docs/formats.md#general: case, surrounding spaces, ё/е and repeated spaces do not
 * matter). Per-year headers («… (2021)») are matched by their template and
 * the years are taken from what was found.
 */
import type { Source } from './spec.ts';
import { textKey } from './keys.ts';

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
