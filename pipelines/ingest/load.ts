/**
 * Load the files of one source into its raw table(s): read → map headers →
 * parse and check in SQL → loaded rows to raw.<table>, failed rows to
 * meta.quarantine, warnings to meta.warning, a line per file in
 * meta.load_report. Every data row ends up loaded or quarantined.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Db, ident, lit } from '../lib/duck.ts';
import { UserError } from '../lib/errors.ts';
import { log, fmtInt, Progress } from '../lib/log.ts';
import type { Source, ColumnInfo } from './spec.ts';
import { rawDDL } from './spec.ts';
import { countWarnedRows } from './meta.ts';
import { readFile, type ReadResult } from './read.ts';
import { mapHeaders, readColumnsSidecar, applyColumnsSidecar } from './headers.ts';
import { parseExpr, columnChecks, ruleChecks, type Check } from './parse-sql.ts';
import type { RegionIndex } from '../regions/normalize.ts';

export interface LoadContext {
  db: Db;
  /** Region spellings → codes (only match() is used, so tests may pass a small stand-in). */
  regions: Pick<RegionIndex, 'match'>;
  tmpDir: string;
  /** Folder the `file` paths in reports are relative to. */
  baseDir: string;
  /** All layouts, to say which one a file belongs to when it lies in the wrong folder. */
  layouts?: Source[];
  /** Rows per INSERT into raw (default {@link INSERT_SLICE_ROWS}); tests make it small. */
  insertSlice?: number;
}

/**
 * A file's checked rows go into raw this many at a time (by row number, so in file order). One
 * INSERT of a whole 24-million-row file sometimes took the process 1–2 GB past DuckDB's memory
 * limit (peaks of 4,4 to 6,7 GB in nine loads of one 2 GB file at a 4 GB limit); in slices of
 * 4 M rows, 4,6 GB in three loads, with no loss of time (docs/benchmarks.md, 06.12.2026).
 */
export const INSERT_SLICE_ROWS = 4_000_000;

export interface FileReport {
  source: string;
  file: string;
  rows_read: number;
  rows_loaded: number;
  rows_quarantined: number;
  rows_with_warnings: number;
  rows_blank: number;
}

/** A sidecar `<file>.meta.json` says whether a file's values are synthetic and how they were made, and which sheet to read. */
export const FileNote = z.strictObject({
  /** Default false: a user's own file holds real data. */
  synthetic: z.union([z.boolean(), z.literal('per-cell')]).default(false),
  /** XLSX: the sheet to read (overrides _settings.json and the source's default). */
  sheet: z.string().min(1).optional(),
  description: z.string().optional(),
  generator: z.string().optional(),
  seed: z.union([z.number(), z.string()]).optional(),
  /** per-cell: a CSV (row, column, year, kind, quote) beside the data file, name starting with «_». */
  provenance: z.string().optional(),
});
type FileNote = z.infer<typeof FileNote>;

