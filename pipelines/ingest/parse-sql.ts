/**
 * From a column's declaration to SQL: the expression that parses its text
 * cell and the checks that decide whether the row is loaded, quarantined
 * or loaded with a warning. Everything here is generated from the zod schema.
 */
import type { ColumnInfo, RowRule, Severity } from './spec.ts';
import { textKey } from './keys.ts';
import { ident, lit } from '../lib/duck.ts';
import { plural } from '@nok-atlas/common/fmt.js';

export interface Check {
  /** Canonical column the check belongs to (for per-year: name + year). */
  column: string;
  /** The header as found in the file (shown to a person). */
  header: string;
  /** SQL of the raw text cell. */
  raw: string;
  rule: string;
  severity: Severity;
  /** SQL boolean over the typed row: TRUE = broken. */
  when: string;
  /** SQL string expression: the message in Russian. */
  message: string;
}

const fmtRange = (c: ColumnInfo): string =>
  c.min !== undefined && c.max !== undefined ? `от ${c.min} до ${c.max}` : c.min !== undefined ? `не меньше ${c.min}` : `не больше ${c.max}`;

function enumCase(c: ColumnInfo, x: string): string {
  const whens = (c.enumValues ?? []).map((v) => `WHEN ${lit(textKey(v))} THEN ${lit(v)}`).join(' ');
  const other = c.otherPrefix
    ? `WHEN starts_with(nok_key(${x}), ${lit(textKey(c.otherPrefix))}) THEN ${lit(c.otherPrefix)} || ' ' || trim(substr(trim(${x}), ${c.otherPrefix.length + 1}))`
    : '';
  return `CASE WHEN nok_blank(${x}) THEN NULL ELSE (CASE nok_key(${x}) ${whens} ELSE (CASE ${other || 'WHEN FALSE THEN NULL'} END) END) END`;
}

/** The SQL that turns raw text `x` into the column's value. Region columns are parsed by a join (see load.ts). */
export function parseExpr(c: ColumnInfo, x: string, regionMapped?: string): string {
  switch (c.parse) {
    case 'number':
      return `nok_num(${x})`;
    case 'int':
      return `nok_int(${x})`;
    case 'date':
      return `nok_date(${x})`;
    case 'bool':
      return `nok_bool(${x})`;
    case 'inn':
      return `nok_inn(${x})`;
    case 'region':
      return regionMapped ?? 'NULL';
    case 'list': {
      const sep = lit(c.separator);
      const item = c.enumValues ? enumCase(c, 's') : 'nok_text(s)';
      return `CASE WHEN nok_blank(${x}) THEN NULL ELSE list_transform(list_filter(string_split(${x}, ${sep}), s -> NOT nok_blank(s)), s -> ${item}) END`;
    }
    case 'text':
    default:
      return c.enumValues ? enumCase(c, x) : `nok_text(${x})`;
  }
}

const quoteRaw = (raw: string): string => `'«' || left(${raw}, 200) || '»'`;

