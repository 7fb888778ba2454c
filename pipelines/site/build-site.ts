/**
 * Build the dashboards: copy the Evidence project (reports/) to a scratch
 * folder, point its source at the warehouse, add the downloads, run
 * `evidence sources` and `evidence build`, and swap the result into site/.
 * A failed build leaves the previous site in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { paths, displayPath } from '../lib/paths.ts';
import { log, fmtSec } from '../lib/log.ts';
import { UserError } from '../lib/errors.ts';
import { Db } from '../lib/duck.ts';
import { loadConfig } from '../lib/config.ts';
import { removeStale } from '../lib/stale.ts';
import { buildGeo, describeReport, writeGeo, type GeoRegion } from './geo.ts';
import { RegionIndex } from '../regions/normalize.ts';
import { writeBriefKeys } from '../brief/keys.ts';

export interface SiteOptions {
  warehouse?: string;
  downloads?: string;
  out?: string;
  /** Scratch folder for the Evidence project copy. */
  work?: string;
  /** GeoJSON of the regions for the geographic map; default NOK_GEOJSON; null = none. */
  geojson?: string | null;
}

const COPY = ['pages', 'components', 'sources', 'static', 'partials', 'evidence.plugins.yaml', 'evidence.settings.json', 'evidence.config.yaml'];

function run(cmd: string, args: string[], cwd: string, logFile: string, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', out, out],
      // NODE_ENV=production always: under vitest NODE_ENV is 'test', and Vite would build a dev-mode site (query viewers shown)
      env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '--max-old-space-size=8192', EVIDENCE_TELEMETRY: 'false', DO_NOT_TRACK: '1', CI: 'true' },
    });
    const tty = process.stderr.isTTY;
    const timer = setInterval(() => {
      const s = `  ${label}… ${fmtSec(Date.now() - t0)}`;
      if (tty) process.stderr.write(`\r\x1b[2K${s}`);
    }, 1000);
    child.on('close', (code) => {
      clearInterval(timer);
      fs.closeSync(out);
      if (tty) process.stderr.write('\r\x1b[2K');
      if (code === 0) {
        log.info(`${label}: ${fmtSec(Date.now() - t0)}`);
        resolve();
      } else {
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        reject(new Error(`${label} завершилась с кодом ${code}. Конец журнала (${displayPath(logFile)}):\n${tail}`));
      }
    });
    child.on('error', reject);
  });
}

/**
 * Work folders `site-build-<pid>` of builds whose process is gone (a failed build keeps its
 * folder for its log until the next build): removed, so that failures do not pile up in tmp/.
 * Returns the folders removed.
 */
export function removeStaleWorkDirs(tmpDir = paths.tmp): string[] {
  return removeStale(tmpDir, /^site-build-(\d+)$/);
}

