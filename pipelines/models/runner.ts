/**
 * The model runner: models/<layer>/<name>.sql (or .ts) builds <layer>.<name>.
 * The build order follows from what each model reads (schema-qualified names
 * in its SQL, or depends_on for TS models), not from a hand-kept list.
 * Macros in models/macros/*.sql are installed first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Db, ident, lit } from '../lib/duck.ts';
import { log, fmtSec, fmtCount, fmtInt } from '../lib/log.ts';
import { paths } from '../lib/paths.ts';
import { loadConfig } from '../lib/config.ts';
import { installMacros } from '../ingest/sql.ts';
import { readContract, type Contract } from './contract.ts';

export const LAYERS = ['staging', 'intermediate', 'marts'] as const;
const PREFIX: Record<string, string> = { staging: 'stg_', intermediate: 'int_', marts: '' };
const SCHEMAS = ['raw', 'ref', 'meta', ...LAYERS];

export interface Model {
  layer: string;
  name: string;
  /** schema.table */
  id: string;
  kind: 'sql' | 'ts';
  file: string;
  sql?: string;
  contract: Contract;
  deps: string[];
}

/** SQL without comments and string literals, for finding table references. */
function stripSql(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

export function referencedTables(sql: string): string[] {
  // the schema quoted or not (`"marts"."org"`, as the data tests write a relationship's table)
  const re = new RegExp(`(?<!\\w)"?(${SCHEMAS.join('|')})"?\\s*\\.\\s*"?([a-z_][a-z0-9_]*)"?`, 'gi');
  const out = new Set<string>();
  for (const m of stripSql(sql).matchAll(re)) out.add(`${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`);
  return [...out].sort();
}

export function discoverModels(dir = paths.models): Model[] {
  const models: Model[] = [];
  const problems: string[] = [];
  for (const layer of LAYERS) {
    const d = path.join(dir, layer);
    if (!fs.existsSync(d)) continue;
    const files = fs.readdirSync(d).sort();
    const bases = new Set(files.map((f) => f.replace(/\.(sql|ts|yml)$/, '')));
    for (const base of bases) {
      const sqlF = path.join(d, base + '.sql');
      const tsF = path.join(d, base + '.ts');
      const ymlF = path.join(d, base + '.yml');
      const hasModel = fs.existsSync(sqlF) || fs.existsSync(tsF);
      if (!hasModel && fs.existsSync(ymlF)) problems.push(`${layer}/${base}.yml: контракт без модели (.sql или .ts)`);
      if (hasModel && !fs.existsSync(ymlF)) problems.push(`${layer}/${base}: модель без контракта ${base}.yml`);
      if (!hasModel || !fs.existsSync(ymlF)) continue;
      if (!base.startsWith(PREFIX[layer]!)) problems.push(`${layer}/${base}: имя модели слоя ${layer} должно начинаться с «${PREFIX[layer]}»`);
      if (layer === 'marts' && /^(stg|int)_/.test(base)) problems.push(`marts/${base}: витрина не может называться как staging/intermediate`);
      const contract = readContract(ymlF);
      const kind = fs.existsSync(sqlF) ? 'sql' : 'ts';
      const sql = kind === 'sql' ? fs.readFileSync(sqlF, 'utf8') : undefined;
      const id = `${layer}.${base}`;
      const deps = (kind === 'sql' ? referencedTables(sql!) : (contract.depends_on ?? [])).filter((t) => t !== id);
      // its years go in unsorted (insertYears): in the same order from build to build only on one thread
      if (contract.parallel && contract.incremental === 'year' && sql && YEAR_ONLY.test(trailingOrderBy(sql) ?? ''))
        problems.push(`${layer}/${base}: сортировка только по year пишет строки года в порядке запроса — такая модель не может быть parallel: true (на нескольких потоках порядок меняется от сборки к сборке)`);
      models.push({ layer, name: base, id, kind, file: kind === 'sql' ? sqlF : tsF, ...(sql ? { sql } : {}), contract, deps });
    }
  }
  if (problems.length) throw new Error('Модели:\n  ' + problems.join('\n  '));
  // depends_on of TS models may name a family of models: intermediate.int_recon_*
  for (const m of models) {
    m.deps = m.deps.flatMap((d) => {
      if (!d.includes('*')) return [d];
      const re = new RegExp('^' + d.replace(/[.]/g, '\\.').replace(/\*/g, '.*') + '$');
      return models.filter((x) => re.test(x.id)).map((x) => x.id);
    });
  }
  // layering: staging reads raw/ref only; marts never read raw
  for (const m of models) {
    for (const d of m.deps) {
      const schema = d.split('.')[0]!;
      if (m.layer === 'staging' && !['raw', 'ref', 'staging', 'meta'].includes(schema)) problems.push(`${m.id} (staging) читает ${d}`);
      if (m.layer !== 'staging' && schema === 'raw') problems.push(`${m.id} читает сырой слой ${d}: только staging читает raw`);
    }
  }
  if (problems.length) throw new Error('Слои моделей:\n  ' + problems.join('\n  '));
  return models;
}

/** Order models so that each comes after the models it reads. */
export function orderModels(models: Model[]): Model[] {
  const byId = new Map(models.map((m) => [m.id, m]));
  const out: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: Model, trail: string[]): void => {
    const s = state.get(m.id);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`Цикл зависимостей моделей: ${[...trail, m.id].join(' → ')}`);
    state.set(m.id, 'visiting');
    for (const d of m.deps) {
      const dep = byId.get(d);
      if (dep) visit(dep, [...trail, m.id]);
    }
    state.set(m.id, 'done');
    out.push(m);
  };
  for (const m of [...models].sort((a, b) => a.id.localeCompare(b.id))) visit(m, []);
  return out;
}

