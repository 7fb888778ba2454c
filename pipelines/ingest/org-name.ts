/**
 * Russian institution names as people write them, reduced to one comparison
 * key in DuckDB SQL (macro nok_org_name_key): case, ё/е, quotes, punctuation,
 * «№ 9» = «№9», a place in parentheses after the name, and every abbreviation
 * of sources/methodology/org_name_abbreviations.csv spelled out (МБДОУ =
 * муниципальное бюджетное дошкольное образовательное учреждение, «д/с» =
 * «детский сад», СОШ, ДШИ, ЦСО …). The list is declared once, in that CSV;
 * the macro is generated from it. nok_org_is_branch(name): the name says the
 * unit is a branch or a structural unit (филиал, обособленное или структурное
 * подразделение, отделение).
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../lib/paths.ts';
import { lit } from '../lib/duck.ts';

export const ABBREVIATIONS_FILE = path.join(paths.sources, 'methodology', 'org_name_abbreviations.csv');

/** abbreviation → expansion ('' = the word is dropped), lower case, ё as е. */
export function readAbbreviations(file = ABBREVIATIONS_FILE): Map<string, string> {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()!.split(',');
  if (header[0] !== 'abbreviation' || header[1] !== 'expansion') throw new Error(`${file}: the header must start with abbreviation,expansion`);
  const out = new Map<string, string>();
  for (const line of lines) {
    const [a, e] = line.split(',');
    const key = a!.trim().toLowerCase().replaceAll('ё', 'е');
    if (out.has(key)) throw new Error(`${file}: abbreviation «${key}» is declared twice`);
    out.set(key, (e ?? '').trim().toLowerCase().replaceAll('ё', 'е'));
  }
  return out;
}

/**
 * Words of the organizational-legal form: two names that differ only in them («МБОУ» → «МАОУ») are a likely
 * re-registration of one institution, reported for a person to decide (never merged on their own).
 */
export const FORM_WORDS = [
  'федеральное', 'государственное', 'муниципальное', 'областное', 'краевое', 'окружное', 'республиканское', 'городское',
  'бюджетное', 'автономное', 'казенное', 'частное', 'некоммерческая', 'автономная', 'организация', 'учреждение',
  'дошкольное', 'общеобразовательное', 'образовательное', 'профессиональное', 'открытое', 'акционерное', 'общество',
];

/** The words a branch or structural unit is named with. */
export const BRANCH_WORDS = ['филиал', 'обособленное подразделение', 'структурное подразделение', 'отделение'];

export function orgNameMacros(abbreviations = readAbbreviations()): string[] {
  const map = `MAP {${[...abbreviations].map(([a, e]) => `${lit(a)}: ${lit(e)}`).join(', ')}}`;
  // 1. key of the text (case, ё/е, dashes, quotes, Latin look-alikes, spaces: nok_key);
  // 2. a place in parentheses at the end goes; 3. «№» stands alone, then joins the number after it («№ 9», «N9» → «№9»);
  // 4. any other punctuation is a space («д/с» keeps its slash); 5. every word through the abbreviation list.
  const cleaned = `regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(nok_key(x),
      '(\\s*\\([^()]*\\))+\\s*$', ''),
      '№', ' № ', 'g'),
      '(^|\\s)(n|№)\\.?\\s*(\\d)', '\\1№\\3', 'g'),
      '[^\\p{L}\\p{N}/№ ]', ' ', 'g'),
      '(^|\\s)/+|/+(\\s|$)', ' ', 'g'),
      '\\s+', ' ', 'g')`;
  return [
    // the list as a session variable: a MAP literal inside the lambda was built again for every word (≈0,5 ms a name)
    `SET VARIABLE nok_org_abbreviations = ${map}`,
    `CREATE OR REPLACE TEMP MACRO nok_org_name_key(x) AS CASE WHEN nok_blank(x) THEN NULL ELSE nullif(trim(regexp_replace(array_to_string(
      list_transform(string_split(trim(${cleaned}), ' '), t -> coalesce(getvariable('nok_org_abbreviations')[t], t)), ' '), '\\s+', ' ', 'g')), '') END`,
    `CREATE OR REPLACE TEMP MACRO nok_org_is_branch(x) AS coalesce(regexp_matches(nok_key(x), ${lit(`(^|[^\\p{L}])(${BRANCH_WORDS.join('|')})`)}), FALSE)`,
    // a name key without the words of the legal form
    `CREATE OR REPLACE TEMP MACRO nok_org_name_core(k) AS array_to_string(list_filter(string_split(k, ' '), t -> NOT list_contains([${FORM_WORDS.map(lit).join(', ')}], t)), ' ')`,
    // the numbers of a name («№5», «школа 15»): two names with different numbers are never the same organization
    // the id of an organization identity (int_nok_org_identity): stable across builds
    `CREATE OR REPLACE TEMP MACRO nok_org_id(identity_key) AS 'o' || substr(md5(identity_key), 1, 12)`,
    `CREATE OR REPLACE TEMP MACRO nok_org_name_numbers(k) AS coalesce(array_to_string(regexp_extract_all(k, '\\d+'), ' '), '')`,
  ];
}
