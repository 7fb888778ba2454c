/**
 * Export every public table of the warehouse for people who work in R,
 * Python or Excel: Parquet, CSV (UTF-8, comma, header) and XLSX (with a
 * sheet describing the columns), plus index.json that the site's
 * «Скачать данные» page lists. Written to a new folder, then swapped in.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Db, ident, lit } from './lib/duck.ts';
import { log, fmtCount, Progress } from './lib/log.ts';
import { paths, displayPath } from './lib/paths.ts';
import { UserError } from './lib/errors.ts';
import { makeRelease, releaseReadme, aboutRows, keepPrevious, type Release } from './release.ts';

/** Tables larger than this are exported as Parquet and CSV only (Excel's limit is 1 048 576 rows). */
const XLSX_MAX_ROWS = 300_000;

export interface ExportEntry {
  table: string;
  description: string;
  grain: string;
  rows: number;
  files: { format: string; file: string; bytes: number }[];
}

export async function openWarehouseReadOnly(warehouse: string): Promise<Db> {
  if (!fs.existsSync(warehouse)) {
    throw new UserError(`Хранилище не найдено: ${displayPath(warehouse)}`, { hint: 'Сначала соберите его: npm run pipeline' });
  }
  return Db.open(warehouse, { access_mode: 'READ_ONLY' });
}

async function writeXlsx(db: Db, schema: string, table: string, file: string, columns: { column_name: string; description: string | null }[], title: string, release: Release): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true });
  wb.creator = 'nok-atlas';
  const ws = wb.addWorksheet(table.slice(0, 31));
  const header = ws.addRow(columns.map((c) => c.column_name));
  header.font = { bold: true };
  header.commit();
  const reader = await db.conn.runAndReadAll(`SELECT * FROM ${ident(schema)}.${ident(table)}`);
  for (const row of reader.getRowsJS()) {
    ws.addRow(row.map((v) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v : Array.isArray(v) ? v.join('; ') : v === null ? null : typeof v === 'object' ? JSON.stringify(v) : v)) as never).commit();
  }
  ws.commit();
  const doc = wb.addWorksheet('Описание');
  doc.addRow([title]).commit();
  doc.addRow([]).commit();
  const h = doc.addRow(['Столбец', 'Описание']);
  h.font = { bold: true };
  h.commit();
  for (const c of columns) doc.addRow([c.column_name, c.description ?? '']).commit();
  doc.commit();
  // the release, the source and how to cite (pipelines/release.ts)
  const about = wb.addWorksheet('О данных');
  for (const [k, v] of aboutRows(release, table)) {
    const r = about.addRow([k, v]);
    r.getCell(1).font = { bold: true };
    r.commit();
  }
  about.commit();
  await wb.commit();
}

