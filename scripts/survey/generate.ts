/**
 * The bundled survey of regional authorities (FORMATS.md §1, seed 002 of the
 * 2023 report) — rebuilt from the report's facts plus synthetic values, with a
 * fixed seed, so the file can be regenerated and audited:
 *
 *   npx tsx scripts/survey/generate.ts            # writes sources/survey_regions/data/
 *   npx tsx scripts/survey/generate.ts --check    # only prints how the targets are met
 *
 * Inputs (reviewable tables, not code paths):
 *   scripts/survey/facts.csv — every value the report names: region, authority
 *     (sphere), column, year, value, the figure it comes from (or its sentence), a note;
 *   sources/report_figures/data/part1_organizations.csv, part2_survey.csv — the
 *     report's published figures: their sentences, and the aggregates the
 *     synthetic part must meet (see TARGETS below for which and how).
 *
 * Outputs: survey_2023.csv (one row per authority, per-year columns for
 * 2021–2023), its sidecar survey_2023.csv.meta.json ("synthetic": "per-cell")
 * and _survey_2023.provenance.csv: every cell (row as Excel shows it, canonical
 * column, year) is `report` with its sentence, or `synthetic`.
 *
 * Provenance rule: a cell is `report` when the report states that value for that
 * region (a year the report does not name is the generator's choice, written in the
 * facts' note); the region cell is `report` for regions the report names anywhere in
 * this part; everything else — timestamps, authority names, unnamed regions' values,
 * the placement of named values among regions and years — is `synthetic`.
 *
 * The statistical unit of the report's cost figures is taken to be the region-year,
 * pooled over 2021–2023, counting region-years with a paid contract (price > 0;
 * Северная Осетия and Еврейская АО worked free of charge in some years — the report's
 * minimum of 3.7 thousand shows zeros were left out). The report's five cost means
 * cannot all hold together on one set of region-years (see COST_NOTE): the generator
 * meets every one except the mean cost per organization, which it brings as low as it can.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './rng.ts';
import { toCsv } from './csv.ts';
import { readCsvObjects } from '../../pipelines/ingest/read.ts';
import { fitSum, splitInteger, assignMethods, countMethods, sum, type MethodCode, type Bounded } from './calibrate.ts';
import survey from '../../sources/survey_regions/schema.ts';
import { answerOf } from '../../sources/survey_categories/schema.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export const SEED = 20230918;
export const YEARS = [2021, 2022, 2023] as const;
type Year = (typeof YEARS)[number];

export const FILES = {
  facts: path.join(here, 'facts.csv'),
  regions: path.join(root, 'sources', 'regions', 'regions.csv'),
  figures: [path.join(root, 'sources', 'report_figures', 'data', 'part1_organizations.csv'), path.join(root, 'sources', 'report_figures', 'data', 'part2_survey.csv')],
  outDir: path.join(root, 'sources', 'survey_regions', 'data'),
  data: 'survey_2023.csv',
  provenance: '_survey_2023.provenance.csv',
};

export const COST_NOTE =
  'Средние отчёта (623,5 тыс. руб. НМЦК, 378 тыс. руб. цена контракта, 21 организация, 5 839 руб. на организацию) при минимуме цены 3,7 тыс. руб. и максимуме 1,391 млн руб. ' +
  'не выполняются одновременно ни на каком наборе субъекто-лет: при средней цене 378 тыс. руб. и 21 организации среднее отношений «цена / организации» не может быть ниже ≈ 6 293 руб. ' +
  '(задача линейного программирования по распределению пар «организаций, руб. на организацию» с этими ограничениями), а при 5 839 руб. среднее число организаций не может быть меньше ≈ 22,6. ' +
  'Генератор выполняет все цифры, кроме средней стоимости одной организации, и держит её как можно ниже.';

/** Aggregates of the report the synthetic part meets (published figure ids in parentheses). */
export const TARGETS = {
  /** Part 1: regional-subordination total «более 3,6 тыс.» (orgs_regional_total): the generator makes it 3 652. */
  orgsRegionalTotal: 3652,
  /** Named largest (98+) and smallest (≤ 9) counts bound the unnamed ones. */
  orgsRegionalRange: [10, 97] as const,
  /** 396 municipal organizations in 13 regions, 61 with none (orgs_municipal_total, regions_with_municipal, regions_without_municipal); 6 of 80 no answer. */
  orgsMunicipalTotal: 396,
  regionsWithMunicipal: 13,
  regionsWithoutMunicipal: 61,
  /** Non-state «1,4 тыс.» (orgs_nonstate_total): 1 412; zero only in the regions the report lists. */
  orgsNonstateTotal: 1412,
  /** Cost means (cost.*): region-years with a paid contract, pooled over 2021–2023. */
  plannedMeanRub: 623_500,
  actualMeanRub: 378_000,
  orgsAssessedMean: 21,
  costPerOrgMinRub: 249,
  costPerOrgMaxRub: 62_700,
  costPerRespondentMeanRub: 488,
  /** Region-years without an answer on costs (all 80 regions answered for at least one year). */
  missingRegionYears: 9,
  /** Figure 10 (procurement.*): regions using each method, of 74 answering each year. */
  methodsAnswered: 74,
  methods: {
    2021: { auction: 19, sole_supplier: 35, quotation: 6, open_contest: 6, other: 8 },
    2022: { auction: 14, sole_supplier: 41, quotation: 6, open_contest: 10, other: 6 },
    2023: { auction: 18, sole_supplier: 35, quotation: 7, open_contest: 11, other: 5 },
  } satisfies Record<Year, Record<MethodCode, number>>,
  /** Figure 11 (control.*), of 79: the three «Иное» are named. */
  control: { tz_requirements: 33, formal_check: 19, selective_check: 17, working_group: 7 },
  /** Figure 12 (online.*), of 79. */
  online: { none: 45, own_tool: 23, bus_gov: 7, regional_it: 3, treasury: 1 },
  /** Figure 13 (online_paper.*): shares 0.2 / 0.2 / 0.171 / 0.429 are sevenths of 35 — one more region than the 34 with requirements. */
  onlinePaper: { online20: 7, online40: 7, online60: 6, online80: 15 },
};

