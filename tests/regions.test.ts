import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsvObjects } from '../pipelines/ingest/read.ts';
import { RegionIndex, normalizeKey, type RegionMatch, type RegionRow } from '../pipelines/regions/normalize.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const regionsDir = path.join(repoRoot, 'sources', 'regions');
const index = await RegionIndex.load();
const regions = index.regions();
const byCode = new Map(regions.map((r) => [r.region_code, r]));

type Expected = string | { ambiguous: string[] } | 'unknown' | 'empty';

function expectMatch(input: string | null | undefined, expected: Expected): void {
  const m: RegionMatch = index.match(input);
  const shown = JSON.stringify(input);
  if (expected === 'unknown' || expected === 'empty') {
    expect(m.ok, `${shown}: ожидалось ${expected}, получено ${JSON.stringify(m)}`).toBe(false);
    if (!m.ok) {
      expect(m.reason).toBe(expected);
      expect(m.candidates).toEqual([]);
      expect(m.message.length).toBeGreaterThan(0);
    }
  } else if (typeof expected === 'string') {
    expect(m, `${shown}`).toEqual({ ok: true, code: expected, name: byCode.get(expected)!.name });
  } else {
    expect(m.ok, `${shown}: ожидалась неоднозначность, получено ${JSON.stringify(m)}`).toBe(false);
    if (!m.ok) {
      expect(m.reason).toBe('ambiguous');
      expect(m.candidates).toEqual([...expected.ambiguous].sort());
    }
  }
}

// ---------------------------------------------------------------------------
// Написания → ожидаемый результат (выписаны вручную).
// ---------------------------------------------------------------------------
const ALTAI = { ambiguous: ['04', '22'] };

