/**
 * Writing the small result tables of the comparison models (a few thousand rows at most)
 * computed in TypeScript by models/lib/stats/compare.ts.
 */
import type { Db } from '../../pipelines/lib/duck.ts';
import { ident, lit } from '../../pipelines/lib/duck.ts';

export async function writeRows(db: Db, table: string, columns: [string, string][], rows: Record<string, unknown>[]): Promise<void> {
  const temp = table.startsWith('temp.');
  await db.run(`CREATE OR REPLACE ${temp ? 'TEMP TABLE' : 'TABLE'} ${temp ? table.slice(5) : table} (${columns.map(([c, t]) => `${ident(c)} ${t}`).join(', ')})`);
  for (let i = 0; i < rows.length; i += 1000) {
    const values = rows.slice(i, i + 1000).map(
      (r) =>
        `(${columns
          .map(([c, t]) => {
            const v = r[c];
            if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return 'NULL';
            return `${lit(v as string | number | boolean)}::${t}`;
          })
          .join(', ')})`,
    );
    await db.run(`INSERT INTO ${temp ? table.slice(5) : table} VALUES ${values.join(', ')}`);
  }
}