export async function exportWarehouse(warehouse = paths.warehouse, outDir = paths.downloads): Promise<ExportEntry[]> {
  const db = await openWarehouseReadOnly(warehouse);
  const tmp = `${outDir}.new-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const entries: ExportEntry[] = [];
  try {
    const tables = await db.all<{ table_schema: string; table_name: string; description: string | null; grain: string | null }>(
      `SELECT t.table_schema, t.table_name, d.description, d.grain
       FROM information_schema.tables t
       LEFT JOIN meta.table_doc d ON d.table_schema = t.table_schema AND d.table_name = t.table_name
       WHERE t.table_schema = 'marts' OR (t.table_schema = 'meta' AND t.table_name IN ('load_report', 'quarantine', 'warning', 'cell_provenance', 'table_doc', 'column_doc', 'source', 'file_note', 'data_test'))
       ORDER BY t.table_schema = 'meta', t.table_name`,
    );
    const release = await makeRelease(db, []);
    const progress = new Progress('выгрузка таблиц', tables.length, 'tables');
    let i = 0;
    for (const t of tables) {
      const name = t.table_schema === 'marts' ? t.table_name : `meta.${t.table_name}`;
      const q = `${ident(t.table_schema)}.${ident(t.table_name)}`;
      const rows = await db.value<number>(`SELECT count(*) FROM ${q}`);
      const files: ExportEntry['files'] = [];
      const parquet = path.join(tmp, `${name}.parquet`);
      await db.run(`COPY (SELECT * FROM ${q}) TO ${lit(parquet)} (FORMAT parquet, COMPRESSION zstd)`);
      files.push({ format: 'parquet', file: path.basename(parquet), bytes: fs.statSync(parquet).size });
      const csv = path.join(tmp, `${name}.csv`);
      await db.run(`COPY (SELECT * FROM ${q}) TO ${lit(csv)} (FORMAT csv, HEADER true, DELIMITER ',')`);
      files.push({ format: 'csv', file: path.basename(csv), bytes: fs.statSync(csv).size });
      if (rows <= XLSX_MAX_ROWS) {
        const cols = await db.all<{ column_name: string; description: string | null }>(
          `SELECT c.column_name, d.description FROM information_schema.columns c
           LEFT JOIN meta.column_doc d ON d.table_schema = c.table_schema AND d.table_name = c.table_name AND d.column_name = c.column_name
           WHERE c.table_schema = $1 AND c.table_name = $2 ORDER BY c.ordinal_position`,
          [t.table_schema, t.table_name],
        );
        const xlsx = path.join(tmp, `${name}.xlsx`);
        await writeXlsx(db, t.table_schema, t.table_name, xlsx, cols, `${name}: ${t.description ?? ''}`.trim(), release);
        files.push({ format: 'xlsx', file: path.basename(xlsx), bytes: fs.statSync(xlsx).size });
      }
      entries.push({ table: name, description: (t.description ?? '').trim(), grain: t.grain ?? '', rows, files });
      progress.tick(++i);
    }
    progress.done(i);
    fs.writeFileSync(path.join(tmp, 'index.json'), JSON.stringify(entries, null, 1));
    release.marts = Object.fromEntries(entries.map((e) => [e.table, e.rows]));
    release.previous = keepPrevious(outDir, path.join(path.dirname(path.resolve(outDir)), 'releases'), release.release_id);
    fs.writeFileSync(path.join(tmp, 'release.json'), JSON.stringify(release, null, 1));
    fs.writeFileSync(path.join(tmp, 'README.txt'), releaseReadme(release));
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    db.close();
  }
  // Optional: the all-Russia resolution brief (Markdown, JSON; PDF only when Chromium is installed).
  // Never fails the export: without Chromium or on any error it only warns.
  const { writeBriefDownloads } = await import('./brief/downloads.ts');
  await writeBriefDownloads(warehouse, tmp);
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(tmp, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  log.ok(`Выгрузки: ${fmtCount(entries.length, 'таблица', 'таблицы', 'таблиц')} → ${displayPath(outDir)} (${fmtCount(entries.reduce((a, e) => a + e.files.length, 0), 'файл', 'файла', 'файлов')})`);
  return entries;
}

/**
 * The marts and the raw layer as Hive-partitioned Parquet, for engines past one machine (Trino,
 * Spark, ClickHouse, DuckDB on object storage read it as it is): `<out>/<schema>/<table>/` with
 * sub-folders `year=…/region_code=…/` for the partition columns a table has (either or both),
 * one folder of files otherwise. Views are written as tables. Written to a new folder, then
 * swapped in. Returns the tables written with their partition columns.
 */
export async function exportPartitioned(warehouse = paths.warehouse, outDir: string): Promise<{ table: string; partitionBy: string[]; rows: number }[]> {
  const db = await openWarehouseReadOnly(warehouse);
  const tmp = `${outDir}.new-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const out: { table: string; partitionBy: string[]; rows: number }[] = [];
  try {
    const tables = await db.all<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_schema IN ('marts', 'raw') ORDER BY 1, 2`,
    );
    const progress = new Progress('выгрузка в Parquet по разделам', tables.length, 'tables');
    for (const { s, t } of tables) {
      const cols = (await db.all<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`, [s, t])).map((r) => r.c);
      const partitionBy = ['year', 'region_code'].filter((c) => cols.includes(c));
      const dir = path.join(tmp, s, t);
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      const q = `${ident(s)}.${ident(t)}`;
      // the partition columns are kept in the files too: a reader that ignores the folder names still has them, with their types ('01', not 1)
      const opts = partitionBy.length ? `, PARTITION_BY (${partitionBy.map(ident).join(', ')}), WRITE_PARTITION_COLUMNS true` : ', PER_THREAD_OUTPUT true';
      await db.run(`COPY (SELECT * FROM ${q}) TO ${lit(dir)} (FORMAT parquet, COMPRESSION zstd${opts})`);
      out.push({ table: `${s}.${t}`, partitionBy, rows: await db.value<number>(`SELECT count(*) FROM ${q}`) });
      progress.tick(out.length);
    }
    progress.done(out.length);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  } finally {
    db.close();
  }
  const old = `${outDir}.old-${process.pid}`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(tmp, outDir);
  fs.rmSync(old, { recursive: true, force: true });
  log.ok(`Parquet по разделам: ${fmtCount(out.length, 'таблица', 'таблицы', 'таблиц')} → ${displayPath(outDir)}`);
  return out;
}