/**
 * What a TypeScript model may touch: its SQL may name (schema-qualified) only the tables in its
 * contract's depends_on, its own table, and tables it created itself. A read it did not declare
 * fails the build with the model's name: the build order rests on depends_on, so an undeclared
 * read could run before the table it reads is rebuilt. The model gets the database only through
 * run / all / one / value / append / tableExists.
 */
export function guardedDb(db: Db, m: Model): Db {
  const allowed = new Set([...m.deps, m.id]);
  const check = (sql: string): void => {
    for (const t of createdTables(sql)) allowed.add(t);
    const undeclared = referencedTables(sql).filter((t) => !allowed.has(t));
    if (undeclared.length) {
      throw new Error(
        `модель на TypeScript читает ${undeclared.join(', ')}, но не объявила ${undeclared.length > 1 ? 'их' : 'её'} в depends_on контракта ${m.name}.yml` +
          ` (объявлено: ${m.deps.join(', ') || 'ничего'}); добавьте в depends_on, чтобы порядок сборки это учитывал`,
      );
    }
  };
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'run' || prop === 'all') {
        return (sql: string, params?: unknown) => {
          check(sql);
          return (target[prop] as (s: string, p?: unknown) => Promise<unknown>).call(target, sql, params);
        };
      }
      if (prop === 'append') {
        return (schema: string, table: string, rows: Iterable<readonly unknown[]>) => {
          if (schema !== 'temp') check(`INSERT INTO ${schema}.${table}`);
          return target.append(schema, table, rows);
        };
      }
      if (prop === 'conn' || prop === 'instance') throw new Error(`модель ${m.id} обращается к db.${prop}: модели на TypeScript работают с хранилищем только через db.run / db.all`);
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(receiver) : v;
    },
  });
}

/** Schema-qualified tables and views a statement creates. */
export function createdTables(sql: string): string[] {
  const re = new RegExp(`\\bcreate\\s+(?:or\\s+replace\\s+)?(?:temp(?:orary)?\\s+)?(?:table|view)\\s+(?:if\\s+not\\s+exists\\s+)?"?(${SCHEMAS.join('|')})"?\\s*\\.\\s*"?([a-z_][a-z0-9_]*)"?`, 'gi');
  return [...stripSql(sql).matchAll(re)].map((m) => `${m[1]!.toLowerCase()}.${m[2]!.toLowerCase()}`);
}

/** Settings the SQL models read as DuckDB variables (getvariable('nok_zero_denominator')). */
export async function setModelVariables(db: Db): Promise<void> {
  await db.run(`SET VARIABLE nok_zero_denominator = ${lit(loadConfig().zeroDenominator)}`);
}

