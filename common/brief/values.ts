// Values of mart rows as the brief reads, sorts and formats them.
import { formatNumber, formatPercent, toNumber, isMissing, plural, unitForms } from '@nok-atlas/common/fmt.js';
import type { FactValue, KeyValue, Row } from './types.ts';

export const NBSP = '\u00a0';

export const isTrue = (v: unknown): boolean => v === true || v === 1 || v === 'true';

/** A key value as JSON keeps it (BIGINT as a number, dates as ISO text). */
export function plain(v: unknown): KeyValue {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  return v as KeyValue;
}

/** A value as the fact keeps it: numbers as numbers (BIGINT/HUGEINT/DECIMAL too), text as text. */
export function factValue(v: unknown): FactValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return toNumber(v);
  const n = toNumber(v);
  return n === null ? String(v) : n;
}

export function rowsOf(t: Iterable<Row> | Row[] | null | undefined): Row[] {
  if (!t) return [];
  return Array.isArray(t) ? t : Array.from(t);
}

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true });
type Cmp<T> = (a: T, b: T) => number;
export const byText =
  <T>(f: (x: T) => unknown): Cmp<T> =>
  (a, b) =>
    collator.compare(String(f(a) ?? ''), String(f(b) ?? ''));
export const byNum =
  <T>(f: (x: T) => unknown, dir = 1): Cmp<T> =>
  (a, b) =>
    dir * ((toNumber(f(a)) ?? -Infinity) - (toNumber(f(b)) ?? -Infinity));

/** Stable sort by several comparators. */
export function sorted<T>(rows: readonly T[], ...cmps: Cmp<T>[]): T[] {
  return rows
    .map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => {
      for (const c of cmps) {
        const x = c(a, b);
        if (x) return x;
      }
      return i - j;
    })
    .map(([r]) => r);
}

/** Decimals of a published figure as written (5.839 → 3, 378 → 0). */
function decimalsOf(v: number): number {
  const s = String(v);
  if (/e/i.test(s)) return 0;
  const i = s.indexOf('.');
  return i < 0 ? 0 : Math.min(4, s.length - i - 1);
}

// money and percent keep their unit; counts («субъектов», «практик») are written by the sentence
const UNIT_SHOWN: Record<string, string> = { 'руб.': '₽', 'тыс. руб.': `тыс.${NBSP}₽`, 'млн руб.': `млн${NBSP}₽`, '%': '%' };

/** A report figure as the report writes it, in the report's unit: «5,839 тыс. ₽», «47,3 %». */
export function formatReportValue(value: unknown, unit: unknown): string {
  const n = toNumber(value);
  if (n === null) return '—';
  const d = decimalsOf(n);
  const u = String(unit ?? '').trim();
  if (u === 'доля') return formatPercent(n, Math.max(0, d - 2));
  const num = formatNumber(n, d);
  const shown = UNIT_SHOWN[u];
  return shown ? `${num}${NBSP}${shown}` : num;
}

/** A number in a report unit, with the decimals of the unit's usual precision. */
export function formatInUnit(value: unknown, unit: unknown, decimals: number): string {
  const n = toNumber(value);
  if (n === null) return '—';
  const u = String(unit ?? '').trim();
  const shown = UNIT_SHOWN[u] ?? u;
  const num = formatNumber(n, decimals);
  return shown ? `${num}${NBSP}${shown}` : num;
}

/**
 * A figure of a practice's text with its unit in the form for the number («2 этапа», «1 организация»):
 * the unit forms of marts.practice_metric (unit_one/unit_few/unit_many), else those of the stored unit.
 */
export function metricFormatted(m: Row): string {
  const n = toNumber(m.value);
  if (n === null) return '—';
  const num = formatNumber(n, Math.min(2, decimalsOf(n)));
  const forms: [string, string, string] | null = !isMissing(m.unit_one)
    ? [String(m.unit_one), String(m.unit_few ?? m.unit_one), String(m.unit_many ?? m.unit_one)]
    : unitForms(m.unit as string | null | undefined);
  if (!forms) return num;
  const u = plural(num, ...forms);
  if (u === 'руб.') return `${num}${NBSP}₽`;
  return u ? `${num}${NBSP}${u}` : num;
}

/** The first sentences of a text, at most `max` characters. */
export function firstSentences(text: unknown, max = 320): string {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return end > 80 ? cut.slice(0, end + 1) : cut.replace(/\s+\S*$/, '') + '…';
}
