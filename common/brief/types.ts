// Types of the resolution brief (common/brief/): what goes in (rows of marts and their keys) and
// what comes out (sections of blocks whose text is a list of parts referring to facts).

/** A row of a mart, as DuckDB (CLI) or an Evidence query (page) gives it. */
export type Row = Record<string, unknown>;
/** The rows of each mart the brief reads; a mart missing from the warehouse is undefined. */
export type Tables = Partial<Record<string, Iterable<Row> | Row[] | undefined | null>>;
/** The unique key of each mart (its columns), as the model contracts declare it (see keys.ts). */
export type MartKeys = Record<string, readonly string[]>;

export type KeyValue = string | number | boolean | null;
export type FactValue = number | string | boolean | null;

/** One value of one row of one mart: every figure of the brief is one. */
export interface Fact {
  id: string;
  ref?: string;
  text: string;
  value: FactValue;
  formatted: string;
  mart: string;
  key: Record<string, KeyValue>;
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

/** A piece of text: a plain string, a fact (by id), a practice (by id), bold or italic text. */
export type Part = string | { f: string } | { p: string } | { strong: string } | { em: string };

export interface Item {
  parts: Part[];
}

export interface Block {
  type: 'p' | 'ul' | 'note' | 'practice';
  parts?: Part[];
  items?: Item[];
  practice_id?: string;
  description?: string;
  metrics?: { parts: Part[]; quote: string }[];
  more?: string | null;
  is_synthetic?: boolean;
}

export type SectionId = 'survey' | 'cost' | 'procurement' | 'scores' | 'practices' | 'effects';

export interface Section {
  id: SectionId;
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

export interface ResolutionGroup {
  addressee: string;
  title: string;
  items: ResolutionItem[];
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
  resolution: ResolutionGroup[];
  facts: Map<string, Fact>;
  practices: Map<string, PracticeRef>;
  missing: string[];
  synthetic: boolean;
  /** The data release the brief was made from (printed in its footer), when known. */
  release?: BriefRelease;
}

/** What the footer says about the data: release id, build date (dd.mm.yyyy) and how to cite. */
export interface BriefRelease {
  release_id: string;
  built: string;
  citation: string;
}

export interface BriefOptions {
  /** region_code, or null / 'RF' for all of Russia */
  region?: string | null;
  /** theme code, or null / 'all' for every theme */
  theme?: string | null;
  /** the marts' unique keys, from the model contracts (pipelines/brief/keys.ts reads them) */
  keys: MartKeys;
  /** the release of the warehouse, for the footer (pipelines/release.ts) */
  release?: BriefRelease;
}

export interface BriefJson {
  release?: BriefRelease;
  title: string;
  scope: Scope;
  is_synthetic: boolean;
  sections: { id: string; title: string; omitted: boolean; note?: string }[];
  resolution: { addressee: string; items: { rule: string; text: string; refs: string[]; is_synthetic: boolean }[] }[];
  facts: {
    ref: string;
    id: string;
    text: string;
    value: FactValue;
    formatted: string;
    mart: string;
    key: Record<string, KeyValue>;
    column: string;
    is_synthetic: boolean;
    display?: 'abs';
    published?: { ref: string | undefined; figure_id: string; status: string; shown: boolean };
  }[];
  practices: { ref: string; practice_id: string; title: string; region: string; region_code: string | null }[];
  missing_marts: string[];
}