export async function installModelMacros(db: Db, dir = paths.models): Promise<void> {
  const d = path.join(dir, 'macros');
  if (!fs.existsSync(d)) return;
  for (const f of fs.readdirSync(d).filter((f) => f.endsWith('.sql')).sort()) {
    await db.run(fs.readFileSync(path.join(d, f), 'utf8'));
  }
}

/** What changed in a table: everything, or only the rows of some years. */
export type Change = 'all' | Set<number>;

/**
 * The models to rebuild when only some tables changed (`changed` gives what changed in a table
 * that is not a model, null = nothing): those that read a changed table, and every model
 * downstream of those (in build order). A model with `incremental: year` whose changed inputs all
 * changed only in some years changes only in those years (none → it is not rebuilt).
 */
export function planModels(ordered: Model[], changed: (table: string) => Change | null): Map<string, Change> {
  const out = new Map<string, Change>();
  for (const m of ordered) {
    const ups = m.deps.map((d) => out.get(d) ?? changed(d)).filter((c): c is Change => c !== null && c !== undefined);
    if (!ups.length) continue;
    if (m.contract.incremental === 'year' && ups.every((c) => c !== 'all')) {
      const years = new Set(ups.flatMap((c) => [...(c as Set<number>)]));
      if (years.size) out.set(m.id, years);
    } else out.set(m.id, 'all');
  }
  return out;
}

/** What the runner tells a model on TypeScript. */
export interface TsBuildOptions {
  /**
   * An incremental build in which only these years of the model's inputs changed (a model with
   * `incremental: year`), and they come after every year the model's table keeps: the model may
   * delete their rows and append them anew, which gives the rows and order of a full build of a
   * table sorted by year first. Without it, the model builds the whole table.
   */
  years?: Set<number>;
}

/** What a TypeScript model is told, given what changed under it: the changed years when they come after every year it keeps. */
export async function tsBuildOptions(db: Db, m: Pick<Model, 'layer' | 'name' | 'contract'>, change: Change | undefined): Promise<TsBuildOptions> {
  if (m.contract.incremental !== 'year' || !(change instanceof Set)) return {};
  return (await yearsAfterKept(db, `${m.layer}.${ident(m.name)}`, change)) ? { years: change } : {};
}

export interface RunOptions {
  /** Incremental build: rebuild only the models downstream of what changed (planModels); the others are kept as they are. */
  changed?: (table: string) => Change | null;
  /** Models run at once, each on a connection of its own (default NOK_MODEL_WORKERS). */
  workers?: number;
  /** Milliseconds each model took in the last build: the models on the longest chain of work below them start first. */
  cost?: ReadonlyMap<string, number>;
  /** Filled with the milliseconds of each model this run builds. */
  timings?: Map<string, number>;
  /**
   * With one model at a time: when, between two models, the process's RSS is above this many bytes,
   * the database is closed and opened again (Db.reopen) and set up for the models as before. DuckDB's
   * own limit counts only its buffers; over a long run of large models the process kept ≈1–2 GB more
   * (docs/benchmarks.md), which a reopen gives back.
   */
  reopenAboveRss?: number;
}

/** The year, ascending, as the first key of an `order by` list. */
const YEAR_KEY = String.raw`^"?year"?(\s+asc)?(\s+nulls\s+last)?`;

/** An `order by` list that sorts by the year first, ascending. */
const YEAR_FIRST = new RegExp(String.raw`${YEAR_KEY}\s*(,|$)`, 'i');

/** An `order by` list that sorts by the year alone: one year's rows need no sort. */
const YEAR_ONLY = new RegExp(String.raw`${YEAR_KEY}$`, 'i');

/**
 * The `INSERT` of a model's rows of some years (`inner`: its SQL without the trailing `order by`,
 * inputs already scoped to those years): sorted by `order`, except one year of a model sorted by the
 * year alone, whose rows go in as the query yields them. Such a sort by a constant cost the most:
 * at 100 M questionnaires a year of `nok_deficiency` took 44,5 s and 2 921 MB sorted by year,
 * 19,0 s and 1 036 MB not (docs/benchmarks.md).
 */
