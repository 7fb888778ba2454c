/**
 * Configuration from the environment, validated at start-up. Every setting
 * has a default that works on the bundled data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { paths } from './paths.ts';
import { UserError } from './errors.ts';

/** Bytes in each unit NOK_MEMORY_LIMIT accepts (after normalization). */
const UNIT_BYTES: Record<string, number> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

/** A memory size as a person writes it (`4GB`, `1500 mb`, `2,5 ГБ`, `8GiB`): number, unit in DuckDB's spelling, bytes; null if it is not one. */
export function parseMemory(v: string): { n: number; unit: string; bytes: number } | null {
  const m = /^\s*(\d+(?:[.,]\d+)?)\s*(KB|MB|GB|TB|KIB|MIB|GIB|TIB|КБ|МБ|ГБ|ТБ)\s*$/i.exec(v);
  if (!m) return null;
  const unit = ({ КБ: 'KB', МБ: 'MB', ГБ: 'GB', ТБ: 'TB' } as Record<string, string>)[m[2]!.toUpperCase()] ?? m[2]!.toUpperCase().replace('I', 'i');
  const n = Number(m[1]!.replace(',', '.'));
  return { n, unit, bytes: n * UNIT_BYTES[unit]! };
}

const Config = z.object({
  /** NOK_WAREHOUSE: the DuckDB file the pipeline writes and the dashboards read. Default data/warehouse.duckdb. */
  warehouse: z.string().default(paths.warehouse),
  /** NOK_SOURCES: folder of input data, one sub-folder per layout. Default sources/ (the bundled data). */
  sources: z.string().default(paths.sources),
  /** NOK_DOWNLOADS: where marts are exported as Parquet/CSV/XLSX. Default data/downloads. */
  downloads: z.string().default(paths.downloads),
  /** NOK_SITE: the built dashboards. Default site/. */
  site: z.string().default(paths.site),
  /** NOK_PORT: port of the local server (127.0.0.1). Default 3000. */
  port: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * NOK_ZERO_DENOMINATOR: what a NOK indicator with a zero denominator (nobody used the stand,
   * no respondent with a disability, no remote contact) becomes — docs/methodology.md.
   * `exclude` (default): not measurable, left out, the criterion's weights renormalised over the
   * measurable indicators; `hundred`: counted as 100; `zero`: counted as 0.
   */
  zeroDenominator: z.enum(['exclude', 'hundred', 'zero']).default('exclude'),
  /**
   * NOK_MEMORY_LIMIT: memory a build may use (`4GB`, `1500MB`, `8GiB`…). Default 4GB. While files
   * load, DuckDB's buffer manager gets {@link DUCKDB_MEMORY_SHARE} of it (duckdbMemoryLimit), the
   * rest being headroom for what DuckDB's limit does not count (allocations outside its buffer
   * manager, memory its allocator has not yet given back) and for Node; the models get all of it.
   * Past its limit DuckDB spills to a folder inside the build's own temp folder. Normalized to
   * DuckDB's spelling (`4GB`).
   */
  memoryLimit: z
    .string()
    .default('4GB')
    .transform((v, ctx) => {
      const m = parseMemory(v);
      if (!m || !(m.bytes >= 100e6)) {
        ctx.addIssue({ code: 'custom', message: `«${v}» — ожидается объём памяти не меньше 100 МБ, например 4GB или 1500MB` });
        return z.NEVER;
      }
      return `${m.n}${m.unit}`;
    }),
  /**
   * NOK_MODEL_WORKERS: how many models the build runs at once, each on one thread of its own (a
   * model's rows are then the same to the bit from run to run). Whole number 1–16; default: the
   * machine's cores, at most 4. 1 = one model after another.
   */
  modelWorkers: z.coerce
    .number({ error: 'ожидается целое число от 1 до 16' })
    .int({ error: 'ожидается целое число от 1 до 16' })
    .min(1, { error: 'ожидается целое число от 1 до 16' })
    .max(16, { error: 'ожидается целое число от 1 до 16' })
    .default(() => Math.min(4, os.availableParallelism())),
  /**
   * NOK_MIN_ORGS: a region with fewer organizations (in a year and sphere) is «мало данных»: it keeps
   * its mean and interval but gets no place and no «выше/ниже» (docs/methodology.md, «Сравнение
   * регионов»). Whole number 2–1000, default 5.
   */
  minOrgs: z.coerce
    .number({ error: 'ожидается целое число от 2 до 1000' })
    .int({ error: 'ожидается целое число от 2 до 1000' })
    .min(2, { error: 'ожидается целое число от 2 до 1000' })
    .max(1000, { error: 'ожидается целое число от 2 до 1000' })
    .default(5),
  /**
   * NOK_GEOJSON: path to a GeoJSON FeatureCollection of Russia's regions (WGS 84 degrees) for the
   * geographic map on «Баллы НОК» (docs/loading.md, «Географическая карта»). Default: not set —
   * no geographic map anywhere, the tile map only. Checked at start-up: the file must exist;
   * its contents are read and matched to regions when the site is built.
   */
  geojson: z
    .string()
    .optional()
    .superRefine((p, ctx) => {
      if (p === undefined) return;
      if (!fs.existsSync(p)) ctx.addIssue({ code: 'custom', message: `файл не найден: ${p}` });
      else if (!fs.statSync(p).isFile()) ctx.addIssue({ code: 'custom', message: `${p} — папка, а нужен файл GeoJSON` });
    }),
});
export type Config = z.infer<typeof Config>;

