/**
 * Ingestion speed and memory on national-scale files: questionnaires
 * (layout 4) as CSV in UTF-8 and in Windows-1251 (default 2,000,000 rows)
 * and as XLSX (default 100,000 rows), each loaded by the real loader
 * (read → map headers → parse and check in SQL → raw + quarantine) into an
 * on-disk warehouse. Prints rows/s and peak RSS per case.
 * Then the real loader on a 2-million-row nok_results CSV against DuckDB's own
 * read_csv + create table of the same file, alternating, each run in its own
 * process (so each has its own peak memory); the last line is
 * `ingest ratio: <loader median / DuckDB median>`.
 *
 *   npx tsx bench/ingest.ts   BENCH_ROWS=2000000 BENCH_XLSX_ROWS=100000 BENCH_NOK_ROWS=2000000 BENCH_NOK_RUNS=3
 *   BENCH_INGEST=nok (only the comparison) | questionnaires | xlsx
 *
 * XLSX read alone (issue 16, item 4): readFile on the questionnaire workbook (Q_HEADERS, 19
 * columns) in a process of its own, for its own peak RSS: the streaming reader, and exceljs
 * in memory (NOK_XLSX_READER=exceljs) up to BENCH_XLSX_EXCELJS_MAX rows (default 200 000).
 * Lines `xlsx read <reader>: <rows> rows, <s> s, <rows/s> rows/s, peak <MB> MB`.
 *   BENCH_XLSX_READ_ROWS=100000,1000000 (sizes of the read-alone case)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { Db } from '../pipelines/lib/duck.ts';
import { installMacros } from '../pipelines/ingest/sql.ts';
import { createMeta } from '../pipelines/ingest/meta.ts';
import { loadSource } from '../pipelines/ingest/load.ts';
import { loadRegistry } from '../pipelines/ingest/registry.ts';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Q_HEADERS, NOK_HEADERS, inn10 } from '../tests/fixtures/layouts.ts';
import { RegionIndex } from '../pipelines/regions/normalize.ts';
import { readFile } from '../pipelines/ingest/read.ts';
import { peakRss } from './peak.ts';
import { loadConfig, duckdbMemoryLimit } from '../pipelines/lib/config.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const dir = process.argv[2] === '--child' ? '' : fs.mkdtempSync(path.join(os.tmpdir(), 'nok-bench-ingest-'));
const nf = new Intl.NumberFormat('ru-RU');
const mb = (b: number): string => `${nf.format(Math.round(b / 1048576))} МБ`;

const ORGS = Array.from({ length: 2000 }, (_, i) => inn10(String(10 + (i % 80)).padStart(2, '0'), i));
const ANS = ['Да', 'Нет', '', 'да', '1', '0'];
/** A deterministic questionnaire row (a small LCG, so every run writes the same file). */
function* rows(n: number): Generator<string[]> {
  let s = 42;
  const rnd = (k: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % k;
  };
  for (let i = 0; i < n; i++) {
    const r = [String(2021 + rnd(3)), ORGS[rnd(ORGS.length)]!, 'социальное обслуживание', ['стационарная', 'полустационарная', 'на дому', ''][rnd(4)]!];
    for (let q = 0; q < 15; q++) r.push(ANS[rnd(ANS.length)]!);
    if (i % 10_000 === 7) r[5] = 'может быть'; // a few bad answers: quarantine is part of the work
    yield r;
  }
}

function writeCsv(file: string, n: number, encoding: 'utf8' | 'win1251'): void {
  const fd = fs.openSync(file, 'w');
  const flush = (text: string): void => {
    fs.writeSync(fd, encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, 'win1251'));
  };
  let buf = Q_HEADERS.join(';') + '\r\n';
  for (const r of rows(n)) {
    buf += r.join(';') + '\r\n';
    if (buf.length > 4_000_000) {
      flush(buf);
      buf = '';
    }
  }
  flush(buf);
  fs.closeSync(fd);
}

async function writeXlsx(file: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file });
  const ws = wb.addWorksheet('Анкеты');
  ws.addRow(Q_HEADERS).commit();
  for (const r of rows(n)) ws.addRow([Number(r[0]), ...r.slice(1)]).commit();
  ws.commit();
  await wb.commit();
}

async function load(name: string, file: string, n: number): Promise<void> {
  const src = (await loadRegistry()).find((r) => r.source.name === 'questionnaires')!.source;
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.renameSync(file, path.join(folder, path.basename(file)));
  const wh = path.join(dir, `${name}.duckdb`);
  const db = await Db.open(wh);
  const t0 = performance.now();
  try {
    await installMacros(db);
    await createMeta(db);
    const { reports, errors } = await loadSource({ db, regions: { match: () => ({ ok: false, reason: 'unknown', candidates: [], message: '' }) }, tmpDir: path.join(dir, 'tmp'), baseDir: dir }, src, folder);
    if (errors.length) throw errors[0];
    const s = (performance.now() - t0) / 1000;
    const r = reports[0]!;
    const size = fs.statSync(path.join(folder, path.basename(file))).size;
    process.stdout.write(
      `${name.padEnd(22)} ${nf.format(n).padStart(10)} строк · ${mb(size).padStart(8)} · ${s.toFixed(1).padStart(5)} с · ${nf.format(Math.round(n / s)).padStart(9)} строк/с · загружено ${nf.format(r.rows_loaded)}, в карантине ${nf.format(r.rows_quarantined)} · пик RSS ${mb(peakRss())}\n`,
    );
  } finally {
    db.close();
  }
}

