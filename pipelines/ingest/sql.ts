/**
 * SQL macros that parse text cells the way docs/formats.md#general describes, vectorized
 * in DuckDB: Russian numbers («1 391 000,50», «47,3 %»), dates
 * («дд.мм.гггг [чч:мм:сс]»), yes/no answers, ИНН with its check digits.
 * Empty, «-», «—», «нет данных» are NULL, never zero.
 */
import type { Db } from '../lib/duck.ts';
import { textKey, TEXT_KEY_SQL } from './keys.ts';
import { lit } from '../lib/duck.ts';
import { orgNameMacros } from './org-name.ts';

export const NULL_TOKENS = ['', '-', '—', '–', 'нет данных', 'н/д', 'нд', 'n/a', 'na', 'null', 'не указано', 'нет сведений'];
export const TRUE_TOKENS = ['да', 'д', '1', 'yes', 'y', 'true', 'истина', '+'];
export const FALSE_TOKENS = ['нет', 'н', '0', 'no', 'n', 'false', 'ложь'];

/**
 * ИНН prefixes that belong to another region code than their own two digits: Moscow's
 * inspections issue 97xx as well as 77xx, and organizations registered before 2005–2008
 * in the autonomous okrugs merged into other subjects keep those okrugs' codes
 * (Коми-Пермяцкий → Пермский край, Корякский → Камчатский край, Таймырский и Эвенкийский →
 * Красноярский край, Усть-Ордынский Бурятский → Иркутская область, Агинский Бурятский →
 * Забайкальский край).
 */
export const INN_PREFIX_ALIASES: Record<string, string> = { '97': '77', '81': '59', '82': '41', '84': '24', '88': '24', '85': '38', '80': '75' };

const keys = (xs: string[]): string => [...new Set(xs.map(textKey))].map(lit).join(', ');