// the answers as the questionnaire prints them: sources/survey_categories/categories.csv
const CONTROL_TEXT = answerOf('control_form') as Record<keyof typeof TARGETS.control, string>;
const ONLINE_TEXT = {
  ...answerOf('online_tool'),
  // as FORMATS.md writes it, with a Latin «c»: the loader must match it
  treasury: answerOf('online_tool')['treasury']!.replace('с использованием', 'c использованием'),
} as Record<keyof typeof TARGETS.online, string>;
const PAPER_TEXT = answerOf('online_paper_ratio') as Record<keyof typeof TARGETS.onlinePaper, string>;
const METHOD_TEXT = answerOf('procurement_method') as Record<Exclude<MethodCode, 'other'>, string>;
const SPHERE_TEXT = { social: 'социальное обслуживание', health: 'здравоохранение', education: 'образование' } as const;
type Sphere = keyof typeof SPHERE_TEXT;
const AUTHORITY_NAME: Record<Sphere, string> = {
  social: 'Орган исполнительной власти в сфере социальной защиты населения',
  health: 'Орган исполнительной власти в сфере охраны здоровья',
  education: 'Орган исполнительной власти в сфере образования',
};
/** A synthetic «Иное» answer (2021 has 8 «Иное», the report names 6 regions). */
const OTHER_UNSPECIFIED = 'Иное: способ не уточнён';
/** A programme region the report does not name (49 − 39 named outside the budget list). */
const PROGRAMME_UNNAMED = 'государственная программа субъекта (наименование не указано)';

export interface Fact {
  region_code: string;
  region: string;
  sphere: string;
  column: string;
  year: string;
  value: string;
  figure_id: string;
  quote: string;
  note: string;
}

export interface Provenance {
  kind: 'report' | 'synthetic';
  quote?: string;
}

interface Authority {
  region: string;
  sphere: Sphere;
  cells: Map<string, { value: string | number | null; prov: Provenance }>;
}

const SYN: Provenance = { kind: 'synthetic' };
const key = (column: string, year?: number): string => (year ? `${column}:${year}` : column);

export interface Generated {
  header: string[];
  rows: (string | number | null)[][];
  provenance: { row: number; column: string; year: number | null; kind: string; quote: string | null }[];
  checks: Check[];
  /** Region-year cost values after the sum over authorities, for tests. */
  regionYears: RegionYear[];
}

export interface Check {
  name: string;
  target: string;
  achieved: string;
  ok: boolean;
  /** A check the report's own figures make impossible: reported, not enforced. */
  relaxed?: boolean;
}

export interface RegionYear {
  region: string;
  year: Year;
  planned: number | null;
  actual: number | null;
  orgs: number | null;
  respondents: number | null;
}

export async function loadFacts(file = FILES.facts): Promise<Fact[]> {
  return (await readCsvObjects(file)).rows as unknown as Fact[];
}

export async function loadFigures(files = FILES.figures): Promise<Map<string, Record<string, string>>> {
  const m = new Map<string, Record<string, string>>();
  for (const f of files) for (const r of (await readCsvObjects(f)).rows) m.set(r['Идентификатор']!, r);
  return m;
}

