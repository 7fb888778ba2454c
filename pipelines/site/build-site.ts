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

export interface SiteOptions {
  warehouse?: string;
  downloads?: string;
  out?: string;
  /** Scratch folder for the Evidence project copy. */
  work?: string;
}

const COPY = ['pages', 'components', 'sources', 'static', 'partials', 'evidence.plugins.yaml', 'evidence.settings.json', 'evidence.config.yaml'];

function run(cmd: string, args: string[], cwd: string, logFile: string, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, {
      cwd,
      stdio: ['ignore', out, out],
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192', EVIDENCE_TELEMETRY: 'false', DO_NOT_TRACK: '1', CI: 'true' },
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

export async function buildSite(opts: SiteOptions = {}): Promise<string> {
  const warehouse = path.resolve(opts.warehouse ?? paths.warehouse);
  const downloads = path.resolve(opts.downloads ?? paths.downloads);
  const out = path.resolve(opts.out ?? paths.site);
  const work = path.resolve(opts.work ?? path.join(paths.tmp, `site-build-${process.pid}`));
  if (!fs.existsSync(warehouse)) throw new UserError(`Хранилище не найдено: ${displayPath(warehouse)}`, { hint: 'Сначала соберите его: npm run pipeline' });
  const t0 = Date.now();
  log.step('Сборка дашбордов (Evidence)');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const item of COPY) {
    const from = path.join(paths.reports, item);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(work, item), { recursive: true, dereference: false });
  }
  fs.symlinkSync(path.join(paths.root, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  const srcDir = path.join(work, 'sources', 'warehouse');
  fs.mkdirSync(srcDir, { recursive: true });
  fs.writeFileSync(
    path.join(srcDir, 'connection.yaml'),
    `name: warehouse\ntype: duckdb\noptions:\n  filename: ${JSON.stringify(path.relative(srcDir, warehouse))}\n`,
  );
  if (fs.existsSync(downloads)) fs.cpSync(downloads, path.join(work, 'static', 'downloads'), { recursive: true });
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
