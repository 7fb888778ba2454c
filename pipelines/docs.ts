/**
 * The data dictionary as Markdown (docs/data-dictionary.md), generated from
 * the warehouse's meta.table_doc and meta.column_doc, which themselves come
 * from the zod schemas of the sources and the contracts of the models.
 */
import fs from 'node:fs';
import path from 'node:path';
import { paths, displayPath } from './lib/paths.ts';
import { log } from './lib/log.ts';
import { openWarehouseReadOnly } from './export.ts';

const LAYER_TITLE: Record<string, string> = {
  marts: 'Витрины (marts) — публичные таблицы для анализа',
  intermediate: 'Промежуточный слой (intermediate)',
  staging: 'Подготовительный слой (staging)',
  raw: 'Сырой слой (raw) — строки входных файлов',
  ref: 'Справочники проекта (ref)',
  meta: 'Служебные таблицы (meta): качество данных и происхождение',
};

export async function dictionaryMarkdown(warehouse: string): Promise<string> {
  const db = await openWarehouseReadOnly(warehouse);
  try {
    const tables = await db.all<{ table_schema: string; table_name: string; description: string; grain: string; rows: number; depends_on: string | null }>(
      `SELECT table_schema, table_name, description, grain, rows, depends_on FROM meta.table_doc
       ORDER BY CASE table_schema WHEN 'marts' THEN 1 WHEN 'meta' THEN 2 WHEN 'intermediate' THEN 3 WHEN 'staging' THEN 4 WHEN 'raw' THEN 5 ELSE 6 END, table_name`,
    );
    const cols = await db.all<{ table_schema: string; table_name: string; column_name: string; data_type: string; description: string }>(
      `SELECT table_schema, table_name, column_name, data_type, description FROM meta.column_doc ORDER BY table_schema, table_name, ordinal`,
    );
    const lines = [
      '# Словарь данных nok-atlas',
      '',
      'Сгенерирован командой `npm run docs` из хранилища; описания берутся из zod-схем источников (`sources/*/schema.ts`) и контрактов моделей (`models/**/*.yml`). Не редактируйте вручную.',
      '',
    ];
    let layer = '';
    for (const t of tables) {
      if (t.table_schema !== layer) {
        layer = t.table_schema;
        lines.push(`## ${LAYER_TITLE[layer] ?? layer}`, '');
      }
      lines.push(`### \`${t.table_schema}.${t.table_name}\``, '', t.description.trim(), '', `Зерно: ${t.grain}. Строк в текущей сборке: ${t.rows}.${t.depends_on ? ` Зависит от: ${t.depends_on}.` : ''}`, '');
      lines.push('| столбец | тип | описание |', '|---|---|---|');
      for (const c of cols.filter((c) => c.table_schema === t.table_schema && c.table_name === t.table_name)) {
        lines.push(`| \`${c.column_name}\` | ${c.data_type} | ${c.description.replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
      }
      lines.push('');
    }
    return lines.join('\n');
  } finally {
    db.close();
  }
}

export async function writeDictionary(warehouse = paths.warehouse, out = path.join(paths.docs, 'data-dictionary.md')): Promise<string> {
  const md = await dictionaryMarkdown(warehouse);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md);
  log.ok(`Словарь данных: ${displayPath(out)}`);
  return out;
}
