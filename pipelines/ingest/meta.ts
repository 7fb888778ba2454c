/** The public tables of data quality and provenance (schema meta). */
import { type Db, lit } from '../lib/duck.ts';
import type { Source, ColumnInfo } from './spec.ts';

export const META_DDL = [
  `CREATE SCHEMA IF NOT EXISTS raw`,
  `CREATE SCHEMA IF NOT EXISTS ref`,
  `CREATE SCHEMA IF NOT EXISTS meta`,
  `CREATE SCHEMA IF NOT EXISTS staging`,
  `CREATE SCHEMA IF NOT EXISTS intermediate`,
  `CREATE SCHEMA IF NOT EXISTS marts`,
  `CREATE TABLE IF NOT EXISTS meta.load_report (
     source VARCHAR NOT NULL, file VARCHAR NOT NULL, file_format VARCHAR, delimiter VARCHAR, sheet VARCHAR,
     is_synthetic VARCHAR, years VARCHAR, columns_missing VARCHAR, columns_extra VARCHAR,
     rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL,
     rows_with_warnings BIGINT NOT NULL, rows_blank BIGINT NOT NULL, header_row BIGINT)`,
  `CREATE TABLE IF NOT EXISTS meta.quarantine (
     source VARCHAR NOT NULL, file VARCHAR NOT NULL, row_number BIGINT NOT NULL, column_name VARCHAR,
     raw_value VARCHAR, rule VARCHAR NOT NULL, message VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta.warning (
     source VARCHAR NOT NULL, file VARCHAR NOT NULL, row_number BIGINT NOT NULL, column_name VARCHAR,
     raw_value VARCHAR, rule VARCHAR NOT NULL, message VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS meta.cell_provenance (
     source VARCHAR NOT NULL, file VARCHAR NOT NULL, row_number BIGINT NOT NULL, column_name VARCHAR NOT NULL,
     year INTEGER, kind VARCHAR NOT NULL, quote VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta.source (
     source VARCHAR NOT NULL, title VARCHAR, description VARCHAR, layout VARCHAR, raw_table VARCHAR,
     files BIGINT, rows_loaded BIGINT, is_reference BOOLEAN)`,
  `CREATE TABLE IF NOT EXISTS meta.table_doc (table_schema VARCHAR, table_name VARCHAR, layer VARCHAR, description VARCHAR, grain VARCHAR, is_public BOOLEAN, depends_on VARCHAR, rows BIGINT)`,
  `CREATE TABLE IF NOT EXISTS meta.column_doc (table_schema VARCHAR, table_name VARCHAR, column_name VARCHAR, ordinal INTEGER, data_type VARCHAR, description VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS meta.file_note (
     source VARCHAR NOT NULL, file VARCHAR NOT NULL, synthetic VARCHAR, description VARCHAR, generator VARCHAR, seed VARCHAR)`,
];

/**
 * meta.load_report.rows_with_warnings of a source's files, from meta.warning: the loader counts it after a
 * load, and a model that writes warnings of its own on a source's rows (int_nok_org_match) counts again.
 */
export async function countWarnedRows(db: Db, source: string): Promise<void> {
  await db.run(`UPDATE meta.load_report lr SET
      rows_with_warnings = (SELECT count(DISTINCT row_number) FROM meta.warning w WHERE w.source = lr.source AND w.file = lr.file)
    WHERE source = ${lit(source)}`);
}

export async function createMeta(db: Db): Promise<void> {
  for (const s of META_DDL) await db.run(s);
}