const CASES: Array<[string | null | undefined, Expected]> = [
  // Республики
  ['Республика Адыгея (Адыгея)', '01'],
  ['Адыгея', '01'],
  ['Респ Адыгея', '01'],
  ['Республика Башкортостан', '02'],
  ['Башкортостан', '02'],
  ['Башкирия', '02'],
  ['Бурятия', '03'],
  ['Респ. Бурятия', '03'],
  ['Республика Алтай', '04'],
  ['Респ. Алтай', '04'],
  ['Респ Алтай', '04'],
  ['Алтай Респ', '04'],
  ['Горный Алтай', '04'],
  ['Алтай', ALTAI],
  ['АЛТАЙ', ALTAI],
  ['  алтай  ', ALTAI],
  ['Алтае', ALTAI],
  ['Алтайский край', '22'],
  ['Алтайский', '22'],
  ['Алтай край', '22'],
  ['Алтайский кр.', '22'],
  ['Алтай (край)', '22'],
  ['Алтайском крае', '22'],
  ['Республика Дагестан', '05'],
  ['Дагестан', '05'],
  ['Ингушетия', '06'],
  ['Республике Ингушетия', '06'],
  ['Кабардино-Балкарская Республика', '07'],
  ['Кабардино-Балкарская Респ', '07'],
  ['Кабардино-Балкария', '07'],
  ['КБР', '07'],
  ['Калмыкия', '08'],
  ['Республика Калмыкия', '08'],
  ['Карачаево-Черкесская Республика', '09'],
  ['Карачаево-Черкесия', '09'],
  ['КЧР', '09'],
  ['Карелия', '10'],
  ['Республика Карелия', '10'],
  ['Коми', '11'],
  ['Республика Коми', '11'],
  ['Марий Эл', '12'],
  ['Республика Марий Эл', '12'],
  ['Республика Марий-Эл', '12'],
  ['Мордовия', '13'],
  ['Республика Мордовия', '13'],
  ['Республика Саха (Якутия)', '14'],
  ['Саха /Якутия/', '14'],
  ['Респ Саха /Якутия/', '14'],
  ['Якутия', '14'],
  ['Саха', '14'],
  ['Якутия (Саха)', '14'],
  ['Республика Саха', '14'],
  ['РС(Я)', '14'],
  ['Республика Северная Осетия — Алания', '15'],
  ['Республика Северная Осетия-Алания', '15'],
  ['Северная Осетия - Алания', '15'],
  ['Респ Северная Осетия - Алания', '15'],
  ['Северная Осетия', '15'],
  ['Алания', '15'],
  ['РСО-Алания', '15'],
  ['Республика Татарстан (Татарстан)', '16'],
  ['Республика Татарстан', '16'],
  ['Татарстан', '16'],
  ['Респ. Татарстан', '16'],
  ['Татарстан Респ', '16'],
  ['в Татарстане', '16'],
  ['Республика Тыва', '17'],
  ['Тыва', '17'],
  ['Тува', '17'],
  ['Удмуртская Республика', '18'],
  ['Удмуртская', '18'],
  ['Удмуртия', '18'],
  ['Хакасия', '19'],
  ['Республика Хакасия', '19'],
  ['Чеченская Республика', '20'],
  ['Чеченская', '20'],
  ['Чечня', '20'],
  ['Чувашская Республика — Чувашия', '21'],
  ['Чувашская Республика - Чувашия', '21'],
  ['Чувашская Республика', '21'],
  ['Чувашская Респ.', '21'],
  ['Чувашия', '21'],
  // Края
  ['Краснодарский край', '23'],
  ['Краснодарском крае', '23'],
  ['Кубань', '23'],
  ['Красноярский край', '24'],
  ['Красноярский', '24'],
  ['Приморский край', '25'],
  ['Приморье', '25'],
  ['Ставропольский край', '26'],
  ['Ставрополье', '26'],
  ['Хабаровский край', '27'],
  ['Камчатский край', '41'],
  ['Камчатка', '41'],
  ['Пермский край', '59'],
  ['Пермская область', '59'],
  ['Забайкальский край', '75'],
  ['Забайкалье', '75'],
  ['Читинская область', '75'],
  // Области
  ['Амурская обл.', '28'],
  ['Архангельская область', '29'],
  ['Архангельская область (без автономного округа)', '29'],
  ['Астраханская обл', '30'],
  ['Белгородская область', '31'],
  ['Брянская область', '32'],
  ['Владимирская область', '33'],
  ['Волгоградская область', '34'],
  ['Вологодская область', '35'],
  ['Вологодская обл.,', '35'],
  ['Воронежская область', '36'],
  ['Ивановская область', '37'],
  ['Иркутская область', '38'],
  ['Калининградская область', '39'],
  ['Калужская область', '40'],
  ['Кемеровская область — Кузбасс', '42'],
  ['Кемеровская область - Кузбасс', '42'],
  ['Кемеровская область – Кузбасс', '42'],
  ['Кемеровская область-Кузбасс', '42'],
  ['Кемеровская область, Кузбасс', '42'],
  ['Кемеровская обл. - Кузбасс', '42'],
  ['Кемеровская область', '42'],
  ['Кузбасс', '42'],
  ['Кировская область', '43'],
  ['Костромская область', '44'],
  ['Курганская область', '45'],
  ['Курская область', '46'],
  ['Ленинградская область', '47'],
  ['Ленинградская обл.', '47'],
  ['Ленинградская', '47'],
  ['Липецкая область', '48'],
  ['Магаданская область', '49'],
  ['Московская область', '50'],
  ['Московская обл.', '50'],
  ['Московская', '50'],
  ['Московской области', '50'],
  ['Подмосковье', '50'],
  ['Мурманская область', '51'],
  ['Нижегородская область', '52'],
  ['Новгородская область', '53'],
  ['Новосибирская область', '54'],
  ['Омская область', '55'],
  ['Оренбургская область', '56'],
  ['Орловская область', '57'],
  ['Пензенская область', '58'],
  ['Псковская область', '60'],
  ['Ростовская область', '61'],
  ['Рязанская область', '62'],
  ['Самарская область', '63'],
  ['Саратовская область', '64'],
  ['Сахалинская область', '65'],
  ['Свердловская область', '66'],
  ['Смоленская область', '67'],
  ['Тамбовская область', '68'],
  ['Тверская область', '69'],
  ['Томская область', '70'],
  ['Тульская область', '71'],
  ['Тюменская область', '72'],
  ['Тюменская область (кроме ХМАО и ЯНАО)', '72'],
  ['Ульяновская область', '73'],
  ['Челябинская область', '74'],
  ['Ярославская область', '76'],
  ['Запорожская область', '90'],
  ['Запорожская обл.', '90'],
  ['Херсонская область', '95'],
  // Города федерального значения
  ['Москва', '77'],
  ['г. Москва', '77'],
  ['г Москва', '77'],
  ['город Москва', '77'],
  ['город федерального значения Москва', '77'],
  ['Москва г.', '77'],
  ['в Москве', '77'],
  ['Санкт-Петербург', '78'],
  ['г. Санкт-Петербург', '78'],
  ['город федерального значения Санкт-Петербург', '78'],
  ['Санкт Петербург', '78'],
  ['Санкт\u2011Петербург', '78'],
  ['СПб', '78'],
  ['С.-Петербург', '78'],
  ['Питер', '78'],
  ['Севастополь', '92'],
  ['г. Севастополь', '92'],
  ['г Севастополь', '92'],
  ['город федерального значения Севастополь', '92'],
  ['г. Севастополе', '92'],
  // Автономная область и автономные округа
  ['Еврейская автономная область', '79'],
  ['Еврейская АО', '79'],
  ['Еврейская Аобл', '79'],
  ['Еврейская автономная обл.', '79'],
  ['ЕАО', '79'],
  ['Ненецкий автономный округ', '83'],
  ['Ненецкий АО', '83'],
  ['Ненецкий', '83'],
  ['НАО', '83'],
  ['Ненецкий автономный округ (НАО)', '83'],
  ['Ханты-Мансийский автономный округ — Югра', '86'],
  ['Ханты-Мансийский Автономный округ - Югра', '86'],
  ['Ханты-Мансийский АО — Югра', '86'],
  ['ХМАО – Югра', '86'],
  ['ХМАО-Югра', '86'],
  ['ХМАО', '86'],
  ['Югра', '86'],
  ['Ханты-Мансийский автономный округ', '86'],
  ['Ханты-Мансийский АО', '86'],
  ['Ханты-Мансийском АО', '86'],
  ['Чукотский автономный округ', '87'],
  ['Чукотский АО', '87'],
  ['Чукотка', '87'],
  ['ЧАО', '87'],
  ['Ямало-Ненецкий автономный округ', '89'],
  ['Ямало-Ненецкий АО', '89'],
  ['Ямало-Ненецкий', '89'],
  ['Ямало\u2011Ненецкий АО', '89'],
  ['ЯНАО', '89'],
  ['Ямал', '89'],
  // Крым, Севастополь и субъекты 2022 года
  ['Республика Крым', '91'],
  ['Респ Крым', '91'],
  ['Крым', '91'],
  ['в Крыму', '91'],
  ['Донецкая Народная Республика', '93'],
  ['Донецкая Народная Респ.', '93'],
  ['ДНР', '93'],
  ['Донецкая', '93'],
  ['Луганская Народная Республика', '94'],
  ['ЛНР', '94'],
  ['Луганская', '94'],
  // Регистр, пробелы, кавычки, тире
  ['  Республика   Татарстан  ', '16'],
  ['республика татарстан', '16'],
  ['РЕСПУБЛИКА ТАТАРСТАН', '16'],
  ['«Республика Татарстан»', '16'],
  ['"Мордовия"', '13'],
  ['„Мордовия“', '13'],
  ["'Мордовия'", '13'],
  ['`Мордовия`', '13'],
  ['“Мордовия”', '13'],
  ['Республика\u00a0Марий\u00a0Эл', '12'],
  ['Республика\tМордовия', '13'],
  ['Кемеровская область ― Кузбасс', '42'],
  ['Кемеровская область ‒ Кузбасс', '42'],
  ['Кемеровская область − Кузбасс', '42'],
  ['Кемеровская область ‐ Кузбасс', '42'],
  ['Кемеровская область—Кузбасс', '42'],
  // Неоднозначные и противоречивые
  ['Донбасс', { ambiguous: ['93', '94'] }],
  ['Москва (Московская область)', { ambiguous: ['50', '77'] }],
  ['Ненецкий автономный округ (Архангельская область)', { ambiguous: ['29', '83'] }],
  // Неизвестные
  ['Нарния', 'unknown'],
  ['Байконур', 'unknown'],
  ['г. Байконур', 'unknown'],
  ['Россия', 'unknown'],
  ['Украина', 'unknown'],
  ['Ленинград', 'unknown'],
  ['Осетия', 'unknown'],
  ['Новгород', 'unknown'],
  ['Алтайский республика', 'unknown'],
  ['Республика Москва', 'unknown'],
  ['Москва область', 'unknown'],
  ['Московский край', 'unknown'],
  ['Республика', 'unknown'],
  ['АО', 'unknown'],
  // Пустые
  ['', 'empty'],
  ['   ', 'empty'],
  ['\t\u00a0\n', 'empty'],
  [null, 'empty'],
  [undefined, 'empty'],
  ['—', 'empty'],
  ['«»', 'empty'],
];

