/**
 * Synthetic NOK data for all 89 regions, generated in DuckDB SQL: organizations,
 * the operator's observations (layout 5), respondent questionnaires (layout 4),
 * the published results (layout 3) computed from them, and the years in which
 * regions adopted practice themes (with planted effects, planted.ts).
 *
 * Every random number is a hash of (seed, what it is for, whose it is), so the
 * output is the same for the same seed whatever the thread count, and the
 * national size streams out through COPY without rows passing through JavaScript.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Db, lit } from '../../pipelines/lib/duck.ts';
import { log, fmtInt, fmtSec } from '../../pipelines/lib/log.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { PLANTED, MOVED, PLANTED_ADOPTION, plantedEffect } from './planted.ts';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { themeVocabulary } from '../../sources/theme_adoption/schema.ts';

export interface SizeSpec {
  /** Organizations over all regions (each assessed every year). */
  orgs: number;
  /** Fewest organizations of a region. */
  minPerRegion: number;
  /** Respondents per organization and year: from, span (uniform). */
  respFrom: number;
  respSpan: number;
}

export const SIZES: Record<'small' | 'national', SizeSpec> = {
  small: { orgs: 1800, minPerRegion: 8, respFrom: 6, respSpan: 20 },
  national: { orgs: 150_000, minPerRegion: 150, respFrom: 6, respSpan: 19 },
};

/**
 * Approximate population of each region, thousands (rounded, for the sizes of the
 * synthetic data only: organizations per region ∝ population^0.8 with some noise).
 */
const POPULATION_K: Record<string, number> = { '01': 500, '02': 4000, '03': 975, '04': 210, '05': 3200, '06': 510, '07': 900, '08': 265, '09': 470, '10': 530, '11': 730, '12': 670, '13': 770, '14': 1000, '15': 680, '16': 4000, '17': 335, '18': 1450, '19': 530, '20': 1550, '21': 1180, '22': 2130, '23': 5800, '24': 2850, '25': 1850, '26': 2900, '27': 1280, '28': 760, '29': 970, '30': 950, '31': 1530, '32': 1150, '33': 1330, '34': 2450, '35': 1130, '36': 2300, '37': 920, '38': 2350, '39': 1030, '40': 1070, '41': 290, '42': 2580, '43': 1130, '44': 570, '45': 770, '46': 1080, '47': 2030, '48': 1120, '49': 135, '50': 8600, '51': 660, '52': 3100, '53': 580, '54': 2780, '55': 1830, '56': 1840, '57': 700, '58': 1250, '59': 2500, '60': 590, '61': 4150, '62': 1090, '63': 3150, '64': 2400, '65': 460, '66': 4250, '67': 880, '68': 960, '69': 1220, '70': 1050, '71': 1500, '72': 1600, '73': 1200, '74': 3400, '75': 1000, '76': 1200, '77': 13100, '78': 5600, '79': 150, '83': 42, '86': 1730, '87': 48, '89': 510, '90': 500, '91': 1900, '92': 550, '93': 2200, '94': 1400, '95': 300 };

export const YEARS = [2019, 2020, 2021, 2022, 2023];
export const DEFAULT_SEED = 20231;

/** Spheres: share of organizations, items required on stands and websites, share of respondents with a disability, level shift. */
const SPHERES = [
  { sphere: 'образование', share: 0.45, stand: 12, site: 40, disab: 0.08, adj: 0, name: 'МБОУ «Средняя общеобразовательная школа № {n}»' },
  { sphere: 'культура', share: 0.22, stand: 10, site: 35, disab: 0.07, adj: 0.01, name: 'МБУК «Центр культуры и досуга № {n}»' },
  { sphere: 'социальное обслуживание', share: 0.12, stand: 15, site: 45, disab: 0.35, adj: 0.005, name: 'ГБУ СО «Комплексный центр социального обслуживания населения № {n}»' },
  { sphere: 'охрана здоровья', share: 0.14, stand: 14, site: 45, disab: 0.2, adj: -0.02, name: 'ГБУЗ «Городская поликлиника № {n}»' },
  { sphere: 'физическая культура и спорт', share: 0.07, stand: 10, site: 30, disab: 0.05, adj: -0.005, name: 'МБУ «Спортивная школа № {n}»' },
];