export async function buildSite(opts: SiteOptions = {}): Promise<string> {
  const warehouse = path.resolve(opts.warehouse ?? paths.warehouse);
  const downloads = path.resolve(opts.downloads ?? paths.downloads);
  const out = path.resolve(opts.out ?? paths.site);
  const work = path.resolve(opts.work ?? path.join(paths.tmp, `site-build-${process.pid}`));
  if (!fs.existsSync(warehouse)) throw new UserError(`Хранилище не найдено: ${displayPath(warehouse)}`, { hint: 'Сначала соберите его: npm run pipeline' });
  const t0 = Date.now();
  log.step('Сборка дашбордов (Evidence)');
  // the geographic map's data first: a GeoJSON that cannot be used stops the build before anything is touched
  const geojson = opts.geojson === undefined ? loadConfig().geojson : opts.geojson;
  const geo = geojson ? await prepareGeo(geojson, warehouse) : null;
  if (!opts.work) removeStaleWorkDirs(path.dirname(work));
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const item of COPY) {
    const from = path.join(paths.reports, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(work, item), { recursive: true, dereference: false });
  }
  fs.symlinkSync(path.join(paths.root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  if (geo) writeGeo(work, geo);
  // the resolution brief's mart keys, from the model contracts (BriefView.svelte imports them)
  writeBriefKeys(work);
  const srcDir = path.join(work, 'sources', 'warehouse');
  fs.mkdirSync(srcDir, { recursive: true });
  fs.writeFileSync(
    path.join(srcDir, 'connection.yaml'),
    `name: warehouse\ntype: duckdb\noptions:\n  filename: ${JSON.stringify(path.relative(srcDir, warehouse))}\n`,
  );
  if (fs.existsSync(downloads)) fs.cpSync(downloads, path.join(work, 'static', 'downloads'), { recursive: true });
  await prepareQueries(warehouse, srcDir, work);
  const logFile = path.join(work, 'evidence.log');
  const bin = path.join(paths.root, 'node_modules', '@evidence-dev', 'evidence', 'cli.js');
  await run(process.execPath, [bin, 'sources'], work, logFile, 'Evidence: выгрузка источников');
  await run(process.execPath, [bin, 'build'], work, logFile, 'Evidence: сборка страниц');
  const built = path.join(work, 'build');
  if (!fs.existsSync(path.join(built, 'index.html'))) throw new Error(`Evidence не создал ${displayPath(built)}/index.html`);
  const tmpOut = `${out}.new-${process.pid}`;
  fs.rmSync(tmpOut, { recursive: true, force: true });
  fs.renameSync(built, tmpOut);
  const old = `${out}.old-${process.pid}`;
  if (fs.existsSync(out)) fs.renameSync(out, old);
  fs.renameSync(tmpOut, out);
  fs.rmSync(old, { recursive: true, force: true });
  if (!opts.work) fs.rmSync(work, { recursive: true, force: true });
  log.ok(`Дашборды собраны: ${displayPath(out)} · ${fmtSec(Date.now() - t0)}`);
  return out;
}

/**
 * Two things Evidence 39 cannot do by itself:
 * - a source query that returns no rows is written as a 0-byte Parquet file and breaks the
 *   whole build: such a query (a mart with no input data, e.g. a layout the user did not
 *   supply) is replaced by one row of NULLs with the same columns, and the pages show «—»;
 * - templated pages are prerendered only when some page links to them: the routes listed in
 *   reports/prerender.json (route template → SQL giving the parameter values) are passed to
 *   the build explicitly, so every region and practice page exists.
 */
async function prepareQueries(warehouse: string, srcDir: string, work: string): Promise<void> {
  const db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
  try {
    for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.sql')).sort()) {
      const file = path.join(srcDir, f);
      const sql = fs.readFileSync(file, 'utf8').trim().replace(/;\s*$/, '');
      let n: number;
      try {
        n = await db.value<number>(`SELECT count(*) FROM (${sql})`);
      } catch (e) {
        throw new Error(`Запрос источника дашбордов ${f} не выполняется: ${(e as Error).message.split('\n')[0]}`);
      }
      if (n === 0) {
        // an empty quarantine is good news; an empty mart means its layout was not supplied
        const say = /meta\.(quarantine|warning)\b/.test(sql) ? log.info : log.warn;
        say(`${f}: 0 строк${say === log.warn ? ' (нет входных данных для этой витрины)' : ''} — страницы покажут, что данных нет`);
        fs.writeFileSync(file, `select q.* from (select 1 as one) d left join (\n${sql}\n) q on true\n`);
      }
    }
    const cfg = path.join(paths.reports, 'prerender.json');
    const entries: string[] = ['*'];
    if (fs.existsSync(cfg)) {
      const routes = JSON.parse(fs.readFileSync(cfg, 'utf8')) as Record<string, string>;
      for (const [route, sql] of Object.entries(routes)) {
        const pageBase = path.join(work, 'pages', route.replace(/^\/|\/$/g, ''));
        if (!fs.existsSync(pageBase + '.md') && !fs.existsSync(path.join(pageBase, 'index.md'))) continue;
        let rows: Record<string, unknown>[] = [];
        try {
          rows = await db.all(sql);
        } catch {
          log.warn(`prerender.json: ${route}: запрос не выполняется, страницы не собираются`);
          continue;
        }
        for (const r of rows) {
          const v = Object.values(r)[0];
          if (v !== null && v !== undefined) entries.push(route.replace(/\[[^\]]+\]/, encodeURIComponent(String(v))));
        }
      }
    }
    fs.writeFileSync(
      path.join(work, 'svelte.config.js'),
      // four pages at a time: a page's queries wait on DuckDB, and meanwhile the next page renders (on the bundled data
      // the prerender takes 83 s instead of 108 s; SvelteKit's default is one page at a time)
      `// generated by pipelines/site/build-site.ts: every templated page is prerendered\nexport default { kit: { prerender: { entries: ${JSON.stringify(entries)}, concurrency: 4, handleHttpError: 'warn', handleMissingId: 'warn' } } };\n`,
    );
  } finally {
    db.close();
  }
}

/**
 * The geographic map (only when a GeoJSON is configured): match the file's features to the
 * warehouse's regions (pipelines/site/geo.ts); buildSite writes the map's files into the project
 * copy. Without it GeoMap draws nothing and the pages show the tile map alone.
 */
async function prepareGeo(file: string, warehouse: string): Promise<ReturnType<typeof buildGeo>> {
  const db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
  let regions: GeoRegion[];
  try {
    regions = await db.all<GeoRegion>('SELECT region_code, region_name, iso_3166_2 FROM marts.region ORDER BY region_code');
  } finally {
    db.close();
  }
  const geo = buildGeo(file, regions, await RegionIndex.load());
  const [first, ...rest] = describeReport(geo.report);
  log.info(first!);
  for (const line of rest) log.warn(line);
  return geo;
}