// ── nok_results: the real loader against DuckDB's own read_csv + create table (issue 16, item 3) ──

const NOK_ROWS = Number(process.env.BENCH_NOK_ROWS ?? 2_000_000);
const NOK_RUNS = Number(process.env.BENCH_NOK_RUNS ?? 3);
const SPHERES = ['социальное обслуживание', 'образование', 'культура', 'охрана здоровья', 'физическая культура и спорт'];

/** A 2-million-row nok_results CSV as an operator would publish it (UTF-8, «;», decimal commas). */
async function writeNokCsv(file: string, n: number): Promise<void> {
  const regions = (await RegionIndex.load()).regions().filter((r) => Number(r.region_code) < 90);
  const fd = fs.openSync(file, 'w');
  let s = 7;
  const rnd = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff; // exact 32-bit product (a float product loses bits and cycles)
    return Math.floor((s / 0x80000000) * k); // the high bits: the low bits of this generator repeat quickly
  };
  const fmt = (x: number): string => x.toFixed(1).replace('.', ',');
  let buf = NOK_HEADERS.join(';') + '\r\n';
  for (let i = 0; i < n; i++) {
    // each organization in eight consecutive years; one row in 10 000 with «н/д» for К3 (a blank, loaded as NULL)
    const org = Math.floor(i / 8);
    const reg = regions[org % regions.length]!;
    const k = Array.from({ length: 5 }, () => 55 + rnd(450) / 10);
    const total = Math.round((k.reduce((a, b) => a + b, 0) / 5) * 100) / 100;
    const name = `МБУ «Организация № ${org}» ${reg.short_name.includes(';') ? '' : reg.short_name}`;
    const scores = k.map(fmt);
    if (i % 10_000 === 9) scores[2] = 'н/д';
    buf += `${2016 + (i % 8)};${reg.short_name};${SPHERES[org % SPHERES.length]};${inn10(reg.region_code, org)};"${name}";${scores.join(';')};${fmt(total)};${20 + rnd(400)}\r\n`;
    if (buf.length > 4_000_000) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

/** One timed run in this process: the loader, or DuckDB alone. Prints a JSON line. */
async function child(kind: 'loader' | 'duckdb', file: string, work: string): Promise<void> {
  fs.mkdirSync(work, { recursive: true });
  const wh = path.join(work, `${kind}.duckdb`);
  // both runs with the DuckDB memory limit a build uses (its share of NOK_MEMORY_LIMIT, default 4GB), spilling to the work folder
  const db = await Db.open(wh, { memory_limit: duckdbMemoryLimit(loadConfig().memoryLimit), temp_directory: path.join(work, 'spill') });
  try {
    let t0: number;
    let loaded = 0;
    let quarantined = 0;
    if (kind === 'duckdb') {
      t0 = performance.now();
      await db.run(`CREATE TABLE nok AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', delim = ';', header = true)`);
      loaded = (await db.value<number>('SELECT count(*) FROM nok'))!;
    } else {
      const regions = await RegionIndex.load();
      const src = (await loadRegistry()).find((r) => r.source.name === 'nok_results')!.source;
      t0 = performance.now();
      await installMacros(db);
      await createMeta(db);
      const { reports, errors } = await loadSource({ db, regions, tmpDir: path.join(work, 'tmp'), baseDir: path.dirname(path.dirname(file)) }, src, path.dirname(file));
      if (errors.length) throw errors[0];
      loaded = reports[0]!.rows_loaded;
      quarantined = reports[0]!.rows_quarantined;
    }
    await db.run('CHECKPOINT');
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ s, rss: peakRss(), loaded, quarantined }) + '\n');
  } finally {
    db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface Run {
  s: number;
  rss: number;
  loaded: number;
  quarantined: number;
}
function spawnRun(kind: 'loader' | 'duckdb', file: string, work: string): Run {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, file, work], { encoding: 'utf8', env: { ...process.env, NOK_QUIET: '1' }, maxBuffer: 1 << 26 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`${kind}: ${r.stderr}`);
  return JSON.parse(line) as Run;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function compareNok(): Promise<void> {
  const folder = path.join(dir, 'nok', 'nok_results');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'nok_results.csv');
  let t = performance.now();
  await writeNokCsv(file, NOK_ROWS);
  const size = fs.statSync(file).size;
  process.stdout.write(`nok_results: ${nf.format(NOK_ROWS)} строк, ${mb(size)}, создан за ${((performance.now() - t) / 1000).toFixed(1)} с; ${NOK_RUNS} пары прогонов, по очереди, каждый в своём процессе\n`);
  const loader: Run[] = [];
  const duck: Run[] = [];
  for (let i = 0; i < NOK_RUNS; i++) {
    duck.push(spawnRun('duckdb', file, path.join(dir, `duck-${i}`)));
    loader.push(spawnRun('loader', file, path.join(dir, `loader-${i}`)));
  }
  const fmtRun = (r: Run): string => `${r.s.toFixed(1)} с`;
  const l = median(loader.map((r) => r.s));
  const d = median(duck.map((r) => r.s));
  const rate = (sec: number): string => `${nf.format(Math.round(NOK_ROWS / sec))} строк/с`;
  process.stdout.write(`DuckDB read_csv + create table: ${duck.map(fmtRun).join(', ')} · медиана ${d.toFixed(1)} с (${rate(d)}) · пик RSS ${mb(Math.max(...duck.map((r) => r.rss)))}\n`);
  process.stdout.write(
    `загрузчик проекта:              ${loader.map(fmtRun).join(', ')} · медиана ${l.toFixed(1)} с (${rate(l)}) · пик RSS ${mb(Math.max(...loader.map((r) => r.rss)))} · загружено ${nf.format(loader[0]!.loaded)}, в карантине ${nf.format(loader[0]!.quarantined)}\n`,
  );
  process.stdout.write(`ingest ratio: ${(l / d).toFixed(2).replace('.', ',')}\n`);
}