function insertYears(t: string, inner: string, years: number[], order: string | null): string {
  const where = years.length === 1 ? `year = ${years[0]}` : `year IN (${years.join(', ')})`;
  const sort = order === null || (years.length === 1 && YEAR_ONLY.test(order)) ? '' : ` ORDER BY ${order}`;
  return `INSERT INTO ${t} SELECT * FROM (${inner}) AS _m WHERE ${where}${sort}`;
}

/** A trailing top-level `order by …` (no parenthesis after it). */
const TRAILING_ORDER_BY = /\border\s+by\s+([^()]*?)\s*;?\s*$/i;

/** The trailing top-level `order by …` of a model's SQL, if any. */
function trailingOrderBy(sql: string): string | null {
  const m = TRAILING_ORDER_BY.exec(stripSql(sql));
  return m ? m[1]!.trim() : null;
}

/**
 * Do `years` all come after every other year the table holds (then their rows, appended, lie where
 * a full build of a table sorted by year first puts them)? False when the table does not exist.
 */
async function yearsAfterKept(db: Db, table: string, years: Set<number>): Promise<boolean> {
  const [schema, name] = table.split('.') as [string, string];
  if (!(await db.tableExists(schema, name.replaceAll('"', '')))) return false;
  const kept = await db.value<number | null>(`SELECT max(year) FROM ${table} WHERE year NOT IN (${[...years].join(', ')})`);
  return kept === null || kept === undefined || Number(kept) < Math.min(...years);
}

/** Split SQL into code and the comments and string literals between it: code is at the even places. */
function sqlParts(sql: string): string[] {
  return sql.split(/(--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|"(?:[^"]|"")*")/);
}

/**
 * A year-incremental model's SQL reading only `years` of its inputs: each input that has a `year`
 * column (`tables`, schema.table) is read through `(SELECT * FROM input WHERE year IN (…))`. The
 * contract of such a model says its rows of a year depend only on its inputs' rows of that year,
 * so its rows of `years` are the same; filtering its output instead leaves DuckDB to read every year
 * of an input on the right of a LEFT JOIN (a filter is not carried across the join's `year = year`).
 * A name quoted as an identifier (`"marts"."x"`) is left as it is.
 */
export function scopeToYears(sql: string, tables: ReadonlySet<string>, years: Iterable<number>): string {
  if (!tables.size) return sql;
  const list = [...years].sort((a, b) => a - b).join(', ') || 'NULL';
  const re = new RegExp(`(?<![\\w."])(${SCHEMAS.join('|')})\\s*\\.\\s*([a-z_][a-z0-9_]*)(?![\\w."])`, 'gi');
  return sqlParts(sql)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(re, (all, s: string, t: string) => {
            const id = `${s.toLowerCase()}.${t.toLowerCase()}`;
            return tables.has(id) ? `(SELECT * FROM ${id} WHERE year IN (${list}))` : all;
          }),
    )
    .join('');
}

/** The inputs of a model that have a `year` column (schema.table). */
async function inputsWithYear(db: Db, m: Model): Promise<Set<string>> {
  if (!m.deps.length) return new Set();
  const rows = await db.all<{ t: string }>(
    `SELECT DISTINCT table_schema || '.' || table_name AS t FROM information_schema.columns WHERE column_name = 'year' AND table_schema || '.' || table_name IN (${m.deps.map(lit).join(', ')})`,
  );
  return new Set(rows.map((r) => r.t));
}

/**
 * Recompute only some years of a model's table: delete them, insert the model's rows of those
 * years. A sorted model (trailing `order by`) is done so only when the years come after every
 * year kept (a new year): its rows then lie where a full build puts them. Returns false when the
 * model must be rebuilt whole.
 */
async function rebuildYears(db: Db, m: Model, body: string, years: Set<number>): Promise<boolean> {
  const t = `${m.layer}.${ident(m.name)}`;
  const sorted = [...years].sort((a, b) => a - b);
  const order = trailingOrderBy(body);
  // appended after the kept rows, new years lie where a full sort puts them only if the sort is by year first
  if (order !== null && !YEAR_FIRST.test(order)) return false;
  if (order !== null && !(await yearsAfterKept(db, t, years))) return false;
  const inner = order !== null ? body.replace(TRAILING_ORDER_BY, '') : body;
  const scoped = await inputsWithYear(db, m);
  await db.run(`DELETE FROM ${t} WHERE year IN (${sorted.join(', ')})`);
  // sorted by the year alone: one year at a time, in ascending order, each without a sort
  const slices = order !== null && YEAR_ONLY.test(order) ? sorted.map((y) => [y]) : [sorted];
  for (const ys of slices) await db.run(insertYears(t, scopeToYears(inner, scoped, ys), ys, order));
  return true;
}

