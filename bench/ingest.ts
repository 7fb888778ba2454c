/**
 * Ingestion speed and memory on national-scale files: questionnaires
 * (layout 4) as CSV in UTF-8 and in Windows-1251 (default 2,000,000 rows)
 * and as XLSX (default 100,000 rows), each loaded by the real loader
 * (read → map headers → parse and check in SQL → raw + quarantine) into an
 * on-disk warehouse. Prints rows/s and peak RSS per case.
 *
 *   npx tsx bench/ingest.ts            BENCH_ROWS=2000000 BENCH_XLSX_ROWS=100000
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
import { Q_HEADERS, inn10 } from '../tests/fixtures/layouts.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-bench-ingest-'));
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
      `${name.padEnd(22)} ${nf.format(n).padStart(10)} строк · ${mb(size).padStart(8)} · ${s.toFixed(1).padStart(5)} с · ${nf.format(Math.round(n / s)).padStart(9)} строк/с · загружено ${nf.format(r.rows_loaded)}, в карантине ${nf.format(r.rows_quarantined)} · пик RSS ${mb(process.resourceUsage().maxRSS * 1024)}\n`,
    );
  } finally {
    db.close();
  }
}

try {
  process.stdout.write(`Загрузка анкет (макет 4), ${os.cpus().length} ядра, Node ${process.version}\n`);
  const t0 = performance.now();
  writeCsv(path.join(dir, 'utf8.csv'), ROWS, 'utf8');
  writeCsv(path.join(dir, 'cp1251.csv'), ROWS, 'win1251');
  await writeXlsx(path.join(dir, 'q.xlsx'), XLSX_ROWS);
  process.stdout.write(`файлы созданы за ${((performance.now() - t0) / 1000).toFixed(1)} с\n`);
  await load('csv-utf8', path.join(dir, 'utf8.csv'), ROWS);
  await load('csv-cp1251', path.join(dir, 'cp1251.csv'), ROWS);
  await load('xlsx', path.join(dir, 'q.xlsx'), XLSX_ROWS);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
