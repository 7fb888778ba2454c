/**
 * Comparison keys for headers and categorical values: case, surrounding and
 * repeated spaces, ё/е, every kind of dash and quote, and Latin letters that
 * look Cyrillic (a real export writes «c использованием» with a Latin c) do
 * not matter. The SQL macro nok_key() in sql.ts does the same in DuckDB.
 */
const LATIN = 'aceopxyk';
const CYRILLIC = 'асеорхук';
const DASHES = /[\u2010-\u2015\u2212\u2043\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[«»"“”„‟'‘’`]/g;

export function textKey(s: string): string {
  let k = s.toLowerCase().replaceAll('ё', 'е').replace(DASHES, '-').replace(QUOTES, '');
  k = k.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  let out = '';
  for (const ch of k) {
    const i = LATIN.indexOf(ch);
    out += i >= 0 ? CYRILLIC[i] : ch;
  }
  return out;
}

/** The SQL counterpart of textKey(), as a DuckDB macro body over x. */
export const TEXT_KEY_SQL = `trim(regexp_replace(translate(regexp_replace(regexp_replace(replace(lower(x), 'ё', 'е'), '[\\x{2010}-\\x{2015}\\x{2212}\\x{2043}\\x{FE58}\\x{FE63}\\x{FF0D}]', '-', 'g'), '[«»"“”„‟''‘’\`]', '', 'g'), '${LATIN}', '${CYRILLIC}'), '[\\s\\x{00a0}\\x{202f}]+', ' ', 'g'))`;
