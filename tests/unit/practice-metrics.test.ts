import { describe, it, expect } from 'vitest';
import { extractMetrics, parseRuNumber, displayUnit, unitDisplayForms, METRIC_UNITS, type Metric } from '../../pipelines/practices/metrics.ts';
import { plural, UNIT_FORMS } from '@nok-atlas/common/fmt.js';

const metrics = (text: string, field = 'description'): Metric[] => extractMetrics([{ field, text }]);
const pick = (ms: Metric[]) => ms.map((m) => ({ value: m.value, unit: m.unit, year: m.year }));

describe('Russian numbers', () => {
  it('reads thousands separators, decimal commas and percent signs', () => {
    expect(parseRuNumber('7519')).toBe(7519);
    expect(parseRuNumber('21 097')).toBe(21097);
    expect(parseRuNumber('21\u00a0097')).toBe(21097);
    expect(parseRuNumber('21\u202f097')).toBe(21097);
    expect(parseRuNumber('99,84')).toBe(99.84);
    expect(parseRuNumber('99,84 %')).toBe(99.84);
    expect(parseRuNumber('1 391 000,50')).toBe(1391000.5);
    expect(parseRuNumber('1391000.5')).toBe(1391000.5);
    expect(parseRuNumber('два')).toBeNull();
    expect(parseRuNumber('')).toBeNull();
  });
});

describe('figures in a practice text', () => {
  it('finds value, unit and what is measured', () => {
    const [a, b] = metrics('За период с 2021 года по сентябрь 2023 года проведено 238 обучающих мероприятий, на которых обучено 7519 работников сферы социального обслуживания автономного округа.');
    expect(a).toMatchObject({ value: 238, unit: 'мероприятий', year: 2023, period: 'с 2021 года по сентябрь 2023 года', year_basis: 'в предложении' });
    expect(a!.measures).toBe('проведено обучающих мероприятий');
    expect(b).toMatchObject({ value: 7519, unit: 'чел.', year: 2023 });
    expect(b!.measures).toContain('обучено работников');
  });

  it('gives each figure its own year when the sentence names two', () => {
    const ms = metrics('Удовлетворенность граждан качеством услуг повысилась с 99,84% в 2020 году до 99,97% в 2022 году.');
    expect(pick(ms)).toEqual([
      { value: 99.84, unit: '%', year: 2020 },
      { value: 99.97, unit: '%', year: 2022 },
    ]);
    expect(ms.every((m) => m.year_basis === 'при цифре')).toBe(true);
    expect(ms[1]!.measures).toBe(ms[0]!.measures);
    expect(ms[0]!.value_text).toBe('99,84%');
  });

  it('reads a difference and a figure in brackets after its year', () => {
    const ms = metrics('В 2022 году высказали свое мнение о деятельности организаций 34722 человека, что на 8663 человека больше, чем в 2020 году (26059 чел.).');
    expect(pick(ms)).toEqual([
      { value: 34722, unit: 'чел.', year: 2022 },
      { value: 8663, unit: 'чел.', year: 2022 },
      { value: 26059, unit: 'чел.', year: 2020 },
    ]);
    expect(ms.map((m) => m.is_difference)).toEqual([false, true, false]);
    expect(ms[0]!.measures).toBe('высказали свое мнение о деятельности организаций');
    expect(ms[2]!.measures).toBe(ms[0]!.measures);
  });

  it('reads rubles with thousands separators and enumerated prizes', () => {
    const ms = metrics('Премия руководителям, занявшим первое место в рейтинге в размере 30 000 рублей, второе место – 20 000 рублей, третье место – 10 000 рублей.');
    expect(pick(ms)).toEqual([
      { value: 30000, unit: 'руб.', year: null },
      { value: 20000, unit: 'руб.', year: null },
      { value: 10000, unit: 'руб.', year: null },
    ]);
    expect(ms[1]!.measures).toContain('второе место');
    expect(ms[2]!.measures).toContain('третье место');
  });

  it('multiplies «тыс.» and «млн»', () => {
    expect(pick(metrics('Средняя сумма составила 378 тыс. рублей.'))).toEqual([{ value: 378000, unit: 'тыс. руб.', year: null }]);
    expect(metrics('Бюджет 1,4 млн рублей.')[0]!.value).toBeCloseTo(1_400_000);
  });

  it('takes the year of an earlier sentence when the sentence has none, and says so', () => {
    const ms = metrics('В 1 полугодии 2023 года опрошено 21 097 чел. Полностью удовлетворены 99,99 % от общего количества опрошенных.');
    expect(ms.map((m) => [m.value, m.year, m.year_basis])).toEqual([
      [21097, 2023, 'в предложении'],
      [99.99, 2023, 'из предыдущего предложения'],
    ]);
    expect(ms[0]!.period).toBe('1 полугодие 2023');
  });

  it('does not read years, dates, document numbers and enumeration labels as figures', () => {
    expect(metrics('Распоряжением от 13.02.2019 № 69-р в 2019 году поручен мониторинг. 1 этап - анкетирование слушателей, 2 этап - анкетирование руководителей. В 1 полугодии 2023 года работа продолжена.')).toEqual([]);
  });

  it('keeps «выше» as a comparator and reads frequencies and case endings', () => {
    const [m] = metrics('Показатель удовлетворенности граждан поддерживается на уровне выше 90 баллов.');
    expect(m).toMatchObject({ value: 90, unit: 'баллов', comparator: '>' });
    expect(m!.measures).toBe('Показатель удовлетворенности граждан');
    expect(metrics('Проводится 2 раза в год во всех учреждениях.')[0]).toMatchObject({ value: 2, unit: 'раз в год' });
    expect(metrics('Работы описаны по 3-м этапам проведения сбора.')[0]).toMatchObject({ value: 3, unit: 'этапов', value_text: '3-м' });
  });

  it('reads a lead time «за N дней до …» as what it measures', () => {
    const [m] = metrics('Информация направляется не позднее, чем за 14 дней до начала обучения.');
    expect(m).toMatchObject({ value: 14, unit: 'дней', measures: 'за сколько дней до начала обучения' });
    expect(metrics('Оператор информирует за 2 рабочих дня до выезда эксперта.')[0]).toMatchObject({ value: 2, unit: 'дней', measures: 'за сколько дней до выезда эксперта' });
  });

  it('an enumeration «label – number» inherits the unit of its total', () => {
    const ms = metrics('Распространен 26 341 экземпляр материала путем «Университет третьего возраста» – 2 433, надомного обслуживания – 2 206, иными способами (через почту, по телефону) – 21 702.');
    expect(ms.map((m) => [m.value, m.unit])).toEqual([
      [26341, 'экз.'],
      [2433, 'экз.'],
      [2206, 'экз.'],
      [21702, 'экз.'],
    ]);
    expect(ms[1]!.measures).toMatch(/Университет третьего возраста$/);
    expect(ms[3]!.measures).toMatch(/иными способами$/);
  });

  it('counts a sentence repeated in the results once, and numbers figures across fields', () => {
    const text = 'Из 22 поставщиков только в 1 организации есть специалист.';
    const ms = extractMetrics([
      { field: 'description', text },
      { field: 'results', text: text + ' Обучено 5 человек.' },
    ]);
    expect(ms.map((m) => [m.metric_no, m.value, m.field])).toEqual([
      [1, 22, 'description'],
      [2, 1, 'description'],
      [3, 5, 'results'],
    ]);
  });
});

