/**
 * The resolution brief's builder and templates (common/brief/) on tiny inline marts:
 * every fact is the value of the row and column it cites; a missing mart omits its section with a
 * note; each resolution template fires exactly on its data condition; report figures are shown
 * beside differing ones; synthetic figures are marked; no number reaches the text except through
 * a fact; Markdown and HTML are escaped.
 */
import { describe, it, expect } from 'vitest';
import {
  BRIEF_TABLES,
  TEMPLATES,
  buildBrief,
  briefJson,
  formatReportValue,
  plainText,
  plural,
  renderHtml,
  renderMarkdown,
  type Brief,
  type Row,
  type Tables,
} from '@nok-atlas/common/brief/index.ts';
import { readBriefKeys } from '../../pipelines/brief/keys.ts';
import { briefRelease } from '@nok-atlas/common/release.ts';

/** The marts' keys, from the model contracts (as the CLI and the site build read them). */
const KEYS = readBriefKeys();
const build = (tables: Tables, scope: { region?: string; theme?: string } = {}): Brief => buildBrief(tables, { ...scope, keys: KEYS });

// --- a small, consistent set of marts -------------------------------------------------------------

interface Opts {
  synthetic?: boolean;
  costPerOrg?: number;
  fdMedian?: number;
  onlineNone?: number;
  effect?: { estimate: number; lo: number; hi: number; synthetic?: boolean };
  /** the group-time estimator's columns (issue 15): the check before adoption and the MDE */
  groupTime?: { pretrendOk: boolean | null; mde: number };
  perOrgStatus?: 'match' | 'mismatch';
  practiceTitle?: string;
  /** the region's latest total and rank (of 4 regions) */
  regionTotal?: number;
  regionRank?: number;
  /** marts.nok_region_score.vs_russia of the region's latest year (issue 14's comparison with Russia) */
  vsRussia?: string;
}

