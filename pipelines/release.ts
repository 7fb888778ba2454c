/**
 * The release of an export: which product version built the warehouse, when, from which input files
 * (a SHA-256 of each and of them all), how many rows each mart holds, and how to cite it. Written by
 * `npm run export` as downloads/release.json and downloads/README.txt (beside the CSV and Parquet
 * files), put on a sheet «О данных» of every XLSX download, shown on the page «Версии данных».
 * The release before it is kept in data/releases/<id>.json, so the page can say what changed per mart.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './lib/duck.ts';
import { paths } from './lib/paths.ts';

export interface ReleaseInput {
  source: string;
  file: string;
  rows_read: number;
  sha256: string | null;
}

export interface Release {
  product: string;
  version: string;
  /** «0.1.0+20261205.1a2b3c4d»: version, build date, first 8 hex digits of the inputs hash */
  release_id: string;
  built_at: string;
  exported_at: string;
  sources_dir: string;
  /** SHA-256 over the sorted «file sha256» lines of the input files (null when a file is gone) */
  inputs_sha256: string | null;
  inputs: ReleaseInput[];
  /** rows per mart (and per exported meta table) */
  marts: Record<string, number>;
  citation: string;
  /** the release kept before this one, for «what changed» */
  previous?: { release_id: string; built_at: string; marts: Record<string, number> } | null;
}

export { PRODUCT, dateRu, citation } from '@nok-atlas/common/release.ts';
import { PRODUCT, citation, dateRu } from '@nok-atlas/common/release.ts';

const sha256 = (data: Buffer | string): string => crypto.createHash('sha256').update(data).digest('hex');

function fileFor(root: string, sourcesDir: string, file: string): string | null {
  for (const p of [path.resolve(root, sourcesDir, file), path.resolve(root, 'sources', file), path.resolve(root, file)]) {
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

/** The release of the warehouse open in `db`, with the row counts of the exported tables. */
export async function makeRelease(db: Db, tables: { table: string; rows: number }[], now = new Date()): Promise<Release> {
  // built_at is the build's now() as a TIMESTAMP (UTC on the build machine's clock)
  const run = (await db.all<{ built_at: string; sources_dir: string; nok_atlas_version: string }>(`SELECT strftime(built_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS built_at, sources_dir, nok_atlas_version FROM meta.run`))[0];
  const builtAt = run?.built_at ?? now.toISOString();
  const sourcesDir = run?.sources_dir ?? 'sources';
  const version = run?.nok_atlas_version ?? '0.0.0';
  const files = await db.all<{ source: string; file: string; rows_read: number }>(
    `SELECT source, file, sum(rows_read)::BIGINT AS rows_read FROM meta.load_report GROUP BY ALL ORDER BY source, file`,
  );
  const inputs: ReleaseInput[] = files.map((f) => {
    const p = fileFor(paths.root, sourcesDir, f.file);
    return { source: f.source, file: f.file, rows_read: Number(f.rows_read), sha256: p ? sha256(fs.readFileSync(p)) : null };
  });
  const inputsSha = inputs.every((i) => i.sha256) ? sha256(inputs.map((i) => `${i.file} ${i.sha256}`).sort().join('\n')) : null;
  const day = builtAt.slice(0, 10).replace(/-/g, '');
  const releaseId = `${version}+${day}.${(inputsSha ?? 'unknown').slice(0, 8)}`;
  const base = { version, release_id: releaseId, built_at: builtAt };
  return {
    product: PRODUCT,
    ...base,
    exported_at: now.toISOString(),
    sources_dir: sourcesDir,
    inputs_sha256: inputsSha,
    inputs,
    marts: Object.fromEntries(tables.map((t) => [t.table, t.rows])),
    citation: citation(base, dateRu(now.toISOString())),
  };
}

/** The README of a release: what the files are, the release, the inputs, how to cite. */
export function releaseReadme(r: Release): string {
  const lines = [
    `${PRODUCT} — выгрузка витрин`,
    '',
    `Выпуск: ${r.release_id}`,
    `Версия продукта: ${r.version}`,
    `Хранилище собрано: ${dateRu(r.built_at)} (${r.built_at})`,
    `Выгрузка сделана: ${dateRu(r.exported_at)} (${r.exported_at})`,
    `Входные данные: папка ${r.sources_dir}, ${r.inputs.length} файлов, SHA-256 всех файлов: ${r.inputs_sha256 ?? 'не вычислен (часть файлов недоступна)'}`,
    '',
    'Файлы: по каждой витрине <имя>.parquet, <имя>.csv (UTF-8, запятая, строка заголовков) и, если строк',
    'не больше 300 000, <имя>.xlsx (лист с данными, лист «Описание» со столбцами и лист «О данных»).',
    'release.json — этот выпуск в машинно-читаемом виде; index.json — список витрин.',
    'Синтетические значения помечены в данных столбцом is_synthetic.',
    '',
    'Строк в витринах:',
    ...Object.entries(r.marts).map(([t, n]) => `  ${t}: ${n}`),
    '',
    'Входные файлы (SHA-256):',
    ...r.inputs.map((i) => `  ${i.file}: ${i.sha256 ?? 'файл недоступен'}`),
    '',
    'Как цитировать:',
    `  ${r.citation}`,
    '',
  ];
  return lines.join('\n');
}

/** The rows of the sheet «О данных» of an XLSX download. */
export function aboutRows(r: Release, table: string, filters = 'нет: вся витрина'): [string, string][] {
  return [
    ['Набор данных', `${PRODUCT}, витрина ${table}`],
    ['Выпуск', r.release_id],
    ['Хранилище собрано', dateRu(r.built_at)],
    ['Выгрузка сделана', dateRu(r.exported_at)],
    ['Источник', `входные файлы папки ${r.sources_dir} (${r.inputs.length}), SHA-256 ${r.inputs_sha256 ?? 'не вычислен'}; синтетические значения помечены столбцом is_synthetic`],
    ['Фильтры', filters],
    ['Как цитировать', r.citation],
  ];
}

/**
 * Keeps the release that `outDir` held before (if any) in `releasesDir` and returns the newest kept
 * release other than `current`, for «what changed».
 */
export function keepPrevious(outDir: string, releasesDir: string, currentId: string): Release['previous'] {
  const old = path.join(outDir, 'release.json');
  fs.mkdirSync(releasesDir, { recursive: true });
  if (fs.existsSync(old)) {
    try {
      const r = JSON.parse(fs.readFileSync(old, 'utf8')) as Release;
      if (r.release_id) fs.writeFileSync(path.join(releasesDir, `${r.release_id.replace(/[^\w.+-]/g, '_')}.json`), JSON.stringify({ ...r, previous: undefined }, null, 1));
    } catch {
      /* an unreadable old release is not kept */
    }
  }
  const kept = fs
    .readdirSync(releasesDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      try {
        return JSON.parse(fs.readFileSync(path.join(releasesDir, f), 'utf8')) as Release;
      } catch {
        return null;
      }
    })
    .filter((r): r is Release => !!r && r.release_id !== currentId)
    .sort((a, b) => (a.exported_at < b.exported_at ? 1 : -1));
  const p = kept[0];
  return p ? { release_id: p.release_id, built_at: p.built_at, marts: p.marts } : null;
}
