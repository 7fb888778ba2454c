/**
 * nok-atlas command line: one CLI, subcommands for each stage.
 *
 *   build    load sources → models → data tests → warehouse (npm run pipeline)
 *   export   marts → Parquet/CSV/XLSX downloads
 *   site     Evidence dashboards → site/
 *   serve    serve site/ on 127.0.0.1
 *   all      build + export + site (+ serve with --serve)  (npm start)
 *
 * Bad input gives a clear message and a non-zero exit code, never a stack
 * trace (traces with --debug).
 */
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { UserError } from './lib/errors.ts';
import { log } from './lib/log.ts';
import { paths, displayPath } from './lib/paths.ts';
import { loadConfig } from './lib/config.ts';

const HELP = `nok-atlas — хранилище и дашборды по независимой оценке качества (НОК)

Команды:
  build   [--sources <папка>] [--warehouse <файл>]   загрузить данные, построить модели, проверить
          [--full]                                   пересобрать всё (иначе перечитываются только изменённые файлы)
  export  [--warehouse <файл>] [--out <папка>]        выгрузить витрины в Parquet, CSV, XLSX
          [--partitioned <папка>]                    витрины и сырой слой в Parquet по папкам year=…/region_code=… (Hive)
  site    [--warehouse <файл>] [--downloads <папка>] [--out <папка>]   собрать дашборды (Evidence)
  serve   [--site <папка>] [--port <порт>]            открыть дашборды на http://127.0.0.1:<порт>
  all     [--sources …] [--serve]                    build + export + site (+ serve)
  docs    [--warehouse <файл>]                       словарь данных в docs/data-dictionary.md
  generate --size small|national [--out <папка>]    синтетические данные НОК (баллы, анкеты, наблюдения)
  brief   [--region <субъект>] [--theme <тема>] [--out <папка>]   справка для резолюции (Markdown и PDF)

Общие параметры:
  --debug   показывать трассировку при внутренних ошибках
  --help    эта справка

Папка источников: по подпапке на макет (docs/formats.md): survey_regions, practices,
nok_results, questionnaires, observations; любые имена файлов .csv/.xlsx внутри.
Справочник регионов всегда берётся из проекта (sources/regions).`;

/** Subcommands with options of their own: the module's run(args) parses them. */
const DELEGATED: Record<string, () => Promise<{ run: (args: string[]) => Promise<number> }>> = {
  generate: () => import('../scripts/generate/cli.ts'),
  brief: () => import('./brief/cli.ts'),
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd && cmd in DELEGATED) {
    if (rest.includes('--debug')) process.env.NOK_DEBUG = '1';
    const mod = await DELEGATED[cmd]!();
    return mod.run(rest.filter((a) => a !== '--debug'));
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      sources: { type: 'string' },
      warehouse: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      downloads: { type: 'string' },
      port: { type: 'string' },
      serve: { type: 'boolean', default: false },
      debug: { type: 'boolean', default: false },
      'keep-failed': { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      partitioned: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.debug) process.env.NOK_DEBUG = '1';
  if (!cmd || values.help || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const cfg = loadConfig();
  const warehouse = path.resolve(values.warehouse ?? cfg.warehouse);
  const sourcesDir = path.resolve(values.sources ?? cfg.sources);
  const port = Number(values.port ?? cfg.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UserError(`Неверный порт: ${values.port}`, { expected: 'целое число от 1 до 65535' });

  switch (cmd) {
    case 'build': {
      const { build } = await import('./build.ts');
      await build({ sourcesDir, warehouse, keepFailed: values['keep-failed'], full: values.full });
      return 0;
    }
    case 'export': {
      const { exportWarehouse, exportPartitioned } = await import('./export.ts');
      if (values.partitioned) await exportPartitioned(warehouse, path.resolve(values.partitioned));
      else await exportWarehouse(warehouse, path.resolve(values.out ?? cfg.downloads));
      return 0;
    }
    case 'site': {
      const { buildSite } = await import('./site/build-site.ts');
      await buildSite({ warehouse, downloads: path.resolve(values.downloads ?? cfg.downloads), out: path.resolve(values.out ?? cfg.site) });
      return 0;
    }
    case 'serve':
      return serve(path.resolve(values.site ?? cfg.site), port);
    case 'all': {
      const { build } = await import('./build.ts');
      const { exportWarehouse } = await import('./export.ts');
      const { buildSite } = await import('./site/build-site.ts');
      await build({ sourcesDir, warehouse, keepFailed: values['keep-failed'], full: values.full });
      await exportWarehouse(warehouse, cfg.downloads);
      await buildSite({ warehouse, downloads: cfg.downloads, out: cfg.site });
      if (values.serve) return serve(cfg.site, port);
      return 0;
    }
    case 'docs': {
      const { writeDictionary } = await import('./docs.ts');
      await writeDictionary(warehouse);
      return 0;
    }
    default:
      throw new UserError(`Неизвестная команда «${cmd}».`, { expected: 'build, export, site, serve, all, docs (см. --help)' });
  }
}

async function serve(site: string, port: number): Promise<number> {
  if (!fs.existsSync(path.join(site, 'index.html'))) {
    throw new UserError(`Собранных дашбордов нет: ${displayPath(site)}`, { hint: 'Соберите их: npm start (или npm run site)' });
  }
  const { startServer } = await import('./site/serve.ts');
  try {
    await startServer(site, port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(`Порт ${port} занят другой программой.`, { hint: `Укажите другой: npm run serve -- --port ${port + 1} (или NOK_PORT=${port + 1})` });
    }
    throw e;
  }
  log.ok(`Дашборды: http://127.0.0.1:${port}/  (остановить: Ctrl+C)`);
  process.stdout.write(`http://127.0.0.1:${port}/\n`);
  await new Promise(() => {});
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UserError) {
      log.error(e.describe());
      process.exit(2);
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      log.error(`${e.message}\nСправка: npm run nok -- --help`);
      process.exit(2);
    }
    const err = e as Error;
    log.error(`Внутренняя ошибка: ${err.message}`);
    if (process.env.NOK_DEBUG === '1') process.stderr.write((err.stack ?? '') + '\n');
    else log.error('Подробности (трассировка): повторите с --debug. Прежние результаты сборки не тронуты.');
    process.exit(1);
  },
);
