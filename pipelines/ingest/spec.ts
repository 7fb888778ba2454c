/**
 * A source is declared, not coded: one zod schema of the canonical row, with
 * the header mapping, description and parse rule of every column in its
 * `.meta()`. The DuckDB DDL, the SQL that parses and validates the text
 * cells, the TypeScript row type and the data dictionary all derive from it.
 */
import { z } from 'zod';

/** How a text cell becomes a value. Derived from the zod type unless given. */
export type ParseKind = 'text' | 'number' | 'int' | 'date' | 'bool' | 'region' | 'inn' | 'list';

export interface ColumnMeta {
  /** Header(s) in the input file. The first is the canonical one; the rest are accepted variants. */
  header: string | string[];
  /** What the column means (Russian), shown in the data dictionary. */
  description: string;
  /** Must the column be present in every file? (A missing optional column is filled with NULL.) */
  required?: boolean;
  /** Overrides the parse rule derived from the zod type. */
  parse?: ParseKind;
  /** For enums: values beginning with this prefix are accepted as free text (e.g. «Иное:»). */
  otherPrefix?: string;
  /** For lists: separator between items (default «;»). */
  separator?: string;
  /** Unit of measure, for the dictionary (e.g. «руб.», «баллы 0–100»). */
  unit?: string;
}

declare module 'zod' {
  interface GlobalMeta {
    header?: string | string[];
    required?: boolean;
    parse?: ParseKind;
    otherPrefix?: string;
    separator?: string;
    unit?: string;
  }
}

/** Attach column metadata to a zod schema (the schema stays the single declaration). */
export function col<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  return schema.meta(meta as never) as T;
}

export type Severity = 'error' | 'warning';

/** A rule across columns, written in SQL over the parsed (typed) columns of one row. */
export interface RowRule {
  id: string;
  severity: Severity;
  /** The column the problem is reported against (a canonical column name). */
  column: string;
  /** SQL boolean: TRUE when the row breaks the rule. NULL counts as not broken. */
  when: string;
  /** SQL string expression giving the message in Russian. */
  message: string;
  /** 'year': evaluated once per year over the per-year columns (plus `year`); default 'row'. */
  scope?: 'row' | 'year';
}

export interface SourceDef<C extends z.ZodRawShape, Y extends z.ZodRawShape> {
  /** Folder name under sources/ and in a user's input folder (docs/formats.md). */
  name: string;
  title: string;
  description: string;
  /** Where the layout is specified. */
  layout: string;
  /** Per-row columns. */
  columns: C;
  /** Per-year column groups: each header contains «{year}»; every year found becomes a row of <name>_by_year. */
  yearColumns?: Y;
  /** Columns whose combination must be unique (later duplicates are quarantined). */
  key?: (keyof C & string)[];
  /** Empty cells of nullable key columns count as one value (default: a row with an empty key column is not checked). */
  keyNullsEqual?: boolean;
  /** A SQL expression over the raw table's columns that is the key (the `key` columns are then what the message shows). */
  keySql?: string;
  /** Cross-column rules. */
  rules?: RowRule[];
  /** The XLSX sheet to read (default: the first). */
  sheet?: string;
  /** Reference data always come from the project, never from a user's folder; any bad row fails the build. */
  reference?: boolean;
  /** The raw table name (default: the source name). */
  table?: string;
  /** Reference sources: the file names to read in the source folder (default: every .csv/.xlsx). */
  files?: string[];
}

export interface ColumnInfo {
  name: string;
  headers: string[];
  description: string;
  required: boolean;
  nullable: boolean;
  parse: ParseKind;
  sqlType: string;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enumValues?: string[];
  otherPrefix?: string;
  separator: string;
  unit?: string;
  perYear: boolean;
}

export interface Source<C extends z.ZodRawShape = z.ZodRawShape, Y extends z.ZodRawShape = z.ZodRawShape> extends SourceDef<C, Y> {
  table: string;
  /** zod schema of one loaded row (per-row columns; enums with otherPrefix also accept «<prefix> <text>»). */
  schema: z.ZodObject<C>;
  /** zod schema of one per-year row (year + per-year columns), if any. */
  yearSchema?: z.ZodObject<Y>;
  columnsInfo: ColumnInfo[];
}

export type RowOf<S> = S extends Source<infer C> ? z.infer<z.ZodObject<C>> : never;

function unwrap(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let s: z.ZodType = schema;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodNullable || s instanceof z.ZodOptional) {
      nullable = true;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodDefault) {
      s = s.def.innerType as z.ZodType;
    } else break;
  }
  return { inner: s, nullable };
}

function metaOf(schema: z.ZodType): ColumnMeta {
  let s: z.ZodType | undefined = schema;
  while (s) {
    const m = s.meta() as ColumnMeta | undefined;
    if (m?.header) return m;
    s = s instanceof z.ZodNullable || s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : undefined;
  }
  throw new Error('column without .meta({ header, description })');
}

