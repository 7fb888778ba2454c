/**
 * The pipeline through its command line, as a user runs it: every bad-input
 * path exits non-zero (file level) or zero with a summary (row level), with a
 * Russian message naming the file and never a stack trace; a failed run
 * creates no warehouse and leaves no temp files.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, type CliResult } from './cli.ts';
import { FIXTURES, tempDir } from './helpers.ts';

const TRACE = /^\s+at /m;

let work: string;
beforeAll(() => {
  work = tempDir('nok-cli-');
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function build(sources: string, name: string, extra: string[] = []): { r: CliResult; warehouse: string } {
  const warehouse = path.join(work, `${name}.duckdb`);
  return { r: runCli(['build', '--sources', sources, '--warehouse', warehouse, ...extra]), warehouse };
}

/** Nothing but the files a successful build leaves: no `.building-` file, no scratch folder. */
function leftovers(): string[] {
  return fs.readdirSync(work).filter((f) => /\.building-|^\.tmp-|\.wal$/.test(f));
}

describe('file-level problems: exit 2, every file named, no trace, no warehouse', () => {
  // every fixture of tests/fixtures/ingest/file (the messages themselves: ingest-fixtures.test.ts), in three runs
  // of the CLI rather than twelve: a run reports all its broken files together, and the fixtures that share a
  // file name (obs.xlsx, p.csv) go into different runs
  const runs: [string, Record<string, string>][] = [
    [
      'nine',
      {
        'bad-sidecar': 'practices/p.csv.meta.json',
        'blank-lines-only': 'practices/blank.csv',
        'empty-file': 'practices/пустой.csv',
        'header-only': 'practices/только заголовок.csv',
        'missing-column': 'nok_results/nok.csv',
        'missing-sheet': 'observations/obs.xlsx',
        'not-xlsx': 'practices/renamed.xlsx',
        'wrong-folder': 'practices/Результаты НОК 2023.csv',
        xls: 'practices/old.xls',
      },
    ],
    ['two', { 'duplicate-header': 'practices/p.csv', 'truncated-xlsx': 'observations/obs.xlsx' }],
    ['one', { 'wrong-sheet': 'observations/obs.xlsx' }],
  ];
  for (const [name, cases] of runs) {
    it(`${Object.keys(cases).join(', ')}`, () => {
      const dir = path.join(work, `file-${name}`);
      for (const fixture of Object.keys(cases)) fs.cpSync(path.join(FIXTURES, 'file', fixture), dir, { recursive: true });
      const { r, warehouse } = build(dir, name);
      expect(r.stderr).not.toMatch(TRACE);
      expect(r.code, r.stderr).toBe(2);
      for (const file of Object.values(cases)) expect(r.stderr).toContain(`Файл: ${file}`);
      const n = Object.keys(cases).length;
      if (n > 1) expect(r.stderr).toContain(`Найдено проблем с входными файлами: ${n}`);
      expect(r.stderr).toMatch(/✖ /);
      expect(fs.existsSync(warehouse)).toBe(false);
      expect(leftovers()).toEqual([]);
    });
  }

  it('a folder that does not exist, an unknown option', () => {
    const a = build(path.join(work, 'нет такой папки'), 'none');
    expect(a.r.code).toBe(2);
    expect(a.r.stderr).toMatch(/Папка с исходными данными не найдена/);
    expect(a.r.stderr).not.toMatch(TRACE);
    const b = runCli(['build', '--sauces', work]);
    expect(b.code).toBe(2);
    expect(b.stderr).not.toMatch(TRACE);
  });
});

describe('row-level problems: exit 0 with a summary', () => {
  it('the rows folder builds; the summary gives per file read = loaded + quarantined and the reasons', () => {
    const { r, warehouse } = build(path.join(FIXTURES, 'rows'), 'rows');
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(warehouse)).toBe(true);
    expect(r.stderr).toMatch(/nok_results\/nok bad rows\.csv: прочитано 15 · загружено 5 · в карантине 10 · с предупреждениями 2/);
    expect(r.stderr).toMatch(/прочитано строк: [\d\s\u00a0]+ = загружено [\d\s\u00a0]+ \+ в карантине [\d\s\u00a0]+/);
    expect(r.stderr).toMatch(/region_ambiguous: 1 — например: Регион «Алтай» неоднозначен/);
    expect(r.stderr).toMatch(/«Качество данных»/);
    expect(leftovers()).toEqual([]);
  });

  it('the good folder builds with nothing in quarantine', () => {
    const { r } = build(path.join(FIXTURES, 'good'), 'good');
    expect(r.stderr).not.toMatch(TRACE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/в карантине [1-9]/);
  });
});
