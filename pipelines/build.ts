/**
 * Build the warehouse: load every source, run the models, run the data
 * tests — all into a new file beside the warehouse. Only a build that
 * succeeded replaces the warehouse (an atomic rename), so a failed run
 * leaves the last good build in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Db, ident, lit } from './lib/duck.ts';
import { UserError, UserErrors } from './lib/errors.ts';
import { log, fmtInt, fmtSec } from './lib/log.ts';
import { paths, displayPath } from './lib/paths.ts';
import { loadConfig, duckdbMemoryLimit, parseMemory } from './lib/config.ts';
import { removeStaleBuilds, warehouseScratch } from './lib/stale.ts';
import { installMacros } from './ingest/sql.ts';
import { createMeta, documentSource, documentMeta } from './ingest/meta.ts';
import { loadRegistry } from './ingest/registry.ts';
import { loadSource, type FileReport, type LoadContext } from './ingest/load.ts';
import { RegionIndex } from './regions/normalize.ts';
import { runModels, planModels, type Change } from './models/runner.ts';
import { fingerprintInputs, previousStamps, planBuild, dropChanged, metaHashes, onlyFiles, recountSource, changedTables, rawYears, writeBuildInput, BUILD_INPUT, type Plan, type SourcePlan, type Registered } from './incremental.ts';
import { runDataTests, recordDataTests, type TestResult } from './models/datatests.ts';

export interface BuildOptions {
  /** Folder with one sub-folder per layout (docs/formats.md). Default: the project's sources/ (bundled data). */
  sourcesDir?: string;
  /** Warehouse file to (re)place. */
  warehouse?: string;
  /** Keep the half-built file for inspection on failure. */
  keepFailed?: boolean;
  /** Rebuild everything even if a previous warehouse could be updated incrementally. */
  full?: boolean;
  /** The build's memory budget (`4GB`); default NOK_MEMORY_LIMIT, else 4GB. DuckDB gets its share (duckdbMemoryLimit) and spills past it to the build's temp folder. */
  memoryLimit?: string;
}

export interface BuildSummary {
  warehouse: string;
  files: FileReport[];
  tests: TestResult[];
  ms: number;
  /** Milliseconds of each step: loading the sources, the models, the data tests. */
  steps: { load: number; models: number; tests: number };
  /** Incremental build: the input files read (relative to the sources folder); null after a full build. */
  reread: string[] | null;
  /** Models rebuilt (all of them in a full build). */
  modelsRebuilt: number;
}

export interface LoadAllOptions {
  /** A user's folder: one sub-folder per layout. Reference sources always come from the project. */
  sourcesDir: string;
  /** Region spellings → codes. Default: the index over the region tables this load puts in the warehouse (loaded before any source with a region column). */
  regions?: LoadContext['regions'];
  /** Scratch folder for decoded files. */
  tmpDir: string;
  /** Load only these sources (by name), and the reference sources. Default: all. */
  only?: string[];
  /** Load the project's reference sources too (default true; tests of reading alone may skip them). */
  withReference?: boolean;
}

/** The matcher of a source without region columns (it is never called). */
const NO_REGIONS: LoadContext['regions'] = {
  match: () => {
    throw new Error('internal: a region matched before the region tables were loaded');
  },
};

/**
 * Load every source into an open warehouse (macros and meta tables must exist):
 * reference sources from the project, the layouts from `sourcesDir`. File-level
 * problems are collected and returned, not thrown, so that all of them are reported.
 */
