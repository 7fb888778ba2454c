/**
 * Region and theme for the brief, from whatever a person typed.
 *
 * Region: through the project's normalizer (pipelines/regions/normalize.ts) — any spelling of the
 * 89 subjects; an ambiguous name («Алтай») is refused with both candidates, never guessed.
 * Theme: by code (`staff_training`) or Russian title («обучение персонала»), also by a unique
 * part of a title («обучение»). Anything unknown is a UserError listing the closest names
 * (trigram similarity, with edit distance for short words), so the CLI exits with code 2 and a
 * message a person can act on.
 */
import { UserError } from '../lib/errors.ts';
import { RegionIndex, normalizeKey } from '../regions/normalize.ts';
import { plural } from '@nok-atlas/common/fmt.js';

/** Lower case, ё→е, punctuation and quotes to spaces, spaces collapsed. */
export function simplify(s: string): string {
  return normalizeKey(s)
    .replace(/[()«»"'/\\_.,;:!?-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function trigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  const padded = `  ${s} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    const g = padded.slice(i, i + 3);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice coefficient of the trigram multisets of two simplified strings (0–1). */
export function trigramSimilarity(a: string, b: string): number {
  const A = trigrams(simplify(a));
  const B = trigrams(simplify(b));
  let common = 0;
  let total = 0;
  for (const [g, n] of A) {
    common += Math.min(n, B.get(g) ?? 0);
    total += n;
  }
  for (const n of B.values()) total += n;
  return total === 0 ? 0 : (2 * common) / total;
}

/** Levenshtein distance (insert, delete, substitute = 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Words that say what kind of name it is, not which one: they do not make two names close. */
const GENERIC = new Set([
  'город', 'федерального', 'значения', 'республика', 'респ', 'область', 'обл', 'край', 'автономный', 'автономная',
  'округ', 'народная', 'югра', 'ао', 'г',
]);

/** How close a query is to a name: the best of whole-string trigram similarity and per-word edit similarity. */
export function closeness(query: string, name: string): number {
  const q = simplify(query);
  const n = simplify(name);
  if (!q || !n) return 0;
  let best = trigramSimilarity(q, n);
  const words = n.split(' ').filter((w) => w.length >= 3 && !GENERIC.has(w));
  for (const qw of q.split(' ').filter((w) => w.length >= 3 && !GENERIC.has(w))) {
    for (const w of words) {
      const d = editDistance(qw, w);
      best = Math.max(best, 1 - d / Math.max(qw.length, w.length));
    }
  }
  return best;
}

export interface Candidate {
  /** What is shown to the person. */
  label: string;
  /** What identifies the candidate (region code, theme code). */
  id: string;
  /** Spellings compared with the query. */
  names: string[];
}

/** The closest candidates to a query, best first: at most `limit`, one per id. */
export function closeMatches(query: string, candidates: Candidate[], limit = 5): { id: string; label: string; score: number }[] {
  const scored = candidates.map((c) => ({ id: c.id, label: c.label, score: Math.max(...c.names.map((n) => closeness(query, n))) }));
  scored.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label, 'ru'));
  const seen = new Set<string>();
  const out: { id: string; label: string; score: number }[] = [];
  for (const s of scored) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
    if (out.length >= limit) break;
  }
  // keep the clearly better ones when there are any
  const good = out.filter((s) => s.score >= 0.5);
  return good.length ? good : out.slice(0, 3);
}

// --- regions -----------------------------------------------------------------------------------

const ALL_RUSSIA = new Set(['россия', 'рф', 'вся россия', 'российская федерация', 'все', 'все регионы', 'все субъекты']);

export interface RegionChoice {
  code: string;
  name: string;
}

/** Candidates for close matches: every subject with its names and aliases. */
export function regionCandidates(index: RegionIndex): Candidate[] {
  const aliases = new Map<string, string[]>();
  for (const a of index.aliases()) aliases.set(a.region_code, [...(aliases.get(a.region_code) ?? []), a.alias]);
  return index.regions().map((r) => ({ id: r.region_code, label: r.short_name, names: [r.name, r.short_name, ...(aliases.get(r.region_code) ?? [])] }));
}

