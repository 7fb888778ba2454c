/**
 * The NOK score engine on hand-worked examples (METHODOLOGY.md): the files go
 * through the real loader and the engine's SQL models; every indicator and
 * criterion is checked against the arithmetic written out below.
 */
import { describe, it, expect, afterEach } from 'vitest';
import type { Db } from '../../pipelines/lib/duck.ts';
import { scoreWarehouse, inn10, Q_HEADER, O_HEADER, R_HEADER } from './nok-score-helpers.ts';
import { loadConfig } from '../../pipelines/lib/config.ts';

const A = inn10('770100001'); // social services in Moscow: K2 with waiting time (2.2)
const B = inn10('160100002'); // culture in Tatarstan: no website, nobody with a disability, no remote contact; K2 without 2.2
const E = inn10('770100003'); // results only (layout 3), no questionnaires

const questionnaires = [
  Q_HEADER,
  //        Q1  Q2  Q3  Q4  Q5  Q6  Q7  Q8  Q9  Q10 Q11 Q12 Q13 Q14 Q15
  `2023;${A};социальное обслуживание;на дому;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да;Да`,
  `2023;${A};социальное обслуживание;на дому;Да;Нет;Нет;;Нет;Да;Нет;;Да;Нет;Нет;;Да;Нет;Да`,
  // r3 answers Q2 although Q1 = Нет: a gate contradiction, ignored
  `2023;${A};социальное обслуживание;на дому;Нет;Да;Да;Нет;Да;Нет;Да;Нет;Нет;Да;Да;Да;Нет;Да;Да`,
  `2023;${A};социальное обслуживание;на дому;Да;Да;Да;Да;;Да;Нет;;Да;Да;Нет;;Да;Да;Нет`,
  `2023;${B};культура;;Нет;;Нет;;;Да;Нет;;Да;Да;Нет;;Да;Да;Да`,
  `2023;${B};культура;;0;;0;;;1;0;;1;1;0;;1;1;1`,
].join('\n');

const observations = [
  O_HEADER,
  // A: stand 8/10, site 15/20, 2 channels, 4 comfort conditions, 3 premises, 6 service conditions
  `2023;${A};социальное обслуживание;8;10;15;20;2;4;3;6`,
  // B: stand 10/10, no website (0/20), 4 channels, 5 / 5 / 5 conditions
  `2023;${B};культура;10;10;0;20;4;5;5;5`,
].join('\n');

const results = [
  R_HEADER,
  // A is also published (with other figures): the computed scores take precedence, the published total is kept beside them
  `2023;Москва;социальное обслуживание;${A};ГБУ «Центр А»;70,00;70,00;70,00;80,00;75,00;73,00;4`,
  `2023;Москва;образование;${E};МБОУ «Школа Е»;90,50;91,00;80,25;97,00;96,00;90,95;120`,
].join('\n');

const files = {
  'questionnaires/q.csv': questionnaires,
  'observations/o.csv': observations,
  'nok_results/r.csv': results,
};

type Ind = { inn: string; indicator: string; value: number | null; is_measurable: boolean };
type Score = { inn: string; k1: number; k2: number; k3: number; k4: number; k5: number; total: number; respondents: number; score_source: string; n_not_measurable: number; published_total: number | null; region_code: string };

async function read(db: Db): Promise<{ ind: Map<string, Ind>; score: Map<string, Score> }> {
  const ind = new Map((await db.all<Ind>(`SELECT inn, indicator, value, is_measurable FROM marts.nok_indicator`)).map((r) => [`${r.inn}:${r.indicator}`, r]));
  const score = new Map((await db.all<Score>(`SELECT * FROM marts.nok_score`)).map((r) => [r.inn, r]));
  return { ind, score };
}

let db: Db | undefined;
afterEach(() => {
  db?.close();
  db = undefined;
  delete process.env.NOK_ZERO_DENOMINATOR;
});