describe('the unit as printed beside the value', () => {
  /** «2 этапа»: the value with its unit in the form for that value, as the brief and the practice pages print it. */
  const shown = (m: Metric) => (m.unit_one ? `${m.value} ${plural(m.value, m.unit_one, m.unit_few!, m.unit_many!)}` : String(m.value));

  it('agrees with the number: «2 этапа», «1 организация», «22 поставщика», «2 раза в год»', () => {
    expect(metrics('Мониторинг проводится в 2 этапа.').map(shown)).toEqual(['2 этапа']);
    expect(metrics('Из 22 поставщиков только в 1 организации есть специалист.').map(shown)).toEqual(['22 поставщика', '1 организация']);
    expect(metrics('Проводится 2 раза в год во всех учреждениях.').map(shown)).toEqual(['2 раза в год']);
    expect(metrics('Информация направляется не позднее, чем за 14 дней до начала обучения.').map(shown)).toEqual(['14 дней']);
    expect(metrics('Поступило 21 отзыв и 1 543 отзыва позже.').map(shown)).toEqual(['21 отзыв', '1543 отзыва']);
    const [m] = metrics('Работы описаны по 3-м этапам проведения сбора.');
    expect(m).toMatchObject({ unit: 'этапов', unit_one: 'этап', unit_few: 'этапа', unit_many: 'этапов' });
  });

  it('abbreviations stay; a multiplier already in the value is not printed again', () => {
    expect(metrics('Премия в размере 30 000 рублей.')[0]).toMatchObject({ unit: 'руб.', unit_one: 'руб.', unit_few: 'руб.', unit_many: 'руб.' });
    const [k] = metrics('Средняя сумма составила 378 тыс. рублей.');
    expect(k).toMatchObject({ value: 378000, unit: 'тыс. руб.', unit_one: 'руб.', unit_many: 'руб.' });
    expect(displayUnit('тыс.')).toBeNull();
    expect(unitDisplayForms('млн организаций')).toEqual(['организация', 'организации', 'организаций']);
    const [n] = metrics('Удовлетворены 99,99 % опрошенных.');
    expect(n).toMatchObject({ unit: '%', unit_one: '%' });
    expect(metrics('Из них 7 нуждаются в помощи.')[0]).toMatchObject({ unit: null, unit_one: null, unit_few: null, unit_many: null });
  });

  it('every unit the extraction can give has its forms: a listed noun or an abbreviation', () => {
    expect(METRIC_UNITS.length).toBeGreaterThan(15);
    for (const u of METRIC_UNITS) {
      const d = displayUnit(u);
      if (d === null) continue; // «тыс.» alone: the value says it all
      const forms = unitDisplayForms(u)!;
      expect(forms[2], u).toBe(d);
      const abbreviation = /[.%]$/.test(d);
      expect(abbreviation || d in UNIT_FORMS, `${u}: нет форм для «${d}» в UNIT_FORMS (reports/components/fmt.js)`).toBe(true);
      if (!abbreviation) expect(new Set(forms).size, u).toBeGreaterThan(1);
    }
  });
});
