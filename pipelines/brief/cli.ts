/**
 * `npm run brief -- [--region <субъект>] [--theme <тема>] [--out <папка>] [--warehouse <файл>] [--no-pdf]`
 *
 * The resolution brief for forum organizers: Markdown + PDF (+ brief.json with every figure's
 * mart and key) for all of Russia, a region and/or a theme of practices. Delegated from
 * pipelines/cli.ts; a UserError thrown here becomes a Russian message and exit code 2 there.
 * Exit 3: the Markdown is written but the PDF could not be (Chromium is not installed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Db } from '../lib/duck.ts';
import { UserError } from '../lib/errors.ts';
import { loadConfig } from '../lib/config.ts';
import { log, fmtSec } from '../lib/log.ts';
import { paths, displayPath } from '../lib/paths.ts';
import { resolveRegion, resolveTheme, type ThemeRow } from './resolve.ts';
import { RegionIndex } from '../regions/normalize.ts';
import { makeBrief } from './write.ts';
import { chromiumPath } from './pdf.ts';

const HELP = `npm run brief -- [параметры]   справка для резолюции (Markdown и PDF)

  --region <субъект>   субъект РФ в любом написании («г. Москва», «Татарстан», «ХМАО – Югра»);
                       без параметра — вся Россия
  --theme <тема>       тема практик: код (staff_training) или название («обучение персонала»)
  --out <папка>        куда записать файлы (по умолчанию out/brief/)
  --warehouse <файл>   хранилище (по умолчанию NOK_WAREHOUSE или data/warehouse.duckdb)
  --no-pdf             только Markdown и brief.json, без PDF

Файлы: brief-<регион>[-<тема>].md, .pdf и .json (каждая цифра — витрина, столбец и строка).
PDF печатает Chromium (CHROMIUM_PATH, по умолчанию /usr/bin/chromium) без выхода в сеть.`;

export const DEFAULT_OUT = path.join(paths.root, 'out', 'brief');

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      region: { type: 'string' },
      theme: { type: 'string' },
      out: { type: 'string' },
      warehouse: { type: 'string' },
      'no-pdf': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const t0 = Date.now();
  const cfg = loadConfig();
  const warehouse = path.resolve(values.warehouse ?? cfg.warehouse);
  const outDir = path.resolve(values.out ?? DEFAULT_OUT);
  if (!fs.existsSync(warehouse)) {
    throw new UserError(`Хранилище не найдено: ${displayPath(warehouse)}`, { hint: 'Сначала соберите его: npm run pipeline (или укажите --warehouse <файл>)' });
  }
  const db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
  try {
    // the region index over the warehouse's own region tables (the build loaded them from the same files)
    const region = values.region === undefined ? null : resolveRegion(values.region, await RegionIndex.fromDb(db));
    let vocabulary: ThemeRow[] | undefined;
    if (values.theme !== undefined && (await db.tableExists('marts', 'practice_theme_vocabulary'))) {
      vocabulary = await db.all<ThemeRow & Record<string, unknown>>('select theme, theme_title from marts.practice_theme_vocabulary order by vocabulary_order, theme');
    }
    const theme = resolveTheme(values.theme, vocabulary);
    log.step(`Справка для резолюции: ${region?.name ?? 'Российская Федерация'}${theme ? `, тема «${theme.title}»` : ''}`);
    const res = await makeBrief(db, { region: region?.code ?? null, theme: theme?.code ?? null, outDir, pdf: !values['no-pdf'] });
    for (const s of res.brief.sections.filter((s) => s.omitted)) log.warn(`Раздел «${s.title}» пропущен: нет витрин ${s.blocks[0]?.parts?.join('') ?? ''}`);
    log.info(`цифр: ${res.brief.facts.size}, практик: ${res.brief.practices.size}, пунктов резолюции: ${res.brief.resolution.reduce((n, g) => n + g.items.length, 0)}`);
    process.stdout.write(`${displayPath(res.files.md)}\n${displayPath(res.files.json)}\n`);
    if (res.files.pdf) process.stdout.write(`${displayPath(res.files.pdf)}\n`);
    if (res.pdfSkipped === 'no-chromium') {
      log.error(
        `PDF не создан: Chromium не найден (${chromiumPath()}). Markdown записан: ${displayPath(res.files.md)}.\n` +
          '  Что сделать: установите Chromium (apt-get install -y chromium) или укажите путь к нему в CHROMIUM_PATH; без PDF — параметр --no-pdf.',
      );
      return 3;
    }
    log.ok(`Справка записана в ${displayPath(outDir)} · ${fmtSec(Date.now() - t0)}`);
    return 0;
  } finally {
    db.close();
  }
}