describe('NOK score engine: hand-worked examples', { timeout: 60_000 }, () => {
  it('organization A (social services, K2 with waiting time): every indicator and criterion', async () => {
    db = await scoreWarehouse(files);
    const { ind, score } = await read(db);
    const v = (i: string): number | null => ind.get(`${A}:${i}`)!.value;
    // 1.1 = 0.5 × (8/10 + 15/20) × 100 = 0.5 × (0.8 + 0.75) × 100 = 77.5
    expect(v('1.1')).toBeCloseTo(77.5, 9);
    // 1.2 = min(100, 30 × 2) = 60
    expect(v('1.2')).toBeCloseTo(60, 9);
    // 1.3: stand — used and answered Q2: r1, r2, r4 (r3's Q2 is a contradiction) = 3, satisfied r1, r4 = 2;
    //      site — used and answered Q4: r1, r3, r4 = 3 (r2 did not use it), satisfied r1, r4 = 2
    //      = 0.5 × (2/3 + 2/3) × 100 = 66.67
    expect(v('1.3')).toBeCloseTo(200 / 3, 9);
    // K1 = 0.3 × 77.5 + 0.3 × 60 + 0.4 × 66.67 = 23.25 + 18 + 26.67 = 67.92
    const k1 = 0.3 * 77.5 + 0.3 * 60 + 0.4 * (200 / 3);
    // 2.1 = min(100, 20 × 4) = 80; 2.2: Q5 answered by r1, r2, r3 (r4 empty), «Да» r1, r3 → 2/3;
    // 2.3: Q6 «Да» r1, r2, r4 of 4 → 75
    expect(v('2.1')).toBeCloseTo(80, 9);
    expect(v('2.2')).toBeCloseTo(200 / 3, 9);
    expect(v('2.3')).toBeCloseTo(75, 9);
    // K2 (social services) = 0.3 × 80 + 0.4 × 66.67 + 0.3 × 75 = 24 + 26.67 + 22.5 = 73.17
    const k2 = 0.3 * 80 + 0.4 * (200 / 3) + 0.3 * 75;
    // 3.1 = min(100, 20 × 3) = 60; 3.2 = min(100, 20 × 6) = 100; 3.3: with a disability and answered Q8: r1 (Да), r3 (Нет) → 50
    expect(v('3.1')).toBeCloseTo(60, 9);
    expect(v('3.2')).toBeCloseTo(100, 9);
    expect(v('3.3')).toBeCloseTo(50, 9);
    // K3 = 0.3 × 60 + 0.4 × 100 + 0.3 × 50 = 18 + 40 + 15 = 73
    const k3 = 73;
    // 4.1: Q9 Да, Да, Нет, Да → 75; 4.2: Q10 Да, Нет, Да, Да → 75; 4.3: remote users r1, r3, both «Да» → 100
    expect(v('4.1')).toBeCloseTo(75, 9);
    expect(v('4.2')).toBeCloseTo(75, 9);
    expect(v('4.3')).toBeCloseTo(100, 9);
    // K4 = 0.4 × 75 + 0.4 × 75 + 0.2 × 100 = 80
    const k4 = 80;
    // 5.1: Q13 Да, Да, Нет, Да → 75; 5.2: Q14 Да, Нет, Да, Да → 75; 5.3: Q15 Да, Да, Да, Нет → 75; K5 = 75
    for (const i of ['5.1', '5.2', '5.3']) expect(v(i)).toBeCloseTo(75, 9);
    const k5 = 75;
    const s = score.get(A)!;
    expect(s.k1).toBeCloseTo(k1, 9);
    expect(s.k2).toBeCloseTo(k2, 9);
    expect(s.k3).toBeCloseTo(k3, 9);
    expect(s.k4).toBeCloseTo(k4, 9);
    expect(s.k5).toBeCloseTo(k5, 9);
    // total = (67.92 + 73.17 + 73 + 80 + 75) / 5 = 73.82
    expect(s.total).toBeCloseTo((k1 + k2 + k3 + k4 + k5) / 5, 9);
    expect(s.respondents).toBe(4);
    expect(s.score_source).toBe('computed');
    expect(s.published_total).toBeCloseTo(73, 9);
    expect(s.n_not_measurable).toBe(0);
    expect(s.region_code).toBe('77');
    // all 15 indicators apply to social services
    expect([...ind.keys()].filter((k) => k.startsWith(A)).length).toBe(15);
    const gate = await db.value<number>(`SELECT gate_contradictions FROM intermediate.int_nok_questionnaire_agg WHERE inn = '${A}'`);
    expect(gate).toBe(1);
    // the comparison with the published figures shows the disagreement
    const check = await db.one<{ total_published: number; max_abs_diff: number; is_agreeing: boolean }>(`SELECT * FROM marts.nok_score_check WHERE inn = '${A}'`);
    expect(check!.total_published).toBeCloseTo(73, 9);
    expect(check!.is_agreeing).toBe(false);
    expect(check!.max_abs_diff).toBeCloseTo(Math.max(Math.abs(k1 - 70), Math.abs(k2 - 70), Math.abs(k3 - 70), Math.abs(k4 - 80), Math.abs(k5 - 75), Math.abs((k1 + k2 + k3 + k4 + k5) / 5 - 73)), 9);
  });

  it('organization B (culture, no website, no respondents with a disability, no remote contact), default rule: left out and weights renormalised', async () => {
    db = await scoreWarehouse(files);
    const { ind, score } = await read(db);
    const get = (i: string): Ind | undefined => ind.get(`${B}:${i}`);
    // 1.1 = 0.5 × (10/10 + 0/20) × 100 = 50: no website means its items count as absent
    expect(get('1.1')!.value).toBeCloseTo(50, 9);
    // 1.2 = min(100, 30 × 4) = 100
    expect(get('1.2')!.value).toBeCloseTo(100, 9);
    // 1.3: nobody used the stand or the site → both denominators 0: not measurable, no value
    expect(get('1.3')!.is_measurable).toBe(false);
    expect(get('1.3')!.value).toBeNull();
    // K1 = (0.3 × 50 + 0.3 × 100) / (0.3 + 0.3) = 45 / 0.6 = 75
    // K2 (culture: no waiting-time indicator) = 0.5 × 2.1 + 0.5 × 2.3 = 0.5 × min(100, 20 × 5) + 0.5 × 2/2 × 100 = 100
    expect(get('2.2')).toBeUndefined();
    expect(get('2.1')!.value).toBeCloseTo(100, 9);
    expect(get('2.3')!.value).toBeCloseTo(100, 9);
    // K3: 3.1 = 3.2 = 100; 3.3 not measurable (no one with a disability) → (0.3 × 100 + 0.4 × 100) / 0.7 = 100
    expect(get('3.3')!.is_measurable).toBe(false);
    // K4: 4.1 = 4.2 = 100; 4.3 not measurable (no remote contact) → (0.4 × 100 + 0.4 × 100) / 0.8 = 100
    expect(get('4.3')!.is_measurable).toBe(false);
    const s = score.get(B)!;
    expect(s.k1).toBeCloseTo(75, 9);
    expect(s.k2).toBeCloseTo(100, 9);
    expect(s.k3).toBeCloseTo(100, 9);
    expect(s.k4).toBeCloseTo(100, 9);
    expect(s.k5).toBeCloseTo(100, 9);
    // total = (75 + 100 + 100 + 100 + 100) / 5 = 95
    expect(s.total).toBeCloseTo(95, 9);
    expect(s.n_not_measurable).toBe(3);
    expect(s.region_code).toBe('16'); // from the ИНН: no published result for B
    // the deficiency list: no website (0 of 20 items) and the three indicators that could not be measured
    const def = await db.all<{ item: string; indicator: string; n_missing: number | null; description: string }>(
      `SELECT item, indicator, n_missing, description FROM marts.nok_deficiency WHERE inn = '${B}' ORDER BY indicator, item`,
    );
    expect(def.map((d) => `${d.indicator}:${d.item}`)).toEqual(['1.1:site', '1.3:not_measurable', '3.3:not_measurable', '4.3:not_measurable']);
    expect(def[0]!.n_missing).toBe(20);
    expect(def[0]!.description).toMatch(/Нет официального сайта/);
    expect(def[1]!.description).toMatch(/исключается/);
  });

  it('organization A deficiencies: missing stand and site items, channels, comfort and premises conditions with the points they cost', async () => {
    db = await scoreWarehouse(files);
    const def = await db.all<{ item: string; present: number; required: number; n_missing: number; indicator_points_lost: number }>(
      `SELECT item, present, required, n_missing, indicator_points_lost FROM marts.nok_deficiency WHERE inn = '${A}' ORDER BY item`,
    );
    const by = new Map(def.map((d) => [d.item, d]));
    // service conditions: 6 ≥ 5 → no deficiency
    expect([...by.keys()].sort()).toEqual(['comfort', 'premises', 'remote_channels', 'site', 'stand']);
    // stand: 2 of 10 missing, each item worth 50/10 points of 1.1 → 10 points; site: 5 of 20 missing × 50/20 = 12.5
    expect(by.get('stand')!.n_missing).toBe(2);
    expect(by.get('stand')!.indicator_points_lost).toBeCloseTo(10, 9);
    expect(by.get('site')!.indicator_points_lost).toBeCloseTo(12.5, 9);
    // channels: 2 working, 4 needed for 100 (30 × 4 ≥ 100) → 2 missing; 1.2 = 60, so 100 − 60 = 40 points lost
    expect(by.get('remote_channels')!.n_missing).toBe(2);
    expect(by.get('remote_channels')!.indicator_points_lost).toBeCloseTo(40, 9);
    // comfort 4 of 5 → 20 points of 2.1; premises 3 of 5 → 40 points of 3.1
    expect(by.get('comfort')!.indicator_points_lost).toBeCloseTo(20, 9);
    expect(by.get('premises')!.indicator_points_lost).toBeCloseTo(40, 9);
  });

  it('the zero-denominator rule is a setting: «hundred» and «zero» give the worked alternatives for B and leave A unchanged', async () => {
    process.env.NOK_ZERO_DENOMINATOR = 'hundred';
    db = await scoreWarehouse(files);
    let s = (await read(db)).score;
    // K1 = 0.3 × 50 + 0.3 × 100 + 0.4 × 100 = 85; K3 = K4 = 100; total = (85 + 400) / 5 = 97
    expect(s.get(B)!.k1).toBeCloseTo(85, 9);
    expect(s.get(B)!.total).toBeCloseTo(97, 9);
    const flagged = await db.value<number>(`SELECT count(*) FROM marts.nok_indicator WHERE inn = '${B}' AND NOT is_measurable AND value = 100`);
    expect(flagged).toBe(3);
    const totalA = s.get(A)!.total;
    db.close();

    process.env.NOK_ZERO_DENOMINATOR = 'zero';
    db = await scoreWarehouse(files);
    s = (await read(db)).score;
    // K1 = 15 + 30 + 0 = 45; K3 = 0.3 × 100 + 0.4 × 100 + 0.3 × 0 = 70; K4 = 40 + 40 + 0 = 80; total = (45 + 100 + 70 + 80 + 100) / 5 = 79
    expect(s.get(B)!.k1).toBeCloseTo(45, 9);
    expect(s.get(B)!.k3).toBeCloseTo(70, 9);
    expect(s.get(B)!.k4).toBeCloseTo(80, 9);
    expect(s.get(B)!.total).toBeCloseTo(79, 9);
    // A has no zero denominator: the rule does not touch it
    expect(s.get(A)!.total).toBeCloseTo(totalA, 9);
  });

  it('an organization with a published result only keeps the published scores, marked as such', async () => {
    db = await scoreWarehouse(files);
    const s = (await read(db)).score.get(E)!;
    expect(s.score_source).toBe('published');
    expect(s.total).toBeCloseTo(90.95, 9);
    expect(s.k3).toBeCloseTo(80.25, 9);
    expect(s.respondents).toBe(120);
    expect(await db.value<number>(`SELECT count(*) FROM marts.nok_indicator WHERE inn = '${E}'`)).toBe(0);
  });
});