/** The region for `--region`, or null for all of Russia (no option, «Россия», «РФ»). */
export function resolveRegion(raw: string | undefined, index: RegionIndex): RegionChoice | null {
  if (raw === undefined) return null;
  const shown = raw.trim();
  if (!shown) throw new UserError('Пустое значение --region.', { expected: 'название субъекта РФ, например «г. Москва», или не указывать параметр для всей России' });
  if (ALL_RUSSIA.has(simplify(shown))) return null;
  const m = index.match(shown);
  if (m.ok) return { code: m.code, name: index.get(m.code)?.short_name ?? m.name };
  if (m.reason === 'ambiguous') {
    const list = m.candidates.map((c) => `«${index.get(c)?.short_name ?? c}»`).join(' или ');
    throw new UserError(m.message, { expected: `одно из: ${list}`, hint: `Укажите полное название, например --region "${index.get(m.candidates[0]!)?.short_name ?? ''}"` });
  }
  const close = closeMatches(shown, regionCandidates(index));
  throw new UserError(`Регион «${shown}» не найден среди ${index.regions().length} ${plural(index.regions().length, 'субъекта', 'субъектов', 'субъектов')} РФ.`, {
    expected: `название субъекта РФ. Ближайшие по написанию: ${close.map((c) => `«${c.label}»`).join(', ')}`,
    hint: 'Любое написание подходит: «г. Москва», «Татарстан», «ХМАО – Югра». Без --region справка строится по всей России.',
  });
}

// --- themes ------------------------------------------------------------------------------------

export interface ThemeRow {
  theme: string;
  theme_title: string;
}

export interface ThemeChoice {
  code: string;
  title: string;
}

/** The theme for `--theme` (code or Russian title), or null when not given. */
export function resolveTheme(raw: string | undefined, vocabulary: ThemeRow[] | undefined): ThemeChoice | null {
  if (raw === undefined) return null;
  const shown = raw.trim();
  if (!shown) throw new UserError('Пустое значение --theme.', { expected: 'код или название темы практик, например staff_training или «обучение персонала»' });
  if (!vocabulary || vocabulary.length === 0) {
    throw new UserError('Словаря тем практик в хранилище нет (витрина marts.practice_theme_vocabulary).', {
      hint: 'Соберите хранилище заново (npm run pipeline) или постройте справку без --theme.',
    });
  }
  const q = simplify(shown);
  const qCode = shown.toLowerCase().replace(/[\s-]+/g, '_');
  const exact = vocabulary.find((v) => v.theme.toLowerCase() === qCode || simplify(v.theme_title) === q);
  if (exact) return { code: exact.theme, title: exact.theme_title };
  // a unique part of a title or a code: «обучение» → «обучение персонала»
  const words = q.split(' ').filter(Boolean);
  const partial = vocabulary.filter((v) => {
    const t = simplify(v.theme_title);
    return t.includes(q) || simplify(v.theme).includes(q) || (words.length > 0 && words.every((w) => t.split(' ').some((tw) => tw.startsWith(w))));
  });
  if (partial.length === 1) return { code: partial[0]!.theme, title: partial[0]!.theme_title };
  const all = vocabulary.map((v) => `${v.theme} («${v.theme_title}»)`).join(', ');
  if (partial.length > 1) {
    throw new UserError(`Тема «${shown}» неоднозначна: подходят ${partial.map((v) => `«${v.theme_title}» (${v.theme})`).join(', ')}.`, {
      expected: 'код или полное название одной темы',
      hint: `Все темы: ${all}`,
    });
  }
  const close = closeMatches(
    shown,
    vocabulary.map((v) => ({ id: v.theme, label: `«${v.theme_title}» (${v.theme})`, names: [v.theme_title, v.theme.replace(/_/g, ' ')] })),
  );
  throw new UserError(`Тема практик «${shown}» не найдена.`, {
    expected: `код или название темы. Ближайшие: ${close.map((c) => c.label).join(', ')}`,
    hint: `Все темы: ${all}`,
  });
}