/** Environment variable of a setting whose name is not simply NOK_<NAME>. */
const ENV_NAME: Record<string, string> = { zeroDenominator: 'NOK_ZERO_DENOMINATOR', geojson: 'NOK_GEOJSON', memoryLimit: 'NOK_MEMORY_LIMIT', minOrgs: 'NOK_MIN_ORGS', modelWorkers: 'NOK_MODEL_WORKERS' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = Config.safeParse({
    warehouse: env.NOK_WAREHOUSE || undefined,
    sources: env.NOK_SOURCES || undefined,
    downloads: env.NOK_DOWNLOADS || undefined,
    site: env.NOK_SITE || undefined,
    port: env.NOK_PORT || undefined,
    zeroDenominator: env.NOK_ZERO_DENOMINATOR || undefined,
    geojson: env.NOK_GEOJSON || undefined,
    memoryLimit: env.NOK_MEMORY_LIMIT || undefined,
    minOrgs: env.NOK_MIN_ORGS || undefined,
    modelWorkers: env.NOK_MODEL_WORKERS || undefined,
  });
  if (!r.success) {
    throw new UserError(`Неверная настройка окружения: ${r.error.issues.map((i) => `${ENV_NAME[String(i.path[0])] ?? `NOK_${String(i.path[0]).toUpperCase()}`}: ${i.message}`).join('; ')}`);
  }
  const c = r.data;
  return {
    ...c,
    warehouse: path.resolve(c.warehouse),
    sources: path.resolve(c.sources),
    downloads: path.resolve(c.downloads),
    site: path.resolve(c.site),
    geojson: c.geojson === undefined ? undefined : path.resolve(c.geojson),
  };
}

/**
 * The share of NOK_MEMORY_LIMIT given to DuckDB's own `memory_limit` in a build (and in any
 * database the project opens with NOK_MEMORY_LIMIT set, such as the generator's). DuckDB's limit bounds only
 * its buffer manager; some operations allocate past it (DuckDB's guide to out-of-memory errors
 * advises a limit well below the memory there is). Loading a 2 GB questionnaire file (24,4 M rows)
 * with DuckDB at 4 GB peaked at 4,4–6,7 GB (nine runs); at 2,9 GB, at 3,5–3,7 GB
 * (docs/benchmarks.md, 06.12.2026). The models run at this share too; with one model at a time the
 * build reopens the database between models once the process holds more than half of it
 * (RunOptions.reopenAboveRss).
 */
export const DUCKDB_MEMORY_SHARE = 0.7;

/** DuckDB's `memory_limit` for a build whose budget is `budget` (NOK_MEMORY_LIMIT): `4GB` → `2800MB`. */
export function duckdbMemoryLimit(budget: string): string {
  const m = parseMemory(budget);
  if (!m) throw new Error(`duckdbMemoryLimit: «${budget}» is not a memory size`);
  return `${Math.round((m.bytes * DUCKDB_MEMORY_SHARE) / 1e6)}MB`;
}
