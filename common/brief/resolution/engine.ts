// Reads the table of templates (templates.ts) against a brief's context: binds the rows, checks
// the conditions, makes the facts and turns the text into parts. No template has code of its own.
import { isMissing, toNumber } from '@nok-atlas/common/fmt.js';
import type { Ctx } from '../context.ts';
import { joinParts, pushPart, t, type PartLike } from '../facts.ts';
import { ADDRESSEES, ADDRESSEE_ORDER, type Addressee, type MartName } from '../marts.ts';
import type { Fact, Part, PracticeRef, ResolutionGroup, ResolutionItem, Row } from '../types.ts';
import { formatInUnit, isTrue } from '../values.ts';
import { binding, SELECTIONS, SLOTS, type Binding } from './selections.ts';

export type RowSource = { mart: MartName; where: Record<string, string | number | boolean> } | { slot: string; where?: Record<string, string | number | boolean> };
export type Condition = string | { any: Condition[] } | { not: Condition } | { none: string; where: string };
export interface FactSpec {
  row: string;
  column: string;
  text: string;
  fmt?: string;
  trim?: boolean;
  abs?: boolean;
  /** shown as a number in a report unit with these decimals (reconciliation values) */
  inUnit?: [string, number];
  /** no fact when the value is missing (a column an older warehouse lacks): `[ … ]` around it drops */
  optional?: boolean;
}
export interface Template {
  id: string;
  addressee: Addressee;
  rows?: Record<string, RowSource>;
  from?: string;
  each?: boolean;
  when?: Condition[];
  facts?: Record<string, FactSpec>;
  text: string;
  cites: string[];
}

const matches = (r: Row, where: Record<string, unknown> | undefined) =>
  !where || Object.entries(where).every(([c, v]) => (typeof v === 'boolean' ? isTrue(r[c]) === v : r[c] === v));

function bindRows(ctx: Ctx, tpl: Template, b: Binding): boolean {
  for (const [name, src] of Object.entries(tpl.rows ?? {})) {
    const optional = name.endsWith('?');
    const key = optional ? name.slice(0, -1) : name;
    let mart: string;
    let found: Row | undefined;
    if ('slot' in src) {
      const slot = SLOTS[src.slot];
      if (!slot) throw new Error(`шаблон ${tpl.id}: неизвестный слот ${src.slot}`);
      mart = slot.mart;
      const got = slot.rows(ctx);
      found = Array.isArray(got) ? got.find((r) => matches(r, src.where)) : got && matches(got, src.where) ? got : undefined;
    } else {
      mart = src.mart;
      found = (ctx.T[src.mart] ?? []).find((r) => matches(r, src.where));
    }
    if (found) b.rows[key] = { mart, row: found };
    else if (!optional) return false;
  }
  return true;
}

/** A value by name: `row.column`, `scope.field`, a word; inside a list test, a bare column of its row. */
function lookup(ctx: Ctx, b: Binding, name: string, row?: Row): { found: boolean; value: unknown } {
  if (row && !name.includes('.')) return { found: true, value: row[name] };
  if (name in b.words) return { found: true, value: b.words[name] };
  const dot = name.indexOf('.');
  if (dot > 0) {
    const head = name.slice(0, dot);
    const col = name.slice(dot + 1);
    if (head === 'scope') return { found: true, value: (ctx.scope as unknown as Row)[col] };
    const r = b.rows[head];
    return { found: !!r, value: r?.row[col] };
  }
  if (name in b.rows) return { found: true, value: b.rows[name] };
  return { found: false, value: undefined };
}

function operand(ctx: Ctx, b: Binding, s: string, row?: Row): number | string | null {
  const e = s.trim();
  const sub = /^(.+?)\s+-\s+(.+)$/.exec(e);
  if (sub) {
    const x = operand(ctx, b, sub[1]!, row);
    const y = operand(ctx, b, sub[2]!, row);
    return typeof x === 'number' && typeof y === 'number' ? x - y : null;
  }
  const mul = /^(-?\d+(?:\.\d+)?)\s*\*\s*(.+)$/.exec(e);
  if (mul) {
    const y = operand(ctx, b, mul[2]!, row);
    return typeof y === 'number' ? Number(mul[1]) * y : null;
  }
  if (/^-?\d+(?:\.\d+)?$/.test(e)) return Number(e);
  const quoted = /^'(.*)'$/.exec(e);
  if (quoted) return quoted[1]!;
  const { value } = lookup(ctx, b, e, row);
  // text stays text (a word, a category such as vs_russia); anything else is read as a number
  if (typeof value === 'string' && toNumber(value) === null) return value;
  return toNumber(value);
}

/** A condition; a comparison with a missing value is false. */
function holds(ctx: Ctx, b: Binding, c: Condition, row?: Row): boolean {
  if (typeof c !== 'string') {
    if ('any' in c) return c.any.some((x) => holds(ctx, b, x, row));
    if ('not' in c) return !holds(ctx, b, c.not, row);
    return !(b.lists[c.none] ?? []).some((r) => holds(ctx, b, c.where, r));
  }
  const m = /^(.+?)\s*(>=|<=|!=|==|>|<)\s*(.+)$/.exec(c);
  if (!m) throw new Error(`условие шаблона не разобрано: ${c}`);
  const x = operand(ctx, b, m[1]!, row);
  const y = operand(ctx, b, m[3]!, row);
  if (x === null || y === null) return false;
  switch (m[2]) {
    case '>=': return x >= y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '<': return x < y;
    case '==': return x === y;
    default: return x !== y;
  }
}