// ── XLSX read alone: readFile in its own process (issue 16, item 4) ──


async function childXlsxRead(file: string): Promise<void> {
  const db = await Db.open();
  try {
    const t0 = performance.now();
    const r = await readFile(db, file, path.basename(file), { tmpDir: path.join(path.dirname(file), 'tmp') });
    const rows = await db.value<number>(`SELECT count(*) FROM ${r.table}`);
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ s, rss: peakRss(), rows, dataRows: r.dataRows }) + '\n');
  } finally {
    db.close();
  }
}

async function benchXlsxRead(): Promise<void> {
  const sizes = (process.env.BENCH_XLSX_READ_ROWS ?? String(XLSX_ROWS)).split(',').map(Number);
  const exceljsMax = Number(process.env.BENCH_XLSX_EXCELJS_MAX ?? 200_000);
  for (const rows of sizes) {
    const file = path.join(dir, `read-${rows}.xlsx`);
    const t0 = performance.now();
    await writeXlsx(file, rows);
    process.stdout.write(`xlsx ${nf.format(rows)} строк × ${Q_HEADERS.length} столбцов: ${mb(fs.statSync(file).size)}, создан за ${((performance.now() - t0) / 1000).toFixed(1)} с\n`);
    for (const reader of ['stream', 'exceljs'] as const) {
      if (reader === 'exceljs' && rows > exceljsMax) continue;
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', 'xlsx-read', file], {
        encoding: 'utf8',
        env: { ...process.env, NOK_QUIET: '1', NOK_XLSX_READER: reader },
        maxBuffer: 1 << 26,
      });
      const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
      if (r.status !== 0 || !line.startsWith('{')) throw new Error(`xlsx read ${reader}: ${r.stderr}`);
      const x = JSON.parse(line) as { s: number; rss: number; rows: number; dataRows: number };
      if (x.rows !== rows) throw new Error(`xlsx read ${reader}: ${x.rows} rows read of ${rows}`);
      process.stdout.write(`xlsx read ${reader}: ${x.rows} rows, ${x.s.toFixed(2)} s, ${Math.round(x.rows / x.s)} rows/s, peak ${Math.round(x.rss / 1048576)} MB\n`);
    }
    fs.rmSync(file, { force: true });
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  // one timed run (`--child loader|duckdb <file> <work dir>`, `--child xlsx-read <file>`), or only the file (`--child write <file> <rows>`)
  if (argv[1] === 'write') await writeNokCsv(argv[2]!, Number(argv[3]));
  else if (argv[1] === 'xlsx-read') await childXlsxRead(argv[2]!);
  else await child(argv[1] as 'loader' | 'duckdb', argv[2]!, argv[3]!);
  process.exit(0);
}
const only = process.env.BENCH_INGEST ?? 'all';
try {
  process.stdout.write(`Загрузка: ${os.cpus().length} ядра, ${mb(os.totalmem())} памяти, Node ${process.version}\n`);
  if (only === 'all' || only === 'questionnaires') {
    const t0 = performance.now();
    writeCsv(path.join(dir, 'utf8.csv'), ROWS, 'utf8');
    writeCsv(path.join(dir, 'cp1251.csv'), ROWS, 'win1251');
    await writeXlsx(path.join(dir, 'q.xlsx'), XLSX_ROWS);
    process.stdout.write(`анкеты (макет 4): файлы созданы за ${((performance.now() - t0) / 1000).toFixed(1)} с\n`);
    await load('csv-utf8', path.join(dir, 'utf8.csv'), ROWS);
    await load('csv-cp1251', path.join(dir, 'cp1251.csv'), ROWS);
    await load('xlsx', path.join(dir, 'q.xlsx'), XLSX_ROWS);
  }
  if (only === 'all' || only === 'xlsx') await benchXlsxRead();
  if (only === 'all' || only === 'nok') await compareNok();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