/** Read the column facts the pipeline needs from a zod schema. */
export function describeColumn(name: string, schema: z.ZodType, perYear = false): ColumnInfo {
  const meta = metaOf(schema);
  const { inner, nullable } = unwrap(schema);
  const headers = Array.isArray(meta.header) ? meta.header : [meta.header];
  const info: ColumnInfo = {
    name,
    headers,
    description: meta.description,
    required: meta.required ?? false,
    nullable,
    parse: 'text',
    sqlType: 'VARCHAR',
    separator: meta.separator ?? ';',
    perYear,
    ...(meta.unit ? { unit: meta.unit } : {}),
    ...(meta.otherPrefix ? { otherPrefix: meta.otherPrefix } : {}),
  };
  if (inner instanceof z.ZodNumber) {
    const isInt = inner.isInt;
    info.parse = isInt ? 'int' : 'number';
    info.sqlType = isInt ? 'BIGINT' : 'DOUBLE';
    if (inner.minValue !== null && Number.isFinite(inner.minValue) && inner.minValue > -Number.MAX_SAFE_INTEGER) info.min = inner.minValue;
    if (inner.maxValue !== null && Number.isFinite(inner.maxValue) && inner.maxValue < Number.MAX_SAFE_INTEGER) info.max = inner.maxValue;
  } else if (inner instanceof z.ZodBoolean) {
    info.parse = 'bool';
    info.sqlType = 'BOOLEAN';
  } else if (inner instanceof z.ZodDate) {
    info.parse = 'date';
    info.sqlType = 'TIMESTAMP';
  } else if (inner instanceof z.ZodEnum) {
    info.enumValues = inner.options.map(String);
  } else if (inner instanceof z.ZodArray) {
    info.parse = 'list';
    info.sqlType = 'VARCHAR[]';
    const { inner: el } = unwrap(inner.element as z.ZodType);
    if (el instanceof z.ZodEnum) info.enumValues = el.options.map(String);
  } else if (inner instanceof z.ZodString) {
    if (inner.minLength !== null) info.minLength = inner.minLength;
    if (inner.maxLength !== null) info.maxLength = inner.maxLength;
    for (const c of inner.def.checks ?? []) {
      const d = (c as unknown as { _zod: { def: { format?: string; pattern?: RegExp } } })._zod.def;
      if (d.format === 'regex' && d.pattern) info.pattern = d.pattern.source;
    }
  } else {
    throw new Error(`column ${name}: unsupported zod type ${inner.def.type}`);
  }
  if (meta.parse) {
    info.parse = meta.parse;
    if (meta.parse === 'region' || meta.parse === 'inn') info.sqlType = 'VARCHAR';
  }
  return info;
}

/**
 * The schema of a loaded value: an enum with `otherPrefix` also accepts «<prefix> <text>»
 * (e.g. «Иное: конкурс с ограниченным участием»), as the loader does.
 */
function loadedSchema(schema: z.ZodType): z.ZodType {
  let prefix: string | undefined;
  try {
    prefix = metaOf(schema).otherPrefix;
  } catch {
    return schema;
  }
  if (!prefix) return schema;
  const p = prefix;
  const widen = (s: z.ZodType): z.ZodType => {
    if (s instanceof z.ZodNullable) return widen(s.unwrap() as z.ZodType).nullable();
    if (s instanceof z.ZodOptional) return widen(s.unwrap() as z.ZodType).optional();
    if (s instanceof z.ZodEnum) return z.union([s, z.string().startsWith(p)]);
    if (s instanceof z.ZodArray) return z.array(widen(s.element as z.ZodType));
    return s;
  };
  return widen(schema);
}

function loadedShape<T extends z.ZodRawShape>(shape: T): T {
  return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, loadedSchema(v as z.ZodType)])) as unknown as T;
}

export function defineSource<C extends z.ZodRawShape, Y extends z.ZodRawShape = Record<string, never>>(
  def: SourceDef<C, Y>,
): Source<C, Y> {
  const schema = z.strictObject(loadedShape(def.columns));
  const columnsInfo = Object.entries(def.columns).map(([n, s]) => describeColumn(n, s as z.ZodType));
  let yearSchema: z.ZodObject<Y> | undefined;
  if (def.yearColumns && Object.keys(def.yearColumns).length) {
    yearSchema = z.strictObject(loadedShape(def.yearColumns));
    for (const [n, s] of Object.entries(def.yearColumns)) {
      const info = describeColumn(n, s as z.ZodType, true);
      if (!info.headers.every((h) => h.includes('{year}'))) {
        throw new Error(`${def.name}.${n}: a per-year column header must contain {year}`);
      }
      columnsInfo.push(info);
    }
  }
  for (const k of def.key ?? []) if (!(k in def.columns)) throw new Error(`${def.name}: key column ${k} is not declared`);
  return { ...def, table: def.table ?? def.name, schema, ...(yearSchema ? { yearSchema } : {}), columnsInfo };
}

/** The DDL of a source's raw tables, derived from its schema. */
export function rawDDL(src: Source, schemaName = 'raw'): string[] {
  const system = [
    `"_file" VARCHAR NOT NULL`,
    `"_row" BIGINT NOT NULL`,
    `"is_synthetic" BOOLEAN NOT NULL`,
  ];
  const main = src.columnsInfo.filter((c) => !c.perYear).map((c) => `"${c.name}" ${c.sqlType}`);
  const out = [`CREATE TABLE IF NOT EXISTS ${schemaName}."${src.table}" (${[...system, ...main].join(', ')})`];
  const years = src.columnsInfo.filter((c) => c.perYear);
  if (years.length) {
    const cols = [`"_file" VARCHAR NOT NULL`, `"_row" BIGINT NOT NULL`, `"year" INTEGER NOT NULL`, ...years.map((c) => `"${c.name}" ${c.sqlType}`)];
    out.push(`CREATE TABLE IF NOT EXISTS ${schemaName}."${src.table}_by_year" (${cols.join(', ')})`);
  }
  return out;
}
