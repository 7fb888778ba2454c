/**
 * The brief cites a figure as «column of the row where key = …»; the key of each mart comes from
 * its model contract (models/marts/<mart>.yml), never from a copy. Here: the rule that picks the
 * key, the keys of the real contracts, and a contract whose key changes — the brief's citations
 * follow it, while citations by the old key would point at two rows.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { BRIEF_TABLES, briefJson, buildBrief, keyOf, type MartKeys, type Row } from '@nok-atlas/common/brief/index.ts';
import { readBriefKeys, writeBriefKeys, BRIEF_KEYS_FILE } from '../../pipelines/brief/keys.ts';
import { paths } from '../../pipelines/lib/paths.ts';

const MARTS = path.join(paths.models, 'marts');
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-brief-keys-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the key of a mart is the smallest set its contract declares unique', () => {
  it('a unique column beats a unique pair; the first unique column wins a tie', () => {
    const c = { columns: { code: { tests: ['not_null', 'unique'] }, name: { tests: ['unique'] }, x: {}, y: {} }, tests: [{ unique: ['x', 'y'] }] };
    expect(keyOf('m', c)).toEqual(['code']);
  });
  it('a table test unique: [a, b] when no column is unique alone', () => {
    expect(keyOf('m', { columns: { a: {}, b: { tests: ['not_null'] }, v: {} }, tests: [{ min_rows: 1 }, { unique: ['a', 'b'] }] })).toEqual(['a', 'b']);
  });
  it('a contract without a unique test, or with a key column it does not describe, is an error naming the mart', () => {
    expect(() => keyOf('survey_x', { columns: { a: { tests: ['not_null'] } } })).toThrow(/marts\.survey_x: в контракте нет проверки unique/);
    expect(() => keyOf('m', { columns: { a: {} }, tests: [{ unique: ['a', 'ghost'] }] })).toThrow(/столбца ghost ключа нет/);
  });
});

describe('the keys of the real contracts', () => {
  it('every mart the brief reads has a key, and each key column is a column of the contract', () => {
    const keys = readBriefKeys();
    expect(Object.keys(keys).sort()).toEqual([...BRIEF_TABLES].sort());
    for (const m of BRIEF_TABLES) {
      const contract = parse(fs.readFileSync(path.join(MARTS, `${m}.yml`), 'utf8')) as { columns: Record<string, unknown> };
      expect(keys[m]!.length, m).toBeGreaterThan(0);
      for (const c of keys[m]!) expect(Object.keys(contract.columns), `${m}.${c}`).toContain(c);
    }
  });
  it('the site build writes the same keys for the page', () => {
    writeBriefKeys(tmp);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, BRIEF_KEYS_FILE), 'utf8'))).toEqual(readBriefKeys());
  });
});

describe('a contract whose key changes', () => {
  // two methodology editions in one year: the rows differ only in the new key column
  const score = (edition: string, total: number): Row => ({
    region_code: '77', federal_district_short: 'ЦФО', year: 2023, sphere: 'все сферы', methodology_edition: edition,
    n_orgs: 10, n_regions: 2, total, rank_total: 1, k1: total, k2: total, k3: total, k4: total, k5: total, is_synthetic: true,
  });
  const district = (district: string): Row => ({ district, district_name: district, year: 2023, sphere: 'все сферы', methodology_edition: '2018', n_orgs: 10, n_regions: 2, total: 80, k1: 80, k2: 81, k3: 79, k4: 82, k5: 78, is_synthetic: true });
  const tables = {
    region: [{ region_code: '77', region_name: 'Москва', federal_district: 'Центральный федеральный округ', federal_district_short: 'ЦФО' }],
    nok_region_score: [score('2018', 85), score('2024', 70)],
    nok_district_score: [district('РФ'), district('ЦФО')],
  };
  /** Rows of the fixture that a fact's key points at. */
  const cited = (keys: MartKeys) =>
    briefJson(buildBrief(tables, { region: '77', keys }))
      .facts.filter((f) => f.mart === 'marts.nok_region_score')
      .map((f) => tables.nok_region_score.filter((r) => Object.entries(f.key).every(([k, v]) => r[k] === v)).length);

  it('the brief cites by the new key read from the contract; by the old key a citation would match two rows', () => {
    fs.mkdirSync(path.join(tmp, 'marts'), { recursive: true });
    for (const m of BRIEF_TABLES) fs.copyFileSync(path.join(MARTS, `${m}.yml`), path.join(tmp, 'marts', `${m}.yml`));
    const file = path.join(tmp, 'marts', 'nok_region_score.yml');
    // the contract as it was before the edition joined the key (the real one has it since issue 13)
    const before = parse(fs.readFileSync(file, 'utf8')) as { columns: Record<string, unknown>; tests: unknown[] };
    delete before.columns.methodology_edition;
    before.tests = before.tests.map((t) => (t && typeof t === 'object' && 'unique' in t ? { unique: (t as { unique: string[] }).unique.filter((c) => c !== 'methodology_edition') } : t));
    fs.writeFileSync(file, stringify(before));
    const old = readBriefKeys(path.join(tmp, 'marts'));
    expect(old.nok_region_score).not.toContain('methodology_edition');
    const contract = parse(fs.readFileSync(file, 'utf8')) as { columns: Record<string, unknown>; tests: unknown[] };
    const newKey = [...old.nok_region_score!, 'methodology_edition'];
    contract.columns.methodology_edition = { description: 'Редакция методики', tests: ['not_null'] };
    contract.tests = contract.tests.map((t) => (t && typeof t === 'object' && 'unique' in t ? { unique: newKey } : t));
    fs.writeFileSync(file, stringify(contract));

    const keys = readBriefKeys(path.join(tmp, 'marts'));
    expect(keys.nok_region_score).toEqual(newKey);
    const counts = cited(keys);
    expect(counts.length).toBeGreaterThan(3);
    expect(counts.every((n) => n === 1)).toBe(true);
    // the stale key (a copy that did not follow the contract) would cite two rows at once
    expect(cited(old).some((n) => n === 2)).toBe(true);
  });
});