/** Descriptions of the meta tables' columns, for the data dictionary. */
export const META_DOCS: Record<string, { description: string; grain: string; columns: Record<string, string> }> = {
  load_report: {
    description: 'Отчёт о загрузке: по каждому входному файлу — сколько строк прочитано, загружено и отправлено в карантин.',
    grain: 'одна строка на входной файл',
    columns: {
      source: 'Источник (макет docs/formats.md): survey_regions, practices, nok_results, questionnaires, observations и др.',
      file: 'Путь файла относительно папки источников',
      file_format: 'Формат и кодировка: utf-8, utf-8-bom, windows-1251, xlsx',
      delimiter: 'Разделитель полей CSV (для XLSX пусто)',
      sheet: 'Лист книги XLSX (для CSV пусто)',
      is_synthetic: 'Синтетические ли данные файла: да, нет или «по ячейкам» (см. meta.cell_provenance)',
      years: 'Годы, найденные в заголовках столбцов по годам',
      columns_missing: 'Необязательные столбцы макета, которых нет в файле (заполнены пустыми значениями)',
      columns_extra: 'Столбцы файла, которые макет не использует',
      rows_read: 'Прочитано строк данных (без заголовка и пустых строк) = загружено + в карантине',
      rows_loaded: 'Загружено строк в хранилище',
      rows_quarantined: 'Строк в карантине (см. meta.quarantine)',
      rows_with_warnings: 'Загруженных строк с предупреждениями (см. meta.warning)',
      rows_blank: 'Пустых строк внутри файла (не данные, не считаются прочитанными)',
      header_row: 'Номер строки заголовков в файле (строки над ней — заголовок документа, не данные)',
    },
  },
  quarantine: {
    description: 'Карантин: строки, не загруженные в хранилище, с причиной, по которой человек может их исправить.',
    grain: 'одна строка на нарушенное правило в строке файла',
    columns: {
      source: 'Источник',
      file: 'Файл',
      row_number: 'Номер строки в файле, как его показывает Excel (заголовок — строка 1)',
      column_name: 'Заголовок столбца, как он записан в файле (пусто — вся строка)',
      raw_value: 'Значение ячейки как есть',
      rule: 'Нарушенное правило: type, required, range, accepted_values, region_unknown, region_ambiguous, inn_checksum, duplicate, encoding, csv_structure …',
      message: 'Что не так и что ожидалось, по-русски',
    },
  },
  warning: {
    description: 'Предупреждения: строки загружены, но в них есть что проверить (цена контракта выше НМЦК, итоговый балл не равен среднему критериев …).',
    grain: 'одна строка на предупреждение',
    columns: {
      source: 'Источник',
      file: 'Файл',
      row_number: 'Номер строки в файле',
      column_name: 'Заголовок столбца',
      raw_value: 'Значение ячейки',
      rule: 'Правило',
      message: 'Пояснение',
    },
  },
  cell_provenance: {
    description: 'Происхождение значений по ячейкам: из отчёта (с цитатой) или синтетическое.',
    grain: 'одна строка на ячейку входного файла, для которой указано происхождение',
    columns: {
      source: 'Источник',
      file: 'Файл',
      row_number: 'Номер строки в файле',
      column_name: 'Канонический столбец',
      year: 'Год (для столбцов по годам)',
      kind: 'report — значение взято из отчёта; synthetic — сгенерировано',
      quote: 'Предложение отчёта, из которого взято значение',
    },
  },
  source: {
    description: 'Источники данных хранилища и их описание.',
    grain: 'одна строка на источник',
    columns: {
      source: 'Имя источника (папка)',
      title: 'Название',
      description: 'Описание',
      layout: 'Где описан макет',
      raw_table: 'Таблица сырого слоя',
      files: 'Сколько файлов загружено',
      rows_loaded: 'Сколько строк загружено',
      is_reference: 'Справочник проекта (всегда из репозитория)',
    },
  },
  table_doc: {
    description: 'Словарь данных: каждая таблица хранилища с описанием и зерном (из zod-схем источников и контрактов моделей).',
    grain: 'одна строка на таблицу',
    columns: {
      table_schema: 'Схема (слой): raw, ref, staging, intermediate, marts, meta',
      table_name: 'Имя таблицы',
      layer: 'Слой',
      description: 'Что в таблице',
      grain: 'Чему соответствует одна строка',
      is_public: 'Публичная таблица (витрина или отчёт о качестве), которую выгружают и показывают на страницах',
      depends_on: 'Откуда таблица берёт данные (макет или модели)',
      rows: 'Строк в таблице в этой сборке',
    },
  },
  column_doc: {
    description: 'Словарь данных: каждый столбец каждой таблицы с типом и описанием.',
    grain: 'одна строка на столбец таблицы',
    columns: {
      table_schema: 'Схема (слой)',
      table_name: 'Имя таблицы',
      column_name: 'Имя столбца',
      ordinal: 'Порядковый номер столбца в таблице',
      data_type: 'Тип DuckDB: VARCHAR, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP, VARCHAR[] …',
      description: 'Что значит столбец',
    },
  },
  run: {
    description: 'Сведения о сборке: когда, из какой папки, какими версиями. Единственная таблица, которая меняется от сборки к сборке при тех же входных файлах.',
    grain: 'одна строка (последняя сборка)',
    columns: {
      built_at: 'Когда собрано хранилище',
      sources_dir: 'Папка с входными данными (относительно проекта)',
      node_version: 'Версия Node.js',
      duckdb_version: 'Версия DuckDB',
      nok_atlas_version: 'Версия НОК-Атласа',
      build_ms: 'Время сборки, мс',
      model_ms: 'Время каждой модели, мс (JSON: модель → мс; у моделей, которые инкрементальная сборка не пересобирала, — время сборки, которая их сделала). По нему следующая сборка раньше запускает модели с самой долгой цепочкой работы после них',
    },
  },
  file_note: {
    description: 'Сведения о входных файлах из сопроводительных файлов *.meta.json: синтетические ли данные, чем и с каким зерном сгенерированы.',
    grain: 'одна строка на входной файл с сопроводительным файлом',
    columns: {
      source: 'Источник',
      file: 'Файл',
      synthetic: 'да / нет / по ячейкам',
      description: 'Описание файла',
      generator: 'Скрипт, которым файл сгенерирован',
      seed: 'Зерно генератора случайных чисел',
    },
  },
  data_test: {
    description: 'Проверки данных из контрактов моделей и их результат в этой сборке: инварианты (error) останавливают сборку, сверки данных с отчётом (warn) — нет.',
    grain: 'одна строка на проверку',
    columns: {
      model: 'Модель (схема.таблица)',
      test: 'Проверка',
      severity: 'error — инвариант; warn — сверка с отчётом; empty — витрина пуста',
      failures: 'Число нарушений (−1 — запрос проверки не выполнился)',
      passed: 'Пройдена ли проверка',
      sample: 'Пример нарушения',
    },
  },
};

