/**
 * Incremental rebuilds. A build records what it was made from in meta.build_input: the code
 * (pipelines, models, source schemas, reference data, settings) as one hash, and every input
 * file of a layout by path, size and content hash (plus one hash of a layout folder's other
 * files: sidecars, provenance, _settings.json). The next build of the same warehouse compares:
 *
 * - the code changed, or there is no previous warehouse → a full build;
 * - otherwise the previous warehouse is copied and only what changed is redone: the rows of
 *   removed and changed files are deleted (raw, quarantine, warnings, load report…), changed and
 *   added files are read, and only the models downstream of the tables that changed are rebuilt.
 *   A layout with a key (duplicates across files) in which a file was changed or removed, or
 *   whose other files changed (_settings.json…), is reloaded whole: which row of a key comes
 *   first may have changed. A file's sidecar (`.meta.json`, provenance) counts as the file.
 *
 * The result is the same, table by table and row by row, as a full build of the same inputs
 * (tests/pipeline/incremental.test.ts); the copy is replaced atomically as in a full build.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Db, ident, lit } from './lib/duck.ts';
import { paths } from './lib/paths.ts';
import { loadConfig } from './lib/config.ts';
import { discoverFiles } from './ingest/load.ts';
import type { Source } from './ingest/spec.ts';
import type { Change } from './models/runner.ts';

export interface InputFile {
  source: string;
  /** Path relative to the sources folder, as `_file` and meta.load_report name it. */
  file: string;
  bytes: number;
  sha256: string;
  /** Size and modification time of the file and its sidecars: the same stamp as the last build's → its hash is reused. */
  stamp: string;
}

export interface Inputs {
  /** Hash of everything but the layout files: code, models, schemas, reference data, settings, the sources folder. */
  code: string;
  files: InputFile[];
  /** Layout → hash of the folder's files that are not data files (sidecars, provenance, settings). */
  aux: Record<string, string>;
}

export interface Registered {
  source: Source;
  folder: string;
}

/** meta.build_input: what a build was made from (for the next, incremental build). */
export const BUILD_INPUT = {
  description: 'Из чего собрано хранилище: хеш кода и настроек, каждый входной файл (путь, размер, хеш содержимого) — по ним следующая сборка перечитывает только изменённые файлы.',
  grain: 'одна строка на входной файл, на папку макета (kind = aux) и одна на код (kind = code)',
  columns: {
    kind: 'code — программа, модели, схемы, справочники и настройки; aux — прочие файлы папки макета (сопроводительные .meta.json, _settings.json, происхождение ячеек); file — входной файл',
    source: 'Источник (макет); для code пусто',
    file: 'Путь файла относительно папки источников; для code и aux пусто',
    bytes: 'Размер файла, байт',
    sha256: 'SHA-256 содержимого (для code и aux — всех файлов вместе)',
    stamp: 'Размер и время изменения файла и его сопроводительных файлов: если они те же, что при прошлой сборке, содержимое не хешируется заново (как в git и make); `--full` пересобирает всё',
  } as Record<string, string>,
};

async function hashFile(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (c) => h.update(c))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return h.digest('hex');
}

function walk(dir: string, keep: (p: string) => boolean = () => true): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const go = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== '.git') go(p);
      } else if (e.isFile() && keep(p)) out.push(p);
    }
  };
  go(dir);
  return out;
}

/** One hash over files (names relative to `root` and contents) and extra text. */
async function hashAll(root: string, files: string[], extra = ''): Promise<string> {
  const h = crypto.createHash('sha256');
  h.update(extra);
  for (const f of files) h.update(`\n${path.relative(root, f)}\0${await hashFile(f)}`);
  return h.digest('hex');
}

