// The registry of a brief's facts and practices, and the parts of text that refer to them.
import { format, plural } from '@nok-atlas/common/fmt.js';
import type { Fact, KeyValue, MartKeys, Part, PracticeRef, Row } from './types.ts';
import { factValue, formatReportValue, isTrue, plain } from './values.ts';

export interface FactOptions {
  /** what the figure is (the list of sources shows it) */
  text?: string;
  /** a format of fmt.js: 'num1', 'pct1', 'trub1', 'int', 'year', 'text' … */
  fmt?: string;
  trim?: boolean;
  /** a suffix after the number */
  unit?: string;
  /** shown without its sign (the sentence says «вырос» / «снизился») */
  abs?: boolean;
  /** words for true / false */
  bool?: [string, string];
  /** the value as shown, when a format of fmt.js does not fit */
  formatted?: string;
}

/**
 * `fact()` makes (or reuses) a fact from a mart row; parts of text refer to facts by id; refs
 * (Ф1, Ф2 …) are numbered at render time, in order of first appearance. A fact's key is the
 * row's values of the mart's unique key (from the contracts).
 */
export class Facts {
  readonly byId = new Map<string, Fact>();
  readonly practices = new Map<string, PracticeRef>();
  constructor(private readonly keys: MartKeys) {}

  fact(mart: string, row: Row, column: string, opts: FactOptions = {}): Fact {
    const keyCols = this.keys[mart];
    if (!keyCols) throw new Error(`brief: неизвестная витрина ${mart}`);
    const key: Record<string, KeyValue> = {};
    for (const c of keyCols) key[c] = plain(row[c] ?? null);
    const id = `${mart}:${keyCols.map((c) => String(key[c])).join('|')}:${column}${opts.abs ? ':abs' : ''}`;
    const existing = this.byId.get(id);
    if (existing) return existing;
    const value = factValue(row[column]);
    let formatted: string;
    if (opts.formatted !== undefined) formatted = opts.formatted;
    else if (typeof value === 'boolean') formatted = value ? (opts.bool?.[0] ?? 'да') : (opts.bool?.[1] ?? 'нет');
    else if (value === null) formatted = '—';
    else if (typeof value === 'string') formatted = value;
    else formatted = format(opts.abs ? Math.abs(value) : value, opts.fmt ?? 'num1', { trim: !!opts.trim }) + (opts.unit ?? '');
    const f: Fact = {
      id,
      text: opts.text ?? column,
      value,
      formatted,
      mart: `marts.${mart}`,
      key,
      column,
      is_synthetic: isTrue(row.is_synthetic),
      display: opts.abs ? 'abs' : undefined,
      published: undefined,
    };
    this.byId.set(id, f);
    return f;
  }

  /**
   * Attaches the report's published value (a marts.reconciliation row) to a fact; it is shown
   * beside the fact when the reconciliation says they differ.
   */
  publish(f: Fact, recon: Row | undefined): Fact;
  publish(f: Fact | null, recon: Row | undefined): Fact | null;
  publish(f: Fact | null, recon: Row | undefined): Fact | null {
    if (!f || !recon) return f;
    const pub = this.fact('reconciliation', recon, 'published_value', {
      text: `опубликовано в отчёте (${String(recon.figure_id)})`,
      formatted: formatReportValue(recon.published_value, recon.unit),
    });
    f.published = { fact: pub.id, figure_id: String(recon.figure_id), status: String(recon.status), differs: recon.status === 'mismatch' };
    return f;
  }

  practice(row: Row): PracticeRef {
    const id = String(row.practice_id);
    let p = this.practices.get(id);
    if (!p) {
      p = {
        practice_id: id,
        title: String(row.title ?? row.practice_title ?? ''),
        region: String(row.region_name ?? ''),
        region_code: (row.region_code as string | undefined) ?? null,
        page_url: String(row.page_url ?? `/practices/${id}/`),
        is_synthetic: isTrue(row.is_synthetic),
      };
      this.practices.set(id, p);
    }
    return p;
  }
}

/** What a part of text may be made from: text, a fact, a practice, markup, a list of these. */
export type PartLike = Part | Fact | PracticeRef | PartLike[] | null | undefined | false | number;

/** Parts of text: `t\`text ${fact} text\`` keeps facts and practices as references. */
export function t(strings: TemplateStringsArray, ...vals: (PartLike | unknown)[]): Part[] {
  const parts: Part[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < vals.length) pushPart(parts, vals[i]);
  });
  return parts;
}

export function pushPart(parts: Part[], v: PartLike | unknown): void {
  if (v === null || v === undefined || v === false) return;
  if (Array.isArray(v)) {
    for (const x of v) pushPart(parts, x);
    return;
  }
  if (typeof v === 'object') {
    if ('f' in v || 'p' in v || 'em' in v || 'strong' in v) parts.push(v as Part);
    else if ('mart' in v) parts.push({ f: (v as Fact).id });
    else if ('practice_id' in v) parts.push({ p: (v as PracticeRef).practice_id });
    else parts.push(String(v));
    return;
  }
  parts.push(String(v));
}

/** Joins lists of parts with a separator string. */
export function joinParts(list: readonly PartLike[], sep = ', '): Part[] {
  const out: Part[] = [];
  list.forEach((p, i) => {
    if (i > 0) out.push(sep);
    pushPart(out, p);
  });
  return out;
}

/** The noun's form for a fact as the text shows it (a mean of 20,96 shown as «21» takes «организация»). */
export const pl = (f: Fact | null | undefined, one: string, few: string, many: string): string => plural(f?.formatted ?? (f?.value as number | string | null | undefined), one, few, many);
