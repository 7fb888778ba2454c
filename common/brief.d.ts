// Types of brief.js (plain JavaScript, so that the dashboard page can import it) for the TypeScript
// that shares it: the CLI (pipelines/brief) and the tests.

export type Row = Record<string, unknown>;
export type Tables = Partial<Record<string, Iterable<Row> | Row[] | undefined | null>>;

export const BRIEF_TABLES: string[];
export const MART_KEYS: Record<string, string[]>;
export const SECTION_TABLES: Record<string, string[]>;
export const SECTION_TITLES: Record<string, string>;
export const CRITERIA: Record<'k1' | 'k2' | 'k3' | 'k4' | 'k5', string>;
export const ADDRESSEES: Record<string, string>;
export const ALL_SPHERES: string;
export const COUNTRY: string;

export interface Fact {
  id: string;
  ref?: string;
  text: string;
  value: number | string | boolean | null;
  formatted: string;
  mart: string;
  key: Record<string, string | number | boolean | null>;
  column: string;
  is_synthetic: boolean;
  display?: 'abs';
  published?: { fact: string; figure_id: string; status: string; differs: boolean };
}

export interface PracticeRef {
  practice_id: string;
  ref?: string;
  title: string;
  region: string;
  region_code: string | null;
  page_url: string;
  is_synthetic: boolean;
}

export type Part = string | { f: string } | { p: string } | { strong: string } | { em: string };

export interface Block {
  type: 'p' | 'ul' | 'note' | 'practice';
  parts?: Part[];
  items?: { parts: Part[] }[];
  practice_id?: string;
  description?: string;
  metrics?: { parts: Part[]; quote: string }[];
  more?: string | null;
  is_synthetic?: boolean;
}

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
  omitted?: boolean;
}

export interface ResolutionItem {
  rule: string;
  parts: Part[];
  cites: (Fact | PracticeRef)[];
  refs: string[];
}

export interface Scope {
  region_code: string | null;
  region_name: string | null;
  federal_district: string | null;
  federal_district_short: string | null;
  theme: string | null;
  theme_title: string | null;
}

export interface Brief {
  title: string;
  scope: Scope;
  sections: Section[];
  resolution: { addressee: string; title: string; items: ResolutionItem[] }[];
  facts: Map<string, Fact>;
  practices: Map<string, PracticeRef>;
  missing: string[];
  synthetic: boolean;
}

export interface BriefJson {
  title: string;
  scope: Scope;
  is_synthetic: boolean;
  sections: { id: string; title: string; omitted: boolean; note?: string }[];
  resolution: { addressee: string; items: { rule: string; text: string; refs: string[]; is_synthetic: boolean }[] }[];
  facts: {
    ref: string;
    id: string;
    text: string;
    value: number | string | boolean | null;
    formatted: string;
    mart: string;
    key: Record<string, string | number | boolean | null>;
    column: string;
    is_synthetic: boolean;
    display?: 'abs';
    published?: { ref: string | undefined; figure_id: string; status: string; shown: boolean };
  }[];
  practices: { ref: string; practice_id: string; title: string; region: string; region_code: string | null }[];
  missing_marts: string[];
}

export interface ResolutionRule {
  id: string;
  addressee: string;
  many?: boolean;
}
export const RESOLUTION_RULES: ResolutionRule[];

/** Russian plural (from fmt.js): the form for 1, 2–4 (and fractions), 5–20; `n` may be the number as shown («21», «1,5»). */
export function plural(n: number | bigint | string | null | undefined, one: string, few: string, many: string): string;
export function formatReportValue(value: unknown, unit: string | null | undefined): string;
export function buildBrief(tables: Tables, opts?: { region?: string | null; theme?: string | null }): Brief;
export function partsSynthetic(brief: Brief, parts: Part[]): boolean;
export function plainText(brief: Brief, parts: Part[]): string;
export function renderMarkdown(brief: Brief): string;
export function renderHtml(brief: Brief): string;
export function renderHtmlDocument(brief: Brief): string;
export function briefJson(brief: Brief): BriefJson;
export function briefSlug(scope: Scope): string;
export const BRIEF_CSS: string;
export function styleTag(css: string): string;
