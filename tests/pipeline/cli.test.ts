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

describe('file-level problems: exit 2, the file named, no trace, no warehouse', () => {
  const cases: [string, string][] = [
    ['missing-column', 'nok_results/nok.csv'],
    ['empty-file', 'practices/пустой.csv'],
    ['blank-lines-only', 'practices/blank.csv'],
    ['header-only', 'practices/только заголовок.csv'],
    ['xls', 'practices/old.xls'],
    ['not-xlsx', 'practices/renamed.xlsx'],
    ['truncated-xlsx', 'observations/obs.xlsx'],
    ['wrong-sheet', 'observations/obs.xlsx'],
    ['missing-sheet', 'observations/obs.xlsx'],
    ['bad-sidecar', 'practices/p.csv.meta.json'],
    ['duplicate-header', 'practices/p.csv'],
    ['wrong-folder', 'practices/Результаты НОК 2023.csv'],
  ];
  for (const [dir, file] of cases) {
    it(dir, () => {
      const { r, warehouse } = build(path.join(FIXTURES, 'file', dir), dir);
      expect(r.stderr).not.toMatch(TRACE);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`Файл: ${file}`);
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

  it('several broken files are reported together in one run', () => {
    const dir = path.join(work, 'two-problems');
    fs.cpSync(path.join(FIXTURES, 'file', 'missing-column'), dir, { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'file', 'empty-file'), dir, { recursive: true });
    const { r } = build(dir, 'two');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Найдено проблем с входными файлами: 2/);
    expect(r.stderr).toContain('Файл: nok_results/nok.csv');
    expect(r.stderr).toContain('Файл: practices/пустой.csv');
    expect(r.stderr).not.toMatch(TRACE);
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