describe('нормализатор названий регионов', () => {
  it('в наборе не меньше 150 различных написаний', () => {
    const distinct = new Set(CASES.map(([s]) => String(s)));
    expect(distinct.size).toBe(CASES.length);
    expect(distinct.size).toBeGreaterThanOrEqual(150);
  });

  it.each(CASES)('%j → %j', (input, expected) => {
    expectMatch(input, expected);
  });

  it('Ненецкий АО и Ямало-Ненецкий АО не путаются', () => {
    expectMatch('Ненецкий АО', '83');
    expectMatch('Ямало-Ненецкий АО', '89');
    expectMatch('Ненецкий автономный округ', '83');
    expectMatch('Ямало-Ненецкий автономный округ', '89');
  });

  it('Москва ≠ Московская область, Санкт-Петербург ≠ Ленинградская область', () => {
    expectMatch('Москва', '77');
    expectMatch('Московская область', '50');
    expectMatch('Санкт-Петербург', '78');
    expectMatch('Ленинградская область', '47');
  });

  it('сообщения по-русски: неоднозначность, неизвестное, пустое', () => {
    expect(index.match('Алтай')).toEqual({
      ok: false,
      reason: 'ambiguous',
      candidates: ['04', '22'],
      message: 'Регион «Алтай» неоднозначен: Республика Алтай (04) или Алтайский край (22). Укажите полное название.',
    });
    expect(index.match('Нарния')).toEqual({
      ok: false,
      reason: 'unknown',
      candidates: [],
      message: 'Регион «Нарния» не найден в справочнике 89 субъектов РФ.',
    });
    const empty = index.match('  ');
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.message).toMatch(/Пустое значение/);
  });

  it('каждое официальное и краткое название сопоставляется со своим кодом', () => {
    for (const r of regions) {
      expectMatch(r.name, r.region_code);
      expectMatch(r.short_name, r.region_code);
      expectMatch(r.name.toUpperCase(), r.region_code);
    }
  });

  it('падежные формы всех субъектов дают свой код и никогда чужой', () => {
    // Формы строятся из кратких названий: «Курской области», «Краснодарского края»,
    // «Республике Коми», «Ханты-Мансийском автономном округе» и т. п.
    const adjForms = (w: string, fem: boolean): string[] =>
      fem
        ? [w.replace(/ая$/, 'ой'), w.replace(/ая$/, 'ую')]
        : ['ого', 'ом', 'ому'].map((e) => w.replace(/[иы]й$/, e));
    let checked = 0;
    for (const r of regions) {
      const s = r.short_name;
      const forms: string[] = [];
      if (r.subject_type === 'область' && s.endsWith(' область')) {
        for (const f of adjForms(s.replace(/ область$/, ''), true)) forms.push(`${f} области`, `${f} обл.`);
      } else if (r.subject_type === 'край') {
        const [g, p, d] = adjForms(s.replace(/ край$/, ''), false);
        forms.push(`${g} края`, `${p} крае`, `${d} краю`);
      } else if (r.subject_type === 'республика' && s.startsWith('Республика ')) {
        forms.push(s.replace(/^Республика /, 'Республике '), s.replace(/^Республика /, 'Республики '));
      } else if (r.subject_type === 'автономный округ') {
        const [g, p] = adjForms(s.replace(/ АО.*$/, ''), false);
        forms.push(`${g} АО`, `${p} АО`, `${p} автономном округе`, `${g} автономного округа`);
      }
      for (const f of forms) {
        expectMatch(f, r.region_code);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
    for (const [form, code] of [
      ['Москвы', '77'], ['Санкт-Петербурге', '78'], ['Севастополя', '92'], ['Ингушетии', '06'],
      ['Кузбассе', '42'], ['Югре', '86'], ['Кубани', '23'], ['Крыма', '91'], ['Тыве', '17'],
    ] as const) {
      expectMatch(form, code);
    }
    // Города — не субъекты: «Курска», «Перми» не угадываются по созвучию.
    expectMatch('Курска', 'unknown');
    expectMatch('Перми', 'unknown');
  });

  it('повторные вызовы дают тот же результат и работают быстро', () => {
    const inputs = CASES.map(([s]) => s);
    const first = inputs.map((s) => index.match(s));
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) for (const s of inputs) index.match(s);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(inputs.map((s) => index.match(s))).toEqual(first);
  });
});

