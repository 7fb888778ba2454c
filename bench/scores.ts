/**
 * The NOK score engine at national scale: for 10, 30 and 100 million
 * questionnaire rows, generate the synthetic data (layouts 3–5 and the theme
 * adoption years; 10 million = `npm run generate -- --size national`, larger
 * sizes scale the number of organizations; generated in DuckDB with the same
 * memory limit as the build, spilling to disk), then time a full rebuild of
 * the warehouse from them with the real pipeline (load, every model — scores
 * from all questionnaire rows, deficiencies, effects of practices —, data
 * tests, atomic replace) under the build's memory limit (NOK_MEMORY_LIMIT,
 * default 4GB). Each generation and each build runs in its own process, so
 * the peak memory printed (RSS, which includes DuckDB's) is that of the build
 * alone. At the first size, also an incremental rebuild: the warehouse built
 * without the last year's questionnaires, then that year's file added back,
 * BENCH_INCREMENTAL_RUNS times (default 3), each from a copy of the same
 * warehouse; the line shows the median (one run varies by ±20 % on this kind
 * of machine). Asserts nothing.
 *
 *   npx tsx bench/scores.ts        BENCH_SCORES_SIZES=10,30,100 (millions of questionnaires)
 *                                  BENCH_INCREMENTAL=0 (skip the incremental rebuild)
 *                                  BENCH_INCREMENTAL_RUNS=3 (incremental rebuilds, each from a copy; the median is shown)
 *                                  BENCH_CHECK=1 (incremental = full, table by table; slow)
 *
 * Record the figures in docs/benchmarks.md.
 */
import { peakRss } from './peak.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { paths } from '../pipelines/lib/paths.ts';
import { formatPercent } from '@nok-atlas/common/fmt.js';

const self = fileURLToPath(import.meta.url);
const nf = new Intl.NumberFormat('ru-RU');
const sec = (ms: number): string => `${(ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} с`;
const mb = (kb: number): string => `${nf.format(Math.round(kb / 1024))} МБ`;
const line = (s: string): void => void process.stdout.write(s + '\n');
const RESULT = 'BENCH_RESULT ';

interface GenResult { questionnaires: number; results: number; observations: number; orgs: number; bytes: number; ms: number; peakKb: number }
interface BuildResult { ms: number; steps: { load: number; models: number; tests: number }; peakKb: number; warehouseBytes: number; scores: number; indicators: number; effects: string; falsePositives: string; reread: string[] | null; modelsRebuilt: number }

/** In a child process: generate ≈`millions` million questionnaires into `dir`. */
async function childGenerate(millions: number, dir: string): Promise<GenResult> {
  const { generate, SIZES } = await import('../scripts/generate/generate.ts');
  const nat = SIZES.national;
  // the national size gives ≈10.15 million questionnaires; smaller sizes scale the organizations
  const spec = millions === 10 ? nat : { ...nat, orgs: Math.round((nat.orgs * millions) / 10), minPerRegion: Math.max(8, Math.round((nat.minPerRegion * millions) / 10)) };
  const t = Date.now();
  const g = await generate({ size: 'national', spec, seed: 20231, out: dir, tmpDir: path.join(dir, '..', 'gen-tmp') });
  return {
    questionnaires: g.questionnaires,
    results: g.results,
    observations: g.observations,
    orgs: g.orgs,
    bytes: g.files.reduce((a, f) => a + fs.statSync(f).size, 0),
    ms: Date.now() - t,
    peakKb: Math.round(peakRss() / 1024),
  };
}

