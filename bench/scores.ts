/**
 * The NOK score engine at national scale: generate the national synthetic
 * data (≈150,000 organizations × 5 years, ≈10 million questionnaires) into
 * tmp/, load layouts 3–5 and the theme adoption years with the real loader
 * into an on-disk warehouse, and run the score models (staging → indicators
 * → criteria → nok_score, aggregates, deficiencies, effects of practices).
 * Prints elapsed time and rows/s per step and the peak memory (RSS, which
 * includes DuckDB's). Asserts nothing.
 *
 *   npx tsx bench/scores.ts            BENCH_SIZE=national|small (default national)
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Db } from '../pipelines/lib/duck.ts';
import { installMacros } from '../pipelines/ingest/sql.ts';
import { createMeta } from '../pipelines/ingest/meta.ts';
import { loadSource } from '../pipelines/ingest/load.ts';
import { loadRegistry } from '../pipelines/ingest/registry.ts';
import { RegionIndex } from '../pipelines/regions/normalize.ts';
import { runModels } from '../pipelines/models/runner.ts';
import { paths } from '../pipelines/lib/paths.ts';
import { generate, SIZES } from '../scripts/generate/generate.ts';
import { PLANTED } from '../scripts/generate/planted.ts';

const SIZE = (process.env.BENCH_SIZE ?? 'national') as keyof typeof SIZES;
const dir = path.join(paths.tmp, `bench-scores-${process.pid}`);
const sources = path.join(dir, 'sources');
const nf = new Intl.NumberFormat('ru-RU');
const sec = (ms: number): string => `${(ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с`;
const rate = (rows: number, ms: number): string => `${nf.format(Math.round(rows / (ms / 1000)))} строк/с`;
const peak = (): string => `${nf.format(Math.round(process.resourceUsage().maxRSS / 1024))} МБ`;
const line = (s: string): void => void process.stdout.write(s + '\n');

/** The models the score engine needs (and the region dimension they join), linked into a scratch folder. */
const MODELS = /^(stg_(region|nok_result|questionnaire|observation|methodology|theme)|int_(nok_|indicator_value|score_criterion|adoption|did_panel)|region\.|nok_|practice_effect\.|practice_event_study\.|region_profile\.|methodology_weight\.)/;
function modelsDir(): string {
  const d = path.join(dir, 'models');
  for (const layer of ['staging', 'intermediate', 'marts', 'macros']) {
    const from = path.join(paths.models, layer);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.join(d, layer), { recursive: true });
    for (const f of fs.readdirSync(from)) {
      if (layer !== 'macros' && !MODELS.test(f)) continue;
      const real = path.join(from, f);
      if (f.endsWith('.ts')) fs.writeFileSync(path.join(d, layer, f), `export { build } from ${JSON.stringify(pathToFileURL(real).href)};\n`);
      else fs.symlinkSync(real, path.join(d, layer, f));
    }
  }
  return d;
}

async function main(): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(sources, { recursive: true });
  line(`Размер: ${SIZE} (≈${nf.format(SIZES[SIZE].orgs)} организаций × 5 лет); папка ${path.relative(paths.root, dir)}`);

  let t = Date.now();
  const g = await generate({ size: SIZE, seed: 20231, out: sources, tmpDir: path.join(dir, 'gen-tmp') });
  let ms = Date.now() - t;
  const bytes = g.files.reduce((a, f) => a + fs.statSync(f).size, 0);
  line(`генерация: ${sec(ms)} · анкет ${nf.format(g.questionnaires)} (${rate(g.questionnaires, ms)}) · результатов ${nf.format(g.results)} · наблюдений ${nf.format(g.observations)} · файлов ${nf.format(Math.round(bytes / 1048576))} МБ · пик памяти ${peak()}`);

  const db = await Db.open(path.join(dir, 'w.duckdb'), { temp_directory: path.join(dir, 'duck-tmp') });
  try {
    await installMacros(db);
    await createMeta(db);
    const regions = RegionIndex.load();
    const want = ['region', 'region_alias', 'region_tile', 'methodology_weight', 'practice_theme', 'nok_results', 'questionnaires', 'observations', 'theme_adoption'];
    t = Date.now();
    let loaded = 0;
    for (const { source, folder } of await loadRegistry()) {
      if (!want.includes(source.name)) continue;
      const t1 = Date.now();
      const r = await loadSource({ db, regions, tmpDir: path.join(dir, 'load-tmp'), baseDir: source.reference ? paths.sources : sources }, source, source.reference ? folder : path.join(sources, source.name));
      if (r.errors.length) throw new Error(r.errors.map((e) => e.describe()).join('\n'));
      const rows = r.reports.reduce((a, x) => a + x.rows_loaded, 0);
      loaded += rows;
      if (!source.reference) line(`  загрузка ${source.name}: ${nf.format(rows)} строк · ${sec(Date.now() - t1)} · ${rate(rows, Date.now() - t1)}`);
    }
    ms = Date.now() - t;
    line(`загрузка всего: ${nf.format(loaded)} строк · ${sec(ms)} · ${rate(loaded, ms)} · пик памяти ${peak()}`);

    t = Date.now();
    const models = await runModels(db, modelsDir());
    ms = Date.now() - t;
    const scores = await db.value<number>(`select count(*) from marts.nok_score`);
    const indicators = await db.value<number>(`select count(*) from marts.nok_indicator`);
    line(`модели (${models.length}): ${sec(ms)} · баллов организаций ${nf.format(Number(scores))} · показателей ${nf.format(Number(indicators))} · анкет в расчёте ${rate(g.questionnaires, ms)} · пик памяти ${peak()}`);
    const slow = await db.all<{ name: string; rows: number }>(`select schema_name || '.' || table_name as name, estimated_size as rows from duckdb_tables() where schema_name in ('intermediate', 'marts') order by estimated_size desc limit 5`);
    const eff = await db.all<{ theme: string; criterion: string; estimate: number; ci_low: number; ci_high: number; is_significant: boolean; is_significant_holm: boolean }>(
      `select theme, criterion, estimate, ci_low, ci_high, is_significant, is_significant_holm from marts.practice_effect order by theme, criterion`,
    );
    const f2 = (x: number): string => x.toLocaleString('ru-RU', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
    const planted = new Set(PLANTED.map((p) => `${p.theme}/${p.criterion}`));
    line(`  эффекты (заложено: ${PLANTED.map((p) => `${p.theme}/${p.criterion} +${p.effect}`).join(', ')}): ` +
      eff.filter((e) => planted.has(`${e.theme}/${e.criterion}`)).map((e) => `${e.theme}/${e.criterion} ${f2(e.estimate)} [${f2(e.ci_low)}; ${f2(e.ci_high)}]`).join(' · ') +
      ` · значимых без заложенного эффекта: ${eff.filter((e) => !planted.has(`${e.theme}/${e.criterion}`) && e.is_significant).length} из ${eff.filter((e) => !planted.has(`${e.theme}/${e.criterion}`)).length}` +
      eff.filter((e) => !planted.has(`${e.theme}/${e.criterion}`) && e.is_significant).map((e) => ` (${e.theme}/${e.criterion} ${f2(e.estimate)} [${f2(e.ci_low)}; ${f2(e.ci_high)}]${e.is_significant_holm ? ', значим и с поправкой Холма' : ', не значим с поправкой Холма'})`).join(''));
    line(`  крупнейшие таблицы: ${slow.map((s) => `${s.name} ${nf.format(Number(s.rows))}`).join(' · ')}`);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
