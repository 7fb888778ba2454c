/**
 * Plain-text helpers for practice descriptions: whitespace normalization,
 * a comparison form (lower case, «ё» → «е») and a sentence splitter that
 * knows the abbreviations of Russian official prose («г. Ульяновске»,
 * «и т.п.», «руб.»), so that tags and metrics can quote the sentence they
 * come from.
 */

/** Collapse runs of spaces (also no-break and thin spaces) and line breaks into one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/[\s\u00a0\u202f\u2009]+/g, ' ').trim();
}

/** The form texts are compared in: lower case, «ё» as «е». Same length as the input. */
export function foldCase(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

/** Abbreviations after which a full stop does not end a sentence. */
// («и др.», «и пр.», «и т.п.» usually end a sentence in this prose, so they are not listed)
const ABBREVIATIONS = new Set(['г', 'гг', 'т', 'п', 'д', 'им', 'ул', 'тыс', 'млн', 'млрд', 'руб', 'см', 'стр', 'рис', 'обл', 'респ', 'ст', 'ч', 'т.е']);

export interface Sentence {
  text: string;
  /** Offset of the sentence in the normalized text. */
  start: number;
}

/**
 * Split a (whitespace-normalized) text into sentences: a sentence ends with
 * «.», «!», «?» or «…» (optionally followed by closing quotes or brackets)
 * before a space and a capital letter, digit, opening quote or bracket —
 * unless the full stop closes a known abbreviation.
 */
export function splitSentences(input: string): Sentence[] {
  const text = normalizeSpace(input);
  const out: Sentence[] = [];
  const re = /[.!?…]+["»)”]*(?=\s+["«(„]?[А-ЯЁA-Z0-9])/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    if (m[0].startsWith('.') && m[0].length === 1) {
      const before = text.slice(Math.max(0, m.index - 6), m.index);
      const word = /(?:^|[\s(«"])([а-яёa-z.]{1,4})$/i.exec(before)?.[1]?.toLowerCase();
      if (word && ABBREVIATIONS.has(word)) continue;
    }
    const s = text.slice(start, end).trim();
    if (s) out.push({ text: s, start });
    start = end;
    while (text[start] === ' ') start++;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push({ text: rest, start });
  return out;
}

/**
 * The sentences of `text` that are not already contained in any of `seen`
 * (compared whitespace-normalized): the problem and results of a practice
 * usually repeat sentences of its description.
 */
export function newSentences(text: string | null | undefined, seen: string[]): Sentence[] {
  if (!text) return [];
  const pool = seen.map((s) => foldCase(normalizeSpace(s)));
  return splitSentences(text).filter((s) => !pool.some((p) => p.includes(foldCase(s.text))));
}
