/**
 * Справочник субъектов РФ (sources/regions) и нормализатор написаний названий регионов.
 *
 * Ключ субъекта — двузначный код региона КЛАДР/ФНС (первые две цифры kladr_id и ИНН).
 * `await RegionIndex.load()` читает три CSV загрузчиком проекта (проверки — zod-схема), строит индекс
 * один раз; `match()` — это несколько поисков по Map (результаты ещё и кешируются по
 * исходной строке), так что его можно звать на каждое различное значение столбца.
 *
 * Порядок сопоставления (см. README в sources/regions):
 *  1. вся строка целиком против официальных названий, кратких названий и псевдонимов;
 *  2. «ядро» — строка без слов типа (республика, респ, обл, край, АО, г, …); слово типа,
 *     если оно было, выбирает среди кандидатов и отсеивает несовместимые;
 *  3. простые падежные формы ядра («Краснодарском крае», «г. Севастополе»), только если
 *     результат однозначен;
 *  4. разбиение на альтернативные названия — скобки, косые черты, тире с пробелами —
 *     и согласие всех частей, которые удалось сопоставить.
 * Неоднозначное написание («Алтай») никогда не угадывается: возвращается ambiguous.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { Source } from '../ingest/spec.ts';
import type { Db } from '../lib/duck.ts';
import { plural } from '@nok-atlas/common/fmt.js';

export const SUBJECT_TYPES = [
  'республика',
  'край',
  'область',
  'город федерального значения',
  'автономная область',
  'автономный округ',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const FEDERAL_DISTRICTS = {
  ЦФО: 'Центральный федеральный округ',
  СЗФО: 'Северо-Западный федеральный округ',
  ЮФО: 'Южный федеральный округ',
  СКФО: 'Северо-Кавказский федеральный округ',
  ПФО: 'Приволжский федеральный округ',
  УФО: 'Уральский федеральный округ',
  СФО: 'Сибирский федеральный округ',
  ДФО: 'Дальневосточный федеральный округ',
} as const;
export type FederalDistrictShort = keyof typeof FEDERAL_DISTRICTS;

/** Строка regions.csv с типизированными полями и присоединённой клеткой плиточной карты. */
export interface RegionRow {
  region_code: string;
  /** Официальное полное название (ст. 65 Конституции РФ). */
  name: string;
  short_name: string;
  tile_label: string;
  subject_type: SubjectType;
  federal_district: string;
  federal_district_short: FederalDistrictShort;
  iso_3166_2: string | null;
  okato: string | null;
  oktmo: string | null;
  is_enclave_okrug: boolean;
  parent_region_code: string | null;
  joined_year: number | null;
  capital: string;
  /** Колонка клетки на плиточной карте (tile_grid.csv), 0 — запад. */
  tile_col: number;
  /** Строка клетки на плиточной карте, 0 — верх (север). */
  tile_row: number;
}

export interface AliasRow {
  alias: string;
  region_code: string;
  note: string;
}

export type RegionMatch =
  | { ok: true; code: string; name: string }
  | { ok: false; reason: 'unknown' | 'ambiguous' | 'empty'; candidates: string[]; message: string };

export const REGIONS_CSV_COLUMNS = [
  'region_code',
  'name',
  'short_name',
  'tile_label',
  'subject_type',
  'federal_district',
  'federal_district_short',
  'iso_3166_2',
  'okato',
  'oktmo',
  'is_enclave_okrug',
  'parent_region_code',
  'joined_year',
  'capital',
] as const;

export const DEFAULT_REGIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'sources',
  'regions',
);

/**
 * Написания, которые обозначают больше одного субъекта. Их нет в aliases.csv (там только
 * однозначные); здесь они объявлены явно, чтобы «Алтай» давал ambiguous, а не 04.
 * Слово типа снимает неоднозначность: «Республика Алтай» → 04, «Алтай край» → 22.
 */
const AMBIGUOUS_KEYS: Readonly<Record<string, readonly string[]>> = {
  алтай: ['04', '22'],
  донбасс: ['93', '94'],
};