export async function generate(seed = SEED): Promise<Generated> {
  const rng = new Rng(seed);
  const facts = await loadFacts();
  const figures = await loadFigures();
  const regions = (await readCsvObjects(FILES.regions)).rows;
  const regionName = new Map(regions.map((r) => [r.region_code!, r.short_name!]));
  const quoteOf = (f: Fact): string => {
    if (f.quote) return f.quote;
    const fig = figures.get(f.figure_id);
    if (!fig) throw new Error(`facts.csv: нет цифры отчёта ${f.figure_id}`);
    return fig['Цитата']!;
  };
  const reportProv = (f: Fact): Provenance => ({ kind: 'report', quote: quoteOf(f) });

  // ── participants: 85 subjects before 2022, minus the five the report lists, minus the assumed one
  const pre2022 = regions.filter((r) => !r.joined_year || Number(r.joined_year) < 2022).map((r) => r.region_code!);
  const notPart = new Set(facts.filter((f) => f.column === 'participation').map((f) => f.region_code));
  const socialRegions = pre2022.filter((c) => !notPart.has(c));
  const extra = facts.filter((f) => f.column === 'authority');
  const spelled = new Map<string, string>();
  for (const f of facts) if (f.region && !spelled.has(f.region_code)) spelled.set(f.region_code, f.region);
  const namedIn = new Map<string, Fact>();
  for (const f of facts) if (f.column !== 'participation' && !namedIn.has(f.region_code)) namedIn.set(f.region_code, f);
  const spell = (code: string): string => spelled.get(code) ?? regionName.get(code)!;

  const authorities: Authority[] = [];
  const auth = new Map<string, Authority>();
  const mk = (region: string, sphere: Sphere): Authority => {
    const a: Authority = { region, sphere, cells: new Map() };
    authorities.push(a);
    auth.set(`${region}/${sphere}`, a);
    const named = namedIn.get(region);
    set(a, 'region_code', spell(region), named ? reportProv(named) : SYN);
    set(a, 'authority_name', `${AUTHORITY_NAME[sphere]}: ${regionName.get(region)}`, SYN);
    const sphereFact = extra.find((f) => f.region_code === region && f.sphere === sphere);
    set(a, 'sphere', SPHERE_TEXT[sphere], sphereFact ? reportProv(sphereFact) : SYN);
    return a;
  };
  function set(a: Authority, column: string, value: string | number | null, prov: Provenance, year?: number): void {
    a.cells.set(key(column, year), { value, prov });
  }
  for (const r of socialRegions) mk(r, 'social');
  for (const f of extra) mk(f.region_code, f.sphere as Sphere);
  const allRegions = [...new Set(authorities.map((a) => a.region))].sort();
  const social = (r: string): Authority => auth.get(`${r}/social`)!;
  const mainAuthority = (r: string): Authority => auth.get(`${r}/social`) ?? authorities.find((a) => a.region === r)!;

  // facts by (region, sphere, column)
  const factOf = (region: string, sphere: string, column: string): Fact | undefined =>
    facts.find((f) => f.region_code === region && (f.sphere || 'social') === sphere && f.column === column);

  // ── part 1: organization counts (social authorities only; the extra authorities answer about their own sector)
  const socialList = socialRegions;
  const reg = new Map<string, number>();
  {
    const items: Bounded[] = socialList.map((r) => {
      const f = factOf(r, 'social', 'orgs_regional');
      return f ? { value: Number(f.value), lo: Number(f.value), hi: Number(f.value), fixed: true } : { value: Math.round(rng.lognormal(42, 0.45)), lo: TARGETS.orgsRegionalRange[0], hi: TARGETS.orgsRegionalRange[1] };
    });
    const v = fitSum(items, TARGETS.orgsRegionalTotal, rng);
    socialList.forEach((r, i) => {
      reg.set(r, v[i]!);
      const f = factOf(r, 'social', 'orgs_regional');
      set(social(r), 'orgs_regional', v[i]!, f ? reportProv(f) : SYN);
    });
  }
  {
    const named = socialList.filter((r) => factOf(r, 'social', 'orgs_municipal'));
    const others = rng.shuffle(socialList.filter((r) => !named.includes(r)));
    const withMun = others.slice(0, TARGETS.regionsWithMunicipal - named.length);
    const zero = others.slice(withMun.length, withMun.length + TARGETS.regionsWithoutMunicipal);
    const items: Bounded[] = [...named.map((r) => ({ value: Number(factOf(r, 'social', 'orgs_municipal')!.value), lo: 0, hi: 0, fixed: true })), ...withMun.map(() => ({ value: rng.int(4, 40), lo: 2, hi: 54 }))];
    const v = fitSum(items, TARGETS.orgsMunicipalTotal, rng);
    named.forEach((r, i) => set(social(r), 'orgs_municipal', v[i]!, reportProv(factOf(r, 'social', 'orgs_municipal')!)));
    withMun.forEach((r, i) => set(social(r), 'orgs_municipal', v[named.length + i]!, SYN));
    for (const r of zero) set(social(r), 'orgs_municipal', 0, SYN);
    for (const r of socialList) if (!social(r).cells.has('orgs_municipal')) set(social(r), 'orgs_municipal', null, SYN);
  }
  {
    const items: Bounded[] = socialList.map((r) => {
      const f = factOf(r, 'social', 'orgs_nonstate');
      return f ? { value: 0, lo: 0, hi: 0, fixed: true } : { value: Math.max(1, Math.round(rng.lognormal(reg.get(r)! * 0.45, 0.6))), lo: 1, hi: 120 };
    });
    const v = fitSum(items, TARGETS.orgsNonstateTotal, rng);
    socialList.forEach((r, i) => {
      const f = factOf(r, 'social', 'orgs_nonstate');
      set(social(r), 'orgs_nonstate', v[i]!, f ? reportProv(f) : SYN);
    });
  }
  for (const a of authorities.filter((x) => x.sphere !== 'social')) {
    for (const c of ['orgs_regional', 'orgs_municipal', 'orgs_nonstate']) {
      const f = factOf(a.region, a.sphere, c);
      set(a, c, f ? Number(f.value) : null, f ? reportProv(f) : SYN);
    }
  }

  // ── costs per region-year (then split among a region's authorities)
  const costFacts = facts.filter((f) => ['planned_rub', 'actual_rub'].includes(f.column));
  const fixedCost = (r: string, y: number, c: string): Fact | undefined => costFacts.find((f) => f.region_code === r && Number(f.year) === y && f.column === c);
  const free = new Map<string, Set<number>>([
    ['15', new Set(YEARS)], // Северная Осетия: «на безвозмездной основе»
    ['79', new Set([2021, 2022])], // Еврейская АО: «договор на безвозмездное оказание услуг» (2023: paid)
  ]);
  const size = (r: string): number =>
    (reg.get(r) ?? 0) + (r === '40' ? 45 : 0) + (auth.has(`${r}/health`) && r !== '40' ? 30 : 0) + (auth.has(`${r}/education`) ? 35 : 0);
  const nonstate = (r: string): number => Number(social(r)?.cells.get('orgs_nonstate')?.value ?? 0);
  // the extremes the report names, and the two synthetic ones for the per-organization minimum and maximum
  const MIN_PER_ORG = { region: '31', year: 2023 as Year, orgs: 20, actual: 4980 }; // Белгородская: 4 980 руб. / 20 = 249 руб. (under its 5 000 руб. НМЦК)
  const MAX_PER_ORG = { region: '83', year: 2023 as Year, orgs: 2, actual: 125_400 }; // Ненецкий АО: 125 400 руб. / 2 = 62 700 руб.
  const forcedSmall = new Set(['92', '31', '83']);
  const BIG = 24;
  const big = new Set([
    ...allRegions.filter((r) => !forcedSmall.has(r) && !free.has(r)).sort((a, b) => size(b) - size(a) || a.localeCompare(b)).slice(0, BIG),
    '77',
    '40',
  ]);
  const candidatesMissing = allRegions.filter((r) => !big.has(r) && !forcedSmall.has(r) && !free.has(r) && !costFacts.some((f) => f.region_code === r) && !auth.has(`${r}/education`) && !auth.has(`${r}/health`));
  const missing = new Set(rng.sample(candidatesMissing, TARGETS.missingRegionYears).map((r, i) => `${r}/${i < 6 ? 2021 : 2022}`));

  interface Obs { region: string; year: Year; big: boolean; zero: boolean; orgs: number; actual: number; planned: number; resp: number; fixedOrgs?: boolean; fixedActual?: boolean; fixedPlanned?: boolean }
  const obs: Obs[] = [];
  for (const r of allRegions) {
    for (const y of YEARS) {
      if (missing.has(`${r}/${y}`)) continue;
      const isBig = big.has(r);
      const zero = free.get(r)?.has(y) ?? false;
      const s = Math.max(2, size(r));
      const o: Obs = {
        region: r,
        year: y,
        big: isBig,
        zero,
        orgs: isBig ? Math.max(2, Math.round(s * rng.uniform(0.45, 0.8))) : Math.min(12, Math.max(3, Math.round(s * rng.uniform(0.1, 0.22)))),
        actual: 0,
        planned: 0,
        resp: 0,
      };
      obs.push(o);
    }
  }
  const find = (r: string, y: number): Obs => obs.find((o) => o.region === r && o.year === y)!;
  for (const p of [MIN_PER_ORG, MAX_PER_ORG]) Object.assign(find(p.region, p.year), { orgs: p.orgs, actual: p.actual, fixedOrgs: true, fixedActual: true });
  for (const f of costFacts) {
    const o = find(f.region_code, Number(f.year));
    if (f.column === 'actual_rub') Object.assign(o, { actual: Number(f.value), fixedActual: true });
    else Object.assign(o, { planned: Number(f.value), fixedPlanned: true });
  }
  find('31', 2023).planned = 5000;
  const paid = obs.filter((o) => !o.zero);
  const maxActual = Math.max(...costFacts.filter((f) => f.column === 'actual_rub').map((f) => Number(f.value)));
  const minActual = Math.min(...costFacts.filter((f) => f.column === 'actual_rub').map((f) => Number(f.value)));
  const maxPlanned = Math.max(...costFacts.filter((f) => f.column === 'planned_rub').map((f) => Number(f.value)));
  const minPlanned = Math.min(...costFacts.filter((f) => f.column === 'planned_rub').map((f) => Number(f.value)));
  // organizations assessed: mean 21 over paid region-years (the small contracts keep their counts; the large ones are fitted)
  {
    const v = fitSum(
      paid.map((o) => (o.fixedOrgs || !o.big ? { value: o.orgs, lo: o.orgs, hi: o.orgs, fixed: true } : { value: o.orgs, lo: o.region === '77' ? 30 : 5, hi: Math.max(6, size(o.region) + nonstate(o.region)) })),
      TARGETS.orgsAssessedMean * paid.length,
      rng,
    );
    paid.forEach((o, i) => (o.orgs = v[i]!));
  }
  // contract prices: mean 378 thousand; per organization strictly inside (249; 62 700). Small contracts
  // (a few thousand roubles, as the report's minima show) stay as drawn; the large ones are fitted.
  {
    const rLo = TARGETS.costPerOrgMinRub + 11;
    const rHi = TARGETS.costPerOrgMaxRub - 700;
    for (const o of paid) {
      if (o.fixedActual) continue;
      o.actual = o.big ? o.orgs * rng.lognormal(19_000, 0.25) : Math.round(Math.min(60_000, Math.max(minActual + rng.uniform(100, 2_500), o.orgs * rng.lognormal(850, 0.3))) / 10) * 10;
    }
    const v = fitSum(
      paid.map((o) =>
        o.fixedActual || !o.big
          ? { value: o.actual, lo: o.actual, hi: o.actual, fixed: true }
          : { value: o.actual, lo: Math.max(200_000, o.orgs * rLo), hi: Math.min(Math.round(maxActual * rng.uniform(0.8, 0.995)), o.orgs * rHi) },
      ),
      TARGETS.actualMeanRub * paid.length,
      rng,
      10,
    );
    paid.forEach((o, i) => (o.actual = v[i]!));
  }
  // planned prices (НМЦК): mean 623.5 thousand; each at least the contract price
  {
    for (const o of paid) if (!o.fixedPlanned) o.planned = o.actual * (o.big ? rng.uniform(1.2, 2.3) : rng.uniform(1.1, 2.0));
    const v = fitSum(
      paid.map((o) =>
        o.fixedPlanned || (o.region === MIN_PER_ORG.region && o.year === MIN_PER_ORG.year)
          ? { value: o.planned, lo: o.planned, hi: o.planned, fixed: true }
          : { value: o.planned, lo: Math.max(o.actual, minPlanned + 100), hi: maxPlanned - 10_000 },
      ),
      TARGETS.plannedMeanRub * paid.length,
      rng,
      100,
    );
    paid.forEach((o, i) => (o.planned = v[i]!));
  }
  // respondents: mean cost per respondent 488 руб.
  {
    const rpr = paid.map((o) => (o.big ? rng.lognormal(1_000, 0.3) : rng.lognormal(260, 0.4)));
    const fitted = fitSum(rpr.map((x) => ({ value: x, lo: 40, hi: 5_000 })), TARGETS.costPerRespondentMeanRub * paid.length, rng, 0);
    paid.forEach((o, i) => (o.resp = Math.max(2 * o.orgs, Math.round(o.actual / fitted[i]!))));
    // integer respondents: nudge until the mean is within 0.2 руб.
    const target = TARGETS.costPerRespondentMeanRub * paid.length;
    for (let it = 0; it < 20_000; it++) {
      const cur = sum(paid.map((o) => o.actual / o.resp));
      const gap = cur - target;
      if (Math.abs(gap) < 0.2 * paid.length * 0.5) break;
      const o = paid[rng.int(0, paid.length - 1)]!;
      const next = o.resp + (gap > 0 ? 1 : -1);
      if (next < 2 * o.orgs) continue;
      const change = o.actual / next - o.actual / o.resp;
      if (Math.abs(gap + change) < Math.abs(gap)) o.resp = next;
    }
  }
  for (const o of obs.filter((x) => x.zero)) {
    o.orgs = Math.max(3, Math.round(size(o.region) * rng.uniform(0.2, 0.4)));
    o.resp = o.orgs * rng.int(20, 60);
  }

  // split region-years among the region's authorities (Крым: three, Самарская: two)
  const shares: Record<Sphere, number> = { social: 0.62, health: 0.23, education: 0.15 };
  for (const r of allRegions) {
    const as = authorities.filter((a) => a.region === r);
    const w = as.map((a) => (as.length === 1 ? 1 : shares[a.sphere]));
    for (const y of YEARS) {
      const o = obs.find((x) => x.region === r && x.year === y);
      if (!o) {
        for (const a of as) for (const c of ['planned_rub', 'actual_rub', 'orgs_assessed', 'respondents']) set(a, c, null, SYN, y);
        continue;
      }
      const act = splitInteger(o.actual, w);
      const plan = splitInteger(o.planned, w).map((p, i) => Math.max(p, act[i]!));
      const shift = sum(plan) - o.planned; // keep the region's planned sum
      if (shift) plan[0]! -= shift;
      const orgs = splitInteger(o.orgs, w).map((x) => Math.max(1, x));
      const oshift = sum(orgs) - o.orgs;
      if (oshift) orgs[0]! -= oshift;
      const resp = splitInteger(o.resp, w);
      as.forEach((a, i) => {
        const fp = factOf(r, a.sphere, 'planned_rub');
        const fa = factOf(r, a.sphere, 'actual_rub');
        set(a, 'planned_rub', plan[i]!, fp && Number(fp.year) === y ? reportProv(fp) : SYN, y);
        set(a, 'actual_rub', act[i]!, fa && Number(fa.year) === y ? reportProv(fa) : SYN, y);
        set(a, 'orgs_assessed', orgs[i]!, SYN, y);
        set(a, 'respondents', Math.max(resp[i]!, orgs[i]!), SYN, y);
      });
    }
  }
  // respondents after the split may have been raised to the organization count: re-read region sums
  const regionYears: RegionYear[] = [];
  for (const r of allRegions) {
    for (const y of YEARS) {
      const as = authorities.filter((a) => a.region === r);
      const val = (c: string): number | null => {
        const vs = as.map((a) => a.cells.get(key(c, y))?.value).filter((v): v is number => typeof v === 'number');
        return vs.length ? sum(vs) : null;
      };
      regionYears.push({ region: r, year: y, planned: val('planned_rub'), actual: val('actual_rub'), orgs: val('orgs_assessed'), respondents: val('respondents') });
    }
  }

  // ── procurement methods per year: 74 regions answer; «Иное» and open contests are placed first
  const otherFacts = facts.filter((f) => f.column === 'procurement_methods');
  const weightFacts = facts.filter((f) => f.column === 'price_weight');
  const methodRegions = allRegions.filter((r) => auth.has(`${r}/social`));
  const namedSomewhere = new Set([...otherFacts, ...weightFacts].map((f) => f.region_code));
  const notAnswering = new Set(['15', '40', ...rng.sample(methodRegions.filter((r) => !namedSomewhere.has(r) && r !== '15' && !big.has(r)), 80 - TARGETS.methodsAnswered - 2)]);
  const answering = methodRegions.filter((r) => !notAnswering.has(r));
  const extraOther2021 = rng.sample(answering.filter((r) => !namedSomewhere.has(r) && !big.has(r)), TARGETS.methods[2021].other - otherFacts.length);
  const weightRegions = weightFacts.map((f) => f.region_code);
  const extraContest = rng.sample(answering.filter((r) => !namedSomewhere.has(r) && !extraOther2021.includes(r) && big.has(r)), TARGETS.methods[2023].open_contest - weightRegions.length);
  const otherByYear: Record<Year, string[]> = {
    2021: [...otherFacts.map((f) => f.region_code), ...extraOther2021],
    2022: otherFacts.map((f) => f.region_code),
    2023: otherFacts.map((f) => f.region_code).filter((r) => !free.has(r)), // Еврейская АО pays in 2023
  };
  const contestByYear: Record<Year, string[]> = {
    2021: rng.sample(weightRegions, TARGETS.methods[2021].open_contest),
    2022: [...weightRegions, ...extraContest.slice(0, TARGETS.methods[2022].open_contest - weightRegions.length)],
    2023: [...weightRegions, ...extraContest],
  };
  const methods = new Map<string, Map<string, MethodCode[]>>();
  for (const y of YEARS) {
    const t = TARGETS.methods[y];
    if (otherByYear[y].length !== t.other || contestByYear[y].length !== t.open_contest) throw new Error(`методы ${y}: «Иное»/конкурс не сходятся с рисунком 10`);
    const price = new Map(regionYears.filter((x) => x.year === y && x.actual !== null).map((x) => [x.region, x.actual!]));
    methods.set(String(y), assignMethods({ answering, other: otherByYear[y], contest: contestByYear[y], counts: { auction: t.auction, quotation: t.quotation, sole_supplier: t.sole_supplier }, price }, rng));
  }
  for (const a of authorities) {
    for (const y of YEARS) {
      const ms = a.sphere === 'social' ? methods.get(String(y))!.get(a.region) : undefined;
      if (!ms) {
        set(a, 'procurement_methods', null, SYN, y);
        continue;
      }
      const fact = otherFacts.find((f) => f.region_code === a.region);
      const text = ms.map((m) => (m === 'other' ? (fact ? fact.value : OTHER_UNSPECIFIED) : METHOD_TEXT[m])).join('; ');
      set(a, 'procurement_methods', text, ms.length === 1 && ms[0] === 'other' && fact ? reportProv(fact) : SYN, y);
    }
  }

  // ── one-off answers of the social authorities (the extra authorities answered costs and funding only)
  const socialAuthorities = authorities.filter((a) => a.sphere === 'social');
  const fundingFacts = facts.filter((f) => f.column === 'funding_source');
  for (const a of authorities) {
    const f = fundingFacts.find((x) => x.region_code === a.region && (x.sphere || 'social') === a.sphere);
    if (f) set(a, 'funding_source', f.value, reportProv(f));
    else if (a.sphere === 'social' || !auth.has(`${a.region}/social`)) set(a, 'funding_source', PROGRAMME_UNNAMED, SYN);
    else set(a, 'funding_source', null, SYN);
  }
  const weightQuote = figures.get('contest_weight.regions')!['Цитата']!;
  for (const a of authorities) {
    const f = weightFacts.find((x) => x.region_code === a.region && a.sphere === 'social');
    // «показали в 8 субъектах»: an empty weight elsewhere is what the report says
    set(a, 'price_weight', f ? f.value : null, f ? reportProv(f) : a.sphere === 'social' ? { kind: 'report', quote: weightQuote } : SYN);
  }
  {
    const named = facts.filter((f) => f.column === 'control_form');
    const rest = rng.shuffle(socialAuthorities.filter((a) => !named.some((f) => f.region_code === a.region)));
    const forms = Object.entries(TARGETS.control).flatMap(([k, n]) => Array<string>(n).fill(CONTROL_TEXT[k as keyof typeof CONTROL_TEXT]));
    if (forms.length !== rest.length) throw new Error(`формы контроля: ${forms.length} ответов на ${rest.length} органов`);
    rest.forEach((a, i) => set(a, 'control_form', forms[i]!, SYN));
    for (const f of named) set(social(f.region_code), 'control_form', f.value, reportProv(f));
  }
  {
    const refusals = facts.filter((f) => f.column === 'refusal_experience');
    const none = figures.get('refusal.none.regions')!['Цитата']!;
    for (const a of socialAuthorities) {
      const f = refusals.find((x) => x.region_code === a.region);
      const reason = facts.find((x) => x.column === 'refusal_reasons' && x.region_code === a.region);
      set(a, 'refusal_experience', f ? f.value : 'Нет', f ? reportProv(f) : { kind: 'report', quote: none });
      set(a, 'refusal_reasons', reason ? reason.value : null, reason ? reportProv(reason) : { kind: 'report', quote: none });
    }
  }
  {
    const tools = rng.shuffle(Object.entries(TARGETS.online).flatMap(([k, n]) => Array<string>(n).fill(k)));
    if (tools.length !== socialAuthorities.length) throw new Error(`онлайн-инструменты: ${tools.length} ответов на ${socialAuthorities.length} органов`);
    const order = rng.shuffle(socialAuthorities);
    order.forEach((a, i) => set(a, 'online_tools', ONLINE_TEXT[tools[i] as keyof typeof ONLINE_TEXT], SYN));
    const withReq = order.filter((_, i) => tools[i] !== 'none');
    const noReq = order.filter((_, i) => tools[i] === 'none');
    const ratioAnswer = [...withReq, ...rng.sample(noReq, 1)]; // 35 answers: one region without requirements still gave a split
    const ratios = rng.shuffle(Object.entries(TARGETS.onlinePaper).flatMap(([k, n]) => Array<string>(n).fill(k)));
    if (ratios.length !== ratioAnswer.length) throw new Error(`онлайн/бумага: ${ratios.length} ответов на ${ratioAnswer.length} органов`);
    ratioAnswer.forEach((a, i) => set(a, 'online_paper_ratio', PAPER_TEXT[ratios[i] as keyof typeof PAPER_TEXT], SYN));
    for (const a of socialAuthorities) if (!a.cells.has('online_paper_ratio')) set(a, 'online_paper_ratio', null, SYN);
  }
  for (const a of authorities.filter((x) => x.sphere !== 'social')) {
    for (const c of ['control_form', 'refusal_experience', 'refusal_reasons', 'online_tools', 'online_paper_ratio']) set(a, c, null, SYN);
  }
  // timestamps: 30 August – 18 September 2023
  const t0 = Date.UTC(2023, 7, 30, 9, 0, 0);
  const t1 = Date.UTC(2023, 8, 18, 18, 0, 0);
  for (const a of authorities) set(a, 'submitted_at', Math.round(rng.uniform(t0, t1) / 1000) * 1000, SYN);

  // ── the file: one row per authority, in the order the form received them
  const cols = survey.columnsInfo;
  const header: string[] = [];
  const layout: { column: string; year?: Year }[] = [];
  const rowCols = cols.filter((c) => !c.perYear);
  const yearCols = cols.filter((c) => c.perYear);
  const first = ['submitted_at', 'region_code', 'authority_name', 'sphere', 'orgs_regional', 'orgs_municipal', 'orgs_nonstate'];
  for (const n of first) layout.push({ column: n });
  for (const y of YEARS) for (const c of yearCols) layout.push({ column: c.name, year: y });
  for (const c of rowCols) if (!first.includes(c.name)) layout.push({ column: c.name });
  for (const l of layout) {
    const c = cols.find((x) => x.name === l.column)!;
    header.push(l.year ? c.headers[0]!.replace('{year}', String(l.year)) : c.headers[0]!);
  }
  const ordered = [...authorities].sort((a, b) => Number(a.cells.get('submitted_at')!.value) - Number(b.cells.get('submitted_at')!.value));
  const rows: (string | number | null)[][] = [];
  const provenance: Generated['provenance'] = [];
  ordered.forEach((a, i) => {
    const excelRow = i + 2;
    rows.push(
      layout.map((l) => {
        const c = a.cells.get(key(l.column, l.year));
        if (!c) throw new Error(`нет значения ${l.column} ${l.year ?? ''} для ${a.region}/${a.sphere}`);
        provenance.push({ row: excelRow, column: l.column, year: l.year ?? null, kind: c.prov.kind, quote: c.prov.quote ?? null });
        return l.column === 'submitted_at' ? formatTimestamp(Number(c.value)) : c.value;
      }),
    );
  });

  const checks = checkTargets({ regionYears, authorities, methods, figures });
  return { header, rows, provenance, checks, regionYears };
}

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}.${p(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** The report's aggregates recomputed from what the generator made (region level). The warehouse tests recompute them again in SQL. */
function checkTargets(x: { regionYears: RegionYear[]; authorities: Authority[]; methods: Map<string, Map<string, MethodCode[]>>; figures: Map<string, Record<string, string>> }): Check[] {
  const out: Check[] = [];
  const push = (name: string, target: number, achieved: number, tol: number, relaxed = false): void => {
    out.push({ name, target: fmt(target), achieved: fmt(achieved), ok: Math.abs(achieved - target) <= tol, ...(relaxed ? { relaxed } : {}) });
  };
  const paid = x.regionYears.filter((r) => (r.actual ?? 0) > 0);
  const planned = x.regionYears.filter((r) => (r.planned ?? 0) > 0);
  const mean = (xs: number[]): number => sum(xs) / xs.length;
  const fig = (id: string): number => Number(x.figures.get(id)!['Значение']);
  push('регионов, ответивших о стоимости', fig('cost.regions_answered'), new Set(x.regionYears.filter((r) => r.actual !== null).map((r) => r.region)).size, 0);
  push('средняя НМЦК, тыс. руб.', fig('cost.planned.mean'), mean(planned.map((r) => r.planned!)) / 1000, 0.05);
  push('минимальная НМЦК, тыс. руб.', fig('cost.planned.min'), Math.min(...planned.map((r) => r.planned!)) / 1000, 0.5);
  push('максимальная НМЦК, млн руб.', fig('cost.planned.max'), Math.max(...planned.map((r) => r.planned!)) / 1e6, 0.0005);
  push('средняя цена контракта, тыс. руб.', fig('cost.actual.mean'), mean(paid.map((r) => r.actual!)) / 1000, 0.5);
  push('минимальная цена контракта, тыс. руб.', fig('cost.actual.min'), Math.min(...paid.map((r) => r.actual!)) / 1000, 0.05);
  push('максимальная цена контракта, млн руб.', fig('cost.actual.max'), Math.max(...paid.map((r) => r.actual!)) / 1e6, 0.0005);
  push('НМЦК / цена, раз', fig('cost.planned_to_actual'), mean(planned.map((r) => r.planned!)) / mean(paid.map((r) => r.actual!)), 0.05);
  push('среднее число организаций', fig('cost.orgs_assessed.mean'), mean(paid.map((r) => r.orgs!)), 0.5);
  const perOrg = paid.map((r) => r.actual! / r.orgs!);
  push('средняя стоимость на организацию, тыс. руб. (недостижимо вместе с остальными)', fig('cost.per_org.mean'), mean(perOrg) / 1000, 0.0005, true);
  push('минимальная стоимость на организацию, руб.', fig('cost.per_org.min'), Math.min(...perOrg), 0.5);
  push('максимальная стоимость на организацию, тыс. руб.', fig('cost.per_org.max'), Math.max(...perOrg) / 1000, 0.05);
  push('средняя стоимость на респондента, руб.', fig('cost.per_respondent.mean'), mean(paid.map((r) => r.actual! / r.respondents!)), 0.5);
  const minPlanned = planned.reduce((a, b) => (b.planned! < a.planned! ? b : a));
  const maxActual = paid.reduce((a, b) => (b.actual! > a.actual! ? b : a));
  out.push({ name: 'минимум НМЦК — Белгородская область', target: '31', achieved: minPlanned.region, ok: minPlanned.region === '31' });
  out.push({ name: 'максимум цены — Москва', target: '77', achieved: maxActual.region, ok: maxActual.region === '77' });
  for (const [y, m] of x.methods) {
    const c = countMethods(m);
    for (const [k, n] of Object.entries(TARGETS.methods[Number(y) as Year])) push(`способ ${k}, ${y}`, n, c[k as MethodCode], 0);
    push(`ответили о способе, ${y}`, TARGETS.methodsAnswered, m.size, 0);
  }
  const soc = x.authorities.filter((a) => a.sphere === 'social');
  const count = (c: string, pred: (v: unknown) => boolean): number => soc.filter((a) => pred(a.cells.get(c)?.value)).length;
  push('организаций регионального подчинения', TARGETS.orgsRegionalTotal, sum(soc.map((a) => Number(a.cells.get('orgs_regional')?.value ?? 0))), 0);
  push('муниципальных организаций', fig('orgs_municipal_total'), sum(soc.map((a) => Number(a.cells.get('orgs_municipal')?.value ?? 0))), 0);
  push('субъектов с муниципальными', fig('regions_with_municipal'), count('orgs_municipal', (v) => typeof v === 'number' && v > 0), 0);
  push('субъектов без муниципальных', fig('regions_without_municipal'), count('orgs_municipal', (v) => v === 0), 0);
  push('негосударственных организаций, тыс.', fig('orgs_nonstate_total') / 1000, sum(soc.map((a) => Number(a.cells.get('orgs_nonstate')?.value ?? 0))) / 1000, 0.05);
  push('отказов в приёмке', fig('refusal.regions'), count('refusal_experience', (v) => v === 'Да'), 0);
  push('соотношение онлайн/бумага: ответов', 35, count('online_paper_ratio', (v) => typeof v === 'string'), 0);
  return out;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

export function writeFiles(g: Generated, outDir = FILES.outDir): void {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, FILES.data), toCsv(g.header, g.rows));
  fs.writeFileSync(
    path.join(outDir, FILES.provenance),
    toCsv(['row', 'column', 'year', 'kind', 'quote'], g.provenance.map((p) => [p.row, p.column, p.year, p.kind, p.quote])),
  );
  const meta = {
    synthetic: 'per-cell',
    description:
      'Опрос органов власти субъектов РФ 2023 года (макет FORMATS.md §1), восстановленный по аналитическому отчёту 2023 года: значения, которые называет отчёт, — с цитатой; остальные синтетические, подобраны так, чтобы выполнялись итоговые цифры отчёта, где они совместимы друг с другом. ' +
      'Происхождение каждой ячейки — в _survey_2023.provenance.csv. ' + COST_NOTE,
    generator: 'scripts/survey/generate.ts',
    seed: SEED,
    provenance: FILES.provenance,
  };
  fs.writeFileSync(path.join(outDir, FILES.data + '.meta.json'), JSON.stringify(meta, null, 2) + '\n');
}

function printChecks(checks: Check[]): void {
  for (const c of checks) process.stderr.write(`${c.ok ? 'ok  ' : c.relaxed ? 'РАЗН' : 'НЕТ '} ${c.name}: цель ${c.target}, получено ${c.achieved}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const g = await generate();
    printChecks(g.checks);
    const failed = g.checks.filter((c) => !c.ok && !c.relaxed);
    if (failed.length) {
      process.stderr.write(`Генератор не выполнил целей отчёта: ${failed.length} — файлы не записаны.\n`);
      process.exit(1);
    }
    if (!process.argv.includes('--check')) {
      writeFiles(g);
      process.stderr.write(`Записано: ${path.relative(process.cwd(), path.join(FILES.outDir, FILES.data))} (${g.rows.length} строк), ${FILES.provenance} (${g.provenance.length} ячеек)\n`);
    }
  } catch (e) {
    process.stderr.write(`Ошибка генератора: ${(e as Error).message}\n`);
    process.exit(1);
  }
}