export async function loadAll(db: Db, opts: LoadAllOptions): Promise<{ files: FileReport[]; errors: UserError[] }> {
  const { sourcesDir, tmpDir } = opts;
  let regions = opts.regions;
  const all = await loadRegistry();
  const registry = all.filter((r) => (r.source.reference ? opts.withReference !== false : !opts.only || opts.only.includes(r.source.name)));
  const userSourceNames = all.filter((r) => !r.source.reference).map((r) => r.source.name);
  const strays = fs
    .readdirSync(sourcesDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_') && !all.some((r) => path.basename(r.folder) === e.name || r.source.name === e.name));
  for (const s of strays) log.warn(`Папка «${s.name}» не соответствует ни одному макету и пропущена. Макеты: ${userSourceNames.join(', ')}.`);
  const looseFiles = fs.readdirSync(sourcesDir, { withFileTypes: true }).filter((e) => e.isFile() && /\.(csv|xlsx|xlsm|xls)$/i.test(e.name));
  for (const f of looseFiles) {
    log.warn(`Файл «${f.name}» лежит прямо в папке источников и пропущен: положите его в подпапку своего макета (${userSourceNames.join(', ')}).`);
  }

  const files: FileReport[] = [];
  const errors: UserError[] = [];
  log.step(`Загрузка источников из ${displayPath(sourcesDir)}`);
  for (const { source, folder } of registry) {
    const dir = source.reference ? folder : path.join(sourcesDir, source.name);
    const baseDir = source.reference ? paths.sources : sourcesDir;
    // the reference sources load first, the regions before any other that names a region
    if (!regions && source.columnsInfo.some((c) => c.parse === 'region')) regions = await RegionIndex.fromDb(db);
    const r = await loadSource({ db, regions: regions ?? NO_REGIONS, tmpDir, baseDir, layouts: all.filter((x) => !x.source.reference).map((x) => x.source) }, source, dir);
    errors.push(...r.errors);
    files.push(...r.reports);
    if (!r.errors.length) await documentSource(db, source);
    if (source.reference && r.reports.some((x) => x.rows_quarantined > 0)) {
      const q = await db.all(`SELECT file, row_number, column_name, message FROM meta.quarantine WHERE source = ${lit(source.name)} LIMIT 5`);
      throw new Error(`Справочник ${source.name} содержит ошибки: ${JSON.stringify(q)}`);
    }
  }
  const userFiles = files.filter((f) => userSourceNames.includes(f.source)).length;
  if (!errors.length && userFiles === 0 && registry.some((r) => !r.source.reference)) {
    log.warn(
      `В папке ${displayPath(sourcesDir)} нет ни одного файла входных данных: хранилище будет содержать только справочники. ` +
        `Ожидаются подпапки ${userSourceNames.join(', ')} с файлами .csv или .xlsx.`,
    );
  }
  return { files, errors };
}

/**
 * Incremental load into a copy of the previous warehouse: for each layout of the plan, delete the
 * rows of its dropped files and read its changed and added files; then document every source as
 * a full build does. Returns the reports of all files (unchanged ones included).
 */
async function loadChanged(
  db: Db,
  opts: Omit<LoadAllOptions, 'only' | 'withReference' | 'regions'> & { regions: LoadContext['regions'] },
  plan: Map<string, SourcePlan>,
  registry: Registered[],
): Promise<{ files: FileReport[]; errors: UserError[]; years: Map<string, Change>; metaSame: Set<string> }> {
  const { sourcesDir, regions, tmpDir } = opts;
  // the years of the rows about to be deleted and of those read: what changed in each raw table
  const years = new Map<string, Change>();
  for (const [name, p] of plan) years.set(name, p.whole ? 'all' : await rawYears(db, registry.find((r) => r.source.name === name)!.source, p.drop));
  const metaBefore = await metaHashes(db);
  await dropChanged(db, plan, registry);
  const errors: UserError[] = [];
  const layouts = registry.filter((x) => !x.source.reference).map((x) => x.source);
  for (const [name, p] of plan) {
    const src = registry.find((r) => r.source.name === name)!.source;
    const r = await loadSource({ db, regions, tmpDir, baseDir: sourcesDir, layouts }, onlyFiles(src, sourcesDir, p.load), path.join(sourcesDir, name));
    errors.push(...r.errors);
    await recountSource(db, name);
    const before = years.get(name)!;
    const after = before === 'all' ? 'all' : await rawYears(db, src, p.load);
    years.set(name, after === 'all' || before === 'all' ? 'all' : new Set([...before, ...after]));
  }
  // meta tables that came out as they were (no cell provenance in the files redone…): what reads them stays
  const metaAfter = await metaHashes(db);
  const metaSame = new Set([...metaBefore].filter(([t, h]) => metaAfter.get(t) === h).map(([t]) => t));
  if (!errors.length) for (const { source } of registry) await documentSource(db, source);
  const files = await db.all<FileReport & Record<string, unknown>>(
    `SELECT source, file, rows_read, rows_loaded, rows_quarantined, rows_with_warnings, rows_blank FROM meta.load_report ORDER BY source, file`,
  );
  return { files, errors, years, metaSame };
}

/** Document a table the build itself writes (not a model, not a source): a line in meta.table_doc, its columns in meta.column_doc. */
async function documentTable(db: Db, schema: string, table: string, d: { description: string; grain: string; columns: Record<string, string> }): Promise<void> {
  await db.run(`INSERT INTO meta.table_doc VALUES (${lit(schema)}, ${lit(table)}, ${lit(schema)}, ${lit(d.description)}, ${lit(d.grain)}, TRUE, NULL, (SELECT count(*) FROM ${schema}.${ident(table)}))`);
  const cols = await db.all<{ column_name: string; data_type: string; ordinal_position: number }>(
    `SELECT column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
    [schema, table],
  );
  await db.append('meta', 'column_doc', cols.map((c) => [schema, table, c.column_name, Number(c.ordinal_position), c.data_type, d.columns[c.column_name] ?? '']));
}

export async function build(opts: BuildOptions = {}): Promise<BuildSummary> {
  const t0 = Date.now();
  const sourcesDir = path.resolve(opts.sourcesDir ?? paths.sources);
  const warehouse = path.resolve(opts.warehouse ?? paths.warehouse);
  if (!fs.existsSync(sourcesDir) || !fs.statSync(sourcesDir).isDirectory()) {
    throw new UserError(`Папка с исходными данными не найдена: ${sourcesDir}`, {
      expected: 'папка с подпапками survey_regions, practices, nok_results, questionnaires, observations (любые могут отсутствовать)',
    });
  }
  const memoryLimit = opts.memoryLimit ?? loadConfig().memoryLimit;
  fs.mkdirSync(path.dirname(warehouse), { recursive: true });
  // what builds killed outright (kill -9) left beside the warehouse: their pids are gone
  const stale = removeStaleBuilds(warehouse);
  if (stale.length) log.info(`удалены остатки прерванных сборок: ${stale.join(', ')}`);
  const { file: tmp, dir: tmpDir } = warehouseScratch(warehouse);
  for (const f of [tmp, tmp + '.wal']) fs.rmSync(f, { force: true });
  const registry = await loadRegistry();
  // a full build (--full) reads every file's content; otherwise files as the last build saw them keep their hash
  const inputs = await fingerprintInputs(sourcesDir, registry, opts.full ? new Map() : await previousStamps(warehouse));
  const plan: Plan = opts.full ? { full: 'запрошена полная сборка' } : await planBuild(warehouse, inputs, registry);
  const inc = plan.full === undefined ? plan.sources : null;
  // a full build over an earlier warehouse: its models' times, to start the longest chains first
  const lastTimes = !inc && fs.existsSync(warehouse) ? await Db.open(warehouse, { access_mode: 'READ_ONLY' }).then(async (old) => {
    try {
      return await modelTimes(old);
    } finally {
      old.close();
    }
  }, () => new Map<string, number>()) : new Map<string, number>();
  if (plan.full !== undefined && plan.full !== 'хранилища ещё нет') log.info(`полная сборка: ${plan.full}`);
  let db: Db | undefined;
  let ok = false;
  try {
    if (inc) {
      // incremental: a copy of the last good warehouse, in which only what changed is redone
      fs.copyFileSync(warehouse, tmp, fs.constants.COPYFILE_FICLONE);
      const what = [...inc].map(([s, p]) => `${s}: ${p.whole ? 'весь макет' : `файлов ${p.load.length} прочитать, ${p.drop.length - p.load.filter((f: string) => p.drop.includes(f)).length} удалить`}`);
      log.step(`Пересборка изменённого: ${what.length ? what.join('; ') : 'входные файлы не изменились'}`);
    }
    // bounded memory: past the limit DuckDB spills to the build's own temp folder (removed below, whatever happens)
    // DuckDB makes the spill folder itself but not its parent: without it the first spill fails
    // («Failed to create directory …/.tmp-<pid>/spill», seen at 30 M questionnaires)
    fs.mkdirSync(tmpDir, { recursive: true });
    // the allocator's background thread gives freed memory back to the system as the build goes: without it
    // the process kept memory DuckDB had freed, and a full rebuild of 30 M questionnaires with two models at a
    // time peaked at 4 603 MB (4 146 MB with it, the same code, one after the other)
    // DuckDB gets its share of the budget (duckdbMemoryLimit) for the whole build; the rest is for what it allocates past its limit
    db = await Db.open(tmp, { memory_limit: duckdbMemoryLimit(memoryLimit), temp_directory: path.join(tmpDir, 'spill'), allocator_background_threads: 'true' });
    await installMacros(db);
    await createMeta(db);
    // the last build's times of the models (read before the load drops its meta.run)
    const cost = inc ? await modelTimes(db) : lastTimes;
    let t = Date.now();
    const steps = { load: 0, models: 0, tests: 0 };
    // the last build's data tests (an incremental build keeps the results of those whose tables it does not change)
    const previousTests = inc && (await db.tableExists('meta', 'data_test'))
      ? (await db.all<{ model: string; test: string; severity: TestResult['kind']; failures: number; sample: string | null }>(`SELECT model, test, severity, failures, sample FROM meta.data_test`)).map(
          (r): TestResult => ({ model: r.model, test: r.test, kind: r.severity, failures: Number(r.failures), ...(r.sample !== null ? { sample: r.sample } : {}) }),
        )
      : [];
    // the region index over the region tables of the warehouse: those of the last build (its reference files are those of this one), or those this build loads first
    const { files, errors, years, metaSame } = inc
      ? await loadChanged(db, { sourcesDir, regions: await RegionIndex.fromDb(db), tmpDir }, inc, registry)
      : { ...(await loadAll(db, { sourcesDir, tmpDir })), years: null, metaSame: undefined };
    steps.load = Date.now() - t;
    if (errors.length === 1) throw errors[0]!;
    if (errors.length > 1) throw new UserErrors(errors);

    log.step('Модели (staging → marts)');
    // One thread for the models: DuckDB's parallel aggregation sums doubles in an order that
    // varies from run to run, and two builds of the same inputs must be identical to the bit.
    await db.run('SET threads = 1');
    t = Date.now();
    const changed = inc && years ? changedTables(inc, registry, years, metaSame) : undefined;
    const timings = new Map<string, number>();
    const workers = await modelWorkers(db);
    // with one model at a time (large data), the database is opened anew between two models once the process holds
    // more than half of DuckDB's share: at 100 M questionnaires the process otherwise went ≈2 GB past DuckDB's limit
    const reopenAboveRss = parseMemory(duckdbMemoryLimit(memoryLimit))!.bytes / 2;
    const models = await runModels(db, paths.models, { ...(changed ? { changed } : {}), cost, timings, workers, reopenAboveRss });
    // the times of the models kept as they were stay those of the build that made them
    for (const [id, ms] of cost) if (!timings.has(id) && models.some((m) => m.id === id)) timings.set(id, ms);
    const rebuilt = changed ? planModels(models, changed) : null;
    const modelsRebuilt = rebuilt ? rebuilt.size : models.length;
    await documentMeta(db);
    steps.models = Date.now() - t;
    log.step('Проверки данных');
    // the checks only count rows: all cores
    await db.run('RESET threads');
    t = Date.now();
    const tests = await runDataTests(
      db,
      models,
      rebuilt && changed
        ? {
            previous: previousTests,
            tableUnchanged: (t) => !rebuilt.has(t) && changed(t) === null,
            changedYears: (id) => {
              const c = rebuilt.get(id);
              return c instanceof Set ? c : null;
            },
          }
        : undefined,
      workers,
    );
    steps.tests = Date.now() - t;
    const failed = tests.filter((t) => t.failures !== 0 && t.kind === 'error');
    const empty = tests.filter((t) => t.failures !== 0 && t.kind === 'empty');
    const warned = tests.filter((t) => t.failures !== 0 && t.kind === 'warn');
    for (const e of empty) log.warn(`${e.model} пуста: нет входных данных для неё`);
    for (const w of warned) log.warn(`${w.model}: ${w.test} — нарушений: ${w.failures} (сверка с отчётом, сборку не останавливает)`);
    await recordDataTests(db, tests);
    if (failed.length) {
      throw new Error(
        `Проверки данных не пройдены (${failed.length}):\n` + failed.map((f) => `  ${f.model}: ${f.test} — ${f.failures < 0 ? 'ошибка запроса' : `нарушений: ${f.failures}`}${f.sample ? `; пример: ${f.sample}` : ''}`).join('\n'),
      );
    }
    log.info(`проверок: ${tests.length}, инварианты соблюдены${empty.length ? ` · пустых витрин: ${empty.length}` : ''}${warned.length ? ` · расхождений с отчётом: ${warned.length}` : ''}`);

    await db.run(`CREATE OR REPLACE TABLE meta.run AS SELECT
        now()::TIMESTAMP AS built_at, ${lit(path.relative(paths.root, sourcesDir) || '.')} AS sources_dir,
        ${lit(process.version)} AS node_version, version() AS duckdb_version,
        ${lit(readVersion())} AS nok_atlas_version, ${Date.now() - t0} AS build_ms,
        ${lit(JSON.stringify(Object.fromEntries([...timings].sort(([a], [b]) => (a < b ? -1 : 1)))))} AS model_ms`);
    await documentMeta(db, ['run', 'data_test']);
    await writeBuildInput(db, inputs);
    await documentTable(db, 'meta', 'build_input', BUILD_INPUT);
    const reasons = await db.all<{ file: string; rule: string; rows: number; example: string }>(
      `SELECT file, rule, count(DISTINCT row_number)::INTEGER AS rows, min(message) AS example FROM meta.quarantine GROUP BY ALL ORDER BY file, rows DESC, rule`,
    );
    await db.run('CHECKPOINT');
    db.close();
    db = undefined;
    fs.renameSync(tmp, warehouse);
    fs.rmSync(warehouse + '.wal', { force: true });
    ok = true;
    printSummary(files, reasons);
    log.ok(`Хранилище собрано: ${displayPath(warehouse)} · ${fmtSec(Date.now() - t0)}`);
    return { warehouse, files, tests, ms: Date.now() - t0, steps, reread: inc ? [...inc.values()].flatMap((p) => p.load).sort() : null, modelsRebuilt };
  } catch (e) {
    throw outOfMemory(e, memoryLimit) ?? e;
  } finally {
    db?.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
    if (!ok) {
      if (opts.keepFailed) log.warn(`Недостроенное хранилище оставлено для разбора: ${displayPath(tmp)}`);
      else for (const f of [tmp, tmp + '.wal']) fs.rmSync(f, { force: true });
      if (fs.existsSync(warehouse)) log.warn(`Прежнее хранилище не тронуто: ${displayPath(warehouse)}`);
    }
  }
}

/** Above this many rows in one raw table, models (and data tests) run one at a time unless NOK_MODEL_WORKERS says otherwise. */
export const SIDE_BY_SIDE_MAX_ROWS = 15_000_000;

/**
 * How many models run at once: NOK_MODEL_WORKERS when set; otherwise the default (the cores, at
 * most 4) while the largest raw table has at most SIDE_BY_SIDE_MAX_ROWS rows, else one. Two large
 * models at once went past DuckDB's memory limit further than one does (30 million questionnaires:
 * peak 4 766 MB with two, docs/benchmarks.md); at 10 million two stay at 2 GB.
 */
async function modelWorkers(db: Db): Promise<number> {
  const configured = loadConfig().modelWorkers;
  if (process.env.NOK_MODEL_WORKERS || configured === 1) return configured;
  const rows = Number(await db.value(`SELECT coalesce(max(estimated_size), 0) FROM duckdb_tables() WHERE schema_name = 'raw'`));
  if (rows <= SIDE_BY_SIDE_MAX_ROWS) return configured;
  log.info(`модели — по одной: в сыром слое таблица в ${fmtInt(rows)} строк (больше ${fmtInt(SIDE_BY_SIDE_MAX_ROWS)}), две модели сразу заняли бы больше памяти, чем NOK_MODEL_WORKERS=1 (задать явно: NOK_MODEL_WORKERS)`);
  return 1;
}

/** The milliseconds of each model in the build that made this warehouse (meta.run.model_ms); none when it did not record them. */
async function modelTimes(db: Db): Promise<Map<string, number>> {
  try {
    const json = await db.value<string | null>(`SELECT model_ms FROM meta.run`);
    return new Map(Object.entries(JSON.parse(json ?? '{}') as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return new Map();
  }
}

/**
 * DuckDB's «Out of Memory Error» (a step that could not finish within the build's memory, spilling
 * included) as a message a person can act on; null for any other error.
 */
export function outOfMemory(e: unknown, memoryLimit: string): UserError | null {
  const msg = e instanceof Error ? e.message : String(e);
  if (!/Out of Memory Error/i.test(msg)) return null;
  const step = /^(Модель [^:]+?) \(/.exec(msg)?.[1];
  return new UserError(`Сборке не хватило памяти${step ? ` (${step.replace('Модель', 'модель')})` : ''}: предел NOK_MEMORY_LIMIT = ${memoryLimit} исчерпан, хотя DuckDB сбрасывал промежуточные данные на диск.`, {
    hint: `Увеличьте предел, если память машины позволяет: NOK_MEMORY_LIMIT=${memoryLimit.replace(/^[\d.]+/, (n) => String(Math.ceil(Number(n) * 1.5)))} npm run pipeline.`,
  });
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(paths.root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function printSummary(files: FileReport[], reasons: { file: string; rule: string; rows: number; example: string }[]): void {
  const read = files.reduce((a, f) => a + f.rows_read, 0);
  const loaded = files.reduce((a, f) => a + f.rows_loaded, 0);
  const q = files.reduce((a, f) => a + f.rows_quarantined, 0);
  const w = files.reduce((a, f) => a + f.rows_with_warnings, 0);
  log.step('Итог загрузки');
  log.info(`файлов: ${files.length} · прочитано строк: ${fmtInt(read)} = загружено ${fmtInt(loaded)} + в карантине ${fmtInt(q)}${w ? ` · с предупреждениями: ${fmtInt(w)}` : ''}`);
  for (const f of files.filter((x) => x.rows_quarantined > 0)) {
    log.info(`${f.file}: в карантине ${fmtInt(f.rows_quarantined)} из ${fmtInt(f.rows_read)}`);
    for (const r of reasons.filter((x) => x.file === f.file)) log.info(`    ${r.rule}: ${fmtInt(r.rows)} — например: ${r.example}`);
  }
  if (q) log.info('Все строки карантина с номерами строк и столбцами — в таблице meta.quarantine и на странице «Качество данных».');
}

