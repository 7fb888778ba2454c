/**
 * The table-by-table check that two warehouses hold the same data: for every table (but
 * meta.run, which records when and how long), its row count and a hash of its rows in a
 * total order — the multiset of rows, whatever their physical order.
 */
import { Db } from '../../pipelines/lib/duck.ts';

/** table → `<rows>:<hash of the sorted rows>`, for every table of the warehouse file except meta.run. */
export async function fingerprint(file: string): Promise<Record<string, string>> {
  const db = await Db.open(file, { access_mode: 'READ_ONLY' });
  try {
    const tables = await db.all<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND NOT (table_schema = 'meta' AND table_name = 'run') ORDER BY 1, 2`,
    );
    const out: Record<string, string> = {};
    for (const { s, t } of tables) {
      const h = await db.value<string>(`SELECT coalesce(md5(string_agg(x, chr(10) ORDER BY x)), 'empty') FROM (SELECT q::VARCHAR AS x FROM "${s}"."${t}" q)`);
      const n = await db.value<number>(`SELECT count(*) FROM "${s}"."${t}"`);
      out[`${s}.${t}`] = `${n}:${h}`;
    }
    return out;
  } finally {
    db.close();
  }
}