/** In a child process: a full build of the warehouse from `dir`. */
async function childBuild(dir: string, warehouse: string): Promise<BuildResult> {
  const { build } = await import('../pipelines/build.ts');
  const { Db } = await import('../pipelines/lib/duck.ts');
  const { PLANTED } = await import('../scripts/generate/planted.ts');
  const r = await build({ sourcesDir: dir, warehouse });
  const peakKb = Math.round(peakRss() / 1024);
  const db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
  try {
    const scores = Number(await db.value(`select count(*) from marts.nok_score where score_source = 'computed'`));
    const indicators = Number(await db.value(`select count(*) from marts.nok_indicator`));
    const eff = await db.all<{ theme: string; criterion: string; estimate: number; ci_low: number; ci_high: number; is_significant: boolean; is_significant_holm: boolean }>(
      `select theme, criterion, estimate, ci_low, ci_high, is_significant, is_significant_holm from marts.practice_effect order by theme, criterion`,
    );
    const f2 = (x: number): string => x.toLocaleString('ru-RU', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    const planted = new Set(PLANTED.map((p) => `${p.theme}/${p.criterion}`));
    const effects = eff
      .filter((e) => planted.has(`${e.theme}/${e.criterion}`))
      .map((e) => `${e.theme}/${e.criterion} ${f2(e.estimate)} [${f2(e.ci_low)}; ${f2(e.ci_high)}] (заложено +${PLANTED.find((p) => `${p.theme}/${p.criterion}` === `${e.theme}/${e.criterion}`)!.per_year} за год после внедрения)`)
      .join(' · ');
    const others = eff.filter((e) => !planted.has(`${e.theme}/${e.criterion}`));
    const fp = others.filter((e) => e.is_significant);
    const falsePositives =
      `${fp.length} из ${others.length}` +
      fp.map((e) => ` (${e.theme}/${e.criterion} ${f2(e.estimate)} [${f2(e.ci_low)}; ${f2(e.ci_high)}]${e.is_significant_holm ? ', значим и с поправкой Холма' : ', не значим с поправкой Холма'})`).join('');
    return { ms: r.ms, steps: r.steps, peakKb, warehouseBytes: fs.statSync(warehouse).size, scores, indicators, effects, falsePositives, reread: r.reread, modelsRebuilt: r.modelsRebuilt };
  } finally {
    db.close();
  }
}

/**
 * In a child process: do two warehouses hold the same rows, table by table? The multiset check
 * of the tests (tests/pipeline/fingerprint.ts) in a form that fits in memory at 10 million rows:
 * row count and the sum of a 64-bit hash of each row's text (the tests sort and join the rows).
 */
async function childCompare(a: string, b: string): Promise<{ differ: string[]; tables: number }> {
  const { Db } = await import('../pipelines/lib/duck.ts');
  const fingerprint = async (file: string): Promise<Record<string, string>> => {
    const db = await Db.open(file, { access_mode: 'READ_ONLY' });
    try {
      const tables = await db.all<{ s: string; t: string }>(
        `SELECT table_schema AS s, table_name AS t FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND NOT (table_schema = 'meta' AND table_name = 'run') ORDER BY 1, 2`,
      );
      const out: Record<string, string> = {};
      for (const { s, t } of tables) out[`${s}.${t}`] = String(await db.value(`SELECT count(*) || ':' || coalesce(sum(hash(q::VARCHAR)::HUGEINT), 0) FROM "${s}"."${t}" q`));
      return out;
    } finally {
      db.close();
    }
  };
  const [fa, fb] = [await fingerprint(a), await fingerprint(b)];
  return { differ: [...new Set([...Object.keys(fa), ...Object.keys(fb)])].filter((k) => fa[k] !== fb[k]), tables: Object.keys(fa).length };
}

/** A step of the bench that did not finish: its time until then and what it said (the build's own message). */
class StepFailed extends Error {
  constructor(readonly ms: number, message: string) {
    super(message);
  }
}

/** Run a step in its own process; its stderr shows as it goes and, if it fails, its last lines are the error. */
async function runChild<T>(args: string[]): Promise<T> {
  const t = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', self, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NOK_QUIET: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-20_000);
    process.stderr.write(d);
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  const out = stdout.split('\n').find((l) => l.startsWith(RESULT));
  if (code !== 0 || !out) {
    const said = stderr.trim().split('\n').slice(-6).join('\n');
    throw new StepFailed(Date.now() - t, `шаг бенчмарка ${args[0]} завершился с кодом ${code ?? signal}: ${said}`);
  }
  return JSON.parse(out.slice(RESULT.length)) as T;
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  if (mode === '--generate') return void line(RESULT + JSON.stringify(await childGenerate(Number(a), b!)));
  if (mode === '--build') return void line(RESULT + JSON.stringify(await childBuild(a!, b!)));
  if (mode === '--compare') return void line(RESULT + JSON.stringify(await childCompare(a!, b!)));

  const sizes = (process.env.BENCH_SCORES_SIZES ?? '10,30,100').split(',').map(Number).filter((x) => x > 0);
  const { loadConfig, duckdbMemoryLimit } = await import('../pipelines/lib/config.ts');
  // the generator's DuckDB too stays within the build's limit (Db.open reads NOK_MEMORY_LIMIT)
  process.env.NOK_MEMORY_LIMIT = loadConfig().memoryLimit;
  line(`Полная пересборка хранилища из синтетических данных НОК · ядер: ${os.availableParallelism()} · памяти: ${mb(os.totalmem() / 1024)} · память сборки (NOK_MEMORY_LIMIT) ${process.env.NOK_MEMORY_LIMIT}, из них DuckDB ${duckdbMemoryLimit(process.env.NOK_MEMORY_LIMIT)} · Node ${process.version}`);
  const incrementalAt = process.env.BENCH_INCREMENTAL === '0' ? null : sizes[0];
  const rows: { q: number; ms: number; peakKb: number }[] = [];
  for (const m of sizes) {
    const dir = path.join(paths.tmp, `bench-scores-${process.pid}-${m}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'sources'), { recursive: true });
    try {
      const g = await runChild<GenResult>(['--generate', String(m), path.join(dir, 'sources')]);
      line(`\n≈${m} млн анкет: организаций ${nf.format(g.orgs)} · анкет ${nf.format(g.questionnaires)} · результатов ${nf.format(g.results)} · наблюдений ${nf.format(g.observations)} · файлов ${mb(g.bytes / 1024)}`);
      line(`  генерация: ${sec(g.ms)} · пик памяти ${mb(g.peakKb)}`);
      let inc: BuildResult | null = null;
      const incs: BuildResult[] = [];
      if (m === incrementalAt) {
        // the warehouse without the last year's questionnaires, then that year's file added back: an incremental rebuild
        const qDir = path.join(dir, 'sources', 'questionnaires', 'data');
        const last = fs.readdirSync(qDir).filter((f) => /^questionnaires_\d{4}\.csv$/.test(f)).sort().at(-1)!;
        const aside = path.join(dir, 'aside');
        fs.mkdirSync(aside);
        for (const f of [last, last + '.meta.json']) fs.renameSync(path.join(qDir, f), path.join(aside, f));
        const base = path.join(dir, 'base.duckdb');
        await runChild<BuildResult>(['--build', path.join(dir, 'sources'), base]);
        for (const f of [last, last + '.meta.json']) fs.renameSync(path.join(aside, f), path.join(qDir, f));
        const runs = Math.max(1, Number(process.env.BENCH_INCREMENTAL_RUNS ?? 3));
        for (let k = 0; k < runs; k++) {
          fs.copyFileSync(base, path.join(dir, 'incremental.duckdb'));
          settle();
          incs.push(await runChild<BuildResult>(['--build', path.join(dir, 'sources'), path.join(dir, 'incremental.duckdb')]));
        }
        fs.rmSync(base, { force: true });
        // the median run (the middle one by time; of an even number, the faster of the two middle ones)
        inc = [...incs].sort((x, y) => x.ms - y.ms)[Math.floor((incs.length - 1) / 2)]!;
      }
      let r: BuildResult;
      try {
        settle();
        r = await runChild<BuildResult>(['--build', path.join(dir, 'sources'), path.join(dir, 'warehouse.duckdb')]);
      } catch (e) {
        if (!(e instanceof StepFailed)) throw e;
        // the honest line for this size, then the next size
        line(`scale: ${g.questionnaires} rows, failed after ${(e.ms / 1000).toFixed(1)} s`);
        line(`  ${e.message.replace(/\n/g, '\n  ')}`);
        continue;
      }
      line(`scale: ${g.questionnaires} rows, ${(r.ms / 1000).toFixed(1)} s, peak ${Math.round(r.peakKb / 1024)} MB`);
      line(`  пересборка: ${sec(r.ms)} (загрузка ${sec(r.steps.load)} · модели ${sec(r.steps.models)} · проверки ${sec(r.steps.tests)}) · пик памяти ${mb(r.peakKb)} · хранилище ${mb(r.warehouseBytes / 1024)}`);
      line(`  ${nf.format(Math.round(g.questionnaires / (r.ms / 1000)))} анкет/с · рассчитано баллов организаций ${nf.format(r.scores)} · показателей ${nf.format(r.indicators)}`);
      line(`  эффекты: ${r.effects} · значимых без заложенного эффекта: ${r.falsePositives}`);
      rows.push({ q: g.questionnaires, ms: r.ms, peakKb: r.peakKb });
      if (inc) {
        line(`incremental: one year added to ${g.questionnaires} rows: ${(inc.ms / 1000).toFixed(1)} s vs full ${(r.ms / 1000).toFixed(1)} s`);
        const pct = (ms: number): string => formatPercent(ms / r.ms, 1);
        line(`  пересборка после добавления файла анкет за год, медиана ${incs.length} ${incs.length === 1 ? 'прогона' : 'прогонов'}: ${sec(inc.ms)} (загрузка ${sec(inc.steps.load)} · модели ${sec(inc.steps.models)}, пересобрано ${inc.modelsRebuilt} · проверки ${sec(inc.steps.tests)}) · прочитано файлов: ${inc.reread?.length ?? 'все'} · пик памяти ${mb(inc.peakKb)} · ${pct(inc.ms)} полной`);
        if (incs.length > 1) line(`  прогоны: ${incs.map((x) => `${sec(x.ms)} (${pct(x.ms)})`).join(' · ')}`);
        if (process.env.BENCH_CHECK === '1') {
          const c = await runChild<{ differ: string[]; tables: number }>(['--compare', path.join(dir, 'incremental.duckdb'), path.join(dir, 'warehouse.duckdb')]);
          line(`  сверка с полной сборкой: таблиц ${c.tables}, различаются: ${c.differ.length ? c.differ.join(', ') : 'ни одна'}`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (rows.length > 1) {
    line(`\nРост: ${rows.map((r) => `${sec(r.ms)} на ${nf.format(Math.round(r.q / 1e5) / 10)} млн (${sec((r.ms / r.q) * 1e6)} на млн анкет; ${mb(r.peakKb)})`).join(' · ')}`);
  }
}

/**
 * Write the files the last step left in the page cache out to disk before a timed build, so that
 * the build does not pay for the step before it: right after building the warehouse without the
 * last year (660 MB at 10 M), the incremental build took 35,7 s; after `sync`, 24,6 and 24,9 s.
 */
function settle(): void {
  if (process.platform !== 'win32') execFileSync('sync');
}

main().catch(async (e: unknown) => {
  const { UserError } = await import('../pipelines/lib/errors.ts');
  // a build's own message as a user sees it (no trace); anything else with its trace, to be fixed
  process.stderr.write(`${e instanceof UserError ? e.describe() : e instanceof StepFailed ? e.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