describe('normalizeKey', () => {
  it('нижний регистр и ё → е', () => {
    expect(normalizeKey('Орёл')).toBe('орел');
    expect(normalizeKey('ЁЛКИ')).toBe('елки');
    expect(normalizeKey('Ое\u0308')).toBe('ое'); // е + комбинирующая диэреза
  });
  it('все виды тире и дефисов → «-»', () => {
    for (const d of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '-']) {
      expect(normalizeKey(`а ${d} б`)).toBe('а - б');
    }
  });
  it('кавычки всех видов удаляются', () => {
    expect(normalizeKey('«а» "б" „в“ \'г\' `д` “е” ‘ж’')).toBe('а б в г д е ж');
  });
  it('точки и запятые — разделители; пробелы, NBSP и табуляции схлопываются', () => {
    expect(normalizeKey(' Респ.Татарстан,  г.Казань\t\u00a0 ')).toBe('респ татарстан г казань');
    expect(normalizeKey('\u00a0\t \n')).toBe('');
  });
  it('скобки и косые черты сохраняются', () => {
    expect(normalizeKey('Саха /Якутия/')).toBe('саха /якутия/');
    expect(normalizeKey('Республика Татарстан (Татарстан)')).toBe('республика татарстан (татарстан)');
  });
});

describe('чтение CSV справочника (общий читатель проекта, DuckDB)', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'nok-regions-csv-'));
  const write = (name: string, text: string): string => {
    const f = path.join(tmp, name);
    writeFileSync(f, text);
    return f;
  };
  it('кавычки, запятые и удвоенные кавычки внутри поля, CRLF, BOM', async () => {
    const r = await readCsvObjects(write('a.csv', '\ufeffa,b\r\n"x, y","он сказал ""да"""\r\n'));
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([{ a: 'x, y', b: 'он сказал "да"' }]);
  });
  it('перевод строки внутри кавычек и пустые поля', async () => {
    const r = await readCsvObjects(write('b.csv', 'a,b,c\n"1\n2",,3'));
    expect(r.rows).toEqual([{ a: '1\n2', b: '', c: '3' }]);
  });
  it('лишние поля в строке — ошибка с номером строки', async () => {
    await expect(readCsvObjects(write('c.csv', 'a,b\n1,2\n1,2,3\n'))).rejects.toThrow(/строка 3/);
  });
  it('незакрытая кавычка — ошибка', async () => {
    await expect(readCsvObjects(write('d.csv', 'a,b\n"x,1\n'))).rejects.toThrow(/не закрыта/);
  });
  const broken = (edit: (files: Record<string, string>) => void): string => {
    const dir = mkdtempSync(path.join(tmp, 'ref-'));
    const files: Record<string, string> = {};
    for (const f of ['regions.csv', 'tile_grid.csv', 'aliases.csv']) files[f] = readFileSync(path.join(regionsDir, f), 'utf8');
    edit(files);
    for (const [f, t] of Object.entries(files)) writeFileSync(path.join(dir, f), t);
    return dir;
  };
  it('строки справочника проверяет zod-схема: неверный код, вид субъекта, длинная подпись — ошибка загрузки', async () => {
    await expect(RegionIndex.load(broken((f) => (f['regions.csv'] = f['regions.csv']!.replace('\n01,', '\n1,'))))).rejects.toThrow(/regions\.csv.*строка 2/);
    await expect(RegionIndex.load(broken((f) => (f['regions.csv'] = f['regions.csv']!.replace(',республика,', ',королевство,'))))).rejects.toThrow(/Недопустимое значение/);
    await expect(RegionIndex.load(broken((f) => (f['regions.csv'] = f['regions.csv']!.replace(',АДЫГ,', ',АДЫГЕЯРЕСП,'))))).rejects.toThrow(/длинное/);
  }, 60_000);
  it('связи между файлами: повтор клетки, лишний код в псевдонимах, округ не по своему сокращению', async () => {
    const same = (t: string): string => t.replace(/\n02,\d+,\d+/, '\n02,' + /\n01,(\d+,\d+)/.exec(t)![1]);
    await expect(RegionIndex.load(broken((f) => (f['tile_grid.csv'] = same(f['tile_grid.csv']!))))).rejects.toThrow(/клетка .* занята: 01, 02/);
    await expect(RegionIndex.load(broken((f) => (f['aliases.csv'] += 'Атлантида,99,нет такого\n')))).rejects.toThrow(/несуществующий код 99/);
    await expect(RegionIndex.load(broken((f) => (f['regions.csv'] = f['regions.csv']!.replace('Южный федеральный округ,ЮФО', 'Южный федеральный округ,ЦФО'))))).rejects.toThrow(/не соответствует ЦФО/);
  }, 60_000);
  it('индекс из таблиц, которые сборка уже загрузила, — тот же, что из файлов, и с теми же проверками связей', async () => {
    const [{ Db }, { installMacros }, { createMeta }, { loadSource }, schema] = await Promise.all([
      import('../pipelines/lib/duck.ts'),
      import('../pipelines/ingest/sql.ts'),
      import('../pipelines/ingest/meta.ts'),
      import('../pipelines/ingest/load.ts'),
      import('../sources/regions/schema.ts'),
    ]);
    const db = await Db.open();
    try {
      await installMacros(db);
      await createMeta(db);
      const ctx = { db, regions: { match: (): RegionMatch => ({ ok: false, reason: 'empty', candidates: [], message: '' }) }, tmpDir: path.join(tmp, 'load'), baseDir: regionsDir };
      for (const src of [schema.region, schema.regionTile, schema.regionAlias]) await loadSource(ctx, src as unknown as Parameters<typeof loadSource>[1], regionsDir);
      const fromDb = await RegionIndex.fromDb(db);
      expect(fromDb.regions()).toEqual(regions);
      for (const text of ['Респ. Адыгея', 'ХМАО — Югра', 'Москва', 'Московская обл.', 'Кемеровская область - Кузбасс', 'Атлантида', 'Ненецкий']) {
        expect(fromDb.match(text)).toEqual(index.match(text));
      }
      await db.run(`DELETE FROM ref.region_tile WHERE region_code = '01'`);
      await expect(RegionIndex.fromDb(db)).rejects.toThrow(/tile_grid\.csv: нет клетки для 01/);
    } finally {
      db.close();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------
// Структура справочника
// ---------------------------------------------------------------------------

const EXPECTED_CODES = [
  ...Array.from({ length: 79 }, (_, i) => String(i + 1).padStart(2, '0')),
  '83', '86', '87', '89', '90', '91', '92', '93', '94', '95',
];

describe('regions.csv', () => {
  it('ровно 89 субъектов с уникальными двузначными кодами КЛАДР/ФНС', () => {
    expect(regions).toHaveLength(89);
    const codes = regions.map((r) => r.region_code);
    expect(new Set(codes).size).toBe(89);
    for (const c of codes) expect(c).toMatch(/^\d{2}$/);
    expect([...codes].sort()).toEqual([...EXPECTED_CODES].sort());
  });

  it('заголовок: ровно нужные столбцы в нужном порядке', async () => {
    const header = (await readCsvObjects(path.join(regionsDir, 'regions.csv'))).header;
    expect(header).toEqual([
      'region_code', 'name', 'short_name', 'tile_label', 'subject_type', 'federal_district',
      'federal_district_short', 'iso_3166_2', 'okato', 'oktmo', 'is_enclave_okrug',
      'parent_region_code', 'joined_year', 'capital',
    ]);
  });

  it('федеральные округа на 2023 год: число субъектов в каждом', () => {
    const counts: Record<string, number> = {};
    for (const r of regions) counts[r.federal_district_short] = (counts[r.federal_district_short] ?? 0) + 1;
    expect(counts).toEqual({ ЦФО: 18, СЗФО: 11, ЮФО: 12, СКФО: 7, ПФО: 14, УФО: 6, СФО: 10, ДФО: 11 });
  });

  it('виды субъектов по ст. 65 Конституции: 24 республики, 9 краёв, 48 областей, 3 города, 1 АО, 4 автономных округа', () => {
    const counts: Record<string, number> = {};
    for (const r of regions) counts[r.subject_type] = (counts[r.subject_type] ?? 0) + 1;
    expect(counts).toEqual({
      республика: 24,
      край: 9,
      область: 48,
      'город федерального значения': 3,
      'автономная область': 1,
      'автономный округ': 4,
    });
  });

  it('ключевые факты о субъектах', () => {
    const g = (c: string): RegionRow => byCode.get(c)!;
    expect(g('03').federal_district_short).toBe('ДФО'); // Бурятия — в ДФО с 2018 г.
    expect(g('75').federal_district_short).toBe('ДФО'); // Забайкальский край — тоже
    for (const c of ['91', '92']) {
      expect(g(c).federal_district_short).toBe('ЮФО');
      expect(g(c).joined_year).toBe(2014);
    }
    for (const c of ['90', '93', '94', '95']) {
      expect(g(c).federal_district_short).toBe('ЮФО');
      expect(g(c).joined_year).toBe(2022);
    }
    expect(regions.filter((r) => r.joined_year !== null).map((r) => r.region_code).sort()).toEqual([
      '90', '91', '92', '93', '94', '95',
    ]);
    expect(regions.filter((r) => r.iso_3166_2 === null).map((r) => r.region_code).sort()).toEqual([
      '90', '91', '92', '93', '94', '95',
    ]);
    expect(g('77')).toMatchObject({ name: 'город федерального значения Москва', short_name: 'Москва', iso_3166_2: 'RU-MOW', okato: '45', oktmo: '45' });
    expect(g('50')).toMatchObject({ iso_3166_2: 'RU-MOS', okato: '46' });
    expect(g('78')).toMatchObject({ iso_3166_2: 'RU-SPE', okato: '40' });
    expect(g('16').name).toBe('Республика Татарстан (Татарстан)');
    expect(g('21').name).toBe('Чувашская Республика — Чувашия');
    expect(g('42').name).toBe('Кемеровская область — Кузбасс');
    expect(g('86').name).toBe('Ханты-Мансийский автономный округ — Югра');
    expect(g('86').short_name).toBe('Ханты-Мансийский АО — Югра');
  });

  it('автономные округа внутри областей: НАО, ХМАО, ЯНАО', () => {
    const enclaves = regions.filter((r) => r.is_enclave_okrug);
    expect(enclaves.map((r) => [r.region_code, r.parent_region_code, r.okato, r.oktmo])).toEqual([
      ['83', '29', '111', '118'],
      ['86', '72', '71100', '718'],
      ['89', '72', '71140', '719'],
    ]);
    for (const r of regions) {
      if (!r.is_enclave_okrug) expect(r.parent_region_code).toBeNull();
    }
    // ОКАТО округа начинается с ОКАТО области-«родителя» — поэтому ключ не ОКАТО.
    expect(byCode.get('86')!.okato!.startsWith(byCode.get('72')!.okato!)).toBe(true);
  });

  it('ОКАТО и ОКТМО — строки из цифр; ISO 3166-2 — RU-xx', () => {
    for (const r of regions) {
      if (r.okato !== null) expect(r.okato).toMatch(/^\d{2,5}$/);
      if (r.oktmo !== null) expect(r.oktmo).toMatch(/^\d{2,3}$/);
      if (r.iso_3166_2 !== null) expect(r.iso_3166_2).toMatch(/^RU-[A-Z]{2,3}$/);
    }
    const isos = regions.map((r) => r.iso_3166_2).filter((x) => x !== null);
    expect(new Set(isos).size).toBe(isos.length);
  });

  it('tile_label: не длиннее 6 знаков и уникален; столица указана', () => {
    const labels = regions.map((r) => r.tile_label);
    for (const l of labels) expect([...l].length).toBeLessThanOrEqual(6);
    expect(new Set(labels).size).toBe(labels.length);
    for (const r of regions) expect(r.capital.trim()).not.toBe('');
  });
});

describe('tile_grid.csv', () => {
  it('у каждого субъекта своя клетка, клетки не повторяются', async () => {
    const rows = (await readCsvObjects(path.join(regionsDir, 'tile_grid.csv'))).rows;
    expect(rows).toHaveLength(89);
    expect(new Set(rows.map((r) => r['region_code'])).size).toBe(89);
    const cells = regions.map((r) => `${r.tile_col},${r.tile_row}`);
    expect(new Set(cells).size).toBe(89);
    for (const r of regions) {
      expect(Number.isInteger(r.tile_col) && r.tile_col >= 0).toBe(true);
      expect(Number.isInteger(r.tile_row) && r.tile_row >= 0).toBe(true);
    }
  });

  it('размер сетки около 18–20 × 9–11', () => {
    const cols = Math.max(...regions.map((r) => r.tile_col)) + 1;
    const rows = Math.max(...regions.map((r) => r.tile_row)) + 1;
    expect(cols).toBeGreaterThanOrEqual(18);
    expect(cols).toBeLessThanOrEqual(20);
    expect(rows).toBeGreaterThanOrEqual(9);
    expect(rows).toBeLessThanOrEqual(11);
  });

  it('расположение похоже на карту', () => {
    const at = (c: string): RegionRow => byCode.get(c)!;
    const minCol = Math.min(...regions.map((r) => r.tile_col));
    const maxCol = Math.max(...regions.map((r) => r.tile_col));
    expect(at('39').tile_col).toBe(minCol); // Калининград — крайний запад
    expect(at('87').tile_col).toBeGreaterThanOrEqual(maxCol - 1); // Чукотка — крайний восток
    expect(at('87').tile_row).toBeLessThanOrEqual(at('25').tile_row); // Чукотка севернее Приморья
    // Москва и Московская область — соседние клетки, в западной половине карты
    expect(Math.abs(at('77').tile_col - at('50').tile_col) + Math.abs(at('77').tile_row - at('50').tile_row)).toBe(1);
    expect(at('50').tile_col).toBeLessThan(maxCol / 2);
    // Северный Кавказ, Крым и субъекты 2022 года — внизу слева
    const bottomLeft = ['05', '06', '07', '09', '15', '20', '91', '92', '90', '93', '94', '95'];
    for (const c of bottomLeft) {
      expect(at(c).tile_row).toBeGreaterThan(at('77').tile_row);
      expect(at(c).tile_col).toBeLessThan(maxCol / 2);
    }
    expect(at('51').tile_row).toBeLessThan(at('77').tile_row); // Мурманск севернее Москвы
  });
});

describe('aliases.csv', () => {
  const aliases = index.aliases();
  it('каждый псевдоним указывает на существующий код и сопоставляется ровно с ним', () => {
    expect(aliases.length).toBeGreaterThan(30);
    for (const a of aliases) {
      expect(byCode.has(a.region_code), a.alias).toBe(true);
      expectMatch(a.alias, a.region_code);
    }
  });
  it('псевдонимы не повторяются и не конфликтуют', () => {
    const keys = aliases.map((a) => normalizeKey(a.alias).replace(/[-()/]/g, ' ').replace(/ +/g, ' ').trim());
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('неоднозначные написания в файл не попали', () => {
    const keys = new Set(aliases.map((a) => normalizeKey(a.alias)));
    for (const bad of ['алтай', 'донбасс', 'ра', 'рк', 'рб', 'рт', 'мо', 'ао']) expect(keys.has(bad)).toBe(false);
  });
  it('справочник с противоречивым псевдонимом не загружается', () => {
    const rows = regions.map((r) => ({ ...r }));
    expect(
      () => new RegionIndex(rows, [{ alias: 'Татарстан', region_code: '02', note: 'ошибка' }]),
    ).toThrow(/неоднозначные написания/);
  });
});

// ---------------------------------------------------------------------------
// Сверка с открытым справочником HFLabs (CC BY-SA 4.0; только для проверки)
// ---------------------------------------------------------------------------

const referenceDir = process.env['NOK_REFERENCE_DIR'] ?? path.resolve(repoRoot, '..', 'shared', 'data', 'reference');
const referenceFile = path.join(referenceDir, 'hflabs_region.csv');
const referenceExists = existsSync(referenceFile);

const hflabs = referenceExists ? (await readCsvObjects(referenceFile)).rows : [];

describe.runIf(referenceExists)(
  referenceExists
    ? `сверка со справочником HFLabs (${referenceFile})`
    : `сверка со справочником HFLabs (${process.env['NOK_REFERENCE_DIR'] ? referenceDir : '../shared/data/reference'} отсутствует — пропущено)`,
  () => {
    const load = (): Record<string, string>[] => hflabs.filter((r) => r['name'] !== 'Байконур');

    it('в справочнике 85 субъектов (без Байконура); вместе с четырьмя субъектами 2022 года это наши 89', () => {
      const ref = load();
      expect(ref).toHaveLength(85);
      const codes = new Set(ref.map((r) => r['kladr_id']!.slice(0, 2)));
      for (const c of ['90', '93', '94', '95']) codes.add(c);
      expect([...codes].sort()).toEqual(regions.map((r) => r.region_code).sort());
    });

    it('федеральный округ, ISO 3166-2, ОКАТО, ОКТМО согласуются', () => {
      for (const ref of load()) {
        const code = ref['kladr_id']!.slice(0, 2);
        const ours = byCode.get(code);
        expect(ours, `код ${code} (${ref['name']})`).toBeDefined();
        if (!ours) continue;
        expect(ours.federal_district, code).toBe(`${ref['federal_district']} федеральный округ`);
        if (ours.iso_3166_2 !== null) expect(ours.iso_3166_2, code).toBe(ref['iso_code']);
        expect(ours.okato, code).not.toBeNull();
        expect(ours.oktmo, code).not.toBeNull();
        expect(ref['okato']!.startsWith(ours.okato!), `${code}: ОКАТО ${ours.okato} / ${ref['okato']}`).toBe(true);
        expect(ref['oktmo']!.startsWith(ours.oktmo!), `${code}: ОКТМО ${ours.oktmo} / ${ref['oktmo']}`).toBe(true);
      }
    });

    it('нормализатор узнаёт name_with_type и name справочника', () => {
      for (const ref of load()) {
        const code = ref['kladr_id']!.slice(0, 2);
        expectMatch(ref['name_with_type'], code);
        if (ref['name'] === 'Алтай') {
          expectMatch(ref['name'], ALTAI); // «Алтай» без типа — неоднозначно, не угадываем
        } else {
          expectMatch(ref['name'], code);
        }
      }
    });
  },
);