/** The sidecar of a data file and the provenance file it names, those that exist. */
function sidecars(file: string): string[] {
  const meta = `${file}.meta.json`;
  if (!fs.existsSync(meta)) return [];
  const out = [meta];
  try {
    const prov = (JSON.parse(fs.readFileSync(meta, 'utf8')) as { provenance?: unknown }).provenance;
    if (typeof prov === 'string' && fs.existsSync(path.resolve(path.dirname(file), prov))) out.push(path.resolve(path.dirname(file), prov));
  } catch {
    /* a sidecar that does not parse is the loader's to report; its content is hashed all the same */
  }
  return out;
}

/** The data files of each layout in `sourcesDir`, as the loader finds them. */
export function layoutFiles(sourcesDir: string, registry: Registered[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { source } of registry.filter((r) => !r.source.reference)) out.set(source.name, discoverFiles(path.join(sourcesDir, source.name), source.files));
  return out;
}

/** Size and modification time (ns) of a file and its companions. */
function stampOf(files: string[]): string {
  return files
    .map((f) => {
      const st = fs.statSync(f, { bigint: true });
      return `${st.size}:${st.mtimeNs}`;
    })
    .join('|');
}

/** The stamps and hashes of the input files the warehouse was built from (`source\0file` → stamp and hash), if any. */
export async function previousStamps(warehouse: string): Promise<Map<string, { stamp: string; sha256: string }>> {
  const out = new Map<string, { stamp: string; sha256: string }>();
  if (!fs.existsSync(warehouse)) return out;
  let db: Db | undefined;
  try {
    db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
    if (!(await db.tableExists('meta', 'build_input'))) return out;
    const cols = await db.all<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = 'build_input'`);
    if (!cols.some((c) => c.column_name === 'stamp')) return out;
    for (const r of await db.all<{ source: string; file: string; stamp: string | null; sha256: string }>(`SELECT source, file, stamp, sha256 FROM meta.build_input WHERE kind = 'file'`)) {
      if (r.stamp) out.set(`${r.source}\0${r.file}`, { stamp: r.stamp, sha256: r.sha256 });
    }
  } catch {
    /* an unreadable warehouse: everything is hashed (and planBuild says why the build is full) */
  } finally {
    db?.close();
  }
  return out;
}

export async function fingerprintInputs(sourcesDir: string, registry: Registered[], previous: Map<string, { stamp: string; sha256: string }> = new Map()): Promise<Inputs> {
  const code = [
    ...walk(path.join(paths.root, 'pipelines')),
    ...walk(paths.models),
    ...walk(paths.sources, (p) => /\.(ts|js|json|ya?ml)$/.test(p) && !p.endsWith('.meta.json')),
    ...registry.filter((r) => r.source.reference).flatMap((r) => walk(r.folder)),
    path.join(paths.root, 'package-lock.json'),
  ].filter((f, i, a) => fs.existsSync(f) && a.indexOf(f) === i);
  // every setting that may change what models compute (NOK_ZERO_DENOMINATOR, NOK_MIN_ORGS…); not the paths, port, map, memory or how many models run at once
  const { warehouse: _w, sources: _s, downloads: _d, site: _site, port: _p, geojson: _g, memoryLimit: _m, modelWorkers: _mw, ...modelSettings } = loadConfig();
  const settings = JSON.stringify({ sourcesDir: path.resolve(sourcesDir), ...modelSettings });
  const files: InputFile[] = [];
  const aux: Record<string, string> = {};
  for (const [source, list] of layoutFiles(sourcesDir, registry)) {
    const own = new Set(list);
    for (const f of list) {
      // a file's sidecar (<file>.meta.json) and the provenance file it names belong to the file
      const companions = sidecars(f);
      for (const c of companions) own.add(c);
      const file = path.relative(sourcesDir, f) || path.basename(f);
      // the same size and modification time as at the last build: the content is not read again
      const stamp = stampOf([f, ...companions]);
      const before = previous.get(`${source}\0${file}`);
      let sha256: string;
      if (before && before.stamp === stamp) sha256 = before.sha256;
      else {
        const content = await hashFile(f);
        sha256 = companions.length ? await hashAll(path.dirname(f), companions, content) : content;
      }
      files.push({ source, file, bytes: fs.statSync(f).size, sha256, stamp });
    }
    const dir = path.join(sourcesDir, source);
    aux[source] = await hashAll(dir, walk(dir, (p) => !own.has(p)));
  }
  return { code: await hashAll(paths.root, code.sort(), settings), files, aux };
}

export async function writeBuildInput(db: Db, inputs: Inputs): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE meta.build_input (kind VARCHAR NOT NULL, source VARCHAR, file VARCHAR, bytes BIGINT, sha256 VARCHAR NOT NULL, stamp VARCHAR)`);
  await db.append('meta', 'build_input', [
    ['code', null, null, null, inputs.code, null],
    ...Object.entries(inputs.aux).map(([s, h]) => ['aux', s, null, null, h, null]),
    ...inputs.files.map((f) => ['file', f.source, f.file, f.bytes, f.sha256, f.stamp]),
  ]);
}

