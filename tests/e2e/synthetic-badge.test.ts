/**
 * Honest numbers: every page that shows values resting on synthetic data says so.
 *
 * Which pages those are is found from the pages and the data, not listed by hand. For each
 * query of a page (```sql blocks), the query is run against the bundled warehouse twice: as
 * written, and with every synthetic row (is_synthetic = TRUE) removed from the tables it
 * reads. If the two results differ, the page shows values that rest on synthetic rows and
 * must show the synthetic-data banner. A query with Evidence templating (${…}) cannot be run
 * here; if it reads a table with synthetic rows it is taken to show them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openSite, type Site } from './browser.ts';
import { testBuild } from '../setup/paths.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { Db } from '../../pipelines/lib/duck.ts';
import { referencedTables } from '../../pipelines/models/runner.ts';

const PAGES = path.join(paths.reports, 'pages');
const SOURCES = path.join(paths.reports, 'sources', 'warehouse');

function pageFiles(dir = PAGES): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? pageFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** The ```sql blocks of a page. */
function pageQueries(md: string): { name: string; sql: string }[] {
  return [...md.matchAll(/```sql\s+([A-Za-z_0-9]+)\s*\n([\s\S]*?)```/g)].map((m) => ({ name: m[1]!, sql: m[2]! }));
}

let site: Site;
let db: Db;
let synthetic: Set<string>;

beforeAll(async () => {
  site = await openSite(testBuild.site);
  db = await Db.open(testBuild.warehouse, { access_mode: 'READ_ONLY' });
  const withFlag = await db.all<{ t: string }>(
    `SELECT table_schema || '.' || table_name AS t FROM information_schema.columns
     WHERE column_name = 'is_synthetic' AND data_type = 'BOOLEAN' AND table_schema IN ('marts', 'meta')`,
  );
  synthetic = new Set();
  for (const { t } of withFlag) {
    if ((await db.value<number>(`SELECT count(*) FROM ${t} WHERE is_synthetic`)) > 0) synthetic.add(t);
  }
});
afterAll(async () => {
  db?.close();
  await site?.close();
});

/** A source query (reports/sources/warehouse/<name>.sql), optionally without synthetic rows. */
function sourceSql(name: string, realOnly: boolean): string | null {
  const f = path.join(SOURCES, `${name}.sql`);
  if (!fs.existsSync(f)) return null;
  let sql = fs.readFileSync(f, 'utf8').trim().replace(/;\s*$/, '');
  if (realOnly) {
    for (const t of referencedTables(sql).filter((x) => synthetic.has(x))) {
      sql = sql.replace(new RegExp(`\\b${t.replace('.', '\\s*\\.\\s*')}\\b`, 'g'), `(SELECT * FROM ${t} WHERE NOT is_synthetic)`);
    }
  }
  return sql;
}

function readsSynthetic(query: string): boolean {
  return [...query.matchAll(/\bwarehouse\.([a-z_0-9]+)/g)].some((m) => {
    const s = sourceSql(m[1]!, false);
    return s !== null && referencedTables(s).some((t) => synthetic.has(t));
  });
}

/** Rewrite a page query over the warehouse's tables (all rows, or real rows only). */
const KEYWORDS = new Set(['where', 'join', 'left', 'right', 'inner', 'full', 'cross', 'on', 'using', 'group', 'order', 'limit', 'union', 'except', 'intersect', 'having', 'qualify', 'window', 'natural', 'positional', 'asof', 'semi', 'anti', 'as']);

function resolve(query: string, realOnly: boolean): string {
  // keep an alias the query gives (`warehouse.region r`); otherwise name the subquery after the source
  return query.replace(/\bwarehouse\.([a-z_0-9]+)(\s+([A-Za-z_][A-Za-z_0-9]*))?/g, (_m, name: string, tail: string | undefined, next: string | undefined) => {
    const sub = `(${sourceSql(name, realOnly) ?? 'SELECT NULL WHERE FALSE'})`;
    if (next && !KEYWORDS.has(next.toLowerCase())) return `${sub}${tail}`;
    return `${sub} AS ${name}${tail ?? ''}`;
  });
}

async function showsSynthetic(query: string): Promise<boolean> {
  if (!readsSynthetic(query)) return false;
  if (query.includes('${')) return true; // templated: cannot run it here
  const all = resolve(query, false);
  const real = resolve(query, true);
  const diff = await db.value<number>(
    `SELECT (SELECT count(*) FROM ((${all}) EXCEPT ALL (${real}))) + (SELECT count(*) FROM ((${real}) EXCEPT ALL (${all})))`,
  );
  return diff > 0;
}

async function routeOf(file: string): Promise<string> {
  let rel = path.relative(PAGES, file).replace(/\.md$/, '').replace(/(^|\/)index$/, '');
  const m = /\[([a-z_]+)\]/.exec(rel);
  if (m) {
    const table = m[1] === 'region_code' ? 'marts.region' : 'marts.practice';
    rel = rel.replace(m[0], String(await db.value(`SELECT min(${m[1]}) FROM ${table}`)));
  }
  return '/' + (rel ? rel + '/' : '');
}

describe('synthetic data are marked on every page that shows them', () => {
  it('the bundled build does contain synthetic values (so the check below checks something)', () => {
    expect(synthetic.size).toBeGreaterThan(3);
  });

  it('removing synthetic rows changes a query that shows them, and not one that does not', async () => {
    expect(await showsSynthetic(`select * from warehouse.operator_cost`)).toBe(true);
    expect(await showsSynthetic(`select * from warehouse.region`)).toBe(false);
  });

  it('each page showing values that rest on synthetic rows shows the banner «Синтетические данные»', async () => {
    // which pages must show it (queries against the warehouse), then those pages, a few at a time
    const due: { route: string; shown: string[] }[] = [];
    for (const file of pageFiles()) {
      const md = fs.readFileSync(file, 'utf8');
      const shown: string[] = [];
      for (const q of pageQueries(md)) if (await showsSynthetic(q.sql)) shown.push(q.name);
      if (shown.length) due.push({ route: await routeOf(file), shown });
    }
    // the first page opened, the others reached from it by following a link (as a reader does)
    const page = await site.open(due[0]!.route);
    const banners: string[] = [];
    for (const { route } of due) {
      if (route !== due[0]!.route) await site.visit(page, route);
      // the banner's condition is a query the page runs after loading: give it time under load;
      // if it never comes, the texts below are what the page shows and the assertion says so
      await page
        .locator('aside[role="note"]', { hasText: /Синтетические данные/i })
        .first()
        .waitFor({ timeout: 45_000 })
        .catch(() => undefined);
      banners.push((await page.locator('aside[role="note"]').allTextContents()).join(' '));
    }
    await page.close();
    const checked: string[] = [];
    due.forEach(({ route, shown }, i) => {
      expect(banners[i], `${route}: queries ${shown.join(', ')} show synthetic values, but the page has no banner`).toMatch(/Синтетические данные/i);
      checked.push(route);
    });
    expect(checked.length).toBeGreaterThan(8);
  });
});