/**
 * Build a year-incremental model whose rows are sorted year first one year at a time: an empty table,
 * then the model's rows of each year its inputs hold, in ascending order, each slice sorted by the
 * model's `order by` (by nothing when that is the year alone: `insertYears`). The rows and their
 * order are those of one sort of the whole table, but a sort and the joins before it hold one year's
 * rows at a time, not all of them: DuckDB's memory limit does not
 * bound everything a sort of 28 million wide rows allocates (at 30 million questionnaires the build
 * went 0,6 GB past the limit in such a model). Returns false (nothing done) when the model is not such
 * a model, or some of its rows have a year outside its inputs' years (then it is built whole).
 */
export async function buildByYear(db: Db, m: Model, body: string): Promise<boolean> {
  const order = trailingOrderBy(body);
  if (m.contract.incremental !== 'year' || m.contract.materialized === 'view' || order === null || !YEAR_FIRST.test(order)) return false;
  const scoped = await inputsWithYear(db, m);
  const withYear = [...scoped].sort().map((id) => `SELECT DISTINCT year::INTEGER AS y FROM ${id} WHERE year IS NOT NULL`);
  if (!withYear.length) return false;
  const years = (await db.all<{ y: number }>(`SELECT DISTINCT y FROM (${withYear.join(' UNION ALL ')}) ORDER BY y`)).map((r) => Number(r.y));
  const inner = body.replace(TRAILING_ORDER_BY, '');
  const list = years.length ? years.join(', ') : 'NULL';
  if (await db.value<number>(`SELECT count(*) FROM (SELECT 1 FROM (${inner}) AS _m WHERE year IS NULL OR year NOT IN (${list}) LIMIT 1)`)) return false;
  const t = `${m.layer}.${ident(m.name)}`;
  await db.run(`CREATE OR REPLACE TABLE ${t} AS SELECT * FROM (${inner}) AS _m LIMIT 0`);
  for (const y of years) await db.run(insertYears(t, scopeToYears(inner, scoped, [y]), [y], order));
  return true;
}

/**
 * Another connection to the build's database, set up as the build's own is for the models: the
 * macros of the loader and of the models, the models' variables. The caller closes it.
 */
export async function modelConnection(db: Db, dir = paths.models): Promise<Db> {
  const c = await db.connect();
  try {
    await setUpForModels(c, dir);
    return c;
  } catch (e) {
    c.close();
    throw e;
  }
}

/** A connection's own state the models need: the macros of the loader and of the models, the models' variables. */
async function setUpForModels(c: Db, dir: string): Promise<void> {
  await installMacros(c);
  await installModelMacros(c, dir);
  await setModelVariables(c);
}

/**
 * Run the models (all, or those planModels gives for what changed) in dependency order, up to
 * `workers` at once. Each worker has a connection of its own and the build keeps DuckDB at one
 * thread, so each model runs on one thread, as it would alone: its rows are the same to the bit
 * whatever else runs beside it. A model starts when every model it reads is done; of the models
 * ready, the one with the longest chain of work below it first (by the last build's times; the
 * number of models on the chain without them), so that the long chain of the NOK scores starts
 * before the small survey marts that fill the other worker. A `parallel: true` model (bit-identical
 * on any number of threads) started when no other model runs or is ready gets all cores, and nothing
 * starts beside it; otherwise it runs on one thread too.
 */
