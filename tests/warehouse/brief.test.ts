/**
 * The resolution brief on the bundled build, run as a user runs it (`npm run brief`):
 * for all of Russia, for a region and for a theme, every figure in brief.json equals the value of
 * the mart row it cites; every cited practice is in marts.practice; the PDF has pages and its text
 * (pdftotext) contains the figures as the Markdown shows them; an unknown region or theme is a
 * clear message with close matches (exit 2, no stack trace); the all-Russia brief among the
 * downloads is the one the CLI makes.
 *
 * BRIEF_TEST_WAREHOUSE points the tests at another build (for development).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Db, ident } from '../../pipelines/lib/duck.ts';
import { testBuild } from '../setup/paths.ts';
import { runCli } from '../pipeline/cli.ts';
import type { BriefJson } from '@nok-atlas/common/brief/index.ts';

const WAREHOUSE = process.env.BRIEF_TEST_WAREHOUSE ?? testBuild.warehouse;
const DOWNLOADS = process.env.BRIEF_TEST_DOWNLOADS ?? testBuild.downloads;

interface Run {
  code: number;
  stderr: string;
  md: string;
  json: BriefJson;
  pdf?: string;
}

let out: string;
let db: Db;
const runs: Record<string, Run> = {};

function brief(name: string, args: string[]): Run {
  const dir = path.join(out, name);
  const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', dir, ...args]);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const md = files.find((f) => f.endsWith('.md'));
  const json = files.find((f) => f.endsWith('.json'));
  const pdf = files.find((f) => f.endsWith('.pdf'));
  if (r.code !== 0 || !md || !json) throw new Error(`brief ${args.join(' ')}: код ${r.code}\n${r.stderr}`);
  return {
    code: r.code,
    stderr: r.stderr,
    md: fs.readFileSync(path.join(dir, md), 'utf8'),
    json: JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8')) as BriefJson,
    pdf: pdf ? path.join(dir, pdf) : undefined,
  };
}

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-brief-'));
  db = await Db.open(WAREHOUSE, { access_mode: 'READ_ONLY' });
  runs.russia = brief('russia', []);
  runs.region = brief('region', ['--region', 'г. Москва']);
  runs.theme = brief('theme', ['--theme', 'обучение персонала', '--no-pdf']);
  runs.both = brief('both', ['--region', 'Татарстан', '--theme', 'feedback', '--no-pdf']);
});

afterAll(() => {
  db?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** The value of a mart's column in the row with this key; throws unless exactly one row matches. */
async function martValue(mart: string, key: Record<string, unknown>, column: string): Promise<unknown> {
  const [schema, table] = mart.split('.') as [string, string];
  expect(schema).toBe('marts');
  const cols = Object.keys(key);
  const params = cols.map((c) => key[c]).filter((v) => v !== null) as (string | number | boolean)[];
  let n = 0; // parameters are numbered among the non-null key values
  const where = cols.map((c) => (key[c] === null ? `${ident(c)} is null` : `${ident(c)} = $${++n}`)).join(' and ');
  const sql = `select ${ident(column)} as v from marts.${ident(table)} where ${where}`;
  const rows = await db.all<{ v: unknown }>(sql, params);
  expect(rows, `${mart} ${JSON.stringify(key)}`).toHaveLength(1);
  const v = rows[0]!.v;
  return typeof v === 'bigint' ? Number(v) : v;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a === b;
}

const norm = (s: string) => s.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

