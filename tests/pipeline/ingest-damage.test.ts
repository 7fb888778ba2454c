/**
 * One bad byte spoils a row, not the file (issue 13, item 9). Byte-level damaged copies of
 * heads of the bundled files (tests/fixtures/damage.ts), read by the project's CSV reader:
 * no internal error; a file whose header is intact is read, with the same header; every row
 * that ends before the first damaged byte is read exactly as from the undamaged file; when only
 * the line ends changed (CRLF, CR alone) every row is. Then a smaller set through the whole
 * loader: rows read = rows loaded + rows quarantined, counted in the tables.
 * The full run (1 000 and more, with figures): `npm run bench -- damage`.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCases, runCases, summarize, checkReads } from '../fixtures/damage.ts';

const READ_CASES = Number(process.env.NOK_DAMAGE_CASES ?? 300);
const LOAD_CASES = 16;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-damage-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('damaged files, read by the CSV reader', () => {
  it(`${READ_CASES} damaged copies: no internal error, intact header read, rows before the damage as in the undamaged file`, async () => {
    const r = await checkReads(makeCases(READ_CASES, 11), path.join(dir, 'read'));
    expect(r.failures.slice(0, 10)).toEqual([]);
    expect(r.files).toBe(READ_CASES);
    // not vacuous: many rows lie before the damage, and damaged rows were rejected
    expect(r.rowsCompared).toBeGreaterThan(READ_CASES);
    expect(r.rowsRejected).toBeGreaterThan(READ_CASES / 10);
  }, 240_000);

  it('every kind of damage appears, and some copies change only the line ends (all their rows are compared above)', () => {
    const cases = makeCases(READ_CASES, 11);
    expect(new Set(cases.flatMap((c) => c.kinds)).size).toBeGreaterThanOrEqual(13);
    expect(cases.filter((c) => c.firstDamage === Infinity).length).toBeGreaterThan(10);
  });
});

describe('damaged files through the whole loader', () => {
  it(`${LOAD_CASES} damaged copies of the layouts' files: rows read = loaded + quarantined for every file, no intact header refused`, async () => {
    const results = await runCases(makeCases(LOAD_CASES, 5), path.join(dir, 'load'));
    const s = summarize(results);
    expect(s.failed.map((f) => `#${f.c.id} ${f.c.source} ${f.c.kinds.join('+')}: ${f.problems.join('; ')}`)).toEqual([]);
    expect(s.files).toBe(LOAD_CASES);
    expect(s.rowsQuarantined).toBeGreaterThan(0);
    expect(s.rowsLoaded).toBeGreaterThan(s.rowsQuarantined);
    // damaged rows are quarantined under the reader's rules
    const rules = new Set(results.flatMap((r) => r.rules));
    expect(rules.has('encoding') || rules.has('csv_structure')).toBe(true);
  }, 240_000);
});