function readNote(file: string, shownAs: string): FileNote | null {
  const p = file + '.meta.json';
  if (!fs.existsSync(p)) return null;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (e) {
    throw new UserError(`Сопроводительный файл не является JSON: ${(e as Error).message}`, { file: shownAs + '.meta.json' });
  }
  const r = FileNote.safeParse(json);
  if (!r.success) {
    throw new UserError(`Сопроводительный файл заполнен неверно: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
      file: shownAs + '.meta.json',
      expected: '{"synthetic": true|false|"per-cell", "sheet": "…", "description": "…", "generator": "…", "seed": 1}',
    });
  }
  return r.data;
}

/** Settings of a folder of input files (`_settings.json`), for every file in it and below. */
export const FolderSettings = z.strictObject({
  /** XLSX: the sheet to read in every workbook of the folder. */
  sheet: z.string().min(1).optional(),
});
export type FolderSettings = z.infer<typeof FolderSettings>;

/** The nearest `_settings.json` from the file's folder up to (and including) the source folder. */
export function readFolderSettings(file: string, sourceDir: string, baseDir: string): FolderSettings {
  let dir = path.dirname(file);
  const stop = path.resolve(sourceDir);
  for (;;) {
    const p = path.join(dir, '_settings.json');
    if (fs.existsSync(p)) {
      const shown = path.relative(baseDir, p) || p;
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(p, 'utf8'));
      } catch (e) {
        throw new UserError(`Файл настроек папки не является JSON: ${(e as Error).message}`, { file: shown, expected: '{"sheet": "<имя листа>"}' });
      }
      const r = FolderSettings.safeParse(json);
      if (!r.success) {
        throw new UserError(`Файл настроек папки заполнен неверно: ${r.error.issues.map((i) => `${i.path.join('.') || '(корень)'}: ${i.message}`).join('; ')}`, {
          file: shown,
          expected: '{"sheet": "<имя листа>"}',
        });
      }
      return r.data;
    }
    if (path.resolve(dir) === stop || path.dirname(dir) === dir) return {};
    dir = path.dirname(dir);
  }
}

/** Data files of a source folder: *.csv, *.xlsx (and *.xls, to say it is not supported), recursively, sorted. */
export function discoverFiles(dir: string, only?: string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  if (only) return only.map((f) => path.join(dir, f)).filter((f) => fs.existsSync(f));
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name.startsWith('_') || e.name.startsWith('~$')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(p);
      } else if (/\.(csv|xlsx|xlsm|xls)$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export async function createRawTables(db: Db, src: Source): Promise<void> {
  for (const ddl of rawDDL(src, src.reference ? 'ref' : 'raw')) await db.run(ddl);
}

interface Prepared {
  file: string;
  shownAs: string;
  read: ReadResult;
  note: FileNote | null;
  headerOf: Map<string, string>;
  rawOf: Map<string, string>;
  years: number[];
  missing: string[];
  extra: string[];
}

/** Read one file and map its headers; a file-level problem throws a UserError naming the file and the column. */
export async function prepareFile(ctx: LoadContext, src: Source, file: string, sourceDir = path.dirname(file)): Promise<Prepared> {
  const shownAs = path.relative(ctx.baseDir, file) || path.basename(file);
  const note = readNote(file, shownAs);
  const settings = readFolderSettings(file, sourceDir, ctx.baseDir);
  const sheet = note?.sheet ?? settings.sheet ?? src.sheet;
  const headerScore = (h: (string | null)[]): number => {
    const mm = mapHeaders(src, h);
    return mm.columns.size + [...mm.yearColumns.values()].filter((y) => y.size > 0).length;
  };
  const read = await readFile(ctx.db, file, shownAs, { tmpDir: ctx.tmpDir, headerScore, ...(sheet ? { sheet } : {}) });
  // a user's own headers: <file>.columns.json or _columns.json maps them to the layout's (pipelines/ingest/headers.ts)
  const sidecar = readColumnsSidecar(file, sourceDir, ctx.baseDir);
  if (sidecar) await applyColumnsSidecar(ctx.db, src, read, sidecar).catch(async (e: unknown) => {
    await ctx.db.run(`DROP TABLE IF EXISTS ${read.table}`);
    throw e;
  });
  const m = mapHeaders(src, read.headers);
  const problems: string[] = [];
  if (m.missingRequired.length) {
    const found = read.headers.filter((h) => h).map((h) => `«${h}»`).join(', ');
    const better = (read.sheetScores ?? []).filter((x) => x.score > headerScore(read.headers)).sort((a, b) => b.score - a.score);
    // a file of another layout put in this folder
    const mine = headerScore(read.headers);
    const elsewhere = (ctx.layouts ?? [])
      .filter((o) => o.name !== src.name)
      .map((o) => {
        const mm = mapHeaders(o, read.headers);
        return { o, ok: mm.missingRequired.length === 0, score: mm.columns.size + [...mm.yearColumns.values()].filter((y) => y.size > 0).length };
      })
      .filter((x) => x.ok && x.score > mine)
      .sort((a, b) => b.score - a.score)[0];
    const sheetHint =
      read.sheet !== null
        ? ` Прочитан лист «${read.sheet}»${read.sheets && read.sheets.length > 1 ? ` (листы в книге: ${read.sheets.map((x) => `«${x}»`).join(', ')})` : ''}.` +
          (better.length ? ` Заголовки макета есть на листе «${better[0]!.sheet}»: укажите его в ${path.join(path.dirname(shownAs), '_settings.json')} ({"sheet": "${better[0]!.sheet}"}) или в ${shownAs}.meta.json.` : '')
        : '';
    const err = new UserError(
      m.missingRequired.length === 1 ? `Нет обязательного столбца «${m.missingRequired[0]!.header}».` : `Нет обязательных столбцов: ${m.missingRequired.map((x) => `«${x.header}»`).join(', ')}.`,
      {
        file: shownAs,
        column: m.missingRequired.map((x) => x.header).join('; '),
        expected: `заголовки макета «${src.title}» (${src.layout}); в файле найдены: ${found.slice(0, 600)}`,
        hint: elsewhere
          ? `Это файл макета «${elsewhere.o.title}»: переложите его в папку ${elsewhere.o.name}/.`
          : better.length
          ? sheetHint.trim()
          : `Переименуйте столбец в файле (регистр, пробелы и ё/е не важны) или проверьте, что файл лежит в папке своего макета.${sheetHint}`,
      },
    );
    await ctx.db.run(`DROP TABLE IF EXISTS ${read.table}`);
    throw err;
  }
  if (read.dataRows + read.rejected.length === 0) {
    await ctx.db.run(`DROP TABLE IF EXISTS ${read.table}`);
    throw new UserError('В файле нет ни одной строки данных: только заголовки.', {
      file: shownAs,
      expected: `под строкой заголовков (строка ${read.headerRow}) — строки данных`,
      hint: 'Уберите пустой файл из папки или заполните его.',
    });
  }
  if (m.duplicates.length) problems.push(...m.duplicates.map((d) => `столбец «${d.name}» встречается несколько раз: ${d.headers.map((h) => `«${h}»`).join(', ')}`));
  if (problems.length) {
    await ctx.db.run(`DROP TABLE IF EXISTS ${read.table}`);
    throw new UserError(`Неоднозначные заголовки: ${problems.join('; ')}.`, { file: shownAs, hint: 'Оставьте в файле один столбец с таким заголовком.' });
  }
  const headerOf = new Map<string, string>();
  const rawOf = new Map<string, string>();
  for (const [name, idx] of m.columns) {
    headerOf.set(name, String(read.headers[idx]));
    rawOf.set(name, `c${idx}`);
  }
  for (const [name, byYear] of m.yearColumns) {
    for (const [y, idx] of byYear) {
      headerOf.set(`${name}:${y}`, String(read.headers[idx]));
      rawOf.set(`${name}:${y}`, `c${idx}`);
    }
  }
  // a column without a header but with values: its values are not loaded; say so
  const extra = [...m.extra];
  for (let i = 0; i < read.headers.length; i++) {
    if (read.headers[i] !== null) continue;
    const filled = await ctx.db.value<number>(`SELECT count(*) FROM ${read.table} WHERE NOT nok_blank(c${i})`);
    if (filled) extra.push(`(столбец ${i + 1} без заголовка, заполнено ячеек: ${filled})`);
  }
  return { file, shownAs, read, note, headerOf, rawOf, years: m.years, missing: m.missingOptional, extra };
}

const RAW = (name: string): string => ident(`raw:${name}`);
const FLAG = (key: string, i: number): string => ident(`chk:${key}:${i}`);

function issuesSql(from: string, checks: Check[]): string {
  if (!checks.length) return `SELECT _row, NULL, NULL, NULL, NULL, NULL FROM ${from} WHERE FALSE`;
  const items = checks
    .map(
      (c) =>
        `CASE WHEN ${c.when} THEN {'column_name': ${c.header.startsWith('CASE') ? c.header : lit(c.header)}, 'raw_value': ${c.raw}::VARCHAR, 'rule': ${lit(c.rule)}, 'severity': ${lit(c.severity)}, 'message': (${c.message})::VARCHAR} END`,
    )
    .join(',\n      ');
  // only rows that break something are unnested (most rows break nothing)
  const any = checks.map((c) => `(${c.when})`).join(' OR ');
  return `SELECT _row, i.column_name, i.raw_value, i.rule, i.severity, i.message FROM (
    SELECT _row, unnest(list_filter([${items}], x -> x IS NOT NULL)) AS i FROM ${from} WHERE ${any}) q`;
}

/**
 * Parsing and the checks of one column depend on its text alone, so they are
 * computed once per distinct value (a dictionary `_d_<n>`: the text, the parsed value,
 * a flag per check and `_any`, any check broken) and joined to the rows once.
 */
interface ColumnPlan {
  dict: string;
  /** The file's text column (c0…), or null when the file has none. */
  rawCol: string | null;
  /** Join of the dictionary to the rows of `alias` by their text column `rawRef`. */
  join: (alias: string, rawRef: string) => string;
  /** The dictionary's columns under names unique across dictionaries (for joins beside the row's own columns). */
  exposed: string;
  /** SQL of the parsed value, over the joined dictionary. */
  value: string;
  /** SQL: any check of the column broken (error or warning), over the joined dictionary. */
  any: string;
  /** The column's checks, `when` being a flag of the joined dictionary. */
  checks: Check[];
  /** Flag columns of the dictionary (per-year rows keep them by name). */
  flags: string[];
  /** The same flags under the dictionary's own names (`checks[i]` is raised by `dictFlags[i]`). */
  dictFlags: string[];
  /** SQL of each derived value (a macro of the column's text, by macro name), over the joined dictionary. */
  derived: Map<string, string>;
}

/** A rule's call of a macro on one column's text, `nok_decimals("raw:k1")`: evaluated once per distinct text. */
const RAW_CALL = /\b(nok_[a-z_]+)\("raw:([a-z0-9_]+)"\)/g;
const DERIVED = (fn: string, column: string): string => ident(`fn:${fn}:${column}`);

async function planColumn(ctx: LoadContext, p: Prepared, c: ColumnInfo, key: string, header: string, n: number, derive: string[] = []): Promise<ColumnPlan> {
  const rawCol = p.rawOf.get(key) ?? null;
  const dict = `_d_${n}`;
  const D = `d${n}`; // the alias a joined dictionary goes by
  const col = (name: string): string => ident(`${D}:${name}`);
  let source: string;
  let parsed: string;
  const valueChecks = columnChecks(c, header, 'v', 'p');
  if (c.parse === 'region') {
    // regions are matched in TypeScript (the region index), once per distinct spelling
    const regionTable = `${dict}_regions`;
    const distinctTable = `${dict}_values`;
    await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${distinctTable} AS SELECT DISTINCT ${rawCol ?? 'NULL::VARCHAR'} AS v FROM ${rawCol ? p.read.table : '(SELECT 1)'}`);
    const distinct = rawCol ? await ctx.db.all<{ v: string }>(`SELECT v FROM ${distinctTable} WHERE NOT nok_blank(v)`) : [];
    await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${regionTable} (v VARCHAR, code VARCHAR, reason VARCHAR, message VARCHAR)`);
    await ctx.db.append(
      'temp',
      regionTable,
      distinct.map(({ v }) => {
        const m = ctx.regions.match(v);
        return m.ok ? [v, m.code, null, null] : [v, null, m.reason, m.message];
      }),
    );
    source = `SELECT d.v, g.code AS p, g.reason, g.message FROM ${distinctTable} d LEFT JOIN ${regionTable} g ON g.v = d.v`;
    parsed = 'p';
    valueChecks.push({ ...valueChecks[0]!, when: `reason = 'unknown'` }, { ...valueChecks[0]!, when: `reason = 'ambiguous'` });
  } else {
    source = rawCol ? `SELECT DISTINCT ${rawCol} AS v FROM ${p.read.table}` : `SELECT NULL::VARCHAR AS v`;
    parsed = parseExpr(c, 'v');
  }
  const flags = valueChecks.map((_, i) => FLAG(key, i));
  const flagSql = valueChecks.map((ch, i) => `coalesce(${ch.when}, FALSE) AS ${flags[i]}`);
  const regionCols = c.parse === 'region' ? ', reason, message' : '';
  const derivedSql = derive.map((fn) => `, ${fn}(v) AS ${ident(`fn:${fn}`)}`).join('');
  await ctx.db.run(
    `CREATE OR REPLACE TEMP TABLE ${dict} AS SELECT *, ${flags.length ? flags.join(' OR ') : 'FALSE'} AS _any FROM (
       SELECT v, p${regionCols}${flagSql.length ? ', ' + flagSql.join(', ') : ''}${derivedSql} FROM (SELECT v, ${parsed === 'p' ? 'p' : `${parsed} AS p`}${regionCols} FROM (${source})))`,
  );
  const exposed = [`v AS ${col('v')}`, `p AS ${col('p')}`, `_any AS ${col('_any')}`, ...flags.map((f, i) => `${f} AS ${col(`f${i}`)}`), ...derive.map((fn) => `${ident(`fn:${fn}`)} AS ${col(`fn:${fn}`)}`)];
  if (c.parse === 'region') exposed.push(`message AS ${col('message')}`);
  // the region checks take the matcher's message; the others are the column's own checks
  const rowChecks = columnChecks(c, header, RAW(key), ident(key));
  if (c.parse === 'region') {
    rowChecks.push({ column: c.name, header, raw: RAW(key), rule: 'region_unknown', severity: 'error', when: '', message: col('message') });
    rowChecks.push({ column: c.name, header, raw: RAW(key), rule: 'region_ambiguous', severity: 'error', when: '', message: col('message') });
  }
  return {
    dict,
    rawCol,
    join: (alias, rawRef) => (rawCol ? `LEFT JOIN (SELECT ${exposed.join(', ')} FROM ${dict}) ${D} ON ${col('v')} IS NOT DISTINCT FROM ${alias}.${rawRef}` : `CROSS JOIN (SELECT ${exposed.join(', ')} FROM ${dict}) ${D}`),
    exposed: exposed.join(', '),
    value: col('p'),
    any: `coalesce(${col('_any')}, FALSE)`,
    checks: rowChecks.map((ch, i) => ({ ...ch, when: col(`f${i}`) })),
    flags: flags.map((_, i) => col(`f${i}`)),
    dictFlags: flags,
    derived: new Map(derive.map((fn) => [fn, col(`fn:${fn}`)])),
  };
}

/** Parse, check and load one prepared file. */
export async function loadPrepared(ctx: LoadContext, src: Source, p: Prepared): Promise<void> {
  const { db } = ctx;
  const progress = p.read.dataRows >= 100_000 ? new Progress(`проверка и загрузка ${p.shownAs}`, p.read.dataRows) : undefined;
  const schema = src.reference ? 'ref' : 'raw';
  const rowCols = src.columnsInfo.filter((c) => !c.perYear);
  const yearCols = src.columnsInfo.filter((c) => c.perYear);
  const headerOf = (name: string): string => p.headerOf.get(name) ?? name;
  const inTable = p.read.table;

  // 1. dictionaries, then one typed table: the parsed value of every column and one flag, «some check of
  //    a column broken» (the raw text stays in the read table; the flags of each check, in the dictionaries)
  const rowRules = (src.rules ?? []).filter((r) => (r.scope ?? 'row') === 'row');
  // a rule's macro of one column's text (decimals printed in a cell) is computed in the column's dictionary, so the
  // rules are evaluated over the typed rows alone, without the text of every row beside them
  const derive = new Map<string, Set<string>>();
  const ruleWhen = rowRules.map((r) =>
    r.when.replaceAll(RAW_CALL, (call: string, fn: string, column: string) => {
      if (!rowCols.some((c) => c.name === column)) return call;
      derive.set(column, (derive.get(column) ?? new Set()).add(fn));
      return DERIVED(fn, column);
    }),
  );
  const plans: { c: ColumnInfo; plan: ColumnPlan; checked: boolean }[] = [];
  let n = 0;
  for (const c of rowCols) {
    const plan = await planColumn(ctx, p, c, c.name, headerOf(c.name), ++n, [...(derive.get(c.name) ?? [])]);
    // an absent optional column is all NULL: nothing to check
    plans.push({ c, plan, checked: p.rawOf.has(c.name) || !c.nullable });
  }
  const anyCol = plans.filter((x) => x.checked).map((x) => x.plan.any);
  const derivedCols = plans.flatMap(({ c, plan }) => [...plan.derived].map(([fn, sql]) => `, ${sql} AS ${DERIVED(fn, c.name)}`)).join('');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _typed AS SELECT r._row, ${plans.map(({ c, plan }) => `${plan.value} AS ${ident(c.name)}`).join(', ')},
       ${anyCol.length ? anyCol.join(' OR ') : 'FALSE'} AS _chk${derivedCols}
     FROM ${inTable} r ${plans.map(({ plan }) => plan.join('r', plan.rawCol ?? '')).join(' ')}`,
  );
  // the typed rows keep the order of the read rows (joins keep the order of the rows they probe): then a row's
  // text is beside it by position, and rows reach raw in file order without a sort; else joined by _row and sorted
  const ordered = (await db.value<number>(`SELECT count(*) FROM _typed t POSITIONAL JOIN (SELECT _row AS _r FROM ${inTable}) i WHERE t._row IS DISTINCT FROM i._r`)) === 0;
  const rawSel = plans.map(({ c, plan }) => `${plan.rawCol ? `i.${plan.rawCol}` : 'NULL::VARCHAR'} AS ${RAW(c.name)}`).join(', ');

  // 2. rows that break something: a column check (the flag), or a rule (evaluated on every row); then their issues,
  //    with the flags of each check joined back from the dictionaries for these rows only
  const rules = ruleChecks(rowRules, headerOf, (x) => (p.rawOf.has(x) ? RAW(x) : 'NULL'));
  // a rule as written, not wrapped in coalesce (a filter drops NULL as it drops FALSE): then DuckDB evaluates the
  // conditions of its AND one after another, each only on the rows the previous ones kept
  const filter = `_chk${ruleWhen.map((w) => ` OR (${w})`).join('')}`;
  if (ruleWhen.some((w) => w.includes('"raw:'))) {
    // a rule reads the text of every row: the typed rows with their text beside them
    await db.run(
      `CREATE OR REPLACE TEMP VIEW _rows AS SELECT t.*, ${rawSel} FROM _typed t ${ordered ? `POSITIONAL JOIN ${inTable} i` : `JOIN ${inTable} i ON i._row = t._row`}`,
    );
    await db.run(`CREATE OR REPLACE TEMP TABLE _flagged AS SELECT * FROM _rows WHERE ${filter}`);
    await db.run(`DROP VIEW _rows`);
  } else {
    // the text only for the rows that break something
    await db.run(`CREATE OR REPLACE TEMP TABLE _flagged AS SELECT t.*, ${rawSel} FROM (SELECT * FROM _typed WHERE ${filter}) t JOIN ${inTable} i ON i._row = t._row`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE _issues (_row BIGINT, column_name VARCHAR, raw_value VARCHAR, rule VARCHAR, severity VARCHAR, message VARCHAR)`);
  // (most files break nothing: then the checks are not evaluated again, nor the subqueries of the rules)
  if (await db.value<number>(`SELECT count(*) FROM (SELECT 1 FROM _flagged LIMIT 1)`)) {
    // only the column checks that some distinct value of the file breaks (a flag no value raised cannot fire on a row):
    // the statement below is compiled with a CASE per check, ≈0,15 s with all of them for a small file
    const used = plans.filter((x) => x.checked && x.plan.checks.length);
    const hit = used.length
      ? ((await db.all(`SELECT ${used.map((x, k) => `(SELECT [${x.plan.dictFlags.map((f) => `coalesce(bool_or(${f}), FALSE)`).join(', ')}] FROM ${x.plan.dict}) AS h${k}`).join(', ')}`))[0] as Record<string, boolean[]>)
      : {};
    const live = used.map((x, k) => ({ ...x, checks: x.plan.checks.filter((_, i) => hit[`h${k}`]![i] === true) })).filter((x) => x.checks.length);
    // the rules read the rows' own columns (typed, text, derived): only the dictionaries of those columns are joined
    const checks: Check[] = [...live.flatMap((x) => x.checks), ...rules];
    await db.run(`INSERT INTO _issues ${issuesSql(`_flagged f ${live.map(({ c, plan }) => plan.join('f', RAW(c.name))).join(' ')}`, checks)}`);
  }

  // 3. per-year rows and their checks (a per-year cell may be absent for a year: «required» applies to the years in the file)
  const yearPlans: ColumnPlan[] = [];
  if (yearCols.length && p.years.length) {
    const sel: string[] = ['r._row'];
    const yearChecks = new Map<string, Check[]>();
    for (const c of yearCols) {
      for (const y of p.years) {
        const key = `${c.name}:${y}`;
        const plan = await planColumn(ctx, p, c, key, p.headerOf.get(key) ?? `${c.name} (${y})`, ++n);
        yearPlans.push(plan);
        sel.push(`${plan.rawCol ? `r.${plan.rawCol}` : 'NULL::VARCHAR'} AS ${RAW(key)}`, `${plan.value} AS ${ident(key)}`, ...plan.flags.map((f, i) => `${f} AS ${FLAG(key, i)}`));
        yearChecks.set(key, plan.checks);
      }
    }
    const flagCount = new Map(yearCols.map((c) => [c.name, yearChecks.get(`${c.name}:${p.years[0]}`)!.length]));
    const parts = p.years.map(
      (y) =>
        `SELECT _row, ${y} AS year, ${yearCols
          .flatMap((c) => [
            `${RAW(`${c.name}:${y}`)} AS ${RAW(c.name)}`,
            `${ident(`${c.name}:${y}`)} AS ${ident(c.name)}`,
            ...Array.from({ length: flagCount.get(c.name)! }, (_, i) => `${FLAG(`${c.name}:${y}`, i)} AS ${FLAG(c.name, i)}`),
          ])
          .join(', ')} FROM _years`,
    );
    await db.run(`CREATE OR REPLACE TEMP VIEW _years AS SELECT ${sel.join(', ')} FROM ${inTable} r ${yearPlans.map((pl) => pl.join('r', pl.rawCol ?? '')).join(' ')}`);
    await db.run(`CREATE OR REPLACE TEMP TABLE _typed_year AS ${parts.join(' UNION ALL ')}`);
    const yearHeader = (name: string): string =>
      `CASE year ${p.years.map((y) => `WHEN ${y} THEN ${lit(p.headerOf.get(`${name}:${y}`) ?? `${name} (${y})`)}`).join(' ')} END`;
    const yChecks: Check[] = [];
    for (const c of yearCols) {
      columnChecks(c, yearHeader(c.name), RAW(c.name), ident(c.name)).forEach((ch, i) => yChecks.push({ ...ch, when: FLAG(c.name, i) }));
    }
    yChecks.push(...ruleChecks((src.rules ?? []).filter((r) => r.scope === 'year'), yearHeader, (x) => RAW(x)));
    await db.run(`INSERT INTO _issues ${issuesSql('_typed_year', yChecks)}`);
    await db.run(`DROP VIEW _years`);
  }
  // the text of the rows is no longer needed
  await db.run(`DROP TABLE _flagged; DROP TABLE ${inTable}`);

  // 4. rows the CSV reader could not split; cells the XLSX reader left out
  if (p.read.rejected.length) {
    await db.append(
      'temp',
      '_issues',
      p.read.rejected.map((r) => [r.row, null, r.raw, r.rule, 'error', r.message]),
    );
  }
  if (p.read.warnings.length) {
    await db.append(
      'temp',
      '_issues',
      p.read.warnings.map((r) => [r.row, null, r.raw, 'cells_outside_table', 'warning', r.message]),
    );
  }

  const fileLit = lit(p.shownAs);
  const srcLit = lit(src.name);
  // 5. provenance of cells (per-cell notes), then the synthetic flag of a row
  let synthetic = p.note ? (p.note.synthetic === true ? 'TRUE' : 'FALSE') : 'FALSE';
  if (p.note?.synthetic === 'per-cell') {
    if (!p.note.provenance) throw new UserError('В сопроводительном файле synthetic = "per-cell", но не указан файл provenance.', { file: p.shownAs + '.meta.json' });
    const provFile = path.join(path.dirname(p.file), p.note.provenance);
    if (!fs.existsSync(provFile)) throw new UserError(`Нет файла происхождения значений «${p.note.provenance}».`, { file: p.shownAs + '.meta.json' });
    await db.run(
      `INSERT INTO meta.cell_provenance SELECT ${srcLit}, ${fileLit}, "row", "column", try_cast("year" AS INTEGER), kind, quote
       FROM read_csv(${lit(provFile)}, header = true, all_varchar = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
         columns = {'row': 'BIGINT', 'column': 'VARCHAR', 'year': 'VARCHAR', 'kind': 'VARCHAR', 'quote': 'VARCHAR'})
       ORDER BY "row", "column", "year"`,
    );
    synthetic = `(_row IN (SELECT row_number FROM meta.cell_provenance WHERE source = ${srcLit} AND file = ${fileLit} AND kind = 'synthetic'))`;
  }
  if (p.note) {
    await db.run(`INSERT INTO meta.file_note VALUES (${srcLit}, ${fileLit}, ${lit(p.note.synthetic === 'per-cell' ? 'по ячейкам' : p.note.synthetic ? 'да' : 'нет')}, ${lit(p.note.description ?? null)}, ${lit(p.note.generator ?? null)}, ${lit(p.note.seed === undefined ? null : String(p.note.seed))})`);
  }

  // 6. loaded rows, quarantine, warnings
  const bad = `(SELECT _row FROM _issues WHERE severity = 'error')`;
  const cols = rowCols.map((c) => ident(c.name));
  const slice = ctx.insertSlice ?? INSERT_SLICE_ROWS;
  const sliced = p.read.dataRows > slice;
  const span = sliced ? (await db.one<{ a: number; b: number }>(`SELECT min(_row)::DOUBLE AS a, max(_row)::DOUBLE AS b FROM _typed`))! : { a: 0, b: 0 };
  for (let lo = span.a; lo <= span.b; lo += slice) {
    const range = sliced ? ` AND _row >= ${lo} AND _row < ${lo + slice}` : '';
    await db.run(
      `INSERT INTO ${schema}.${ident(src.table)} (_file, _row, is_synthetic${cols.map((c) => ', ' + c).join('')})
       SELECT ${fileLit}, _row, ${synthetic}${cols.map((c) => ', ' + c).join('')} FROM _typed WHERE _row NOT IN ${bad}${range}${ordered ? '' : ' ORDER BY _row'}`,
    );
  }
  if (yearCols.length && p.years.length) {
    const yc = yearCols.map((c) => ident(c.name));
    await db.run(
      `INSERT INTO ${schema}.${ident(src.table + '_by_year')} (_file, _row, year${yc.map((c) => ', ' + c).join('')})
       SELECT ${fileLit}, _row, year${yc.map((c) => ', ' + c).join('')} FROM _typed_year
       WHERE _row NOT IN ${bad} AND (${yc.map((c) => `${c} IS NOT NULL`).join(' OR ')}) ORDER BY _row, year`,
    );
  }
  await db.run(
    `INSERT INTO meta.quarantine SELECT ${srcLit}, ${fileLit}, _row, column_name, raw_value, rule, message
     FROM _issues WHERE severity = 'error' ORDER BY _row, column_name NULLS FIRST, rule, message`,
  );
  await db.run(
    `INSERT INTO meta.warning SELECT ${srcLit}, ${fileLit}, _row, column_name, raw_value, rule, message
     FROM _issues WHERE severity = 'warning' AND _row NOT IN ${bad} ORDER BY _row, column_name, rule, message`,
  );
  const rowsRead = p.read.dataRows + p.read.rejected.length;
  await db.run(
    `INSERT INTO meta.load_report VALUES (${srcLit}, ${fileLit}, ${lit(p.read.encoding)}, ${lit(p.read.delimiter === '\t' ? 'TAB' : p.read.delimiter)}, ${lit(p.read.sheet)},
      ${lit(p.note ? (p.note.synthetic === 'per-cell' ? 'по ячейкам' : p.note.synthetic ? 'да' : 'нет') : 'нет')}, ${lit(p.years.join(', ') || null)},
      ${lit(p.missing.join('; ') || null)}, ${lit(p.extra.join('; ') || null)}, ${rowsRead}, 0, 0, 0, ${p.read.blankRows}, ${p.read.headerRow})`,
  );
  await db.run(`DROP TABLE IF EXISTS _typed; DROP TABLE IF EXISTS _typed_year; DROP TABLE IF EXISTS _issues`);
  for (let i = 1; i <= n; i++) await db.run(`DROP TABLE IF EXISTS _d_${i}; DROP TABLE IF EXISTS _d_${i}_regions; DROP TABLE IF EXISTS _d_${i}_values`);
  progress?.done(p.read.dataRows);
}

/** Later rows with the key of an earlier row (by file, then row) go to quarantine. */
async function quarantineDuplicates(db: Db, src: Source): Promise<void> {
  if (!src.key?.length) return;
  const schema = src.reference ? 'ref' : 'raw';
  const t = `${schema}.${ident(src.table)}`;
  const keys = src.key.map(ident);
  const headers = src.key.map((k) => src.columnsInfo.find((c) => c.name === k)!.headers[0]!);
  const keyText = (alias: string): string => src.key!.map((k, i) => `${lit(headers[i]!)} || ' = ' || coalesce(${alias}.${ident(k)}::VARCHAR, '—')`).join(` || ', ' || `);
  // the key of every row once; the window (a sort) only over the rows whose key repeats
  const keyExpr = src.keySql ? `(${src.keySql})` : `{${keys.map((k, i) => `'k${i}': ${k}`).join(', ')}}`;
  const keyFilter = src.keySql || src.keyNullsEqual ? '' : ` AND ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}`;
  // a macro of one column as the condition of a CASE in the key (WHEN nok_org_is_branch(org_name)) runs on every row:
  // once per distinct value of the column instead, joined (macros elsewhere run only on the rows a CASE or coalesce reaches)
  const macros = new Map<string, string>();
  const keySql = keyExpr.replaceAll(/(?<=\bWHEN\s+)(nok_[a-z_]+)\(([a-z_][a-z0-9_]*)\)/g, (call: string, _fn: string, column: string) => {
    if (!src.columnsInfo.some((c) => c.name === column && !c.perYear)) return call;
    if (!macros.has(call)) macros.set(call, `_m${macros.size}`);
    return `${macros.get(call)}.r`;
  });
  const macroJoins: string[] = [];
  for (const [call, alias] of macros) {
    const column = /\(([^)]*)\)/.exec(call)![1]!;
    await db.run(`CREATE OR REPLACE TEMP TABLE _key${alias} AS SELECT v, ${call.replace(`(${column})`, '(v)')} AS r FROM (SELECT DISTINCT ${ident(column)} AS v FROM ${t})`);
    macroJoins.push(`LEFT JOIN _key${alias} ${alias} ON ${alias}.v IS NOT DISTINCT FROM t.${ident(column)}`);
  }
  const qualified = macros.size ? keySql.replaceAll(/(?<![.\w"'])([a-z_][a-z0-9_]*)(?![\w(])/g, (w: string) => (src.columnsInfo.some((c) => c.name === w) ? `t.${ident(w)}` : w)) : keySql;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _keys AS SELECT _file, _row, _k FROM (SELECT t._file, t._row, ${qualified} AS _k${keyFilter ? `, ${keyFilter.slice(5)} AS _ok` : ''} FROM ${t} t ${macroJoins.join(' ')}) WHERE _k IS NOT NULL${keyFilter ? ' AND _ok' : ''}`,
  );
  for (const alias of macros.values()) await db.run(`DROP TABLE _key${alias}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE _dups AS
    SELECT k._file, k._row, ${keyText('r')} AS key_text,
      first_value(k._file) OVER w AS first_file, first_value(k._row) OVER w AS first_row, row_number() OVER w AS rn
    FROM _keys k SEMI JOIN (SELECT _k FROM _keys GROUP BY _k HAVING count(*) > 1) d ON d._k IS NOT DISTINCT FROM k._k JOIN ${t} r ON r._file = k._file AND r._row = k._row
    WINDOW w AS (PARTITION BY k._k ORDER BY k._file, k._row)`);
  await db.run(`DROP TABLE _keys`);
  await db.run(`INSERT INTO meta.quarantine
    SELECT ${lit(src.name)}, _file, _row, ${lit(headers.join(' + '))}, key_text, 'duplicate',
      'Повтор ключа (' || key_text || '): такая запись уже загружена из строки ' || first_row || ' файла ' || first_file
    FROM _dups WHERE rn > 1 ORDER BY _file, _row`);
  await db.run(`DELETE FROM ${t} WHERE (_file, _row) IN (SELECT (_file, _row) FROM _dups WHERE rn > 1)`);
  await db.run(`DELETE FROM meta.warning WHERE source = ${lit(src.name)} AND (file, row_number) IN (SELECT (_file, _row) FROM _dups WHERE rn > 1)`);
  if (src.columnsInfo.some((c) => c.perYear)) {
    await db.run(`DELETE FROM ${schema}.${ident(src.table + '_by_year')} WHERE (_file, _row) IN (SELECT (_file, _row) FROM _dups WHERE rn > 1)`);
  }
  await db.run(`DROP TABLE _dups`);
}

