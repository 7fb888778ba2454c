/**
 * A thin wrapper over @duckdb/node-api: one connection, rows as plain JS
 * objects (BIGINT → number when safe), identifiers and literals quoted by
 * helpers, bulk rows through the appender.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { loadConfig, duckdbMemoryLimit } from './config.ts';

export type Row = Record<string, unknown>;
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

export function ident(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

export function lit(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'NULL';
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const quoted = "'" + value.replaceAll("'", "''") + "'";
  // a NUL byte would end the SQL text where it stands: spell it as chr(0)
  return value.includes('\0') ? `(${quoted.split('\0').join("' || chr(0) || '")})` : quoted;
}

/** Qualified table name: schema.table, both quoted. */
export function qname(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`;
}

function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o: Row = {};
    for (const [k, x] of Object.entries(v as Row)) o[k] = toPlain(x);
    return o;
  }
  return v;
}

/**
 * NOK_TRACE_SQL=<ms> prints every statement that took at least that many
 * milliseconds to stderr (for profiling; `NOK_TRACE_SQL=0` prints all).
 */
const TRACE_MS = process.env.NOK_TRACE_SQL !== undefined && process.env.NOK_TRACE_SQL !== '' ? Number(process.env.NOK_TRACE_SQL) || 0 : null;
function trace(sql: string, ms: number): void {
  if (ms < (TRACE_MS ?? 0)) return;
  const text = sql.replace(/\s+/g, ' ').trim();
  process.stderr.write(`[sql ${(ms / 1000).toFixed(2)} s] ${text.length > 300 ? text.slice(0, 300) + '…' : text}\n`);
}

/**
 * NOK_TRACE_MEM=<MB> (profiling memory): samples the process's RSS and V8 heap every 200 ms and,
 * after each statement, prints it to stderr if RSS went above that many MB during it, with the
 * process's high-water mark so far.
 */
const TRACE_MEM = process.env.NOK_TRACE_MEM ? Number(process.env.NOK_TRACE_MEM) || 0 : null;
const memSample = { rss: 0, heap: 0, ext: 0 };
if (TRACE_MEM !== null) {
  setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > memSample.rss) Object.assign(memSample, { rss: m.rss, heap: m.heapUsed, ext: m.external + m.arrayBuffers });
  }, 200).unref();
}
function traceMem(sql: string, ms: number): void {
  const m = process.memoryUsage();
  if (m.rss > memSample.rss) Object.assign(memSample, { rss: m.rss, heap: m.heapUsed, ext: m.external + m.arrayBuffers });
  const MB = (x: number): number => Math.round(x / 1048576);
  if (MB(memSample.rss) >= (TRACE_MEM ?? 0)) {
    const text = sql.replace(/\s+/g, ' ').trim();
    process.stderr.write(`[mem rss ${MB(memSample.rss)} MB (heap ${MB(memSample.heap)}, external ${MB(memSample.ext)}) now ${MB(m.rss)} MB · ${(ms / 1000).toFixed(2)} s] ${text.length > 200 ? text.slice(0, 200) + '…' : text}\n`);
  }
  memSample.rss = 0;
}

export class Db {
  private constructor(
    private _instance: DuckDBInstance,
    private _conn: DuckDBConnection,
    readonly path: string,
    /** false for a second connection (connect()): closing it leaves the database open. */
    private readonly owner = true,
    /** The options it was opened with (reopen() uses them again). */
    private readonly options: Record<string, string> = {},
  ) {}

  get instance(): DuckDBInstance {
    return this._instance;
  }

  get conn(): DuckDBConnection {
    return this._conn;
  }

  /**
   * Checkpoint, close the database and open it again with the same options: DuckDB then gives back
   * all the memory it held (cached blocks, and what its allocator kept), which a long build otherwise
   * accumulates from one statement to the next. What belonged to the connection (temp tables, temp
   * macros, variables, settings made with SET) is gone: the caller sets it again. Only for the
   * connection that opened the database, with no other connection open.
   */
  async reopen(): Promise<void> {
    if (!this.owner) throw new Error('reopen: only the connection that opened the database');
    if (this.path === ':memory:') throw new Error('reopen: an in-memory database would be lost');
    await this.run('CHECKPOINT');
    this.close();
    this._instance = await DuckDBInstance.create(this.path, this.options);
    this._conn = await this._instance.connect();
  }

  /**
   * Another connection to the same database: its own temp tables, temp macros and variables, and
   * its queries run beside this connection's (on a thread of their own, even at `threads = 1`).
   * close() closes the connection only.
   */
  async connect(): Promise<Db> {
    return new Db(this.instance, await this.instance.connect(), this.path, false);
  }

  /**
   * Open a database. When NOK_MEMORY_LIMIT is set, every database the project opens (the build,
   * the export, the generator of synthetic data) gives DuckDB its share of that budget
   * (duckdbMemoryLimit) unless the caller gives its own `memory_limit`; the build always gives one
   * (default: the share of 4GB).
   */
  static async open(path = ':memory:', options: Record<string, string> = {}): Promise<Db> {
    if (options.memory_limit === undefined && process.env.NOK_MEMORY_LIMIT) options = { ...options, memory_limit: duckdbMemoryLimit(loadConfig({ NOK_MEMORY_LIMIT: process.env.NOK_MEMORY_LIMIT }).memoryLimit) };
    const instance = await DuckDBInstance.create(path, options);
    const conn = await instance.connect();
    return new Db(instance, conn, path, true, options);
  }

  async run(sql: string, params?: Params): Promise<void> {
    const t = TRACE_MS === null && TRACE_MEM === null ? 0 : performance.now();
    await this.conn.run(sql, params);
    if (TRACE_MS !== null) trace(sql, performance.now() - t);
    if (TRACE_MEM !== null) traceMem(sql, performance.now() - t);
  }

  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const t = TRACE_MS === null && TRACE_MEM === null ? 0 : performance.now();
    const reader = await this.conn.runAndReadAll(sql, params);
    if (TRACE_MS !== null) trace(sql, performance.now() - t);
    if (TRACE_MEM !== null) traceMem(sql, performance.now() - t);
    return reader.getRowObjectsJS().map((r) => toPlain(r) as T);
  }

  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async value<T = unknown>(sql: string, params?: Params): Promise<T> {
    const row = await this.one(sql, params);
    return (row ? Object.values(row)[0] : undefined) as T;
  }

  async tableExists(schema: string, table: string): Promise<boolean> {
    const n = await this.value<number>(
      `select count(*) from information_schema.tables where table_schema = $1 and table_name = $2`,
      [schema, table],
    );
    return n > 0;
  }

  /** Append rows of strings/numbers/nulls to an existing table, column order as given. Schema 'temp' = a TEMP table. */
  async append(schema: string, table: string, rows: Iterable<readonly unknown[]>): Promise<number> {
    const app = schema === 'temp' ? await this.conn.createAppender(table, 'main', 'temp') : await this.conn.createAppender(table, schema);
    let n = 0;
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null || v === undefined) app.appendNull();
          else if (typeof v === 'number') Number.isInteger(v) ? app.appendBigInt(BigInt(v)) : app.appendDouble(v);
          else if (typeof v === 'boolean') app.appendBoolean(v);
          else app.appendVarchar(String(v));
        }
        app.endRow();
        n++;
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
    return n;
  }

  close(): void {
    try {
      this.conn.closeSync();
    } catch {
      /* already closed */
    }
    if (!this.owner) return;
    try {
      this.instance.closeSync();
    } catch {
      /* already closed */
    }
  }
}