function fixture(o: Opts = {}): Record<string, Row[]> {
  const syn = o.synthetic ?? true;
  const cost = o.costPerOrg ?? 3000;
  const fdMed = o.fdMedian ?? 2000;
  const none = o.onlineNone ?? 0.6;
  const eff = o.effect ?? { estimate: 2.5, lo: 1.1, hi: 3.9, synthetic: true };
  const summary = (measure: string, statistic: string, value: number, method = 'direct', region_name: string | null = null): Row => ({
    measure,
    statistic,
    method,
    observation_unit: 'region-year',
    period: '2021–2023',
    is_primary: true,
    value,
    n_regions: 3,
    region_name,
    is_synthetic: syn,
  });
  const recon = (figure_id: string, published_value: number, computed_value: number, unit: string, status = 'match'): Row => ({
    figure_id,
    published_value,
    computed_value,
    unit,
    status,
    is_synthetic: syn,
  });
  return {
    region: [
      { region_code: '77', region_name: 'Москва', federal_district: 'Центральный федеральный округ', federal_district_short: 'ЦФО' },
      { region_code: '16', region_name: 'Республика Татарстан', federal_district: 'Приволжский федеральный округ', federal_district_short: 'ПФО' },
    ],
    reconciliation: [
      recon('participation.regions', 80, 3, 'субъектов', 'mismatch'),
      recon('orgs_regional_total', 3600, 3650, 'организаций'),
      recon('cost.planned.mean', 623.5, 623.5, 'тыс. руб.'),
      recon('cost.per_org.mean', 5.839, 8.743, 'тыс. руб.', o.perOrgStatus ?? 'mismatch'),
      recon('refusal.regions', 2, 1, 'субъектов', 'mismatch'),
      recon('refusal.none.share', 97.5, 95, '%', 'mismatch'),
      recon('practices.received', 100, 2, 'практик', 'mismatch'),
    ],
    operator_cost_summary: [
      summary('planned_rub', 'mean', 623500),
      summary('planned_rub', 'min', 5000, 'direct', 'Москва'),
      summary('planned_rub', 'max', 3678000, 'direct', 'Республика Татарстан'),
      summary('actual_rub', 'mean', 378000),
      summary('actual_rub', 'min', 3700, 'direct', 'Москва'),
      summary('actual_rub', 'max', 1391000, 'direct', 'Республика Татарстан'),
      summary('planned_to_actual', 'ratio', 1.65, 'ratio of means'),
      summary('orgs_assessed', 'mean', 21),
      summary('cost_per_org_rub', 'mean', 8743.25, 'mean of regional ratios'),
      summary('cost_per_org_rub', 'median', 1497.5, 'mean of regional ratios'),
      summary('cost_per_org_rub', 'min', 249, 'mean of regional ratios', 'Москва'),
      summary('cost_per_org_rub', 'max', 62700, 'mean of regional ratios', 'Республика Татарстан'),
      summary('cost_per_respondent_rub', 'mean', 487.9, 'mean of regional ratios'),
      summary('cost_per_respondent_rub', 'median', 290.5, 'mean of regional ratios'),
    ],
    operator_cost_benchmark: [
      {
        region_code: '77',
        region_name: 'Москва',
        federal_district: 'Центральный федеральный округ',
        paid_years: 3,
        free_years: 0,
        paid_year_list: '2021, 2022, 2023',
        cost_per_org_rub: cost,
        fd_cost_per_org_median: fdMed,
        size_cost_per_org_median: 2500,
        all_cost_per_org_median: 1500,
        fd_cost_per_org_rank: 2,
        fd_regions: 2,
        all_cost_per_org_rank: 3,
        all_regions: 3,
        cost_per_respondent_rub: 900,
        fd_cost_per_respondent_median: 300,
        is_synthetic: syn,
      },
    ],
    funding_source_share: [{ category_code: 'programme', category: 'Программа', regions: 2, regions_answered: 3, share: 2 / 3, is_synthetic: syn }],
    procurement_method_share: [
      { year: 2023, method_code: 'sole_supplier', method: 'Закупка у единственного поставщика', regions_using: 2, regions_answered: 3, share: 2 / 3, regions_multiple: 0, sort_order: 2, is_synthetic: syn },
      { year: 2023, method_code: 'open_contest', method: 'Открытый конкурс', regions_using: 1, regions_answered: 3, share: 1 / 3, regions_multiple: 0, sort_order: 4, is_synthetic: syn },
      { year: 2022, method_code: 'sole_supplier', method: 'Закупка у единственного поставщика', regions_using: 1, regions_answered: 3, share: 1 / 3, regions_multiple: 0, sort_order: 2, is_synthetic: syn },
    ],
    procurement_method_use: [{ region_code: '77', year: 2023, method_code: 'open_contest', method: 'Открытый конкурс', is_synthetic: syn }],
    control_form_share: [
      { form_code: 'tz_requirements', form: 'ТЗ', regions: 1, regions_answered: 3, share: 0.4, sort_order: 1, is_synthetic: syn },
      { form_code: 'formal_check', form: 'Формальная', regions: 1, regions_answered: 3, share: 0.25, sort_order: 2, is_synthetic: syn },
      { form_code: 'selective_check', form: 'Выборочная', regions: 1, regions_answered: 3, share: 0.2, sort_order: 3, is_synthetic: syn },
    ],
    acceptance_refusal: [
      { region_code: '16', region_name: 'Республика Татарстан', has_refusal: true, is_synthetic: syn },
      { region_code: '77', region_name: 'Москва', has_refusal: false, is_synthetic: syn },
    ],
    online_tool_share: [
      { requirement_code: 'none', requirement: 'Нет требований', regions: 2, regions_answered: 3, share: none, sort_order: 1, is_synthetic: syn },
      { requirement_code: 'bus_gov', requirement: 'bus.gov.ru', regions: 1, regions_answered: 3, share: 1 - none, sort_order: 3, is_synthetic: syn },
    ],
    online_paper_share: [{ ratio_code: 'online80', ratio: '80±10% онлайн – 20±10% на бумаге', regions: 1, regions_answered: 3, share: 0.3, is_synthetic: syn }],
    survey_participation: [{ region_code: '77', status_ru: 'ответил орган соцзащиты', is_synthetic: syn }],
    survey_authority: [
      { authority_id: '77-social', region_code: '77', authority_name: 'Департамент', funding_answer: 'бюджет', control_form_answer: 'Иное', online_tool_answer: 'Нет', online_tool_code: 'none', is_synthetic: syn },
    ],
    nok_region_score: [
      ...[2022, 2023].map((year, i) => ({
      region_code: '77',
      region_name: 'Москва',
      federal_district_short: 'ЦФО',
      year,
      sphere: 'все сферы',
      n_orgs: 12,
      k1: 88,
      k2: 85,
      k3: 72.9,
      k4: 95.8,
      k5: 91,
      total: i ? (o.regionTotal ?? 86.5) : 86.9,
      total_change: i ? (o.regionTotal ?? 86.5) - 86.9 : null,
      rank_total: o.vsRussia === 'мало данных' ? null : (o.regionRank ?? 4),
      n_regions: 4,
      total_ci_low: (i ? (o.regionTotal ?? 86.5) : 86.9) - 1.2,
      total_ci_high: (i ? (o.regionTotal ?? 86.5) : 86.9) + 1.2,
      vs_russia: i ? (o.vsRussia ?? 'ниже') : 'на уровне',
      rank_low: o.vsRussia === 'мало данных' ? null : Math.max(1, (o.regionRank ?? 4) - 1),
      rank_high: o.vsRussia === 'мало данных' ? null : 4,
      n_regions_ranked: 4,
      is_synthetic: syn,
    })),
      // the region's statistical neighbour
      { region_code: '16', region_name: 'Республика Татарстан', federal_district_short: 'ПФО', year: 2023, sphere: 'все сферы', n_orgs: 30, total: 87.3, total_ci_low: 86.1, total_ci_high: 88.5, rank_total: 3, n_regions: 4, is_synthetic: syn },
    ],
    region_neighbour: [{ region_code: '77', neighbour_code: '16', neighbour_name: 'Республика Татарстан', rank: 1, distance: 0.4, is_synthetic: syn }],
    nok_district_score: [
      ...[2022, 2023].map((year, i) => ({ district: 'РФ', district_name: 'Российская Федерация', year, sphere: 'все сферы', n_orgs: 1801, n_regions: 2, k1: 86, k2: 91, k3: 76.7, k4: 96.6, k5: 94.9, total: 88.2 + i * 0.9, total_change: i ? 0.9 : null, is_synthetic: syn })),
      { district: 'ЦФО', district_name: 'Центральный федеральный округ', year: 2023, sphere: 'все сферы', n_orgs: 432, n_regions: 1, k1: 86, k2: 91, k3: 76, k4: 96, k5: 94, total: 89, is_synthetic: syn },
      { district: 'ПФО', district_name: 'Приволжский федеральный округ', year: 2023, sphere: 'все сферы', n_orgs: 269, n_regions: 1, k1: 86, k2: 91, k3: 76, k4: 96, k5: 94, total: 89.4, is_synthetic: syn },
    ],
    practice: [
      { practice_id: '77-1', region_code: '77', region_name: 'Москва', federal_district_short: 'ЦФО', title: o.practiceTitle ?? 'Прямой диалог с горожанами', type: 'организация и проведение НОК', level: 'организация', sphere: 'социальное обслуживание', description: 'Описание.', metric_count: 1, report_order: 1, is_synthetic: false },
      { practice_id: '16-1', region_code: '16', region_name: 'Республика Татарстан', federal_district_short: 'ПФО', title: 'Обучение клиентоцентричности', type: 'внедрение изменений по результатам НОК', level: 'субъект', sphere: 'социальное обслуживание', description: 'Описание два.', metric_count: 0, report_order: 2, is_synthetic: false },
    ],
    practice_theme: [
      { practice_id: '77-1', theme: 'feedback', theme_title: 'обратная связь от получателей' },
      { practice_id: '16-1', theme: 'staff_training', theme_title: 'обучение персонала' },
    ],
    practice_metric: [{ practice_id: '77-1', metric_no: 1, value: 7519, unit: 'чел.', year: 2023, measures: 'обучено', sentence: 'Обучено 7519 человек.', is_synthetic: false }],
    practice_theme_vocabulary: [
      { theme: 'feedback', theme_title: 'обратная связь от получателей' },
      { theme: 'staff_training', theme_title: 'обучение персонала' },
    ],
    practice_effect: [
      { theme: 'staff_training', theme_title: 'обучение персонала', criterion: 'k4', estimate: eff.estimate, se: 0.5, ci_low: eff.lo, ci_high: eff.hi, is_significant_holm: eff.lo > 0, n_treated_regions: 26, n_control_regions: 61, is_synthetic: eff.synthetic ?? true },
      { theme: 'feedback', theme_title: 'обратная связь от получателей', criterion: 'k5', estimate: 0.02, se: 0.25, ci_low: -0.49, ci_high: 0.53, is_significant_holm: false, n_treated_regions: 25, n_control_regions: 64, is_synthetic: true },
    ].map((e) => (o.groupTime ? { ...e, pretrend_ok: o.groupTime.pretrendOk, pretrend_p_value: o.groupTime.pretrendOk === false ? 0.012 : 0.4, mde: o.groupTime.mde, estimate_twfe: e.estimate } : e)),
  };
}