export async function runModels(db: Db, dir = paths.models, opts: RunOptions = {}): Promise<Model[]> {
  const models = orderModels(discoverModels(dir));
  const rebuild = opts.changed ? planModels(models, opts.changed) : null;
  if (rebuild) {
    const byYear = [...rebuild.values()].filter((c) => c !== 'all').length;
    log.info(`моделей к пересборке: ${rebuild.size} из ${models.length} (ниже изменённых данных${byYear ? `; по годам: ${byYear}` : ''})`);
  }
  await installModelMacros(db, dir);
  await setModelVariables(db);
  const existing = new Set(
    (await db.all<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables`)).map((r) => r.t),
  );
  for (const m of models) {
    for (const d of m.deps) {
      if (!existing.has(d) && !models.some((x) => x.id === d)) throw new Error(`Модель ${m.id} читает ${d}, которой нет ни в хранилище, ни среди моделей`);
    }
  }
  const todo = models.filter((m) => !rebuild || rebuild.has(m.id));
  const waiting = new Set(todo.map((m) => m.id));
  // the work on the longest chain from each model down (its own included): the last build's times, plus 1 ms a model
  const chain = new Map<string, number>();
  for (const m of [...todo].reverse()) {
    const own = (opts.cost?.get(m.id) ?? 0) + 1;
    chain.set(m.id, Math.max(chain.get(m.id) ?? 0, own));
    for (const d of m.deps) if (waiting.has(d)) chain.set(d, Math.max(chain.get(d) ?? 0, (opts.cost?.get(d) ?? 0) + 1 + chain.get(m.id)!));
  }
  const rank = new Map(todo.map((m, i) => [m.id, i]));
  const queue = [...todo].sort((a, b) => chain.get(b.id)! - chain.get(a.id)! || rank.get(a.id)! - rank.get(b.id)!);
  const workers = Math.max(1, Math.min(opts.workers ?? loadConfig().modelWorkers, todo.length));
  const free: Db[] = [db];
  const extra: Db[] = [];
  try {
    for (let i = 1; i < workers; i++) {
      const c = await modelConnection(db, dir);
      extra.push(c);
      free.push(c);
    }
    const running = new Map<string, Promise<void>>();
    let alone = false;
    let failure: unknown = null;
    const ready = (m: Model): boolean => m.deps.every((d) => !waiting.has(d));
    let done = 0;
    for (;;) {
      if (workers === 1 && !running.size && done && queue.length && failure === null && opts.reopenAboveRss !== undefined && process.memoryUsage().rss > opts.reopenAboveRss) {
        const rss = process.memoryUsage().rss;
        const threads = await db.value<string>(`SELECT current_setting('threads')::VARCHAR`);
        await db.reopen();
        await setUpForModels(db, dir);
        await db.run(`SET threads = ${Number(threads)}`);
        log.info(`память процесса ${fmtInt(Math.round(rss / 1048576))} МБ — база закрыта и открыта заново (${fmtInt(Math.round(process.memoryUsage().rss / 1048576))} МБ после)`);
      }
      while (failure === null && !alone && free.length && queue.length) {
        const i = queue.findIndex(ready);
        if (i < 0) break;
        const m = queue.splice(i, 1)[0]!;
        const conn = free.pop()!;
        // a parallel model started when nothing else runs and no other model is ready takes all cores, and
        // nothing starts beside it; otherwise it runs on one thread like the others (its rows are the same
        // either way): two models on a thread each keep both cores busy, where one model on both does not
        // (a model's write is mostly serial: at 10 M questionnaires int_indicator_value took 2,6 s on one
        // thread and 2,3 s on two, and the models ready beside it waited)
        const wide = Boolean(m.contract.parallel) && running.size === 0 && !queue.some(ready);
        if (wide) alone = true;
        running.set(
          m.id,
          runModel(conn, m, rebuild?.get(m.id), wide)
            .then(
              (ms) => {
                done++;
                waiting.delete(m.id);
                opts.timings?.set(m.id, ms);
              },
              (e: unknown) => void (failure ??= e),
            )
            .finally(() => {
              running.delete(m.id);
              free.push(conn);
              if (wide) alone = false;
            }),
        );
      }
      if (!running.size) break;
      await Promise.race(running.values());
    }
    if (failure !== null) throw failure;
    if (queue.length) throw new Error(`internal: модели не запущены: ${queue.map((m) => m.id).join(', ')}`);
  } finally {
    for (const c of extra) c.close();
  }
  await writeDocs(db, models);
  return models;
}

/**
 * Build one model on a connection (the whole table, or only the years that changed); its
 * milliseconds. `wide`: on DuckDB's default thread count (all cores), then the setting is restored.
 */
async function runModel(db: Db, m: Model, change: Change | undefined, wide: boolean): Promise<number> {
  const t0 = Date.now();
  const threads = wide ? Number(await db.value(`SELECT current_setting('threads')`)) : 0;
  if (wide) await db.run('RESET threads');
  try {
    if (m.kind === 'sql') {
      const body = m.sql!.trim().replace(/;\s*$/, '');
      if (change instanceof Set && m.contract.materialized !== 'view' && (await rebuildYears(db, m, body, change))) {
        log.info(`${m.id}: пересчитаны годы ${[...change].sort().join(', ')}`);
      } else if (!(await buildByYear(db, m, body))) await db.run(`CREATE OR REPLACE ${m.contract.materialized === 'view' ? 'VIEW' : 'TABLE'} ${m.layer}.${ident(m.name)} AS ${body}`);
    } else {
      if (m.contract.materialized === 'view') throw new Error('materialized: view — только для SQL-моделей');
      const mod = (await import(pathToFileURL(m.file).href)) as { build: (db: Db, model: Model, opts?: TsBuildOptions) => Promise<void> };
      await mod.build(guardedDb(db, m), m, await tsBuildOptions(db, m, change));
    }
  } catch (e) {
    throw new Error(`Модель ${m.id} (${path.relative(paths.root, m.file)}): ${(e as Error).message}`);
  } finally {
    if (wide) await db.run(`SET threads = ${threads}`);
  }
  const n = await db.value<number>(`SELECT count(*) FROM ${m.layer}.${ident(m.name)}`);
  const ms = Date.now() - t0;
  log.info(`${m.id}: ${fmtCount(n, 'строка', 'строки', 'строк')} · ${fmtSec(ms)}`);
  return ms;
}

/**
 * meta.table_doc and meta.column_doc: the data dictionary, from contracts and source schemas.
 * Two queries for all models (their row counts, their columns), not two per model: 88 catalogue
 * queries took ≈ 1 s of every build.
 */
async function writeDocs(db: Db, models: Model[]): Promise<void> {
  if (!models.length) return;
  const counts = new Map(
    (await db.all<{ id: string; n: number }>(models.map((m) => `SELECT ${lit(m.id)} AS id, count(*) AS n FROM ${m.layer}.${ident(m.name)}`).join(' UNION ALL '))).map((r) => [r.id, Number(r.n)]),
  );
  const columns = new Map<string, { column_name: string; data_type: string; ordinal_position: number }[]>();
  for (const c of await db.all<{ id: string; column_name: string; data_type: string; ordinal_position: number }>(
    `SELECT table_schema || '.' || table_name AS id, column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_schema IN (${LAYERS.map(lit).join(', ')}) ORDER BY id, ordinal_position`,
  )) {
    if (!columns.has(c.id)) columns.set(c.id, []);
    columns.get(c.id)!.push(c);
  }
  const tableRows: unknown[][] = [];
  const columnRows: unknown[][] = [];
  for (const m of models) {
    tableRows.push([m.layer, m.name, m.layer, m.contract.description.trim(), m.contract.grain, m.contract.public ?? m.layer === 'marts', m.deps.join(', '), counts.get(m.id)!]);
    const cols = columns.get(m.id) ?? [];
    const documented = m.contract.columns;
    const missing = cols.filter((c) => !(c.column_name in documented)).map((c) => c.column_name);
    const extra = Object.keys(documented).filter((c) => !cols.some((x) => x.column_name === c));
    if (missing.length || extra.length) {
      throw new Error(
        `Контракт ${m.id} не совпадает с таблицей:` +
          (missing.length ? ` столбцы без описания: ${missing.join(', ')};` : '') +
          (extra.length ? ` описаны, но нет в таблице: ${extra.join(', ')}` : ''),
      );
    }
    for (const c of cols) columnRows.push([m.layer, m.name, c.column_name, Number(c.ordinal_position), c.data_type, documented[c.column_name]!.description.trim()]);
  }
  await db.append('meta', 'table_doc', tableRows);
  await db.append('meta', 'column_doc', columnRows);
}