describe('every figure traces to its mart', () => {
  for (const name of ['russia', 'region', 'theme', 'both']) {
    it(`${name}: each fact of brief.json equals the cited column of the one row with its key`, async () => {
      const { json } = runs[name]!;
      expect(json.facts.length).toBeGreaterThan(30);
      for (const f of json.facts) {
        const v = await martValue(f.mart, f.key, f.column);
        expect(same(f.value, v), `${f.ref} ${f.mart}.${f.column} ${JSON.stringify(f.key)}: ${String(f.value)} ≠ ${String(v)}`).toBe(true);
      }
    });

    it(`${name}: each fact is in the Markdown as formatted, and each cited practice is in marts.practice`, async () => {
      const { json, md } = runs[name]!;
      for (const f of json.facts) expect(md, f.ref).toContain(`${f.ref} — `);
      for (const f of json.facts) expect(norm(md), f.ref).toContain(norm(f.formatted.replace(/([*<>`\\])/g, '\\$1')));
      for (const p of json.practices) {
        const row = await db.one<{ title: string; region_code: string }>(`select title, region_code from marts.practice where practice_id = $1`, [p.practice_id]);
        expect(row, p.practice_id).toBeDefined();
        expect(row!.title).toBe(p.title);
        expect(row!.region_code).toBe(p.region_code);
        expect(md).toContain(`[${p.ref}]`);
      }
    });
  }

  it('a figure that differs from the report is shown beside the published one, which is marts.reconciliation.published_value of a «mismatch» row', async () => {
    const { json, md } = runs.russia!;
    const shown = json.facts.filter((f) => f.published?.shown);
    expect(shown.length).toBeGreaterThan(0);
    for (const f of shown) {
      const status = await martValue('marts.reconciliation', { figure_id: f.published!.figure_id }, 'status');
      expect(status).toBe('mismatch');
      const pub = json.facts.find((x) => x.ref === f.published!.ref)!;
      expect(pub.mart).toBe('marts.reconciliation');
      expect(pub.column).toBe('published_value');
      expect(norm(md)).toContain(norm(`${f.formatted} (в отчёте: ${pub.formatted})`));
    }
    // and the figures that match the report are not given a second number
    for (const f of json.facts.filter((x) => x.published && !x.published.shown)) {
      expect(await martValue('marts.reconciliation', { figure_id: f.published!.figure_id }, 'status')).not.toBe('mismatch');
    }
  });

  it('the region brief is about the region: its NOK score, cost benchmark and practices', async () => {
    const { json } = runs.region!;
    expect(json.scope.region_code).toBe('77');
    const score = json.facts.find((f) => f.mart === 'marts.nok_region_score' && f.column === 'total' && f.key.region_code === '77');
    expect(score).toBeDefined();
    const bench = json.facts.find((f) => f.mart === 'marts.operator_cost_benchmark' && f.column === 'cost_per_org_rub');
    expect(bench?.key).toEqual({ region_code: '77' });
    const own = await db.all<{ practice_id: string }>(`select practice_id from marts.practice where region_code = '77'`);
    for (const p of own) expect(json.practices.map((x) => x.practice_id)).toContain(p.practice_id);
  });

  it('the theme brief lists exactly the practices tagged with the theme (plus none other)', async () => {
    const { json, md } = runs.theme!;
    expect(json.scope.theme).toBe('staff_training');
    const tagged = (await db.all<{ practice_id: string }>(`select practice_id from marts.practice_theme where theme = 'staff_training'`)).map((r) => r.practice_id).sort();
    const listed = [...new Set([...md.matchAll(/\[(П\d+)\]/g)].map((m) => m[1]!))].map((ref) => json.practices.find((p) => p.ref === ref)!.practice_id).sort();
    expect(listed).toEqual(tagged);
    const effects = json.facts.filter((f) => f.mart === 'marts.practice_effect');
    expect(effects.length).toBeGreaterThan(0);
    for (const f of effects) expect(f.key.theme).toBe('staff_training');
  });

  it('the resolution items cite only listed figures and practices', () => {
    for (const r of Object.values(runs)) {
      const refs = new Set([...r.json.facts.map((f) => f.ref), ...r.json.practices.map((p) => p.ref)]);
      const items = r.json.resolution.flatMap((g) => g.items);
      expect(items.length).toBeGreaterThan(3);
      for (const it of items) {
        expect(it.refs.length, it.rule).toBeGreaterThan(0);
        for (const ref of it.refs) expect(refs.has(ref), `${it.rule} ${ref}`).toBe(true);
        if (it.is_synthetic) expect(r.md).toContain(`${it.text} *(синтетические данные)*`);
      }
    }
  });
});

describe('the PDF', () => {
  for (const name of ['russia', 'region']) {
    it(`${name}: has pages, and its text contains every number of the brief as the Markdown formats it`, () => {
      const { pdf, json, md } = runs[name]!;
      expect(pdf, 'PDF записан').toBeDefined();
      const head = fs.readFileSync(pdf!).subarray(0, 5).toString('latin1');
      expect(head).toBe('%PDF-');
      const info = spawnSync('pdfinfo', [pdf!], { encoding: 'utf8' });
      const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1] ?? 0);
      expect(pages).toBeGreaterThanOrEqual(1);
      const text = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf!, '-'], { encoding: 'utf8' });
      expect(text.status).toBe(0);
      const flat = norm(text.stdout);
      expect(flat).toContain(json.title);
      const numeric = json.facts.filter((f) => typeof f.value === 'number');
      expect(numeric.length).toBeGreaterThan(20);
      for (const f of numeric) expect(flat, `${f.ref} ${f.formatted}`).toContain(norm(f.formatted));
      // the key survey figures are in the Markdown and the PDF alike
      for (const id of ['cost.planned.mean', 'cost.actual.mean']) {
        const f = json.facts.find((x) => x.published?.figure_id === id)!;
        expect(md).toContain(f.formatted);
        expect(flat).toContain(norm(f.formatted));
      }
      expect(flat).toContain('Предлагаемые формулировки резолюции');
    });
  }
});

describe('clear messages', () => {
  it('an unknown region: exit 2, the name, close matches, no stack trace, no files', () => {
    const dir = path.join(out, 'narnia');
    const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', dir, '--region', 'Нарния']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Регион «Нарния» не найден');
    expect(r.stderr).toMatch(/Ближайшие по написанию: «[^»]+»/);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('an unknown theme: exit 2, the name, close matches and the list of themes, no stack trace', () => {
    const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', path.join(out, 'cooking'), '--theme', 'кулинария']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Тема практик «кулинария» не найдена');
    expect(r.stderr).toMatch(/Ближайшие: «[^»]+» \(\w+\)/);
    expect(r.stderr).toContain('staff_training');
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  });

  it('an ambiguous region («Алтай») names both subjects', () => {
    const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', path.join(out, 'altai'), '--region', 'Алтай']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Республика Алтай');
    expect(r.stderr).toContain('Алтайский край');
  });

  it('without Chromium the Markdown is written and the exit code says the PDF is missing, with how to install it', () => {
    const dir = path.join(out, 'nochrome');
    const r = runCli(['brief', '--warehouse', WAREHOUSE, '--out', dir], { CHROMIUM_PATH: path.join(out, 'no-such-chromium') });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('apt-get install -y chromium');
    expect(fs.readdirSync(dir).sort()).toEqual(['brief-rossiya.json', 'brief-rossiya.md']);
  });

  it('a missing warehouse is a clear message', () => {
    const r = runCli(['brief', '--warehouse', path.join(out, 'none.duckdb'), '--out', path.join(out, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Хранилище не найдено');
  });
});

describe('the downloads', () => {
  it('the export step put the all-Russia brief among the downloads, identical to the CLI’s', () => {
    const index = JSON.parse(fs.readFileSync(path.join(DOWNLOADS, 'brief', 'index.json'), 'utf8')) as { md: string; pdf: string | null };
    expect(fs.readFileSync(path.join(DOWNLOADS, index.md), 'utf8')).toBe(runs.russia!.md);
    if (runs.russia!.pdf) expect(index.pdf && fs.existsSync(path.join(DOWNLOADS, index.pdf))).toBeTruthy();
  });
});