/** What an incremental build redoes for one layout. */
export interface SourcePlan {
  /** Reload every file of the layout (keyed layout or sidecars changed, with a file changed or removed). */
  whole: boolean;
  /** Files (relative to the sources folder) whose rows are deleted first. */
  drop: string[];
  /** Files (relative to the sources folder) read. */
  load: string[];
}

export type Plan = { full: string } | { full?: undefined; sources: Map<string, SourcePlan> };

/** Compare the inputs with what the previous warehouse was built from. */
export async function planBuild(warehouse: string, inputs: Inputs, registry: Registered[]): Promise<Plan> {
  if (!fs.existsSync(warehouse)) return { full: 'хранилища ещё нет' };
  let prev: { kind: string; source: string | null; file: string | null; bytes: number | null; sha256: string }[];
  let db: Db | undefined;
  try {
    db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
    if (!(await db.tableExists('meta', 'build_input'))) return { full: 'прежнее хранилище собрано без описи входных файлов' };
    prev = await db.all(`SELECT kind, source, file, bytes, sha256 FROM meta.build_input`);
  } catch {
    return { full: 'прежнее хранилище не читается' };
  } finally {
    db?.close();
  }
  if (prev.find((r) => r.kind === 'code')?.sha256 !== inputs.code) return { full: 'изменились программа, модели, справочники или настройки' };
  const sources = new Map<string, SourcePlan>();
  for (const { source } of registry.filter((r) => !r.source.reference)) {
    const s = source.name;
    const before = new Map(prev.filter((r) => r.kind === 'file' && r.source === s).map((r) => [r.file!, `${r.bytes}:${r.sha256}`]));
    const now = inputs.files.filter((f) => f.source === s);
    const added = now.filter((f) => !before.has(f.file)).map((f) => f.file);
    const changed = now.filter((f) => before.has(f.file) && before.get(f.file) !== `${f.bytes}:${f.sha256}`).map((f) => f.file);
    const removed = [...before.keys()].filter((f) => !now.some((x) => x.file === f));
    const auxChanged = (prev.find((r) => r.kind === 'aux' && r.source === s)?.sha256 ?? null) !== (inputs.aux[s] ?? null);
    if (!added.length && !changed.length && !removed.length && !auxChanged) continue;
    const whole = auxChanged || (Boolean(source.key?.length) && (changed.length > 0 || removed.length > 0));
    sources.set(s, whole
      ? { whole, drop: [...before.keys()], load: now.map((f) => f.file) }
      : { whole, drop: [...changed, ...removed], load: [...added, ...changed] });
  }
  return { sources };
}

/** The meta tables that hold rows per input file. */
const PER_FILE_META = ['load_report', 'quarantine', 'warning', 'cell_provenance', 'file_note'];

/**
 * In a copy of the previous warehouse: delete what the plan redoes (rows of dropped files, the
 * layouts' meta.source rows), and the documentation, data tests and run record, which every
 * build writes anew.
 */