/** Checks of one column. `v` is the typed value, `raw` the text cell. */
export function columnChecks(c: ColumnInfo, header: string, raw: string, v: string, column = c.name): Check[] {
  const out: Check[] = [];
  const base = { column, header, raw };
  const notBlank = `NOT nok_blank(${raw})`;
  const typeMsg: Record<string, string> = {
    number: 'не число. Ожидалось число, например 1 391 000,50 или 47,3',
    int: 'не целое число. Ожидалось целое число без дробной части',
    date: 'не дата. Ожидалась дата дд.мм.гггг или дд.мм.гггг чч:мм:сс',
    bool: 'не ответ «Да»/«Нет». Ожидалось Да, Нет, 1 или 0',
  };
  if (c.parse in typeMsg) {
    out.push({ ...base, rule: 'type', severity: 'error', when: `${notBlank} AND ${v} IS NULL`, message: `'Значение ' || ${quoteRaw(raw)} || ' — ${typeMsg[c.parse]}'` });
  }
  if (c.parse === 'inn') {
    out.push({ ...base, rule: 'inn_format', severity: 'error', when: `${notBlank} AND ${v} IS NULL`, message: `'ИНН ' || ${quoteRaw(raw)} || ' должен состоять из 10 цифр (организация) или 12 цифр (ИП)'` });
    out.push({ ...base, rule: 'inn_checksum', severity: 'error', when: `${v} IS NOT NULL AND NOT nok_inn_valid(${v})`, message: `'ИНН ' || ${v} || ': неверная контрольная цифра — проверьте, нет ли опечатки'` });
    out.push({ ...base, rule: 'inn_leading_zero', severity: 'warning', when: `${v} IS NOT NULL AND length(nok_inn_digits(${raw})) IN (9, 11)`, message: `'ИНН ' || ${quoteRaw(raw)} || ' потерял ведущий ноль (вероятно, ячейка Excel была числовой); восстановлен как ' || ${v}` });
  }
  if (c.enumValues && c.parse !== 'list') {
    out.push({ ...base, rule: 'accepted_values', severity: 'error', when: `${notBlank} AND ${v} IS NULL`, message: `'Недопустимое значение ' || ${quoteRaw(raw)} || '. Допустимые: ' || ${lit(c.enumValues.join('; ') + (c.otherPrefix ? `; ${c.otherPrefix} <текст>` : ''))}` });
  }
  if (c.enumValues && c.parse === 'list') {
    out.push({ ...base, rule: 'accepted_values', severity: 'error', when: `${v} IS NOT NULL AND list_contains(list_transform(${v}, s -> s IS NULL), TRUE)`, message: `'Недопустимый элемент в списке ' || ${quoteRaw(raw)} || '. Допустимые (через «${c.separator}»): ' || ${lit(c.enumValues.join('; ') + (c.otherPrefix ? `; ${c.otherPrefix} <текст>` : ''))}` });
  }
  if (!c.nullable) {
    const headerSql = header.startsWith('CASE') ? header : lit(header);
    out.push({ ...base, rule: 'required', severity: 'error', when: `nok_blank(${raw})`, message: `'Пустое значение в обязательном столбце «' || ${headerSql} || '»'` });
  }
  if ((c.min !== undefined || c.max !== undefined) && (c.parse === 'number' || c.parse === 'int')) {
    const conds = [c.min !== undefined ? `${v} < ${c.min}` : null, c.max !== undefined ? `${v} > ${c.max}` : null].filter(Boolean).join(' OR ');
    out.push({ ...base, rule: 'range', severity: 'error', when: `${v} IS NOT NULL AND (${conds})`, message: `'Значение ' || ${quoteRaw(raw)} || ' вне допустимого диапазона: ${fmtRange(c)}'` });
  }
  if (c.parse === 'text' && !c.enumValues) {
    if (c.pattern) out.push({ ...base, rule: 'format', severity: 'error', when: `${v} IS NOT NULL AND NOT regexp_full_match(${v}, ${lit(c.pattern)})`, message: `'Значение ' || ${quoteRaw(raw)} || ' не соответствует формату ${c.pattern.replaceAll("'", "''")}'` });
    if (c.maxLength !== undefined) out.push({ ...base, rule: 'length', severity: 'error', when: `${v} IS NOT NULL AND length(${v}) > ${c.maxLength}`, message: `'Слишком длинное значение (больше ${c.maxLength} ${plural(c.maxLength, 'символа', 'символов', 'символов')})'` });
    if (c.minLength !== undefined && c.minLength > 0) out.push({ ...base, rule: 'length', severity: 'error', when: `${v} IS NOT NULL AND length(${v}) < ${c.minLength}`, message: `'Слишком короткое значение (меньше ${c.minLength} ${plural(c.minLength, 'символа', 'символов', 'символов')})'` });
  }
  return out;
}

export function ruleChecks(rules: RowRule[], headerOf: (col: string) => string, rawOf: (col: string) => string): Check[] {
  return rules.map((r) => ({
    column: r.column,
    header: headerOf(r.column),
    raw: rawOf(r.column),
    rule: r.id,
    severity: r.severity,
    when: `coalesce((${r.when}), FALSE)`,
    message: r.message,
  }));
}

export { ident };
