/**
 * Reading the marts the brief needs (BRIEF_TABLES of common/brief/marts.ts) from a
 * warehouse. A mart that is not there yet is returned as undefined: its section of the brief is
 * replaced by a note. The marts are small (at most a few thousand rows: regions × years ×
 * spheres), so they are read whole and the brief filters them in memory — the same code runs on
 * the dashboard page over the same rows.
 */
import { BRIEF_TABLES, type Row, type Tables } from '@nok-atlas/common/brief/index.ts';
import type { Db } from '../lib/duck.ts';
import { ident } from '../lib/duck.ts';

export async function loadBriefTables(db: Db): Promise<Tables> {
  const present = new Set(
    (await db.all<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'marts'`)).map((r) => r.table_name),
  );
  const tables: Tables = {};
  for (const name of BRIEF_TABLES) {
    tables[name] = present.has(name) ? await db.all<Row>(`select * from marts.${ident(name)}`) : undefined;
  }
  return tables;
}