/** Baseline level of each latent probability (before organization, region, sphere and year terms). */
const BASE: Record<string, number> = {
  p_info: 0.88, p_ch: 0.62, p13: 0.93,
  p21: 0.86, p22: 0.93, p23: 0.92,
  p31: 0.72, p32: 0.68, p33: 0.86,
  p41: 0.955, p42: 0.955, p43: 0.94,
  p51: 0.925, p52: 0.935, p53: 0.93,
};

export interface GenerateOptions {
  size: 'small' | 'national';
  seed: number;
  /** Sources folder: writes <out>/{nok_results,questionnaires,observations,theme_adoption}/data. */
  out: string;
  /** Scratch folder for DuckDB spill files. */
  tmpDir?: string;
  /** Other sizes than the named ones (the benchmark's 1 and 3 million questionnaires); overrides `size`. */
  spec?: SizeSpec;
}

export interface GenerateSummary {
  regions: number;
  orgs: number;
  results: number;
  questionnaires: number;
  observations: number;
  adoptions: number;
  ms: number;
  files: string[];
}

async function readRegions(): Promise<{ code: string; name: string }[]> {
  return (await RegionIndex.load()).regions().map((r) => ({ code: r.region_code, name: r.short_name }));
}

export async function generate(opts: GenerateOptions): Promise<GenerateSummary> {
  const t0 = Date.now();
  const spec = opts.spec ?? SIZES[opts.size];
  const S = opts.seed;
  const regions = await readRegions();
  const { codes: themes } = themeVocabulary();
  for (const p of PLANTED) if (!themes.includes(p.theme)) throw new Error(`planted theme ${p.theme} is not in themes.csv`);
  const tmpDir = opts.tmpDir ?? path.join(paths.tmp, `generate-${process.pid}`);
  fs.mkdirSync(tmpDir, { recursive: true });
  const db = await Db.open(':memory:', { temp_directory: tmpDir, preserve_insertion_order: 'false' });
  const files: string[] = [];
  try {
    // u(...) uniform in [0, 1); nz(...) standard normal (Box–Muller on two hashes)
    await db.run(`CREATE MACRO u(a, b, c, d) AS hash(${S}, a, b, c, d)::DOUBLE / 18446744073709551616.0`);
    await db.run(`CREATE MACRO nz(a, b, c) AS sqrt(-2 * ln(greatest(u(a, b, c, 1), 1e-12))) * cos(2 * pi() * u(a, b, c, 2))`);
    await db.run(`CREATE MACRO binom(n, p, a, b, c) AS list_sum(list_transform(range(n::BIGINT), i -> (u(a, b, c, i) < p)::INTEGER))`);

    await db.run(`CREATE TABLE region AS SELECT * FROM (VALUES ${regions.map((r) => `(${lit(r.code)}, ${lit(r.name)}, ${POPULATION_K[r.code] ?? 1000})`).join(', ')}) t(region_code, region_name, population_k)`);
    await db.run(`CREATE TABLE sphere AS SELECT * FROM (VALUES ${SPHERES.map((s, i) => `(${i}, ${lit(s.sphere)}, ${s.share}, ${s.stand}, ${s.site}, ${s.disab}, ${s.adj}, ${lit(s.name)})`).join(', ')})
      t(sphere_id, sphere, share, stand_required, site_required, p_disab, adj, name_tpl)`);
    await db.run(`CREATE TABLE years AS SELECT unnest([${YEARS.join(', ')}]) AS year`);

    // 1. regions: size weight (by population), quality level; theme adoption (≈30 % of region-theme pairs; a few before the panel)
    await db.run(`CREATE TABLE reg AS SELECT region_code, region_name,
        pow(population_k, 0.8) * exp(0.2 * nz('reg_w', region_code, 0)) AS w, nz('reg_q', region_code, 0) AS zq
      FROM region`);
    await db.run(`CREATE TABLE theme AS SELECT unnest([${themes.map(lit).join(', ')}]) AS theme`);
    // planted themes: most regions, staggered over PLANTED_ADOPTION.years, none before the panel
    const plantedThemes = PLANTED.map((p) => lit(p.theme)).join(', ');
    const py = PLANTED_ADOPTION.years;
    await db.run(`CREATE TABLE adoption AS
      SELECT region_code, theme,
        CASE WHEN u('adopt_pre', region_code, theme, 0) < 0.08 THEN 2016 + floor(u('adopt_y', region_code, theme, 0) * 3)::INTEGER
             ELSE 2020 + floor(u('adopt_y', region_code, theme, 1) * 3)::INTEGER END AS adoption_year
      FROM reg, theme
      WHERE u('adopt', region_code, theme, 0) < 0.3 AND theme NOT IN (${plantedThemes})
      UNION ALL
      SELECT region_code, theme, ${py[0]} + floor(u('adopt_planted_y', region_code, theme, 0) * ${py.length})::INTEGER AS adoption_year
      FROM reg, theme
      WHERE u('adopt_planted', region_code, theme, 0) < ${PLANTED_ADOPTION.share} AND theme IN (${plantedThemes})`);
    // the planted effect of each theme by adoption year and year (plantedEffect of planted.ts)
    await db.run(`CREATE TABLE planted AS SELECT * FROM (VALUES ${PLANTED.flatMap((p) => py.flatMap((a) => YEARS.map((y) => `(${lit(p.theme)}, ${lit(p.criterion)}, ${a}, ${y}, ${plantedEffect(p, a, y)}, ${MOVED[p.criterion].weightSum})`))).join(', ')})
      t(theme, criterion, adoption_year, year, effect, weight_sum)`);
    // shift of each criterion's latent probabilities in a region and year (from the year after adoption on)
    await db.run(`CREATE TABLE shift AS
      SELECT r.region_code, y.year,
        ${['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => `coalesce(sum(CASE WHEN p.criterion = '${k}' THEN p.effect / (100 * p.weight_sum) END), 0) AS d_${k}`).join(',\n        ')}
      FROM reg r CROSS JOIN years y
      LEFT JOIN adoption a ON a.region_code = r.region_code
      LEFT JOIN planted p ON p.theme = a.theme AND p.adoption_year = a.adoption_year AND p.year = y.year
      GROUP BY ALL`);
    const maxShift: Record<string, number> = {};
    for (const k of ['k1', 'k2', 'k3', 'k4', 'k5'] as const) {
      maxShift[k] = PLANTED.filter((p) => p.criterion === k).reduce((a, p) => a + Math.max(...py.flatMap((ay) => YEARS.map((y) => plantedEffect(p, ay, y)))) / (100 * MOVED[k].weightSum), 0);
    }

    // 2. organizations: count per region by weight (at least minPerRegion), sphere, quality, website, data kind
    await db.run(`CREATE TABLE reg_n AS
      SELECT region_code, region_name, zq,
        greatest(${spec.minPerRegion}, round(${spec.orgs} * w / sum(w) OVER ())::INTEGER) AS n_orgs
      FROM reg`);
    await db.run(`CREATE TABLE org AS
      WITH o AS (
        SELECT region_code, region_name, zq, k, u('sphere', region_code, k, 0) AS us
        FROM reg_n, range(n_orgs) t(k)
      ), cum AS (
        SELECT sphere_id, sphere, stand_required, site_required, p_disab, adj, name_tpl,
          sum(share) OVER (ORDER BY sphere_id) - share AS lo, sum(share) OVER (ORDER BY sphere_id) AS hi
        FROM sphere
      ), digits AS (
        SELECT o.*, c.sphere, c.stand_required, c.site_required, c.p_disab, c.adj, c.name_tpl,
          region_code || lpad(((k * 7919 + 1234567) % 10000000)::VARCHAR, 7, '0') AS inn9
        FROM o JOIN cum c ON o.us >= c.lo AND o.us < c.hi
      )
      SELECT region_code, region_name, k, sphere, stand_required, site_required, p_disab, adj,
        inn9 || (((2 * inn9[1]::INT + 4 * inn9[2]::INT + 10 * inn9[3]::INT + 3 * inn9[4]::INT + 5 * inn9[5]::INT
                  + 9 * inn9[6]::INT + 4 * inn9[7]::INT + 6 * inn9[8]::INT + 8 * inn9[9]::INT) % 11) % 10)::VARCHAR AS inn,
        replace(name_tpl, '{n}', (k + 1)::VARCHAR) AS org_name,
        zq, nz('org_q', inn9, 0) AS zo,
        u('site', inn9, 0, 0) >= 0.05 AS has_site,
        CASE WHEN u('kind', inn9, 0, 0) < 0.10 THEN 'results_only'
             WHEN u('kind', inn9, 0, 0) < 0.13 THEN 'computed_only' ELSE 'both' END AS data_kind
      FROM digits`);

    // 3. organization-years: latent probabilities of each indicator
    const lat = (name: string, crit: 'k1' | 'k2' | 'k3' | 'k4' | 'k5', orgW: number): string => {
      const cap = (0.99 - maxShift[crit]!).toFixed(6);
      const moved = MOVED[crit].latents.includes(name);
      return `least(${cap}, greatest(0.2, ${BASE[name]} + ${orgW} * o.zo + 0.02 * o.zq + o.adj + 0.006 * (y.year - ${YEARS[0]})
          + 0.008 * nz('shock_${crit}', o.region_code, y.year))) ${moved ? `+ s.d_${crit}` : ''} AS ${name}`;
    };
    await db.run(`CREATE TABLE org_year AS
      SELECT o.region_code, o.region_name, o.inn, o.org_name, o.sphere, o.stand_required, o.site_required, o.p_disab, o.has_site, o.data_kind, y.year,
        ${lat('p_info', 'k1', 0.03)}, ${lat('p13', 'k1', 0.025)},
        least(0.95, greatest(0.1, ${BASE.p_ch} + 0.08 * o.zo)) AS p_ch,
        ${lat('p21', 'k2', 0.04)}, ${lat('p22', 'k2', 0.025)}, ${lat('p23', 'k2', 0.025)},
        ${lat('p31', 'k3', 0.06)}, ${lat('p32', 'k3', 0.06)}, ${lat('p33', 'k3', 0.03)},
        ${lat('p41', 'k4', 0.015)}, ${lat('p42', 'k4', 0.015)}, ${lat('p43', 'k4', 0.02)},
        ${lat('p51', 'k5', 0.025)}, ${lat('p52', 'k5', 0.02)}, ${lat('p53', 'k5', 0.025)},
        ${spec.respFrom} + floor(u('n_resp', o.inn, y.year, 0) * ${spec.respSpan + 1})::INTEGER AS n_resp
      FROM org o CROSS JOIN years y JOIN shift s ON s.region_code = o.region_code AND s.year = y.year
      WHERE u('assessed', o.inn, y.year, 0) >= 0.03`);

    // 4. observations (layout 5): items present ~ Binomial(required, p); conditions ~ Binomial(5, p)
    await db.run(`CREATE TABLE obs AS
      SELECT year, inn, sphere,
        binom(stand_required, p_info, 'stand', inn, year) AS stand_present, stand_required,
        CASE WHEN has_site THEN binom(site_required, p_info, 'site', inn, year) ELSE 0 END AS site_present, site_required,
        binom(6, p_ch, 'channels', inn, year) AS remote_channels,
        binom(5, p21, 'comfort', inn, year) AS comfort_conditions,
        binom(5, p31, 'premises', inn, year) AS premises_conditions,
        binom(5, p32, 'service', inn, year) AS service_conditions
      FROM org_year WHERE data_kind <> 'results_only'`);
    // a few organizations report more comfort conditions than the five the formula counts
    await db.run(`UPDATE obs SET comfort_conditions = 6 WHERE comfort_conditions = 5 AND u('comfort6', inn, year, 0) < 0.1`);

    // 5. questionnaires (layout 4): one row per respondent; ≈1.5 % of answers empty; rare gate contradictions
    const ans = (q: string, p: string, extra = 'TRUE'): string =>
      `CASE WHEN NOT (${extra}) OR u('skip_${q}', inn, year, r) < 0.015 THEN NULL ELSE u('${q}', inn, year, r) < ${p} END`;
    await db.run(`CREATE TABLE q_raw AS
      SELECT year, inn, sphere, r,
        CASE WHEN sphere = 'социальное обслуживание' THEN ['стационарная', 'полустационарная', 'на дому'][1 + floor(u('form', inn, 0, 0) * 3)::INTEGER] END AS service_form,
        ${ans('q1', '0.6')} AS q1,
        ${ans('q3', 'CASE WHEN has_site THEN 0.5 ELSE 0 END')} AS q3,
        ${ans('q5', 'p22', `sphere IN ('социальное обслуживание', 'охрана здоровья')`)} AS q5,
        ${ans('q6', 'p23')} AS q6,
        ${ans('q7', 'p_disab')} AS q7,
        ${ans('q9', 'p41')} AS q9,
        ${ans('q10', 'p42')} AS q10,
        ${ans('q11', '0.35')} AS q11,
        ${ans('q13', 'p51')} AS q13,
        ${ans('q14', 'p52')} AS q14,
        ${ans('q15', 'p53')} AS q15,
        p13, p33, p43
      FROM org_year, range(n_resp) t(r)
      WHERE data_kind <> 'results_only'`);
    const follow = (q: string, gate: string, p: string): string =>
      `CASE WHEN ${gate} THEN (CASE WHEN u('skip_${q}', inn, year, r) < 0.015 THEN NULL ELSE u('${q}', inn, year, r) < ${p} END)
            WHEN ${gate} = FALSE AND u('contra_${q}', inn, year, r) < 0.003 THEN TRUE END AS ${q}`;
    await db.run(`CREATE TABLE quest AS
      SELECT year, inn, sphere, r, service_form, q1, ${follow('q2', 'q1', 'p13')}, q3, ${follow('q4', 'q3', 'p13')},
        q5, q6, q7, ${follow('q8', 'q7', 'p33')}, q9, q10, q11, ${follow('q12', 'q11', 'p43')}, q13, q14, q15
      FROM q_raw`);
    await db.run('DROP TABLE q_raw');

    // 6. results (layout 3): computed from the questionnaires and observations by the method of
    //    METHODOLOGY.md (zero denominator: the indicator is left out and the criterion's weights
    //    renormalised — the engine's default); organizations with results only get the expected
    //    values of their latent probabilities plus noise.
    await db.run(`CREATE TABLE qa AS
      SELECT year, inn, count(*) AS n,
        count(*) FILTER (q1 AND q2 IS NOT NULL) AS s_n, count(*) FILTER (q1 AND q2) AS s_y,
        count(*) FILTER (q3 AND q4 IS NOT NULL) AS w_n, count(*) FILTER (q3 AND q4) AS w_y,
        count(q5) AS t_n, count(*) FILTER (q5) AS t_y,
        count(q6) AS c_n, count(*) FILTER (q6) AS c_y,
        count(*) FILTER (q7 AND q8 IS NOT NULL) AS d_n, count(*) FILTER (q7 AND q8) AS d_y,
        count(q9) AS a_n, count(*) FILTER (q9) AS a_y,
        count(q10) AS b_n, count(*) FILTER (q10) AS b_y,
        count(*) FILTER (q11 AND q12 IS NOT NULL) AS r_n, count(*) FILTER (q11 AND q12) AS r_y,
        count(q13) AS e_n, count(*) FILTER (q13) AS e_y,
        count(q14) AS f_n, count(*) FILTER (q14) AS f_y,
        count(q15) AS g_n, count(*) FILTER (q15) AS g_y
      FROM quest GROUP BY ALL`);
    await db.run(`CREATE MACRO sh(y, n) AS CASE WHEN n > 0 THEN 100.0 * y / n END`);
    await db.run(`CREATE MACRO wavg(v1, w1, v2, w2, v3, w3) AS
      (coalesce(v1 * w1, 0) + coalesce(v2 * w2, 0) + coalesce(v3 * w3, 0))
      / nullif((CASE WHEN v1 IS NULL THEN 0 ELSE w1 END) + (CASE WHEN v2 IS NULL THEN 0 ELSE w2 END) + (CASE WHEN v3 IS NULL THEN 0 ELSE w3 END), 0)`);
    await db.run(`CREATE TABLE computed AS
      WITH ind AS (
        SELECT oy.region_name, oy.region_code, oy.org_name, oy.data_kind, o.year, o.inn, o.sphere, qa.n,
          (coalesce(sh(o.stand_present, o.stand_required), 0) * (o.stand_required > 0)::INT + coalesce(sh(o.site_present, o.site_required), 0) * (o.site_required > 0)::INT)
            / nullif((o.stand_required > 0)::INT + (o.site_required > 0)::INT, 0) AS i11,
          least(100, 30 * o.remote_channels) AS i12,
          (coalesce(sh(s_y, s_n), 0) + coalesce(sh(w_y, w_n), 0)) / nullif((s_n > 0)::INT + (w_n > 0)::INT, 0) AS i13,
          least(100, 20 * o.comfort_conditions) AS i21, sh(t_y, t_n) AS i22, sh(c_y, c_n) AS i23,
          least(100, 20 * o.premises_conditions) AS i31, least(100, 20 * o.service_conditions) AS i32, sh(d_y, d_n) AS i33,
          sh(a_y, a_n) AS i41, sh(b_y, b_n) AS i42, sh(r_y, r_n) AS i43,
          sh(e_y, e_n) AS i51, sh(f_y, f_n) AS i52, sh(g_y, g_n) AS i53
        FROM obs o JOIN qa USING (year, inn) JOIN org_year oy USING (year, inn)
      ), k AS (
        SELECT *, wavg(i11, 0.3, i12, 0.3, i13, 0.4) AS k1,
          CASE WHEN sphere IN ('социальное обслуживание', 'охрана здоровья') THEN wavg(i21, 0.3, i22, 0.4, i23, 0.3) ELSE wavg(i21, 0.5, i23, 0.5, NULL, 0) END AS k2,
          wavg(i31, 0.3, i32, 0.4, i33, 0.3) AS k3, wavg(i41, 0.4, i42, 0.4, i43, 0.2) AS k4, wavg(i51, 0.3, i52, 0.2, i53, 0.5) AS k5
        FROM ind
      )
      SELECT year, region_name, sphere, inn, org_name, data_kind, k1, k2, k3, k4, k5, (k1 + k2 + k3 + k4 + k5) / 5 AS total, n AS respondents FROM k`);
    await db.run(`CREATE TABLE expected AS
      WITH e AS (
        SELECT year, region_name, sphere, inn, org_name,
          0.3 * 100 * p_info + 0.4 * 100 * p13
            -- 1.2: E[min(100; 30n)], n ~ Binomial(6, p_ch)
            + 0.3 * (${[0, 1, 2, 3, 4, 5, 6].map((n) => `${Math.min(100, 30 * n) * [1, 6, 15, 20, 15, 6, 1][n]!} * pow(p_ch, ${n}) * pow(1 - p_ch, ${6 - n})`).join(' + ')}) AS k1,
          CASE WHEN sphere IN ('социальное обслуживание', 'охрана здоровья') THEN 30 * p21 + 40 * p22 + 30 * p23 ELSE 50 * p21 + 50 * p23 END AS k2,
          30 * p31 + 40 * p32 + 30 * p33 AS k3, 40 * p41 + 40 * p42 + 20 * p43 AS k4, 30 * p51 + 20 * p52 + 50 * p53 AS k5,
          n_resp AS respondents
        FROM org_year WHERE data_kind = 'results_only'
      ), noisy AS (
        SELECT year, region_name, sphere, inn, org_name, 'results_only' AS data_kind,
          ${['k1', 'k2', 'k3', 'k4', 'k5'].map((k) => `least(100, greatest(0, ${k} + 1.0 * nz('noise_${k}', inn, year))) AS ${k}`).join(', ')},
          respondents
        FROM e
      )
      SELECT year, region_name, sphere, inn, org_name, data_kind, k1, k2, k3, k4, k5, (k1 + k2 + k3 + k4 + k5) / 5 AS total, respondents FROM noisy`);

    // 7. files
    const meta = (description: string): string =>
      JSON.stringify({ synthetic: true, description, generator: 'scripts/generate/cli.ts', seed: S }, null, 2) + '\n';
    const dirOf = (src: string): string => {
      const d = path.join(opts.out, src, 'data');
      fs.mkdirSync(d, { recursive: true });
      for (const f of fs.readdirSync(d)) if (/\.(csv|xlsx)(\.meta\.json)?$/i.test(f)) fs.rmSync(path.join(d, f));
      return d;
    };
    const copy = async (select: string, file: string, description: string): Promise<void> => {
      await db.run(`COPY (${select}) TO ${lit(file)} (FORMAT csv, HEADER true, DELIMITER ';', QUOTE '"', NULLSTR '')`);
      fs.writeFileSync(file + '.meta.json', meta(description));
      files.push(file);
    };
    const dec = (x: string): string => `replace(printf('%.2f', ${x}), '.', ',')`;
    const resDir = dirOf('nok_results');
    await copy(
      `SELECT year AS "Год проведения оценки", region_name AS "Субъект РФ", sphere AS "Сфера", inn AS "ИНН", org_name AS "Наименование организации",
         ${dec('k1')} AS "Открытость и доступность информации", ${dec('k2')} AS "Комфортность условий", ${dec('k3')} AS "Доступность услуг для инвалидов",
         ${dec('k4')} AS "Доброжелательность, вежливость работников", ${dec('k5')} AS "Удовлетворенность условиями оказания услуг",
         ${dec('total')} AS "Итоговый балл", respondents AS "Количество респондентов"
       FROM (SELECT * FROM computed WHERE data_kind = 'both' UNION ALL SELECT * FROM expected) ORDER BY year, inn`,
      path.join(resDir, 'nok_results.csv'),
      'Синтетические результаты НОК по организациям (макет 3): у большинства организаций рассчитаны по синтетическим анкетам и наблюдениям, у части (≈10 %) — только опубликованные результаты без анкет.',
    );
    const obsDir = dirOf('observations');
    await copy(
      `SELECT year AS "Год", inn AS "ИНН", sphere AS "Сфера", stand_present AS "Информация на стендах: размещено", stand_required AS "Информация на стендах: требуется",
         site_present AS "Информация на сайте: размещено", site_required AS "Информация на сайте: требуется", remote_channels AS "Дистанционные способы обратной связи",
         comfort_conditions AS "Комфортные условия", premises_conditions AS "Доступность помещений и территории", service_conditions AS "Условия доступности услуг"
       FROM obs ORDER BY year, inn`,
      path.join(obsDir, 'observations.csv'),
      'Синтетические наблюдения оператора (макет 5): элементы информации, способы связи, условия комфортности и доступности.',
    );
    const qDir = dirOf('questionnaires');
    const qs = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8', 'q9', 'q10', 'q11', 'q12', 'q13', 'q14', 'q15'];
    const qHeaders: Record<string, string> = {
      q1: 'Q1 Обращались к информации на стендах', q2: 'Q2 Удовлетворены информацией на стендах', q3: 'Q3 Пользовались официальным сайтом',
      q4: 'Q4 Удовлетворены информацией на сайте', q5: 'Q5 Услуга предоставлена своевременно', q6: 'Q6 Удовлетворены комфортностью условий',
      q7: 'Q7 Имеете группу инвалидности', q8: 'Q8 Удовлетворены доступностью для инвалидов', q9: 'Q9 Удовлетворены вежливостью при первичном контакте',
      q10: 'Q10 Удовлетворены вежливостью при оказании услуги', q11: 'Q11 Пользовались дистанционными способами взаимодействия',
      q12: 'Q12 Удовлетворены вежливостью при дистанционном взаимодействии', q13: 'Q13 Готовы рекомендовать организацию',
      q14: 'Q14 Удовлетворены организационными условиями', q15: 'Q15 Удовлетворены условиями в целом',
    };
    for (const y of YEARS) {
      // the first year's file writes Да/Нет, the others 1/0 (both are accepted)
      const b = (q: string): string => (y === YEARS[0] ? `CASE ${q} WHEN TRUE THEN 'Да' WHEN FALSE THEN 'Нет' END` : `${q}::INTEGER`);
      await copy(
        `SELECT year AS "Год", inn AS "ИНН", sphere AS "Сфера", service_form AS "Форма обслуживания", ${qs.map((q) => `${b(q)} AS "${qHeaders[q]}"`).join(', ')}
         FROM quest WHERE year = ${y} ORDER BY inn, r`,
        path.join(qDir, `questionnaires_${y}.csv`),
        `Синтетические анкеты получателей услуг за ${y} год (макет 4).`,
      );
    }
    const adDir = dirOf('theme_adoption');
    await copy(
      `SELECT r.region_name AS "Субъект РФ", a.theme AS "Тема", a.adoption_year AS "Год внедрения" FROM adoption a JOIN region r USING (region_code) ORDER BY region_code, theme`,
      path.join(adDir, 'theme_adoption.csv'),
      `Синтетические годы внедрения тем практик по регионам. Заложенные эффекты растут со временем после внедрения: ${PLANTED.map((p) => `${p.theme} → ${p.criterion} +${p.per_year} балла за каждый год после внедрения`).join('; ')} (у внедривших в 2021 году — ×0,75, в 2022 — ×0,5); у остальных тем эффекта нет.`,
    );

    const count = async (t: string, where = 'TRUE'): Promise<number> => db.value<number>(`SELECT count(*) FROM ${t} WHERE ${where}`);
    const summary: GenerateSummary = {
      regions: regions.length,
      orgs: await count('org'),
      results: (await count('computed', `data_kind = 'both'`)) + (await count('expected')),
      questionnaires: await count('quest'),
      observations: await count('obs'),
      adoptions: await count('adoption'),
      ms: Date.now() - t0,
      files,
    };
    return summary;
  } finally {
    db.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

export function describeSummary(s: GenerateSummary): string {
  return `регионов ${s.regions} · организаций ${fmtInt(s.orgs)} · результатов (макет 3) ${fmtInt(s.results)} · анкет ${fmtInt(s.questionnaires)} · наблюдений ${fmtInt(s.observations)} · внедрений тем ${fmtInt(s.adoptions)} · ${fmtSec(s.ms)}`;
}

export { log };
