/**
 * Configuration from the environment, validated at start-up. Every setting
 * has a default that works on the bundled data.
 */
import path from 'node:path';
import { z } from 'zod';
import { paths } from './paths.ts';
import { UserError } from './errors.ts';

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
});
export type Config = z.infer<typeof Config>;

/** Environment variable of a setting whose name is not simply NOK_<NAME>. */
const ENV_NAME: Record<string, string> = { zeroDenominator: 'NOK_ZERO_DENOMINATOR' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = Config.safeParse({
    warehouse: env.NOK_WAREHOUSE || undefined,
    sources: env.NOK_SOURCES || undefined,
    downloads: env.NOK_DOWNLOADS || undefined,
    site: env.NOK_SITE || undefined,
    port: env.NOK_PORT || undefined,
    zeroDenominator: env.NOK_ZERO_DENOMINATOR || undefined,
  });
  if (!r.success) {
    throw new UserError(`Неверная настройка окружения: ${r.error.issues.map((i) => `${ENV_NAME[String(i.path[0])] ?? `NOK_${String(i.path[0]).toUpperCase()}`}: ${i.message}`).join('; ')}`);
  }
  const c = r.data;
  return { ...c, warehouse: path.resolve(c.warehouse), sources: path.resolve(c.sources), downloads: path.resolve(c.downloads), site: path.resolve(c.site) };
}
