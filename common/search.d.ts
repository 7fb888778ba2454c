// Types of search.js (plain JavaScript, so that Evidence's Svelte components can import it) for the
// TypeScript that shares it: the warehouse model marts.practice_term and the tests.
export const STOPWORDS: Set<string>;
export function normalize(text: unknown): string;
export function words(text: unknown): { word: string; start: number; end: number }[];
export function stem(word: string): string | null;
export function terms(text: unknown): string[];
export const FIELD_WEIGHTS: Record<'title' | 'region' | 'theme' | 'description' | 'problem' | 'results', number>;
export type SearchField = keyof typeof FIELD_WEIGHTS;
export function documentTerms(doc: Partial<Record<SearchField, string | null | undefined>>): { field: SearchField; term: string; count: number }[];
export function termMatch(q: string, t: string): number;
export interface TermRow {
  practice_id: string;
  field: string;
  term: string;
  count: number | bigint;
}
export interface SearchIndex {
  docs: Map<string, { id: string; fields: Record<string, { len: number; tf: Map<string, number> }> }>;
  avgLen: Record<string, number>;
  vocabulary: string[];
  N: number;
}
export function buildIndex(rows: Iterable<TermRow>): SearchIndex;
export function hasPhrase(text: string | null | undefined, queryStems: string[]): boolean;
export interface SearchHit {
  practice_id: string;
  score: number;
  matched: string[];
  coverage: number;
}
export function search(index: SearchIndex, query: string, opts?: { texts?: Map<string, string> | Record<string, string>; limit?: number }): SearchHit[];
export interface Segment {
  text: string;
  hit: boolean;
}
export function highlight(text: string | null | undefined, stems: string[]): Segment[];
export function snippet(text: string | null | undefined, stems: string[], radius?: number): Segment[];
