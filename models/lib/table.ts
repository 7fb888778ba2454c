/**
 * Helpers for the TypeScript models: write a few hundred computed rows into a
 * new table with the given column types (non-finite numbers become NULL).
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { ident, lit } from '../../pipelines/lib/duck.ts';

export async function writeTable(db: Db, table: string, columns: [string, string][], rows: object[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE ${table} (${columns.map(([c, t]) => `${ident(c)} ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows.slice(i, i + 500).map((r) => `(${columns.map(([c, t]) => {
      const v = (r as Record<string, unknown>)[c];
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'NULL';
      return `${lit(v as string | number | boolean)}::${t}`;
    }).join(', ')})`);
    await db.run(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
}
