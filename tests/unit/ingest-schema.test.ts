/**
 * Sources are declared, not coded: every column of every source schema has
 * a description; the DuckDB DDL agrees with the zod types; the header
 * matching follows FORMATS.md; and what the loader puts in the raw tables
 * passes the zod schema it was derived from.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { z } from 'zod';
import { loadRegistry, type Registered } from '../../pipelines/ingest/registry.ts';
import { rawDDL, defineSource, col, type Source } from '../../pipelines/ingest/spec.ts';
import { mapHeaders } from '../../pipelines/ingest/headers.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { createMeta, documentSource } from '../../pipelines/ingest/meta.ts';
import { loadFolder, FIXTURES } from '../pipeline/helpers.ts';

const LAYOUTS = ['survey_regions', 'practices', 'nok_results', 'questionnaires', 'observations'];
let registry: Registered[];
beforeAll(async () => {
  registry = await loadRegistry();
});

/** The SQL type a zod schema must become, decided here independently of spec.ts. */
function expectedSqlType(schema: z.ZodType, parse?: string): string {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = (s instanceof z.ZodDefault ? s.def.innerType : s.unwrap()) as z.ZodType;
  if (parse === 'region' || parse === 'inn') return 'VARCHAR';
  const json = z.toJSONSchema(s, { unrepresentable: 'any' }) as { type?: string; items?: unknown };
  if (s instanceof z.ZodDate) return 'TIMESTAMP';
  switch (json.type) {
    case 'integer':
      return 'BIGINT';
    case 'number':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'array':
      return 'VARCHAR[]';
    default:
      return 'VARCHAR';
  }
}