const rules = (b: Brief): string[] => b.resolution.flatMap((g) => g.items.map((i) => i.rule));

function findRow(tables: Record<string, Row[]>, mart: string, key: Record<string, unknown>): Row[] {
  const name = mart.replace(/^marts\./, '');
  return (tables[name] ?? []).filter((r) => Object.entries(key).every(([k, v]) => (r[k] ?? null) === v));
}

describe('facts trace to their rows', () => {
  for (const scope of [{}, { region: '77' }, { theme: 'staff_training' }, { region: '77', theme: 'feedback' }]) {
    it(`every fact equals the cited column of exactly one row (${JSON.stringify(scope)})`, () => {
      const tables = fixture();
      const json = briefJson(build(tables, scope));
      expect(json.facts.length).toBeGreaterThan(20);
      for (const f of json.facts) {
        const mart = f.mart.replace(/^marts\./, '');
        expect(Object.keys(f.key), f.id).toEqual(KEYS[mart]);
        const rows = findRow(tables, f.mart, f.key);
        expect(rows, f.id).toHaveLength(1);
        expect(rows[0]![f.column] ?? null, f.id).toEqual(f.value);
      }
    });
  }

  it('refs are numbered Ф1… and П1… without gaps, in order of first appearance in the Markdown', () => {
    const b = build(fixture(), { region: '77' });
    const json = briefJson(b);
    expect(json.facts.map((f) => f.ref)).toEqual(json.facts.map((_, i) => `Ф${i + 1}`));
    expect(json.practices.map((p) => p.ref)).toEqual(json.practices.map((_, i) => `П${i + 1}`));
    const md = renderMarkdown(b);
    const body = md.slice(0, md.indexOf('Источники цифр'));
    const firstPos = json.practices.map((p) => body.indexOf(`[${p.ref}]`));
    expect(firstPos.every((p) => p >= 0)).toBe(true);
    expect([...firstPos].sort((a, c) => a - c)).toEqual(firstPos);
  });
});

