/**
 * The damage run (issue 13, item 9): byte-level damaged copies of heads of the bundled files
 * (tests/fixtures/damage.ts: bit flips, inserted and deleted bytes, NUL bytes, truncation, stray
 * quotes and delimiters, very long lines, a word in the other encoding, CRLF / CR line ends).
 * Every copy is read by the CSV reader and compared with its undamaged file, and loaded by the
 * whole loader into a warehouse. Prints the figures; exits 1 if any file breaks a promise:
 * an internal error, a file with an intact header refused, rows read ≠ loaded + quarantined,
 * a row before the damage read differently.
 *
 *   npm run bench -- damage            BENCH_DAMAGE_CASES=1000 BENCH_DAMAGE_SEED=2026
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCases, runCases, summarize, checkReads, KINDS } from '../tests/fixtures/damage.ts';
import { setQuiet } from '../pipelines/lib/log.ts';

const N = Number(process.env.BENCH_DAMAGE_CASES ?? 1000);
const SEED = Number(process.env.BENCH_DAMAGE_SEED ?? 2026);
const nf = new Intl.NumberFormat('ru-RU');
setQuiet(true);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-bench-damage-'));
try {
  const cases = makeCases(N, SEED);
  process.stdout.write(`Повреждённые копии: ${nf.format(N)} файлов (seed ${SEED}), ${os.cpus().length} ядра, Node ${process.version}\n`);
  const byKind = KINDS.map((k) => `${k} ${cases.filter((c) => c.kinds.includes(k)).length}`).join(', ');
  process.stdout.write(`виды повреждений (файлов): ${byKind}\n`);
  let t = performance.now();
  const r = await checkReads(cases, path.join(dir, 'read'));
  process.stdout.write(
    `чтение: ${nf.format(r.files)} файлов за ${((performance.now() - t) / 1000).toFixed(1)} с · строк прочитано ${nf.format(r.rowsRead)}, из них отклонено читателем ${nf.format(r.rowsRejected)} · ` +
      `сверено с неповреждённым файлом ${nf.format(r.rowsCompared)} строк · файлов отклонено ${r.refused} · нарушений ${r.failures.length}\n`,
  );
  t = performance.now();
  const s = summarize(await runCases(cases, path.join(dir, 'load')));
  process.stdout.write(
    `загрузка: ${nf.format(s.files)} файлов за ${((performance.now() - t) / 1000).toFixed(1)} с · заголовок цел у ${nf.format(s.headerIntact)} · ` +
      `строк прочитано ${nf.format(s.rowsRead)} = загружено ${nf.format(s.rowsLoaded)} + в карантине ${nf.format(s.rowsQuarantined)} · ` +
      `файлов отклонено ${s.refused} (из них с целым заголовком ${s.refusedIntact}) · внутренних ошибок ${s.internal} · расхождений «прочитано ≠ загружено + карантин» ${s.mismatched}\n`,
  );
  const failures = [...r.failures, ...s.failed.map((f) => `#${f.c.id} ${f.c.source} ${f.c.kinds.join('+')}: ${f.problems.join('; ')}`)];
  for (const f of failures.slice(0, 20)) process.stdout.write(`  ✖ ${f.slice(0, 400)}\n`);
  process.stdout.write(failures.length ? `damage: ${failures.length} нарушений\n` : `damage: ${nf.format(N)} файлов, нарушений нет\n`);
  process.exitCode = failures.length ? 1 : 0;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