export const MACROS = [
  `CREATE OR REPLACE TEMP MACRO nok_key(x) AS ${TEXT_KEY_SQL}`,
  // list_contains, not IN (…): DuckDB plans an IN list of constants as a join, which runs on every row even inside a
  // CASE or coalesce that never reaches it (the name key of the duplicate-key step cost ≈2 s per 500 000 rows)
  `CREATE OR REPLACE TEMP MACRO nok_blank(x) AS x IS NULL OR list_contains([${keys(NULL_TOKENS)}], nok_key(x))`,
  // free text: spaces of every kind collapse to one; line breaks (paragraphs of a description) stay, \r\n → \n
  `CREATE OR REPLACE TEMP MACRO nok_text(x) AS CASE WHEN nok_blank(x) THEN NULL ELSE regexp_replace(regexp_replace(regexp_replace(replace(x, chr(13), ''), '[ \\t\\x{00a0}\\x{202f}]+', ' ', 'g'), ' ?\n ?', '\n', 'g'), '^\\s+|\\s+$', '', 'g') END`,
  // strip spaces of every kind, % and ₽; one comma and no dot: a decimal comma; both: ambiguous → NULL
  `CREATE OR REPLACE TEMP MACRO nok_num_s(s) AS CASE WHEN contains(s, ',') AND contains(s, '.') THEN NULL WHEN contains(s, ',') THEN replace(s, ',', '.') ELSE s END`,
  `CREATE OR REPLACE TEMP MACRO nok_num(x) AS CASE WHEN nok_blank(x) THEN NULL ELSE (SELECT CASE WHEN isfinite(v) THEN v END FROM (SELECT try_cast(nok_num_s(regexp_replace(replace(replace(x, '−', '-'), '–', '-'), '[\\s\\x{00a0}\\x{202f}\\x{2009}%₽]', '', 'g')) AS DOUBLE) AS v)) END`,
  `CREATE OR REPLACE TEMP MACRO nok_int(x) AS CASE WHEN nok_num(x) = round(nok_num(x)) AND abs(nok_num(x)) < 9e15 THEN nok_num(x)::BIGINT END`,
  `CREATE OR REPLACE TEMP MACRO nok_date(x) AS CASE WHEN nok_blank(x) THEN NULL ELSE try_strptime(trim(x), ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M', '%d.%m.%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d', '%d/%m/%Y']) END`,
  `CREATE OR REPLACE TEMP MACRO nok_bool(x) AS CASE WHEN nok_blank(x) THEN NULL WHEN list_contains([${keys(TRUE_TOKENS)}], nok_key(x)) THEN TRUE WHEN list_contains([${keys(FALSE_TOKENS)}], nok_key(x)) THEN FALSE END`,
  // ИНН: digits only; an Excel number may have lost a leading zero (9 or 11 digits) or gained «.0»
  `CREATE OR REPLACE TEMP MACRO nok_inn_digits(x) AS regexp_replace(regexp_replace(trim(x), '\\.0+$', ''), '[\\s\\x{00a0}]', '', 'g')`,
  `CREATE OR REPLACE TEMP MACRO nok_inn(x) AS CASE WHEN nok_blank(x) THEN NULL
      WHEN regexp_full_match(nok_inn_digits(x), '\\d{10}|\\d{12}') THEN nok_inn_digits(x)
      WHEN regexp_full_match(nok_inn_digits(x), '\\d{9}|\\d{11}') THEN '0' || nok_inn_digits(x) END`,
  `CREATE OR REPLACE TEMP MACRO nok_digit(s, i) AS ascii(substr(s, i, 1)) - 48`,
  `CREATE OR REPLACE TEMP MACRO nok_inn_valid(s) AS CASE
      WHEN length(s) = 10 THEN (2*nok_digit(s,1) + 4*nok_digit(s,2) + 10*nok_digit(s,3) + 3*nok_digit(s,4) + 5*nok_digit(s,5) + 9*nok_digit(s,6) + 4*nok_digit(s,7) + 6*nok_digit(s,8) + 8*nok_digit(s,9)) % 11 % 10 = nok_digit(s,10)
      WHEN length(s) = 12 THEN
        (7*nok_digit(s,1) + 2*nok_digit(s,2) + 4*nok_digit(s,3) + 10*nok_digit(s,4) + 3*nok_digit(s,5) + 5*nok_digit(s,6) + 9*nok_digit(s,7) + 4*nok_digit(s,8) + 6*nok_digit(s,9) + 8*nok_digit(s,10)) % 11 % 10 = nok_digit(s,11)
        AND (3*nok_digit(s,1) + 7*nok_digit(s,2) + 2*nok_digit(s,3) + 4*nok_digit(s,4) + 10*nok_digit(s,5) + 3*nok_digit(s,6) + 5*nok_digit(s,7) + 9*nok_digit(s,8) + 4*nok_digit(s,9) + 6*nok_digit(s,10) + 8*nok_digit(s,11)) % 11 % 10 = nok_digit(s,12)
      ELSE FALSE END`,
  // the region code an ИНН was issued in (its first two digits, aliases resolved)
  `CREATE OR REPLACE TEMP MACRO nok_inn_region(s) AS CASE left(s, 2) ${Object.entries(INN_PREFIX_ALIASES)
    .map(([p, r]) => `WHEN '${p}' THEN '${r}'`)
    .join(' ')} ELSE left(s, 2) END`,
  // decimals printed in a number cell («81,25» → 2, «81» → 0, «47,3 %» → 1)
  `CREATE OR REPLACE TEMP MACRO nok_decimals(x) AS coalesce(length(regexp_extract(trim(x), '[.,](\\d+)\\s*%?$', 1)), 0)`,
  // Russian number formatting for text outputs (briefs, tables exported as text)
  `CREATE OR REPLACE TEMP MACRO nok_fmt(v, d) AS CASE WHEN v IS NULL THEN '—' ELSE replace(replace(replace(format('{:,.' || d || 'f}', v), ',', ' '), '.', ','), ' ', ' ') END`,
  // the edition of the NOK method a result was scored under, unless the row (or its folder) says: 2014 up to 2017
  // (before order 344н), 2018 (344н; 2018 was a transition year), 2024 from 2025 (order 408н applies from 05.10.2024,
  // so a 2024 assessment is 344н unless said otherwise) — docs/methodology.md
  `CREATE OR REPLACE TEMP MACRO nok_edition(year, declared) AS coalesce(declared, CASE WHEN year <= 2017 THEN '2014' WHEN year >= 2025 THEN '2024' ELSE '2018' END)`,
  // institution names: one key however they are written (sources/methodology/org_name_abbreviations.csv)
  ...orgNameMacros(),
];

export async function installMacros(db: Db): Promise<void> {
  for (const m of MACROS) await db.run(m);
}