describe('missing marts', () => {
  it('a section whose mart is absent is replaced by a note naming it; the others stay', () => {
    const tables: Tables = fixture();
    delete tables.practice_effect;
    const b = build(tables, {});
    const eff = b.sections.find((s) => s.id === 'effects')!;
    expect(eff.omitted).toBe(true);
    const md = renderMarkdown(b);
    expect(md).toContain('Раздел появится, когда в хранилище будут витрины marts.practice_effect');
    expect(b.sections.filter((s) => !s.omitted).map((s) => s.id)).toEqual(['survey', 'cost', 'procurement', 'scores', 'practices']);
    expect(rules(b)).not.toContain('spread_effective_themes');
  });

  it('with no marts at all every section is a note and nothing throws', () => {
    const b = build({}, { region: '77', theme: 'feedback' });
    expect(b.sections.every((s) => s.omitted)).toBe(true);
    expect(b.facts.size).toBe(0);
    expect(renderMarkdown(b)).toContain('Данных для формулировок недостаточно');
    expect(BRIEF_TABLES.every((t) => b.missing.includes(t))).toBe(true);
  });
});

describe('resolution templates fire on their conditions', () => {
  it('a region paying above its district median gets the cost item; below half the median, the sufficiency item', () => {
    expect(rules(build(fixture({ costPerOrg: 3000, fdMedian: 2000 }), { region: '77' }))).toContain('cost_above_district');
    const low = rules(build(fixture({ costPerOrg: 900, fdMedian: 2000 }), { region: '77' }));
    expect(low).not.toContain('cost_above_district');
    expect(low).toContain('cost_below_half_district');
    for (const cost of [1500, 2300]) {
      const mid = rules(build(fixture({ costPerOrg: cost, fdMedian: 2000 }), { region: '77' }));
      expect(mid).not.toContain('cost_above_district');
      expect(mid).not.toContain('cost_below_half_district');
    }
    // without a region there is nothing to compare
    expect(rules(build(fixture({ costPerOrg: 3000 }), {}))).not.toContain('cost_above_district');
  });

  it('most regions without online requirements → the online item; a minority → none', () => {
    expect(rules(build(fixture({ onlineNone: 0.6 }), {}))).toContain('online_requirements');
    expect(rules(build(fixture({ onlineNone: 0.4 }), {}))).not.toContain('online_requirements');
  });

  it('a positive effect whose interval excludes zero → «Распространить опыт…» citing the theme’s practices, «по синтетическим данным» when synthetic', () => {
    const b = build(fixture({ effect: { estimate: 2.5, lo: 1.1, hi: 3.9, synthetic: true } }), {});
    const item = b.resolution.flatMap((g) => g.items).find((i) => i.rule === 'spread_effective_themes')!;
    const md = renderMarkdown(b);
    const line = md.split('\n').find((l) => l.includes('Распространить опыт практик темы «обучение персонала»'))!;
    expect(line).toContain('по синтетическим данным');
    const practiceRefs = item.refs.filter((r) => r.startsWith('П'));
    expect(practiceRefs).toHaveLength(1);
    const cited = briefJson(b).practices.find((p) => p.ref === practiceRefs[0]);
    expect(cited?.practice_id).toBe('16-1');

    const real = renderMarkdown(build(fixture({ effect: { estimate: 2.5, lo: 1.1, hi: 3.9, synthetic: false } }), {}));
    expect(real.split('\n').find((l) => l.includes('Распространить опыт практик темы'))).not.toContain('по синтетическим данным');
  });

  it('an interval that includes zero gives no «Распространить опыт», and with that theme chosen asks to measure results', () => {
    const fx = fixture({ effect: { estimate: 0.8, lo: -0.3, hi: 1.9 } });
    expect(rules(build(fx, {}))).not.toContain('spread_effective_themes');
    const themed = build(fx, { theme: 'staff_training' });
    expect(rules(themed)).toContain('measure_unproven_theme');
    expect(renderMarkdown(themed)).toContain('не подтверждено');
    // a negative effect excluding zero is not recommended either
    expect(rules(build(fixture({ effect: { estimate: -2, lo: -3, hi: -1 } }), {}))).not.toContain('spread_effective_themes');
  });

  it('the deficiency item needs the region’s whole 95 % interval below Russia’s mean (vs_russia), not a point below it', () => {
    // the fixture's region: 86.5 against Russia's 89.1
    expect(rules(build(fixture({ vsRussia: 'на уровне' }), { region: '77' }))).not.toContain('region_below_country');
    expect(rules(build(fixture({ vsRussia: 'мало данных' }), { region: '77' }))).not.toContain('region_below_country');
    const b = build(fixture({ vsRussia: 'ниже' }), { region: '77' });
    const item = b.resolution.flatMap((g) => g.items).find((i) => i.rule === 'region_below_country')!;
    expect(plainText(b, item.parts).replace(/\u00a0/g, ' ')).toContain('(86,5; 95-процентный интервал — от 85,3 до 87,7) ниже среднего по России (89,1) с учётом случайных колебаний; 4-е место (возможные места — с 3-го по 4-е) из 4');
  });

  it('the region’s score shows its interval, its place with the range of plausible places, the comparison with Russia and the statistical neighbours', () => {
    const md = renderMarkdown(build(fixture(), { region: '77' })).replace(/\u00a0/g, ' ');
    expect(md).toContain('Средний итоговый балл в 2023 году — 86,5 (95-процентный интервал — от 85,3 до 87,7; 12 организаций); 4-е место (3–4) из 4');
    expect(md).toContain('Сравнение со средним по России с учётом 95-процентного интервала: ниже (весь 95-процентный интервал региона ниже среднего по России)');
    expect(md).toMatch(/Статистические соседи — регионы с похожими условиями .*: Республика Татарстан — 87,3 \(от 86,1 до 88,5\)/);
    const few = renderMarkdown(build(fixture({ vsRussia: 'мало данных' }), { region: '77' }));
    expect(few).toContain('места нет: организаций с баллами слишком мало для сравнения');
    expect(few).not.toMatch(/-е место/);
  });

  it('without the interval columns (an older warehouse) the region line is as before and nothing else is claimed', () => {
    const t = fixture();
    const strip = ['total_ci_low', 'total_ci_high', 'vs_russia', 'rank_low', 'rank_high', 'n_regions_ranked'];
    t.nok_region_score = t.nok_region_score!.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !strip.includes(k))));
    delete t.region_neighbour;
    const b = build(t, { region: '77' });
    const md = renderMarkdown(b).replace(/\u00a0/g, ' ');
    expect(md).toContain('Средний итоговый балл в 2023 году — 86,5 (12 организаций); 4-е место из 4');
    expect(md).not.toContain('интервал региона');
    expect(md).not.toContain('Статистические соседи');
    expect(rules(b)).not.toContain('region_below_country');
  });

  it('a region below the national mean gets the deficiency item; the weakest criterion goes to organizations', () => {
    const b = build(fixture(), { region: '77' });
    expect(rules(b)).toContain('region_below_country');
    const weakest = b.resolution.find((g) => g.addressee === 'organizations')!.items[0]!;
    expect(renderMarkdown(b)).toContain('критерию «Доступность услуг для инвалидов»');
    expect(weakest.refs.length).toBe(2);
  });

  it('every item ends with citations that resolve to listed facts or practices, and cites every figure it contains but years', () => {
    for (const scope of [{}, { region: '77' }, { theme: 'staff_training' }]) {
      const b = build(fixture(), scope);
      const refs = new Set([...b.facts.values()].map((f) => f.ref).concat([...b.practices.values()].map((p) => p.ref)));
      for (const it of b.resolution.flatMap((g) => g.items)) {
        expect(it.refs.length, it.rule).toBeGreaterThan(0);
        for (const r of it.refs) expect(refs.has(r), `${it.rule} ${r}`).toBe(true);
        for (const p of it.parts) {
          if (typeof p === 'object' && 'f' in p) {
            const f = b.facts.get(p.f)!;
            if (f.column === 'year') continue;
            expect(it.refs, `${it.rule}: ${f.id}`).toContain(f.ref);
          }
        }
      }
    }
  });

  it('every template is exercised by some scope of the fixture', () => {
    const fired = new Set<string>();
    for (const [o, scope] of [
      [{}, {}],
      [{}, { region: '77' }],
      [{ costPerOrg: 900 }, { region: '77' }],
      [{ effect: { estimate: 0.8, lo: -0.3, hi: 1.9 } }, { theme: 'staff_training' }],
    ] as [Opts, { region?: string; theme?: string }][]) {
      for (const r of rules(build(fixture(o), scope))) fired.add(r);
    }
    expect([...fired].sort()).toEqual(TEMPLATES.map((r) => r.id).sort());
  });
});

