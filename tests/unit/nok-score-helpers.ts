/**
 * A tiny warehouse for the score engine tests: CSV files of layouts 3–5 in a
 * temp folder, loaded by the real loader, the methodology weights from the
 * project, and only the score engine's models run by the real model runner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Db } from '../../pipelines/lib/duck.ts';
import { installMacros } from '../../pipelines/ingest/sql.ts';
import { createMeta } from '../../pipelines/ingest/meta.ts';
import { loadRegistry } from '../../pipelines/ingest/registry.ts';
import { loadSource, type LoadContext } from '../../pipelines/ingest/load.ts';
import { runModels } from '../../pipelines/models/runner.ts';
import { paths } from '../../pipelines/lib/paths.ts';

/** A valid 10-digit ИНН from its first nine digits (check digit: weights 2 4 10 3 5 9 4 6 8, mod 11, mod 10). */
export function inn10(first9: string): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const s = [...first9].reduce((a, d, i) => a + Number(d) * w[i]!, 0);
  return first9 + String((s % 11) % 10);
}

/** The engine's models (and nothing else), linked into a folder for the runner. */
export const ENGINE_MODELS = /^(stg_(nok_result|nok_org_link|nok_indicator_card|questionnaire|observation|methodology_weight|methodology_setting)|int_(nok_|indicator_value|score_criterion)|nok_(indicator|score|deficiency|score_check)\.|organization\.)/;

function modelsDir(pattern: RegExp): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-score-models-'));
  for (const layer of ['staging', 'intermediate', 'marts']) {
    fs.mkdirSync(path.join(dir, layer));
    for (const f of fs.readdirSync(path.join(paths.models, layer))) {
      if (!pattern.test(f)) continue;
      const real = path.join(paths.models, layer, f);
      // a TS model imports by relative paths: re-export it from its real place instead of linking it
      if (f.endsWith('.ts')) fs.writeFileSync(path.join(dir, layer, f), `export { build } from ${JSON.stringify(pathToFileURL(real).href)};\n`);
      else fs.symlinkSync(real, path.join(dir, layer, f));
    }
  }
  // the shared SQL macros (models/macros: nok_plural …) are part of every model run
  const macros = path.join(paths.models, 'macros');
  if (fs.existsSync(macros)) fs.symlinkSync(macros, path.join(dir, 'macros'));
  return dir;
}

/** Region names used in the test files → codes (the real region index is not needed here). */
const REGIONS: Record<string, string> = { москва: '77', татарстан: '16' };

export async function scoreWarehouse(files: Record<string, string>, pattern = ENGINE_MODELS): Promise<Db> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-score-src-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, f)), { recursive: true });
    fs.writeFileSync(path.join(src, f), text);
  }
  const db = await Db.open();
  await installMacros(db);
  await createMeta(db);
  const regions = {
    match: (v: string) => {
      const code = REGIONS[String(v).trim().toLowerCase()];
      return code ? { ok: true, code } : { ok: false, reason: 'unknown', message: `'неизвестный регион'` };
    },
  } as unknown as LoadContext['regions'];
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-score-tmp-'));
  for (const { source, folder } of await loadRegistry()) {
    if (!['methodology_weight', 'nok_results', 'nok_org_links', 'nok_indicators', 'questionnaires', 'observations'].includes(source.name)) continue;
    const dir = source.reference ? folder : path.join(src, source.name);
    const r = await loadSource({ db, regions, tmpDir, baseDir: source.reference ? paths.sources : src }, source, dir);
    if (r.errors.length) throw new Error(r.errors.map((e) => e.describe()).join('\n'));
  }
  await db.run(`CREATE SCHEMA IF NOT EXISTS marts`);
  await db.run(
    `CREATE TABLE marts.region AS SELECT * FROM (VALUES ('77', 'Москва', 'Центральный федеральный округ', 'ЦФО', 3, 2, 'МОС'), ('16', 'Республика Татарстан', 'Приволжский федеральный округ', 'ПФО', 5, 3, 'ТАТ'))
       t(region_code, region_name, federal_district, federal_district_short, tile_col, tile_row, tile_label)`,
  );
  await runModels(db, modelsDir(pattern));
  return db;
}

export const Q_HEADER =
  'Год;ИНН;Сфера;Форма обслуживания;Q1 Обращались к информации на стендах;Q2 Удовлетворены информацией на стендах;Q3 Пользовались официальным сайтом;Q4 Удовлетворены информацией на сайте;Q5 Услуга предоставлена своевременно;Q6 Удовлетворены комфортностью условий;Q7 Имеете группу инвалидности;Q8 Удовлетворены доступностью для инвалидов;Q9 Удовлетворены вежливостью при первичном контакте;Q10 Удовлетворены вежливостью при оказании услуги;Q11 Пользовались дистанционными способами взаимодействия;Q12 Удовлетворены вежливостью при дистанционном взаимодействии;Q13 Готовы рекомендовать организацию;Q14 Удовлетворены организационными условиями;Q15 Удовлетворены условиями в целом';

export const O_HEADER =
  'Год;ИНН;Сфера;Информация на стендах: размещено;Информация на стендах: требуется;Информация на сайте: размещено;Информация на сайте: требуется;Дистанционные способы обратной связи;Комфортные условия;Доступность помещений и территории;Условия доступности услуг';

export const R_HEADER =
  'Год проведения оценки;Субъект РФ;Сфера;ИНН;Наименование организации;Открытость и доступность информации;Комфортность условий;Доступность услуг для инвалидов;Доброжелательность, вежливость работников;Удовлетворенность условиями оказания услуг;Итоговый балл;Количество респондентов';