describe('year-over-year change of the averages', { timeout: 60_000 }, () => {
  it('is the difference to the year before, and empty across a missing year (region and district marts)', async () => {
    const C = inn10('770100004');
    const row = (year: number, total: string): string => `${year};Москва;культура;${C};ДК;80;80;80;80;80;${total};50`;
    db = await scoreWarehouse(
      { 'nok_results/r.csv': [R_HEADER, row(2019, '80'), row(2020, '82'), row(2022, '90')].join('\n') },
      /^(stg_(nok_result|nok_org_link|nok_indicator_card|questionnaire|observation|methodology_weight|methodology_setting)|int_(nok_|indicator_value|score_criterion|t_quantile|compare_setting|region_rank)|nok_(indicator|score|region_score|district_score)\.|organization\.)/,
    );
    for (const [mart, where] of [['nok_region_score', `region_code = '77'`], ['nok_district_score', `district = 'ЦФО'`]]) {
      const change = new Map((await db.all<{ year: number; c: number | null }>(`SELECT year, total_change AS c FROM marts.${mart} WHERE ${where} AND sphere = 'культура'`)).map((r) => [Number(r.year), r.c]));
      expect([...change.keys()].sort(), mart).toEqual([2019, 2020, 2022]);
      expect(change.get(2019), mart).toBeNull();
      expect(change.get(2020), mart).toBeCloseTo(2, 9);
      expect(change.get(2022), `${mart}: 2021 is missing`).toBeNull();
    }
  });
});

describe('the zero-denominator setting', () => {
  it('defaults to exclude and refuses an unknown rule at start-up, naming the variable', () => {
    expect(loadConfig({}).zeroDenominator).toBe('exclude');
    expect(loadConfig({ NOK_ZERO_DENOMINATOR: 'zero' }).zeroDenominator).toBe('zero');
    expect(() => loadConfig({ NOK_ZERO_DENOMINATOR: 'maybe' })).toThrow(/NOK_ZERO_DENOMINATOR/);
  });
});
