/**
 * Rows of an XLSX sheet into a DuckDB temp table `(_row BIGINT, c0 VARCHAR, …)`, through an
 * appender, a data chunk (2 048 rows) at a time.
 *
 * The columns are filled in JS buffers laid out as DuckDB's vectors are: `_row` as int64, each
 * text as a 16-byte string_t. A text of at most 12 UTF-8 bytes is inlined in its string_t
 * (length, then the bytes, zero-padded), so it needs no call into DuckDB; a longer one is
 * assigned with `vector_assign_string_element` after the buffers are copied in. One call per
 * value (appendVarchar / appendNull) cost more than DuckDB's own work on the rows.
 */
import duckdb from '@duckdb/node-bindings';
import { BIGINT, DuckDBDataChunk, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';
import type { Db } from '../lib/duck.ts';

/** DuckDB's string_t: 4 bytes of length, then up to 12 bytes inlined. */
const INLINE = 12;
/** UTF-8 of short non-ASCII texts (answers repeat: «Да», «Нет»); cleared when it grows. */
const SHORT_CACHE_MAX = 4096;

export class XlsxSink {
  private app: DuckDBAppender | null = null;
  private pending: (string | number | null)[][] = [];
  private created = false;
  private chunk: DuckDBDataChunk | null = null;
  private vectors: duckdb.Vector[] = [];
  /** Per text column: VECTOR_SIZE string_t slots, and the validity bits. */
  private data: Uint8Array[] = [];
  private valid: Uint8Array[] = [];
  /** The same slots as 32-bit words (little-endian: the length is the first word). */
  private words: Uint32Array[] = [];
  private rowLo: Uint32Array;
  private rowBuf: ArrayBuffer;
  private longCol: number[] = [];
  private longRow: number[] = [];
  private longText: string[] = [];
  private k = 0;
  private chunks = 0;
  private readonly size: number;
  private short = new Map<string, Uint8Array | null>();

  constructor(
    private readonly db: Db,
    readonly table: string,
    private readonly n: number,
  ) {
    this.size = duckdb.vector_size();
    this.rowBuf = new ArrayBuffer(this.size * 8);
    this.rowLo = new Uint32Array(this.rowBuf);
    for (let c = 0; c < n; c++) {
      const d = new Uint8Array(this.size * 16);
      this.data.push(d);
      this.words.push(new Uint32Array(d.buffer));
      this.valid.push(new Uint8Array(Math.ceil(this.size / 8)));
    }
  }

  /** A data row: its number and the texts of its n cells (null: empty, never ''). */
  add(r: number, texts: readonly (string | null)[], _odd: boolean): void {
    if (!this.app) {
      this.pending.push([r, ...texts.slice(0, this.n)]);
      return;
    }
    const k = this.k;
    this.rowLo[2 * k] = r >>> 0;
    this.rowLo[2 * k + 1] = Math.floor(r / 0x100000000);
    const bit = 1 << (k & 7);
    const byte = k >> 3;
    const o = k * 16;
    for (let c = 0; c < this.n; c++) {
      const t = texts[c];
      const vb = this.valid[c]!;
      if (t === null || t === undefined) {
        vb[byte] = vb[byte]! & ~bit;
        continue;
      }
      vb[byte] = vb[byte]! | bit;
      // the slot zeroed (DuckDB compares inlined strings 16 bytes at a time), then length and bytes
      const w = this.words[c]!;
      w[4 * k] = 0;
      w[4 * k + 1] = 0;
      w[4 * k + 2] = 0;
      w[4 * k + 3] = 0;
      const len = t.length;
      if (len <= INLINE) {
        const d = this.data[c]!;
        // ASCII: one byte a character
        let i = 0;
        for (; i < len; i++) {
          const ch = t.charCodeAt(i);
          if (ch > 127) break;
          d[o + 4 + i] = ch;
        }
        if (i === len) {
          w[4 * k] = len;
          continue;
        }
        let u = this.short.get(t);
        if (u === undefined) {
          const b = Buffer.from(t, 'utf8');
          u = b.length <= INLINE ? b : null;
          if (this.short.size >= SHORT_CACHE_MAX) this.short = new Map();
          this.short.set(t, u);
        }
        if (u !== null) {
          w[4 * k + 1] = 0;
          w[4 * k + 2] = 0;
          w[4 * k + 3] = 0;
          w[4 * k] = u.length;
          d.set(u, o + 4);
          continue;
        }
        w[4 * k + 1] = 0;
        w[4 * k + 2] = 0;
        w[4 * k + 3] = 0;
      }
      this.longCol.push(c + 1);
      this.longRow.push(k);
      this.longText.push(t);
    }
    if (++this.k === this.size) this.flushChunk();
  }

  /** The filled rows to DuckDB. */
  private flushChunk(): void {
    const k = this.k;
    if (!k) return;
    const chunk = this.chunk!;
    const raw = chunk.chunk;
    duckdb.data_chunk_set_size(raw, k);
    const v = this.vectors;
    duckdb.copy_data_to_vector(v[0]!, 0, this.rowBuf, 0, k * 8);
    const vbytes = Math.ceil(k / 8);
    for (let c = 0; c < this.n; c++) {
      const vec = v[c + 1]!;
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector(vec, 0, this.data[c]!.buffer as ArrayBuffer, 0, k * 16);
      duckdb.copy_data_to_vector_validity(vec, 0, this.valid[c]!.buffer as ArrayBuffer, 0, vbytes);
    }
    for (let i = 0; i < this.longText.length; i++) duckdb.vector_assign_string_element(v[this.longCol[i]!]!, this.longRow[i]!, this.longText[i]!);
    this.longCol.length = 0;
    this.longRow.length = 0;
    this.longText.length = 0;
    this.app!.appendDataChunk(chunk);
    duckdb.data_chunk_reset(raw);
    this.k = 0;
    // the appender holds rows until it has 204 800 of them: written to the table every 20 480, as before
    if (++this.chunks % 10 === 0) this.app!.flushSync();
  }

  /** Creates the table and the appender (the first call), and appends the rows added before. */
  async pump(all = false): Promise<void> {
    if (!this.created) {
      await this.db.run(`CREATE TEMP TABLE ${this.table} (_row BIGINT, ${Array.from({ length: this.n }, (_, i) => `c${i} VARCHAR`).join(', ')})`);
      this.created = true;
      this.app = await this.db.conn.createAppender(this.table, 'main', 'temp');
      this.chunk = DuckDBDataChunk.create([BIGINT, ...Array.from({ length: this.n }, () => VARCHAR)]);
      this.vectors = Array.from({ length: this.n + 1 }, (_, c) => duckdb.data_chunk_get_vector(this.chunk!.chunk, c));
      const rows = this.pending;
      this.pending = [];
      for (const [r, ...texts] of rows) this.add(r as number, texts as (string | null)[], false);
    }
    if (all) {
      this.flushChunk();
      this.app!.flushSync();
    }
  }

  async finish(): Promise<void> {
    await this.pump(true);
    this.app!.closeSync();
    this.app = null;
  }

  async abort(): Promise<void> {
    if (this.app) {
      try {
        this.app.closeSync();
      } catch {
        /* the appender failed already */
      }
      this.app = null;
    }
    if (this.created) await this.db.run(`DROP TABLE IF EXISTS ${this.table}`);
  }
}