describe('honest numbers in the text', () => {
  it('a figure that differs from the report shows the published one beside it; a matching one does not', () => {
    const md = renderMarkdown(build(fixture({ perOrgStatus: 'mismatch' }), {}));
    expect(md).toContain(`(в отчёте: ${formatReportValue(5.839, 'тыс. руб.')})`);
    const same = renderMarkdown(build(fixture({ perOrgStatus: 'match' }), {}));
    expect(same).not.toContain(`(в отчёте: ${formatReportValue(5.839, 'тыс. руб.')})`);
    expect(same).not.toContain(`(в отчёте: ${formatReportValue(623.5, 'тыс. руб.')})`);
  });

  it('lines with synthetic figures are marked, lines with real ones are not', () => {
    const syn = renderMarkdown(build(fixture({ synthetic: true }), {}));
    const bullets = syn.split('## 2.')[0]!.split('\n').filter((l) => l.startsWith('- '));
    expect(bullets.length).toBeGreaterThan(3);
    for (const l of bullets) expect(l).toContain('(синтетические данные)');
    const real = build(fixture({ synthetic: false }), {});
    const realBullets = renderMarkdown(real).split('## 2.')[0]!.split('\n').filter((l) => l.startsWith('- '));
    for (const l of realBullets) expect(l).not.toContain('(синтетические данные)');
  });

  it('no digit reaches the body except through a fact (or a criterion label, «95-процентный», a ref, a list number)', () => {
    for (const scope of [{}, { region: '77' }, { theme: 'staff_training' }]) {
      const b = build(fixture(), scope);
      const md = renderMarkdown(b);
      let body = md.slice(0, md.indexOf('Источники цифр'));
      const shown = [...b.facts.values()].map((f) => f.formatted).sort((a, c) => c.length - a.length);
      body = body
        .split('\n')
        .filter((l) => !/^\s*>/.test(l)) // quoted practice descriptions
        .map((l) => l.replace(/: «[^»]*»$/, '')) // quoted sentences of practice figures
        .join('\n');
      body = body
        .replace(/\[[ФП]\d+(; [ФП]\d+)*\]/g, '')
        .replace(/^## \d+\./gm, '')
        .replace(/^\d+\) /gm, '')
        .replace(/К[1-5]/g, '')
        .replace(/95-процентн[а-я]+/g, ''); // the confidence level, in any case form
      for (const p of b.practices.values()) body = body.split(p.title).join('');
      for (const s of shown) body = body.split(s).join('');
      expect(body.match(/.{0,30}\d.{0,30}/g) ?? [], JSON.stringify(scope)).toEqual([]);
    }
  });
});

