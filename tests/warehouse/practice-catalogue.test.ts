/**
 * The practice catalogue on the bundled build: every region the 2023 report credits with a
 * practice is there, the counts per type and report group, every theme backed by words of the
 * practice's own text, the figures the issue names, and the reconciliation of part 3.
 *
 * The expected regions below were written from a reading of the report (seed 002, from «Третий
 * блок опроса» to the end of the prose), independently of sources/practices/data/practices_2023.csv.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../../pipelines/lib/duck.ts';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { repoRoot } from '../../pipelines/lib/paths.ts';
import { testBuild } from '../setup/paths.ts';

let db: Db;
beforeAll(async () => {
  db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
});
afterAll(() => db.close());

const regions = await RegionIndex.load();
const code = (name: string): string => {
  const m = regions.match(name);
  if (!m.ok) throw new Error(`регион не распознан: ${name}`);
  return m.code;
};

// «При анализе 14 практик … по организации и проведению НОК» (and the three technical-task practices named later)
const ORGANIZING_SUBJECT = ['Ханты-Мансийский АО', 'Республика Марий Эл', 'Приморский край', 'Удмуртская Республика', 'Архангельская область', 'Калужская область', 'Краснодарский край', 'Кемеровская область', 'Оренбургская область', 'Смоленская область', 'Ямало-Ненецкий АО', 'Ленинградская область', 'Курская область', 'Курганская область'];
// «7 практик, реализованных на уровне организаций и направленных на организацию и проведение НОК»: those described
const ORGANIZING_ORG = ['Сахалинская область', 'Республика Тыва', 'Москва', 'Саратовская область'];
// «Рассмотрение 23 практик по внедрению изменений»: those described (ХМАО twice, Новосибирская twice)
const CHANGES_SUBJECT = ['Калининградская область', 'Республика Северная Осетия — Алания', 'Новгородская область', 'Санкт-Петербург', 'Ханты-Мансийский АО', 'Ханты-Мансийский АО', 'Пермский край', 'Брянская область', 'Челябинская область', 'Республика Бурятия', 'Кировская область', 'Новосибирская область', 'Новосибирская область', 'Ставропольский край'];
// «Практики по организациям … представили 29 субъектов»: those described (Пензенская and Рязанская twice)
const CHANGES_ORG = ['Омская область', 'Пензенская область', 'Астраханская область', 'Ивановская область', 'Ульяновская область', 'Мурманская область', 'Самарская область', 'Тюменская область', 'Рязанская область', 'Пензенская область', 'Свердловская область', 'Вологодская область', 'Республика Мордовия', 'Республика Татарстан', 'Рязанская область', 'Магаданская область', 'Республика Саха (Якутия)', 'Камчатский край'];
const ALL = [...ORGANIZING_SUBJECT, ...ORGANIZING_ORG, ...CHANGES_SUBJECT, ...CHANGES_ORG];

interface Practice {
  practice_id: string;
  region_code: string;
  title: string;
  level: string;
  type: string;
  sphere: string;
  description: string | null;
  problem: string | null;
  results: string | null;
  report_group: string | null;
  is_synthetic: boolean;
}
const fromReport = async (): Promise<Practice[]> => db.all<Practice & Record<string, unknown>>(`SELECT * FROM marts.practice WHERE report_group IS NOT NULL`);

describe('extraction completeness', () => {
  it('every region the report credits with a practice is in the catalogue, with as many practices', async () => {
    const rows = await fromReport();
    const have = new Map<string, number>();
    for (const r of rows) have.set(r.region_code, (have.get(r.region_code) ?? 0) + 1);
    const want = new Map<string, number>();
    for (const n of ALL) want.set(code(n), (want.get(code(n)) ?? 0) + 1);
    const missing = [...want.keys()].filter((c) => !have.has(c));
    expect(missing, 'субъекты без практик в каталоге').toEqual([]);
    expect(Object.fromEntries([...have].sort()), 'практик на субъект').toEqual(Object.fromEntries([...want].sort()));
    expect(rows).toHaveLength(ALL.length);
  });

  it('holds several practices of one region as separate rows (ХМАО — three, Новосибирская — two)', async () => {
    const n = await db.all<{ region_code: string; n: number }>(`SELECT region_code, count(*)::INTEGER AS n FROM marts.practice GROUP BY 1 HAVING count(*) > 1 ORDER BY 1`);
    expect(Object.fromEntries(n.map((r) => [r.region_code, r.n]))).toEqual({ [code('Ханты-Мансийский АО')]: 3, [code('Новосибирская область')]: 2, [code('Пензенская область')]: 2, [code('Рязанская область')]: 2 });
  });

  it('counts per type and per report group follow the report’s grouping', async () => {
    const rows = await fromReport();
    const byType = (t: string): string[] => rows.filter((r) => r.type === t).map((r) => r.region_code).sort();
    expect(byType('организация и проведение НОК')).toEqual([...ORGANIZING_SUBJECT, ...ORGANIZING_ORG].map(code).sort());
    expect(byType('внедрение изменений по результатам НОК')).toEqual([...CHANGES_SUBJECT, ...CHANGES_ORG].map(code).sort());
    const byGroup = (prefix: string): number => rows.filter((r) => r.report_group?.startsWith(prefix)).length;
    expect(byGroup('14 практик')).toBe(14);
    expect(byGroup('7 практик')).toBe(ORGANIZING_ORG.length);
    expect(byGroup('23 практики')).toBe(CHANGES_SUBJECT.length);
    expect(rows.filter((r) => r.report_group?.includes('29 субъектов')).length).toBe(CHANGES_ORG.length);
  });

  it('records Калужская область’s practice in health care and every practice as real, not synthetic', async () => {
    const rows = await fromReport();
    const kaluga = rows.filter((r) => r.region_code === code('Калужская область'));
    expect(kaluga.map((r) => r.sphere)).toEqual(['здравоохранение']);
    expect(rows.filter((r) => r.region_code !== code('Калужская область')).every((r) => r.sphere === 'социальное обслуживание')).toBe(true);
    expect(rows.every((r) => r.is_synthetic === false)).toBe(true);
  });

  it('keeps practice codes stable: region code and number', async () => {
    const rows = await fromReport();
    for (const r of rows) expect(r.practice_id, r.title).toMatch(new RegExp(`^${r.region_code}-\\d+$`));
  });
});

describe('themes', () => {
  it('every practice has at least one theme, and every tag’s words and fragment are in the practice’s own text', async () => {
    const practices = await fromReport();
    const tags = await db.all<{ practice_id: string; theme: string; evidence: string; matched_words: string }>(`SELECT practice_id, theme, evidence, matched_words FROM marts.practice_theme`);
    const fold = (s: string): string => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
    for (const p of practices) {
      const own = tags.filter((t) => t.practice_id === p.practice_id);
      expect(own.length, `${p.practice_id} ${p.title}: нет тем`).toBeGreaterThan(0);
      const text = fold([p.description, p.problem, p.results].filter(Boolean).join(' \n '));
      for (const t of own) {
        for (const w of t.matched_words.split('; ')) expect(text, `${p.practice_id} ${t.theme}: «${w}»`).toContain(fold(w));
        expect(text, `${p.practice_id} ${t.theme}: фрагмент`).toContain(fold(t.evidence.replace(/^…|…$/g, '')));
      }
    }
  });

  it('tags the practices the report groups by subject with their obvious themes', async () => {
    const has = async (region: string, theme: string): Promise<boolean> =>
      (await db.value<number>(`SELECT count(*) FROM marts.practice_theme WHERE region_code = $1 AND theme = $2`, [code(region), theme])) > 0;
    expect(await has('Камчатский край', 'accessible_environment')).toBe(true);
    expect(await has('Камчатский край', 'staff_training')).toBe(false); // «обученный специалист» is not training
    expect(await has('Оренбургская область', 'council_visits')).toBe(true);
    expect(await has('Смоленская область', 'contests_awards')).toBe(true);
    expect(await has('Республика Северная Осетия — Алания', 'manager_incentives')).toBe(true);
    expect(await has('Курганская область', 'operator_tz')).toBe(true);
    expect(await has('Ямало-Ненецкий АО', 'digital_services')).toBe(true);
    expect(await has('Кировская область', 'deficiency_control')).toBe(true);
  });

  it('the vocabulary mart counts the practices of each theme and keeps the twelve codes', async () => {
    const v = await db.all<{ theme: string; practice_count: number }>(`SELECT theme, practice_count FROM marts.practice_theme_vocabulary ORDER BY vocabulary_order`);
    expect(v.map((r) => r.theme)).toEqual(['feedback', 'council_visits', 'operator_tz', 'staff_training', 'client_centricity', 'accessible_environment', 'repair_equipment', 'info_openness', 'manager_incentives', 'contests_awards', 'digital_services', 'deficiency_control']);
    const counted = await db.all<{ theme: string; n: number }>(`SELECT theme, count(DISTINCT practice_id)::INTEGER AS n FROM marts.practice_theme GROUP BY 1`);
    for (const r of v) expect(r.practice_count, r.theme).toBe(counted.find((c) => c.theme === r.theme)?.n ?? 0);
  });
});

describe('figures in the practices’ text', () => {
  it('include the issue’s examples with unit and year', async () => {
    const m = await db.all<{ region_code: string; value: number; unit: string; year: number | null; sentence: string }>(`SELECT region_code, value, unit, year, sentence FROM marts.practice_metric`);
    const find = (region: string, value: number, unit: string, year: number | null) =>
      m.filter((x) => x.region_code === code(region) && Math.abs(x.value - value) < 1e-9 && x.unit === unit && x.year === year);
    expect(find('Ханты-Мансийский АО', 238, 'мероприятий', 2023)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 7519, 'чел.', 2023)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 99.84, '%', 2020)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 99.97, '%', 2022)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 34722, 'чел.', 2022)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 26059, 'чел.', 2020)).toHaveLength(1);
    expect(find('Ханты-Мансийский АО', 21097, 'чел.', 2023)).toHaveLength(1);
    for (const v of [30000, 20000, 10000]) expect(find('Республика Северная Осетия — Алания', v, 'руб.', null), `${v}`).toHaveLength(1);
    // no year or date was taken for a figure
    expect(m.filter((x) => x.unit === null && x.value >= 1990 && x.value <= 2100)).toEqual([]);
    // every sentence is in its practice's text
    const practices = await db.all<{ practice_id: string; description: string }>(`SELECT practice_id, description FROM marts.practice`);
    const missing = await db.all(`SELECT m.practice_id, m.sentence FROM marts.practice_metric m JOIN marts.practice p USING (practice_id)
      WHERE position(m.sentence IN concat_ws(' ', p.description, p.problem, p.results)) = 0`);
    expect(missing).toEqual([]);
    expect(practices.length).toBeGreaterThan(0);
  });
});

describe('reconciliation of part 3', () => {
  it('recomputes every figure of part 3 and shows the structure mismatch instead of hiding it', async () => {
    const rows = await db.all<{ figure_id: string; published_value: number; computed_value: number | null; status: string; recon_note: string | null }>(
      `SELECT figure_id, published_value, computed_value, status, recon_note FROM marts.reconciliation WHERE section = 'Часть 3. Практики регионов'`,
    );
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.status === 'not_recomputed')).toEqual([]);
    const get = (id: string) => rows.find((r) => r.figure_id === id)!;
    const n = (await fromReport()).length;
    expect(get('practices.received')).toMatchObject({ published_value: 100, computed_value: n, status: 'mismatch' });
    expect(get('practices.received').recon_note).toMatch(/не называет/);
    expect(get('practices.group.organizing_subject.n')).toMatchObject({ computed_value: 14, status: 'match' });
    // the figure's shares are fractions, computed the same way
    const org = (await fromReport()).filter((r) => r.level === 'организация').length;
    expect(get('practices.fig14.org').computed_value).toBeCloseTo(org / n, 9);
    // figures quoted from the practices' text are all found
    const metricRows = rows.filter((r) => r.figure_id.startsWith('practices.m.'));
    expect(metricRows.filter((r) => r.status === 'mismatch')).toEqual([]);
    expect(metricRows.filter((r) => r.status === 'match').length).toBe(metricRows.length - 1); // «выше 90 баллов» is a bound
    expect(get('practices.m.63.satisfaction_points').status).toBe('not_computable');
  });
});

// The descriptions are the report's own words: checked against the report when it is at hand.
const seedFile = path.resolve(repoRoot, '..', 'shared', 'seeds', '002_70d710828fc7ba63.txt');
const seedExists = fs.existsSync(seedFile);
describe.runIf(seedExists)(seedExists ? `дословность текста практик (${seedFile})` : 'дословность текста практик (файл отчёта ../shared/seeds/002_*.txt отсутствует — пропущено)', () => {
  it('every description, problem and result sentence is in the report', async () => {
    const norm = (s: string): string => s.replace(/\[bookmark: [^\]]*\]/g, '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
    const report = norm(fs.readFileSync(seedFile, 'utf8'));
    const rows = await fromReport();
    for (const r of rows) {
      expect(report, `${r.practice_id}: описание`).toContain(norm(r.description ?? ''));
      for (const field of ['problem', 'results'] as const) {
        const v = r[field];
        if (!v) continue;
        for (const part of v.split(/(?<=[.!?])\s+(?=[А-ЯЁ«])/)) expect(report, `${r.practice_id}: ${field}`).toContain(norm(part));
      }
    }
  });
});