/** `{name}` in a fact's text or column: words, row values, scope. */
const interpolate = (ctx: Ctx, b: Binding, s: string) => s.replace(/\{([^}]+)\}/g, (_, n: string) => String(lookup(ctx, b, n).value));

function makeFacts(ctx: Ctx, tpl: Template, b: Binding): Record<string, Fact | undefined> {
  const out: Record<string, Fact | undefined> = {};
  for (const [name, spec] of Object.entries(tpl.facts ?? {})) {
    const r = b.rows[spec.row];
    if (!r) continue;
    const column = interpolate(ctx, b, spec.column);
    if (spec.optional && isMissing(r.row[column])) continue;
    out[name] = ctx.F.fact(r.mart, r.row, column, {
      text: interpolate(ctx, b, spec.text),
      fmt: spec.fmt,
      trim: spec.trim,
      abs: spec.abs,
      formatted: spec.inUnit ? formatInUnit(r.row[column], spec.inUnit[0], spec.inUnit[1]) : undefined,
    });
  }
  return out;
}

const TOKEN = /(\[|\]|\{[?!]?[^}]+\})/;

/** The text with its facts, practice lists and words; `[ … ]` only when everything inside is there. */
function render(ctx: Ctx, tpl: Template, b: Binding, facts: Record<string, Fact | undefined>): Part[] {
  const out: Part[] = [];
  let seg: Part[] | null = null;
  let ok = true;
  const practiceList = (rows: Row[]) => joinParts(rows.map((p) => t`${p.region_name as PartLike} ${ctx.F.practice(p)}`), ', ');
  for (const tok of tpl.text.split(TOKEN)) {
    if (!tok) continue;
    const into = seg ?? out;
    if (tok === '[') {
      seg = [];
      ok = true;
    } else if (tok === ']') {
      if (seg && ok) out.push(...seg);
      seg = null;
    } else if (tok.startsWith('{')) {
      const guard = tok[1] === '?' || tok[1] === '!' ? tok[1] : null;
      const name = tok.slice(guard ? 2 : 1, -1);
      if (guard) {
        const { value } = lookup(ctx, b, name);
        const there = name in b.rows || (value !== null && value !== undefined && value !== false && value !== 0 && value !== '' && value !== 'false');
        if (there !== (guard === '?')) ok = false;
      } else if (tpl.facts && name in tpl.facts) {
        if (facts[name]) pushPart(into, facts[name]);
        else ok = false;
      } else if (name in b.practices) {
        const ps = b.practices[name]!;
        if (ps.length) pushPart(into, practiceList(ps));
        else ok = false;
      } else {
        const { found, value } = lookup(ctx, b, name);
        if (!found) throw new Error(`шаблон ${tpl.id}: неизвестное имя {${name}}`);
        pushPart(into, value as PartLike);
      }
    } else into.push(tok);
  }
  return out;
}

function items(ctx: Ctx, tpl: Template): ResolutionItem[] {
  let bound: Binding[];
  if (tpl.from) {
    const sel = SELECTIONS[tpl.from];
    if (!sel) throw new Error(`шаблон ${tpl.id}: неизвестная выборка ${tpl.from}`);
    const got = sel(ctx);
    bound = got === null ? [] : Array.isArray(got) ? got : [got];
  } else bound = [binding()];
  const out: ResolutionItem[] = [];
  for (const b of bound) {
    if (!bindRows(ctx, tpl, b)) continue;
    if (!(tpl.when ?? []).every((c) => holds(ctx, b, c))) continue;
    const facts = makeFacts(ctx, tpl, b);
    const parts = render(ctx, tpl, b, facts);
    const cites: (Fact | PracticeRef)[] = [];
    for (const name of tpl.cites) {
      if (name in b.practices) cites.push(...b.practices[name]!.map((p) => ctx.F.practice(p)));
      else if (facts[name]) cites.push(facts[name]!);
    }
    out.push({ rule: tpl.id, parts, cites, refs: [] });
  }
  return out;
}

/** The resolution: the items of every template that fires, grouped by addressee. */
export function buildResolution(ctx: Ctx, templates: readonly Template[]): ResolutionGroup[] {
  const groups = new Map<Addressee, ResolutionItem[]>();
  for (const tpl of templates) {
    for (const it of items(ctx, tpl)) {
      if (!groups.has(tpl.addressee)) groups.set(tpl.addressee, []);
      groups.get(tpl.addressee)!.push(it);
    }
  }
  const out: ResolutionGroup[] = [];
  for (const a of ADDRESSEE_ORDER) {
    const list = groups.get(a);
    if (!list) continue;
    const title = a === 'region' ? `Органам исполнительной власти субъекта Российской Федерации (${ctx.scope.region_name})` : ADDRESSEES[a]!;
    out.push({ addressee: a, title, items: list });
  }
  return out;
}
