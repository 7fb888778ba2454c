/**
 * npm run generate -- [--size small|national] [--seed N] [--out <sources dir>]
 *
 * Writes synthetic layouts 3, 4, 5 and the theme adoption years into
 * <out>/{nok_results,questionnaires,observations,theme_adoption}/data, each
 * file with a sidecar marking it synthetic, and the planted effects into
 * scripts/generate/planted.json (with the default output folder) or
 * <out>/_planted.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UserError } from '../../pipelines/lib/errors.ts';
import { log } from '../../pipelines/lib/log.ts';
import { paths, displayPath } from '../../pipelines/lib/paths.ts';
import { generate, describeSummary, DEFAULT_SEED, SIZES, YEARS } from './generate.ts';
import { PLANTED } from './planted.ts';
import { themeVocabulary } from '../../sources/theme_adoption/schema.ts';

const HELP = `npm run generate -- [--size small|national] [--seed <число>] [--out <папка источников>]

Синтетические данные НОК для 89 регионов за ${YEARS[0]}–${YEARS[YEARS.length - 1]} годы: результаты по организациям (макет 3),
анкеты (макет 4), наблюдения оператора (макет 5) и годы внедрения тем практик — с заложенными эффектами.
  --size small      ≈${SIZES.small.orgs.toLocaleString('ru-RU')} организаций (комплект проекта; по умолчанию)
  --size national   ≈${SIZES.national.orgs.toLocaleString('ru-RU')} организаций, ≈10 млн анкет
  --seed            зерно (по умолчанию ${DEFAULT_SEED})
  --out             папка источников (по умолчанию sources/ проекта)`;

/** The planted truth as the recovery test reads it. */
export function plantedJson(seed: number): string {
  const { codes } = themeVocabulary();
  const planted = new Set(PLANTED.map((p) => p.theme));
  return (
    JSON.stringify(
      {
        description:
          'Заложенные в синтетические данные эффекты тем практик: изменение критерия (баллы) в году t у региона, внедрившего тему в году A, = per_year × (t − A) × cohort_factor[A] при t > A (растёт со временем после внедрения, различается по когортам). У тем из no_effect эффекта нет.',
        generator: 'scripts/generate/cli.ts',
        seed,
        effects: PLANTED,
        no_effect: codes.filter((c) => !planted.has(c)),
      },
      null,
      2,
    ) + '\n'
  );
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { size: { type: 'string', default: 'small' }, seed: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const size = values.size;
  if (size !== 'small' && size !== 'national') throw new UserError(`Неизвестный размер «${size}».`, { expected: '--size small или --size national' });
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UserError(`Зерно должно быть целым неотрицательным числом, а не «${values.seed}».`);
  const out = path.resolve(values.out ?? paths.sources);
  fs.mkdirSync(out, { recursive: true });
  if (size === 'national' && out === paths.sources) {
    log.warn('Национальный объём (≈1 ГБ) пишется в папку источников проекта вместо комплекта. Вернуть комплект: npm run generate (тот же результат при том же зерне). Чтобы не трогать комплект: --out tmp/national');
  }
  log.step(`Генерация синтетических данных НОК (${size === 'small' ? 'комплект проекта' : 'национальный масштаб'}, зерно ${seed}) → ${displayPath(out)}`);
  const s = await generate({ size, seed, out });
  const plantedFile = out === paths.sources ? path.join(paths.root, 'scripts', 'generate', 'planted.json') : path.join(out, '_planted.json');
  fs.writeFileSync(plantedFile, plantedJson(seed));
  log.ok(describeSummary(s));
  log.info(`заложенные эффекты: ${displayPath(plantedFile)}`);
  return 0;
}