export async function dropChanged(db: Db, plan: Map<string, SourcePlan>, registry: Registered[]): Promise<void> {
  for (const [name, p] of plan) {
    const src = registry.find((r) => r.source.name === name)!.source;
    const files = p.drop.length ? p.drop.map(lit).join(', ') : 'NULL';
    for (const t of [src.table, `${src.table}_by_year`]) {
      if (await db.tableExists('raw', t)) await db.run(`DELETE FROM raw.${ident(t)} WHERE _file IN (${files})`);
    }
    for (const t of PER_FILE_META) {
      if (await db.tableExists('meta', t)) await db.run(`DELETE FROM meta.${ident(t)} WHERE source = ${lit(name)} AND file IN (${files})`);
    }
    await db.run(`DELETE FROM meta.source WHERE source = ${lit(name)}`);
  }
  await db.run(`DELETE FROM meta.table_doc`);
  await db.run(`DELETE FROM meta.column_doc`);
  for (const t of ['data_test', 'run', 'build_input']) await db.run(`DROP TABLE IF EXISTS meta.${ident(t)}`);
}

/** The source as the loader should see it to read only `files` (relative to the sources folder). */
export function onlyFiles(src: Source, sourcesDir: string, files: string[]): Source {
  const dir = path.join(sourcesDir, src.name);
  return { ...src, files: files.map((f) => path.relative(dir, path.join(sourcesDir, f))) };
}

/** meta.source of a partly reloaded layout counts all its files, as a full build does. */
export async function recountSource(db: Db, name: string): Promise<void> {
  await db.run(`UPDATE meta.source s SET
      files = (SELECT count(*) FROM meta.load_report r WHERE r.source = s.source),
      rows_loaded = (SELECT coalesce(sum(rows_loaded), 0) FROM meta.load_report r WHERE r.source = s.source)
    WHERE source = ${lit(name)}`);
}

/**
 * Years of the raw rows of these files (for a layout without a key whose table has a `year`
 * column), or 'all' when that cannot be said: a keyed layout (an added file may turn rows of
 * other files into duplicates), no year column, or rows without a year.
 */
export async function rawYears(db: Db, src: Source, files: string[]): Promise<Change> {
  if (src.key?.length || !src.columnsInfo.some((c) => c.name === 'year' && !c.perYear)) return 'all';
  if (!files.length) return new Set();
  const rows = await db.all<{ y: number | null }>(`SELECT DISTINCT year::INTEGER AS y FROM raw.${ident(src.table)} WHERE _file IN (${files.map(lit).join(', ')})`);
  return rows.some((r) => r.y === null) ? 'all' : new Set(rows.map((r) => r.y!));
}

/**
 * A hash of each per-file meta table (and meta.source), its rows with their position: the tables an
 * incremental build rewrites in part, compared before and after (a model reading one is rebuilt only if it changed).
 */
export async function metaHashes(db: Db): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of [...PER_FILE_META, 'source']) {
    if (await db.tableExists('meta', t)) out.set(`meta.${t}`, String(await db.value(`SELECT count(*) || ':' || coalesce(sum(hash(q.rowid, q::VARCHAR)::HUGEINT), 0) FROM meta.${ident(t)} q`)));
  }
  return out;
}

/**
 * What changed in each table when these layouts were redone: the raw table of a layout in the
 * years of its dropped and loaded rows (or all of it), its per-year table whole, and the meta tables
 * whole — but those `metaSame` says came out as they were.
 */
export function changedTables(plan: Map<string, SourcePlan>, registry: Registered[], years: Map<string, Change>, metaSame: Set<string> = new Set()): (table: string) => Change | null {
  const raw = new Map<string, Change>();
  for (const name of plan.keys()) {
    const t = registry.find((r) => r.source.name === name)!.source.table;
    raw.set(`raw.${t}`, years.get(name) ?? 'all');
    raw.set(`raw.${t}_by_year`, 'all');
  }
  return (t) => raw.get(t) ?? (plan.size > 0 && t.startsWith('meta.') && !metaSame.has(t) ? 'all' : null);
}