/** Fill the counts of meta.load_report for a source and check that nothing was lost. */
async function finishReport(db: Db, src: Source): Promise<FileReport[]> {
  const schema = src.reference ? 'ref' : 'raw';
  const s = lit(src.name);
  await db.run(`UPDATE meta.load_report lr SET
      rows_loaded = (SELECT count(*) FROM ${schema}.${ident(src.table)} t WHERE t._file = lr.file),
      rows_quarantined = (SELECT count(DISTINCT row_number) FROM meta.quarantine q WHERE q.source = lr.source AND q.file = lr.file)
    WHERE source = ${s}`);
  await countWarnedRows(db, src.name);
  const rows = await db.all<FileReport & Record<string, unknown>>(
    `SELECT source, file, rows_read, rows_loaded, rows_quarantined, rows_with_warnings, rows_blank FROM meta.load_report WHERE source = ${s} ORDER BY file`,
  );
  for (const r of rows) {
    if (r.rows_read !== r.rows_loaded + r.rows_quarantined) {
      throw new Error(`internal: ${r.file}: rows_read ${r.rows_read} ≠ loaded ${r.rows_loaded} + quarantined ${r.rows_quarantined}`);
    }
  }
  return rows;
}

/**
 * Load every file of a source folder. File-level problems are collected and
 * thrown together after all files were tried (the caller aborts the build).
 */