// ---------------------------------------------------------------------------
// Нормализация строк
// ---------------------------------------------------------------------------

const DASHES = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const QUOTES = /[«»"“”„‟'‘’‚‛`´″′‹›]/g;
const INVISIBLE = /[\u00AD\u200B\u200C\u200D\u2060\uFEFF]/g;
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;

/**
 * Ключ для сравнения: нижний регистр, ё→е, любые тире и дефисы → «-», кавычки всех видов
 * удалены, точки и запятые — разделители (как пробел), пробельные символы (включая
 * неразрывный пробел и табуляцию) схлопнуты, края обрезаны. Скобки и «/» сохраняются:
 * они отделяют альтернативные названия.
 */
export function normalizeKey(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(QUOTES, '')
    .replace(/[.,]/g, ' ')
    .replace(SPACES, ' ')
    .trim();
}

/** Ключ без пунктуации: дефисы, скобки и косые черты становятся пробелами. */
function looseKey(normalized: string): string {
  return normalized
    .replace(/[-()[\]{}/\\|;:!?]/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------
// Слова типа субъекта
// ---------------------------------------------------------------------------

const T_REP: SubjectType[] = ['республика'];
const T_KRAI: SubjectType[] = ['край'];
const T_OBL: SubjectType[] = ['область'];
const T_CITY: SubjectType[] = ['город федерального значения'];
const T_AOKR: SubjectType[] = ['автономный округ'];
const T_AOBL: SubjectType[] = ['автономная область'];
const T_AUTO: SubjectType[] = ['автономный округ', 'автономная область'];
const T_NONE: SubjectType[] = [];

/** Фразы (последовательности токенов) → какие типы субъекта они называют. */
const TYPE_PHRASES: ReadonlyArray<readonly [string, SubjectType[]]> = [
  ...['республика', 'республики', 'республике', 'республику', 'республикой', 'респ', 'р ка', 'рес'].map(
    (p) => [p, T_REP] as const,
  ),
  ...['край', 'края', 'краю', 'крае', 'краем', 'кр'].map((p) => [p, T_KRAI] as const),
  ...['область', 'области', 'областью', 'обл', 'обл ть'].map((p) => [p, T_OBL] as const),
  ...[
    'автономный округ',
    'автономного округа',
    'автономному округу',
    'автономном округе',
    'автономным округом',
    'округ',
    'округа',
    'округу',
    'округе',
    'округом',
    'авт окр',
    'окр',
  ].map((p) => [p, T_AOKR] as const),
  ...[
    'автономная область',
    'автономной области',
    'автономную область',
    'автономной областью',
    'автономная обл',
    'автономной обл',
    'авт обл',
    'аобл',
  ].map((p) => [p, T_AOBL] as const),
  ...['ао', 'а о', 'авт', 'автономный', 'автономная', 'автономной', 'автономного', 'автономном'].map(
    (p) => [p, T_AUTO] as const,
  ),
  ...[
    'город федерального значения',
    'города федерального значения',
    'городе федерального значения',
    'федерального значения',
    'гфз',
    'город',
    'города',
    'городе',
    'городу',
    'городом',
    'гор',
    'г',
  ].map((p) => [p, T_CITY] as const),
  // Шум: слова, которые не несут названия субъекта.
  ...[
    'субъект рф',
    'субъект российской федерации',
    'субъекта рф',
    'субъекта российской федерации',
    'субъект',
    'российская федерация',
    'российской федерации',
    'рф',
    'россия',
  ].map((p) => [p, T_NONE] as const),
];

/** Предлоги, которые встречаются в прозе перед названием («в Краснодарском крае»). */
const LEADING_PREPOSITIONS = new Set(['в', 'во', 'по', 'на', 'из']);

interface PhraseEntry {
  tokens: string[];
  types: SubjectType[];
}

const PHRASES_BY_FIRST: Map<string, PhraseEntry[]> = (() => {
  const m = new Map<string, PhraseEntry[]>();
  for (const [phrase, types] of TYPE_PHRASES) {
    const tokens = phrase.split(' ');
    const first = tokens[0]!;
    const list = m.get(first) ?? [];
    list.push({ tokens, types });
    m.set(first, list);
  }
  for (const list of m.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return m;
})();

interface Parsed {
  /** Типы, названные в строке (пусто — тип не указан). */
  types: Set<SubjectType>;
  /** Токены названия без слов типа. */
  core: string[];
}

/** Делит loose-ключ на слова типа и «ядро» названия. */
function parseTypeWords(loose: string): Parsed {
  const tokens = loose === '' ? [] : loose.split(' ');
  while (tokens.length > 1 && LEADING_PREPOSITIONS.has(tokens[0]!)) tokens.shift();
  const types = new Set<SubjectType>();
  const core: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const candidates = PHRASES_BY_FIRST.get(tokens[i]!);
    const hit = candidates?.find((p) => p.tokens.every((t, j) => tokens[i + j] === t));
    if (hit) {
      for (const t of hit.types) types.add(t);
      i += hit.tokens.length;
    } else {
      core.push(tokens[i]!);
      i++;
    }
  }
  return { types, core };
}

// ---------------------------------------------------------------------------
// Простые падежные формы
// ---------------------------------------------------------------------------

/** Окончание → возможные окончания именительного падежа. Применяются все подходящие правила. */
const INFLECTION_RULES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ского', ['ский']],
  ['скому', ['ский']],
  ['ским', ['ский']],
  ['ском', ['ский']],
  ['ской', ['ская']],
  ['скую', ['ская']],
  ['ого', ['ый', 'ий']],
  ['ому', ['ый', 'ий']],
  ['ым', ['ый']],
  ['им', ['ий']],
  ['ом', ['ый', 'ий', '']],
  ['ой', ['ая', 'а']],
  ['ую', ['ая']],
  ['ией', ['ия']],
  ['ии', ['ия']],
  ['ию', ['ия']],
  ['ем', ['ь', 'й']],
  ['е', ['а', 'ь', '', 'й', 'я']],
  ['ы', ['а']],
  ['и', ['а', 'ь', 'я']],
  ['у', ['а', '']],
  ['ю', ['я', 'ь']],
  ['я', ['ь', 'й']],
  ['а', ['', 'ь']],
];

function wordVariants(word: string): string[] {
  const out = new Set<string>([word]);
  if (word.length >= 4) {
    for (const [suffix, repl] of INFLECTION_RULES) {
      if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
        const stem = word.slice(0, word.length - suffix.length);
        for (const r of repl) out.add(stem + r);
      }
    }
  }
  return [...out];
}

const MAX_VARIANTS = 512;

function coreVariants(core: string[]): string[] {
  let acc: string[] = [''];
  for (const w of core) {
    const next: string[] = [];
    for (const prefix of acc) {
      for (const v of wordVariants(w)) {
        next.push(prefix === '' ? v : `${prefix} ${v}`);
        if (next.length > MAX_VARIANTS) return [];
      }
    }
    acc = next;
  }
  return acc;
}

// ---------------------------------------------------------------------------
// Загрузка справочника: тем же загрузчиком, что и любые входные файлы (DuckDB read_csv),
// с проверками из zod-схемы sources/regions/schema.ts; здесь — только связи между файлами.
// ---------------------------------------------------------------------------

async function readReference(dir: string): Promise<{ regions: RegionRow[]; aliases: AliasRow[] }> {
  const [{ Db }, { installMacros }, { createMeta }, { loadSource }, schema, { isQuiet, setQuiet }] = await Promise.all([
    import('../lib/duck.ts'),
    import('../ingest/sql.ts'),
    import('../ingest/meta.ts'),
    import('../ingest/load.ts'),
    import('../../sources/regions/schema.ts'),
    import('../lib/log.ts'),
  ]);
  const db = await Db.open();
  const wasQuiet = isQuiet();
  setQuiet(true);
  try {
    await installMacros(db);
    await createMeta(db);
    const ctx = { db, regions: { match: (): RegionMatch => ({ ok: false, reason: 'empty', candidates: [], message: '' }) }, tmpDir: path.join(os.tmpdir(), `nok-regions-${process.pid}`), baseDir: dir };
    for (const src of [schema.region, schema.regionTile, schema.regionAlias] as unknown as Source[]) {
      const r = await loadSource(ctx, src, dir);
      if (r.errors.length) throw new Error(`Справочник регионов: ${r.errors.map((e) => e.describe()).join('\n')}`);
    }
    const bad = await db.all<{ file: string; row_number: number; column_name: string; message: string }>(
      `SELECT file, row_number, column_name, message FROM meta.quarantine ORDER BY file, row_number LIMIT 5`,
    );
    if (bad.length) fail(bad[0]!.file, bad.map((b) => `строка ${b.row_number}, ${b.column_name}: ${b.message}`).join('; '));
    return await readLoaded(db);
  } finally {
    setQuiet(wasQuiet);
    db.close();
  }
}

/** The rows of the index from a database where the region tables are loaded (ref.region, ref.region_tile, ref.region_alias), after the checks across them. */
async function readLoaded(db: Pick<Db, 'all'>): Promise<{ regions: RegionRow[]; aliases: AliasRow[] }> {
  // связи между строками и файлами (то, что схема одной строки выразить не может)
  const broken = await db.all<{ file: string; message: string }>(`
    SELECT 'regions.csv' AS file, region_code || ': «' || federal_district || '» не соответствует ' || federal_district_short AS message FROM ref.region
      WHERE federal_district <> CASE federal_district_short ${Object.entries(FEDERAL_DISTRICTS).map(([k, v]) => `WHEN '${k}' THEN '${v}'`).join(' ')} END
    UNION ALL SELECT 'regions.csv', region_code || ': parent_region_code ' || parent_region_code || ' нет в таблице' FROM ref.region
      WHERE parent_region_code IS NOT NULL AND parent_region_code NOT IN (SELECT region_code FROM ref.region)
    UNION ALL SELECT 'regions.csv', region_code || ': is_enclave_okrug и parent_region_code противоречат друг другу' FROM ref.region
      WHERE is_enclave_okrug <> (parent_region_code IS NOT NULL)
    UNION ALL SELECT 'tile_grid.csv', 'код ' || region_code || ' отсутствует в regions.csv' FROM ref.region_tile WHERE region_code NOT IN (SELECT region_code FROM ref.region)
    UNION ALL SELECT 'tile_grid.csv', 'нет клетки для ' || region_code FROM ref.region WHERE region_code NOT IN (SELECT region_code FROM ref.region_tile)
    UNION ALL SELECT 'tile_grid.csv', 'клетка (' || col || ',' || "row" || ') занята: ' || string_agg(region_code, ', ' ORDER BY region_code) FROM ref.region_tile GROUP BY col, "row" HAVING count(*) > 1
    UNION ALL SELECT 'aliases.csv', '«' || alias || '» указывает на несуществующий код ' || region_code FROM ref.region_alias WHERE region_code NOT IN (SELECT region_code FROM ref.region)
    LIMIT 5`);
  if (broken.length) fail(broken[0]!.file, broken.map((b) => b.message).join('; '));
  const regions = (await db.all(
    `SELECT r.region_code, r.name, r.short_name, r.tile_label, r.subject_type, r.federal_district, r.federal_district_short,
            r.iso_3166_2, r.okato, r.oktmo, r.is_enclave_okrug, r.parent_region_code, r.joined_year::INTEGER AS joined_year, r.capital,
            t.col::INTEGER AS tile_col, t."row"::INTEGER AS tile_row
     FROM ref.region r JOIN ref.region_tile t USING (region_code) ORDER BY r._row`,
  )) as unknown as RegionRow[];
  const aliases = (await db.all(`SELECT alias, region_code, coalesce(note, '') AS note FROM ref.region_alias ORDER BY _row`)) as unknown as AliasRow[];
  for (const a of aliases) if (normalizeKey(a.alias) === '') fail('aliases.csv', `пустой псевдоним «${a.alias}»`);
  return { regions, aliases };
}

function fail(file: string, msg: string): never {
  throw new Error(`${file}: ${msg}`);
}

// ---------------------------------------------------------------------------
// Индекс
// ---------------------------------------------------------------------------

/** Делит нормализованную строку на альтернативные названия: скобки, «/», тире с пробелом. */
function splitAlternatives(normalized: string): string[] {
  return normalized
    .split(/[()[\]{}/\\|]|\s+-\s*|\s*-\s+/)
    .map((s) => s.trim())
    .filter((s) => looseKey(s) !== '');
}

function describeList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} или ${items[items.length - 1]}`;
}

export class RegionIndex {
  private readonly rows: RegionRow[];
  private readonly aliasRows: AliasRow[];
  private readonly byCode: Map<string, RegionRow>;
  /** loose-ключ полного написания → коды. */
  private readonly exact = new Map<string, Set<string>>();
  /** ядро (без слов типа) → коды; тип берётся из самого субъекта. */
  private readonly core = new Map<string, Set<string>>();
  private readonly cache = new Map<string, RegionMatch>();

  /**
   * Читает regions.csv, tile_grid.csv и aliases.csv из каталога (по умолчанию sources/regions)
   * загрузчиком проекта: строки проверяет zod-схема sources/regions/schema.ts, связи — SQL.
   */
  static async load(dir: string = DEFAULT_REGIONS_DIR): Promise<RegionIndex> {
    const { regions, aliases } = await readReference(dir);
    return new RegionIndex(regions, aliases);
  }

  /**
   * The index over the region tables a build has already loaded into its warehouse (ref.region,
   * ref.region_tile, ref.region_alias, by the same loader and schema as load()), with the same
   * checks across them: the build saves reading the three files a second time.
   */
  static async fromDb(db: Pick<Db, 'all'>): Promise<RegionIndex> {
    const { regions, aliases } = await readLoaded(db);
    return new RegionIndex(regions, aliases);
  }

  constructor(regions: RegionRow[], aliases: AliasRow[]) {
    this.rows = regions;
    this.aliasRows = aliases;
    this.byCode = new Map(regions.map((r) => [r.region_code, r]));

    const sources: Array<{ text: string; code: string; what: string }> = [];
    for (const r of regions) {
      for (const text of [r.name, r.short_name]) {
        sources.push({ text, code: r.region_code, what: `название ${r.region_code}` });
        const parts = splitAlternatives(normalizeKey(text));
        if (parts.length > 1) {
          for (const p of parts) sources.push({ text: p, code: r.region_code, what: `часть названия ${r.region_code}` });
        }
      }
    }
    for (const a of aliases) sources.push({ text: a.alias, code: a.region_code, what: `псевдоним «${a.alias}»` });

    const owner = new Map<string, string>();
    const add = (map: Map<string, Set<string>>, key: string, code: string, what: string, kind: string): void => {
      if (key === '') return;
      const prev = map.get(key);
      if (prev && !prev.has(code)) {
        throw new Error(
          `Справочник регионов: ${kind} «${key}» (${what}) уже означает ${[...prev].join(', ')} (${owner.get(`${kind}:${key}`)}); ` +
            'неоднозначные написания в aliases.csv не допускаются',
        );
      }
      if (!prev) owner.set(`${kind}:${key}`, what);
      map.set(key, new Set([...(prev ?? []), code]));
    };
    for (const s of sources) {
      const loose = looseKey(normalizeKey(s.text));
      add(this.exact, loose, s.code, s.what, 'написание');
      add(this.core, parseTypeWords(loose).core.join(' '), s.code, s.what, 'ядро');
    }
    for (const [key, codes] of Object.entries(AMBIGUOUS_KEYS)) {
      for (const c of codes) if (!this.byCode.has(c)) throw new Error(`AMBIGUOUS_KEYS: код ${c} отсутствует`);
      // Ядро «алтай» у Республики Алтай ожидаемо; а вот однозначное полное написание
      // (например, псевдоним «Алтай» в aliases.csv) противоречило бы этому списку.
      if (this.exact.has(key)) {
        throw new Error(`Справочник регионов: «${key}» объявлено неоднозначным, но есть однозначное написание с тем же ключом`);
      }
    }
  }

  /** Все субъекты (копии строк), в порядке regions.csv, с клетками плиточной карты. */
  regions(): RegionRow[] {
    return this.rows.map((r) => ({ ...r }));
  }

  /** Строки aliases.csv. */
  aliases(): AliasRow[] {
    return this.aliasRows.map((a) => ({ ...a }));
  }

  /** Субъект по коду КЛАДР/ФНС или undefined. */
  get(code: string): RegionRow | undefined {
    const r = this.byCode.get(code);
    return r ? { ...r } : undefined;
  }

  /**
   * Сопоставляет написание региона с кодом. При успехе `name` — официальное полное
   * название из regions.csv. Неизвестное, пустое или неоднозначное написание
   * возвращается с причиной, кандидатами и сообщением по-русски.
   */
  match(raw: string | null | undefined): RegionMatch {
    const key = raw ?? '';
    const cached = this.cache.get(key);
    if (cached) return cached;
    const result = this.matchUncached(key);
    this.cache.set(key, result);
    return result;
  }

  private matchUncached(raw: string): RegionMatch {
    const shown = raw.replace(SPACES, ' ').trim();
    const normalized = normalizeKey(raw);
    const loose = looseKey(normalized);
    if (loose === '') {
      return { ok: false, reason: 'empty', candidates: [], message: 'Пустое значение региона: название субъекта не указано.' };
    }

    const whole = this.resolve(loose);
    if (whole.size === 1) return this.ok([...whole][0]!);
    if (whole.size > 1) return this.ambiguous(shown, whole, false);

    const parts = splitAlternatives(normalized);
    if (parts.length > 1) {
      const sets = parts.map((p) => this.resolve(looseKey(p))).filter((s) => s.size > 0);
      if (sets.length > 0) {
        let common = new Set(sets[0]);
        for (const s of sets.slice(1)) common = new Set([...common].filter((c) => s.has(c)));
        if (common.size === 1) return this.ok([...common][0]!);
        if (common.size > 1) return this.ambiguous(shown, common, false);
        const union = new Set(sets.flatMap((s) => [...s]));
        return this.ambiguous(shown, union, true);
      }
    }

    return {
      ok: false,
      reason: 'unknown',
      candidates: [],
      message: `Регион «${shown}» не найден в справочнике ${this.rows.length} ${plural(this.rows.length, 'субъекта', 'субъектов', 'субъектов')} РФ.`,
    };
  }

  /** Кандидаты для одного написания (без разбиения на части). */
  private resolve(loose: string): Set<string> {
    if (loose === '') return new Set();
    const exact = this.exact.get(loose);
    if (exact) return exact;
    const ambiguousWhole = AMBIGUOUS_KEYS[loose];
    if (ambiguousWhole) return new Set(ambiguousWhole);

    const { types, core } = parseTypeWords(loose);
    if (core.length === 0) return new Set();
    const direct = this.lookupCore(core.join(' '), types);
    if (direct.size > 0) return direct;

    const found = new Set<string>();
    for (const v of coreVariants(core)) {
      for (const c of this.lookupCore(v, types)) found.add(c);
    }
    return found;
  }

  private lookupCore(core: string, types: Set<SubjectType>): Set<string> {
    const codes = new Set<string>([...(this.core.get(core) ?? []), ...(AMBIGUOUS_KEYS[core] ?? [])]);
    if (types.size === 0) return codes;
    return new Set([...codes].filter((c) => types.has(this.byCode.get(c)!.subject_type)));
  }

  private ok(code: string): RegionMatch {
    return { ok: true, code, name: this.byCode.get(code)!.name };
  }

  private ambiguous(shown: string, codes: Set<string>, conflict: boolean): RegionMatch {
    const candidates = [...codes].sort();
    const list = describeList(candidates.map((c) => `${this.byCode.get(c)!.short_name} (${c})`));
    const message = conflict
      ? `Регион «${shown}» противоречив: его части указывают на разные субъекты — ${list}. Укажите одно название.`
      : `Регион «${shown}» неоднозначен: ${list}. Укажите полное название.`;
    return { ok: false, reason: 'ambiguous', candidates, message };
  }
}