/** Document the raw (or ref) tables of a source from its zod schema, and the meta tables. */
export async function documentSource(db: Db, src: Source): Promise<void> {
  const schema = src.reference ? 'ref' : 'raw';
  const system: [string, string][] = [
    ['_file', 'Файл, из которого загружена строка (путь относительно папки источников)'],
    ['_row', 'Номер строки в файле, как его показывает Excel'],
    ['is_synthetic', 'Синтетическое ли значение (по сопроводительному файлу *.meta.json)'],
  ];
  const rowCols = src.columnsInfo.filter((c) => !c.perYear);
  const yearCols = src.columnsInfo.filter((c) => c.perYear);
  const describe = (c: ColumnInfo): string =>
    `${c.description}${c.unit ? ` (${c.unit})` : ''}. Заголовок во входном файле: «${c.headers[0]}»` +
    (c.headers.length > 1 ? `; также принимается: ${c.headers.slice(1).map((h) => `«${h}»`).join(', ')}` : '') +
    (c.enumValues ? `. Допустимые значения: ${c.enumValues.join('; ')}${c.otherPrefix ? `; ${c.otherPrefix} <текст>` : ''}` : '');
  const insertTable = async (table: string, description: string, grain: string, cols: [string, string, string][]): Promise<void> => {
    await db.run(`INSERT INTO meta.table_doc VALUES (${lit(schema)}, ${lit(table)}, ${lit(schema)}, ${lit(description)}, ${lit(grain)}, FALSE, ${lit(`${src.layout}`)}, (SELECT count(*) FROM ${schema}."${table}"))`);
    await db.append('meta', 'column_doc', cols.map(([name, type, desc], i) => [schema, table, name, i + 1, type, desc]));
  };
  await insertTable(
    src.table,
    `${src.title}. ${src.description}`,
    src.yearColumns ? 'одна строка на строку входного файла (столбцы по годам — в таблице _by_year)' : 'одна строка на строку входного файла',
    [...system.map(([n, d]): [string, string, string] => [n, n === '_row' ? 'BIGINT' : n === 'is_synthetic' ? 'BOOLEAN' : 'VARCHAR', d]), ...rowCols.map((c): [string, string, string] => [c.name, c.sqlType, describe(c)])],
  );
  if (yearCols.length) {
    await insertTable(`${src.table}_by_year`, `${src.title}: значения по годам (столбцы «… (ГГГГ)» входного файла, развёрнутые в строки)`, 'одна строка на строку входного файла и год', [
      ['_file', 'VARCHAR', system[0]![1]],
      ['_row', 'BIGINT', system[1]![1]],
      ['year', 'INTEGER', 'Год, взятый из заголовка столбца'],
      ...yearCols.map((c): [string, string, string] => [c.name, c.sqlType, describe(c).replace('{year}', 'ГГГГ')]),
    ]);
  }
}

/** Document the meta tables that exist (meta.run is documented by the build after it writes it). */
export async function documentMeta(db: Db, only?: string[]): Promise<void> {
  for (const [table, d] of Object.entries(META_DOCS)) {
    if (only ? !only.includes(table) : table === 'run') continue;
    if (!(await db.tableExists('meta', table))) continue;
    await db.run(`INSERT INTO meta.table_doc VALUES ('meta', ${lit(table)}, 'meta', ${lit(d.description)}, ${lit(d.grain)}, TRUE, NULL, (SELECT count(*) FROM meta."${table}"))`);
    const cols = await db.all<{ column_name: string; data_type: string; ordinal_position: number }>(
      `SELECT column_name, data_type, ordinal_position FROM information_schema.columns WHERE table_schema = 'meta' AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    const undocumented = cols.find((c) => !d.columns[c.column_name]);
    if (undocumented) throw new Error(`meta.${table}.${undocumented.column_name}: нет описания в META_DOCS`);
    await db.append('meta', 'column_doc', cols.map((c) => ['meta', table, c.column_name, Number(c.ordinal_position), c.data_type, d.columns[c.column_name]!]));
  }
}