export async function loadSource(ctx: LoadContext, src: Source, dir: string): Promise<{ reports: FileReport[]; errors: UserError[] }> {
  await createRawTables(ctx.db, src);
  const files = discoverFiles(dir, src.files);
  const errors: UserError[] = [];
  for (const f of files) {
    try {
      const p = await prepareFile(ctx, src, f, dir);
      await loadPrepared(ctx, src, p);
    } catch (e) {
      if (e instanceof UserError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) return { reports: [], errors };
  await quarantineDuplicates(ctx.db, src);
  const reports = await finishReport(ctx.db, src);
  const total = reports.reduce((a, r) => a + r.rows_loaded, 0);
  await ctx.db.run(`INSERT INTO meta.source VALUES (${lit(src.name)}, ${lit(src.title)}, ${lit(src.description)}, ${lit(src.layout)}, ${lit(`${src.reference ? 'ref' : 'raw'}.${src.table}`)}, ${files.length}, ${total}, ${src.reference ? 'TRUE' : 'FALSE'})`);
  for (const r of reports) {
    const q = r.rows_quarantined ? ` · в карантине ${fmtInt(r.rows_quarantined)}` : '';
    const w = r.rows_with_warnings ? ` · с предупреждениями ${fmtInt(r.rows_with_warnings)}` : '';
    log.info(`${r.file}: прочитано ${fmtInt(r.rows_read)} · загружено ${fmtInt(r.rows_loaded)}${q}${w}`);
  }
  return { reports, errors };
}