describe('rendering', () => {
  it('data text is escaped in HTML and cannot become Markdown markup', () => {
    const b = build(fixture({ practiceTitle: 'Опрос <script>alert(1)</script> *важно*' }), { region: '77' });
    const html = renderHtml(b);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const md = renderMarkdown(b);
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('\\*важно\\*');
  });

  it('Markdown and HTML show the same figures', () => {
    const b = build(fixture(), { region: '77' });
    const md = renderMarkdown(b);
    const html = renderHtml(b).replace(/&amp;/g, '&');
    for (const f of b.facts.values()) {
      expect(md, f.id).toContain(f.formatted.replace(/([*<>`\\])/g, '\\$1'));
      expect(html, f.id).toContain(f.formatted.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    }
  });

  it('the resolution follows the seeds’ form: addressees in bold, numbered items', () => {
    const md = renderMarkdown(build(fixture(), { region: '77' }));
    const sec = md.slice(md.indexOf('Предлагаемые формулировки резолюции'), md.indexOf('Источники цифр'));
    expect(sec).toMatch(/\*\*Органам исполнительной власти субъекта Российской Федерации \(Москва\):\*\*/);
    expect(sec).toMatch(/\*\*Общественным советам по проведению независимой оценки качества:\*\*/);
    expect(sec).toMatch(/^1\) (Рекомендовать|Обеспечить|Предусмотр|Распространить|Проанализировать|Усилить|Включать|Рассмотреть|Увеличивать)/m);
  });
});

describe('effects under staggered adoption (group-time estimator)', () => {
  const md = (o: Opts, scope = {}) => renderMarkdown(build(fixture(o), scope)).replace(/\u00a0/g, ' ');
  it('a failed check before adoption is said in plain words, and the effect is not recommended for spreading', () => {
    const o: Opts = { effect: { estimate: 2.5, lo: 1.1, hi: 3.9 }, groupTime: { pretrendOk: false, mde: 1.4 } };
    expect(md(o)).toContain('Проверка до внедрения не пройдена (p = 0,01): ещё до внедрения балл в этих регионах менялся не так, как в регионах сравнения, поэтому оценке доверять нельзя.');
    expect(rules(build(fixture(o), {}))).not.toContain('spread_effective_themes');
    const ok: Opts = { effect: { estimate: 2.5, lo: 1.1, hi: 3.9 }, groupTime: { pretrendOk: true, mde: 1.4 } };
    expect(md(ok)).not.toContain('Проверка до внедрения не пройдена');
    expect(rules(build(fixture(ok), {}))).toContain('spread_effective_themes');
    // no years before adoption to check: nothing claimed either way
    expect(rules(build(fixture({ ...ok, groupTime: { pretrendOk: null, mde: 1.4 } }), {}))).toContain('spread_effective_themes');
  });

  it('an interval that includes zero reads «не отличается от нуля» with the minimum detectable effect', () => {
    const text = md({ effect: { estimate: 0.8, lo: -0.3, hi: 1.9 }, groupTime: { pretrendOk: true, mde: 1.55 } }, { theme: 'staff_training' });
    expect(text).toContain('Интервал включает ноль: эффект не отличается от нуля. Это не доказывает, что эффекта нет: эффект меньше 1,55 балла по этим данным, скорее всего, не был бы замечен');
    expect(text).toContain('эффект не отличается от нуля, но эффект меньше 1,55 балла эти данные, скорее всего, не заметили бы');
    expect(text).toContain('групповые эффекты Каллауэя — Сант-Анны');
    // an older mart without these columns keeps the earlier wording
    expect(md({ effect: { estimate: 0.8, lo: -0.3, hi: 1.9 } }, { theme: 'staff_training' })).toContain('Интервал включает ноль: по этим данным нельзя утверждать');
  });
});

describe('methodology editions', () => {
  it('the dynamics keep to the last year’s edition, another edition’s years are given apart, and a year of two editions counts as its prevailing one (the marts’ is_prevailing_edition)', () => {
    const tb = fixture();
    const row = (year: number, edition: string, total: number, n: number, prevailing = true): Row => ({ district: 'РФ', district_name: 'Российская Федерация', year, sphere: 'все сферы', methodology_edition: edition, is_prevailing_edition: prevailing, n_orgs: n, n_regions: 2, k1: 86, k2: 91, k3: 76.7, k4: 96.6, k5: 94.9, total, is_synthetic: true });
    tb.nok_district_score = [
      row(2017, '2014', 130.9, 17),
      row(2022, '2018', 88.9, 1787),
      row(2023, '2024', 91.2, 20, false),
      row(2023, '2018', 89.8, 1805),
      ...tb.nok_district_score!.filter((r) => r.district !== 'РФ').map((r) => ({ ...r, methodology_edition: '2018', is_prevailing_edition: true })),
      { ...tb.nok_district_score!.find((r) => r.district === 'ЦФО')!, methodology_edition: '2024', is_prevailing_edition: false, total: 95.5, n_orgs: 3 },
    ];
    const md = renderMarkdown(build(tb)).replace(/\u00a0/g, ' ');
    expect(md).toContain('Средний итоговый балл НОК по России в 2023 году — 89,8 (1 805 организаций');
    expect(md).toMatch(/Динамика: 2022 — 88,9; 2023 — 89,8\./);
    expect(md).toMatch(/По другой редакции методики \(шкала другая, с годами выше не сравнивается\): 2017 — 130,9\./);
    // the other edition's figures of 2023 are in no line: neither Russia's nor a district's
    expect(md).not.toContain('91,2');
    expect(md).not.toContain('95,5');
    expect(md).toContain('самый высокий средний балл — Приволжский федеральный округ (89,4)');
  });
});

describe('survey categories', () => {
  it('the procurement section names categories by the short labels of marts.survey_category (lower-case first letter, abbreviations kept); without it, by the share mart’s label', () => {
    const t = fixture();
    t.survey_category = [
      { question: 'procurement_method', category_code: 'sole_supplier', category: 'Закупка у единственного поставщика', category_short: 'Единственный поставщик', sort_order: 2 },
      { question: 'control_form', category_code: 'tz_requirements', category: 'Требования в ТЗ', category_short: 'ТЗ с требованиями к отчётности', sort_order: 1 },
      { question: 'online_tool', category_code: 'none', category: 'Нет требований', category_short: 'Требований нет совсем', sort_order: 1 },
    ];
    const md = renderMarkdown(build(t)).replace(/\u00a0/g, ' ');
    expect(md).toContain('единственный поставщик — 66,7 %');
    expect(md).toContain('ТЗ с требованиями к отчётности — 40,0 %');
    expect(md).toContain('требований нет совсем — 60,0 %');
    delete t.survey_category;
    const without = renderMarkdown(build(t)).replace(/\u00a0/g, ' ');
    expect(without).toContain('закупка у единственного поставщика — 66,7 %');
    expect(without).toContain('нет требований — 60,0 %');
  });
});

describe('formatting helpers', () => {
  it('plural follows Russian rules', () => {
    const forms = (n: number) => plural(n, 'субъект', 'субъекта', 'субъектов');
    expect([1, 2, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1.5].map(forms)).toEqual([
      'субъект', 'субъекта', 'субъектов', 'субъектов', 'субъектов', 'субъектов', 'субъект', 'субъекта', 'субъектов', 'субъект', 'субъектов', 'субъекта',
    ]);
  });

  it('a report figure keeps its own decimals and unit (money and percent), counts are bare', () => {
    expect(formatReportValue(5.839, 'тыс. руб.')).toBe('5,839\u00a0тыс.\u00a0₽');
    expect(formatReportValue(378, 'тыс. руб.')).toBe('378\u00a0тыс.\u00a0₽');
    expect(formatReportValue(47.3, '%')).toBe('47,3\u00a0%');
    expect(formatReportValue(100, 'практик')).toBe('100');
    expect(formatReportValue(0.44, 'доля')).toBe('44\u00a0%');
    expect(formatReportValue(null, '%')).toBe('—');
  });
});

describe('numbers with nouns', () => {
  const md = (tables: Record<string, Row[]>, scope = {}) => renderMarkdown(build(tables, scope)).replace(/\u00a0/g, ' ');
  const withSummary = (t: Record<string, Row[]>, measure: string, statistic: string, patch: Row) => {
    t.operator_cost_summary = t.operator_cost_summary!.map((r) => (r.measure === measure && r.statistic === statistic ? { ...r, ...patch } : r));
    return t;
  };

  it('a practice figure prints its unit in the form for its number («2 этапа», «1 организация»)', () => {
    const t = fixture();
    t.practice_metric = [
      { practice_id: '77-1', metric_no: 1, value: 2, unit: 'этапов', unit_one: 'этап', unit_few: 'этапа', unit_many: 'этапов', measures: 'этапов мониторинга', sentence: 'Мониторинг в 2 этапа.', is_synthetic: false },
      { practice_id: '77-1', metric_no: 2, value: 1, unit: 'организаций', unit_one: 'организация', unit_few: 'организации', unit_many: 'организаций', measures: 'организаций', sentence: 'Только в 1 организации.', is_synthetic: false },
      // a mart of an older build without the forms: the stored unit's forms from fmt.js
      { practice_id: '77-1', metric_no: 3, value: 21, unit: 'отзывов', measures: 'отзывов', sentence: 'Получен 21 отзыв.', is_synthetic: false },
      { practice_id: '77-1', metric_no: 4, value: 30000, unit: 'руб.', unit_one: 'руб.', unit_few: 'руб.', unit_many: 'руб.', measures: 'премия', sentence: 'Премия 30 000 рублей.', is_synthetic: false },
    ];
    const text = md(t);
    expect(text).toContain('2 этапа');
    expect(text).toContain('1 организация');
    expect(text).toContain('21 отзыв');
    expect(text).toContain('30 000 ₽');
    expect(text).not.toMatch(/\b2 этапов|\b1 организаций|\b21 отзывов/);
  });

  it('a count agrees with the number as shown, not as stored (a mean of 20,96 is «21 организацию»)', () => {
    expect(md(withSummary(fixture(), 'orgs_assessed', 'mean', { value: 20.96 }))).toContain('регион оценивает 21 организацию');
    expect(md(withSummary(fixture(), 'orgs_assessed', 'mean', { value: 2.2 }))).toContain('регион оценивает 2 организации');
    expect(md(withSummary(fixture(), 'orgs_assessed', 'mean', { value: 11 }))).toContain('регион оценивает 11 организаций');
  });

  it('the verb and the participle agree too: «участвовал 81 субъект», «из 21 ответившего»', () => {
    const t = fixture();
    t.reconciliation = t.reconciliation!.map((r) => (r.figure_id === 'participation.regions' ? { ...r, computed_value: 81, published_value: 81, status: 'match' } : r));
    t.procurement_method_share = t.procurement_method_share!.map((r) => ({ ...r, regions_answered: 21 }));
    t.online_tool_share = t.online_tool_share!.map((r) => ({ ...r, regions_answered: 22 }));
    const text = md(t);
    expect(text).toContain('В опросе органов власти участвовал 81 субъект Российской Федерации');
    expect(text).toContain('(доля субъектов из 21 ответившего)');
    expect(text).toContain('(доля из 22 ответивших)');
    t.reconciliation = t.reconciliation!.map((r) => (r.figure_id === 'participation.regions' ? { ...r, computed_value: 80, published_value: 80 } : r));
    expect(md(t)).toContain('В опросе органов власти участвовали 80 субъектов Российской Федерации');
  });

  it('no integer is followed by a noun in the wrong form in the bundled templates', () => {
    // «1 организаций», «2 регионах»… — numbers 1/21 with genitive plurals of the brief's nouns
    const text = md(fixture(), { region: '77' }) + md(fixture());
    expect(text).not.toMatch(/(?<![\d,])(?:\d*[02-9])?1 (?:организаций|субъектов|регионов|практик|регионах|субъектах|оплаченных лет)/);
  });
});

describe('the release in the footer', () => {
  const release = briefRelease({ version: '0.1.0', release_id: '0.1.0+20261205.1a2b3c4d', built_at: '2026-12-05T10:00:00.000Z' });
  it('Markdown, HTML and JSON end with the release and how to cite it, when the release is known', () => {
    const b = buildBrief(fixture(), { keys: KEYS, release });
    const md = renderMarkdown(b);
    const tail = md.slice(md.lastIndexOf('\n---\n'));
    expect(tail).toContain('Выпуск данных 0.1.0+20261205.1a2b3c4d, сборка хранилища 05.12.2026.');
    expect(tail).toMatch(/Как цитировать: НОК-Атлас: .*Выпуск 0\.1\.0\+20261205\.1a2b3c4d \(версия 0\.1\.0, сборка 05\.12\.2026\)\. Дата обращения: \d{2}\.\d{2}\.\d{4}\./);
    expect(renderHtml(b)).toMatch(/<footer class="release"><p>Выпуск данных 0\.1\.0\+20261205\.1a2b3c4d/);
    expect(briefJson(b).release).toEqual(release);
  });
  it('says nothing about a release it was not given', () => {
    const b = build(fixture());
    expect(renderMarkdown(b)).not.toContain('Выпуск данных');
    expect(renderHtml(b)).not.toContain('class="release"');
    expect(briefJson(b).release).toBeUndefined();
  });
});
