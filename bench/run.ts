/**
 * `npm run bench`: runs every bench/*.ts except this runner, one child
 * process each (so that each reports its own peak memory), and prints what
 * they print. Benchmarks measure speed and memory; they are not tests and
 * assert nothing. Run one alone: `npx tsx bench/ingest.ts`.
 * Options: `npm run bench -- ingest` runs only the benches whose name contains «ingest».
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
if (!benches.length) {
  process.stderr.write(`Нет бенчмарков${filter.length ? ` по фильтру «${filter.join(' ')}»` : ''} в ${here}\n`);
  process.exit(1);
}
let failed = 0;
for (const b of benches) {
  process.stdout.write(`\n=== ${b} ===\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, b)], { stdio: 'inherit', env: { ...process.env, NOK_QUIET: process.env.NOK_QUIET ?? '1' } });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`=== ${b}: ошибка (код ${r.status}) за ${s} с ===\n`);
  } else process.stdout.write(`=== ${b}: ${s} с ===\n`);
}
process.exit(failed ? 1 : 0);