describe('source schemas', () => {
  it('the five layouts of FORMATS.md and METHODOLOGY.md are declared', () => {
    const names = registry.filter((r) => !r.source.reference).map((r) => r.source.name);
    for (const n of LAYOUTS) expect(names).toContain(n);
    // a user's folder names its sub-folders as the sources are named
    for (const r of registry.filter((x) => !x.source.reference)) expect(path.basename(r.folder)).toBe(r.source.name);
  });

  it('every column of every source has a header and a real description', () => {
    const bad: string[] = [];
    for (const { source } of registry) {
      expect(source.description.length, source.name).toBeGreaterThan(20);
      for (const c of source.columnsInfo) {
        if (!c.description || c.description.trim().length < 4 || c.description.trim() === c.name) bad.push(`${source.name}.${c.name}`);
        if (!c.headers.length || c.headers.some((h) => !h.trim())) bad.push(`${source.name}.${c.name} (header)`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the raw tables DuckDB creates have exactly the columns and types of the zod schemas', async () => {
    const db = await Db.open();
    try {
      await createMeta(db);
      for (const { source } of registry) {
        const schemaName = source.reference ? 'ref' : 'raw';
        for (const ddl of rawDDL(source, schemaName)) await db.run(ddl);
        const cols = await db.all<{ column_name: string; data_type: string }>(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
          [schemaName, source.table],
        );
        const declared = Object.entries(source.columns as Record<string, z.ZodType>);
        expect(cols.map((c) => c.column_name)).toEqual(['_file', '_row', 'is_synthetic', ...declared.map(([n]) => n)]);
        for (const [name, schema] of declared) {
          const info = source.columnsInfo.find((c) => c.name === name)!;
          expect(`${source.name}.${name}: ${cols.find((c) => c.column_name === name)!.data_type}`).toBe(`${source.name}.${name}: ${expectedSqlType(schema, info.parse)}`);
        }
        if (source.yearColumns) {
          const ycols = await db.all<{ column_name: string; data_type: string }>(
            `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
            [schemaName, `${source.table}_by_year`],
          );
          const ydecl = Object.entries(source.yearColumns as Record<string, z.ZodType>);
          expect(ycols.map((c) => c.column_name)).toEqual(['_file', '_row', 'year', ...ydecl.map(([n]) => n)]);
          for (const [name, schema] of ydecl) expect(ycols.find((c) => c.column_name === name)!.data_type).toBe(expectedSqlType(schema));
        }
      }
    } finally {
      db.close();
    }
  });

  it('the data dictionary of a raw table describes every one of its columns', async () => {
    const db = await Db.open();
    try {
      await createMeta(db);
      for (const { source } of registry.filter((r) => !r.source.reference)) {
        for (const ddl of rawDDL(source)) await db.run(ddl);
        await documentSource(db, source);
      }
      const undocumented = await db.all(
        `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
         LEFT JOIN meta.column_doc d USING (table_schema, table_name, column_name)
         WHERE c.table_schema = 'raw' AND (d.description IS NULL OR length(d.description) < 4)`,
      );
      expect(undocumented).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('header matching (FORMATS.md)', () => {
  const src = defineSource({
    name: 't',
    title: 'тест',
    description: 'источник для проверки сопоставления заголовков',
    layout: 'тест',
    columns: {
      region: col(z.string(), { header: ['Субъект Российской Федерации', 'Субъект РФ'], required: true, description: 'регион' }),
      total: col(z.number().nullable(), { header: 'Итоговый балл', description: 'балл' }),
      note: col(z.string().nullable(), { header: 'Примечание', description: 'примечание' }),
    },
    yearColumns: {
      price: col(z.number().nullable(), { header: 'Цена контракта с оператором, руб. ({year})', description: 'цена' }),
    },
  }) as unknown as Source;

  it('ignores case, surrounding and repeated spaces, no-break spaces and ё/е; takes the years from the headers', () => {
    const m = mapHeaders(src, ['  субъект   российской федерации ', 'ИТОГОВЫЙ\u00a0БАЛЛ', 'Цена контракта с оператором, руб. (2021)', 'Цена контракта с оператором, руб. ( 2019 г.)', 'Цена контракта с оператором, руб.(2024 год)', 'Лишний']);
    expect(m.columns.get('region')).toBe(0);
    expect(m.columns.get('total')).toBe(1);
    expect([...m.yearColumns.get('price')!.entries()]).toEqual([
      [2021, 2],
      [2019, 3],
      [2024, 4],
    ]);
    expect(m.years).toEqual([2019, 2021, 2024]);
    expect(m.missingOptional).toEqual(['note']);
    expect(m.extra).toEqual(['Лишний']);
    expect(m.missingRequired).toEqual([]);
  });

  it('accepts a declared variant, reports a missing required column and two columns for one', () => {
    expect(mapHeaders(src, ['Субъект РФ']).columns.get('region')).toBe(0);
    expect(mapHeaders(src, ['Итоговый балл']).missingRequired).toEqual([{ name: 'region', header: 'Субъект Российской Федерации' }]);
    expect(mapHeaders(src, ['Субъект РФ', 'Субъект Российской Федерации']).duplicates).toHaveLength(1);
  });
});

describe('what the loader stores passes the zod schema it came from', () => {
  let db: Db;
  beforeAll(async () => {
    ({ db } = await loadFolder(path.join(FIXTURES, 'good')));
  }, 60_000);
  afterAll(() => db.close());

  it('every raw row of the good fixtures parses with its source schema', async () => {
    let checked = 0;
    for (const { source } of registry.filter((r) => LAYOUTS.includes(r.source.name))) {
      const rows = await db.all(`SELECT * EXCLUDE (_file, _row, is_synthetic) FROM raw."${source.table}"`);
      expect(rows.length, `${source.name}: rows loaded from tests/fixtures/ingest/good`).toBeGreaterThan(0);
      for (const r of rows) {
        const res = source.schema.safeParse(r);
        expect(res.success ? 'ok' : `${source.name}: ${JSON.stringify(r)} → ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe('ok');
        checked++;
      }
      if (source.yearSchema) {
        const yrows = await db.all(`SELECT * EXCLUDE (_file, _row, year) FROM raw."${source.table}_by_year"`);
        expect(yrows.length).toBeGreaterThan(0);
        for (const r of yrows) expect(source.yearSchema.safeParse(r).success, JSON.stringify(r)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
