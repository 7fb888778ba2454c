/**
 * Numbers with nouns (reports/components/fmt.js: plural, formatCount, unitFor) and the same rules in
 * SQL (models/macros/plural.sql: nok_plural, nok_unit): «1 организация», «2 организации»,
 * «5 организаций», «11 организаций», «21 организация», «1,5 организации».
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Db } from '../../pipelines/lib/duck.ts';
import { paths } from '../../pipelines/lib/paths.ts';
import { plural, pluralForm, formatCount, unitFor, unitForms, withUnit, UNIT_FORMS } from '@nok-atlas/common/fmt.js';

const ORG = ['организация', 'организации', 'организаций'] as const;
const org = (n: number | bigint | string) => plural(n, ...ORG);
const NB = '\u00a0';

describe('plural', () => {
  it.each([
    [0, 'организаций'],
    [1, 'организация'],
    [2, 'организации'],
    [3, 'организации'],
    [4, 'организации'],
    [5, 'организаций'],
    [11, 'организаций'],
    [12, 'организаций'],
    [13, 'организаций'],
    [14, 'организаций'],
    [15, 'организаций'],
    [20, 'организаций'],
    [21, 'организация'],
    [22, 'организации'],
    [25, 'организаций'],
    [101, 'организация'],
    [111, 'организаций'],
    [112, 'организаций'],
    [114, 'организаций'],
    [122, 'организации'],
    [1000, 'организаций'],
    [1001, 'организация'],
    [1.5, 'организации'],
    [0.5, 'организации'],
    [21.5, 'организации'],
    [-1, 'организация'],
    [-2, 'организации'],
    [-11, 'организаций'],
    [-21, 'организация'],
  ])('%s → %s', (n, want) => {
    expect(org(n)).toBe(want);
  });

  it('takes the number as shown: «1 805», «21», «1,5», bigint', () => {
    expect(org('1 805')).toBe('организаций');
    expect(org('1\u00a0801')).toBe('организация');
    expect(org('21')).toBe('организация');
    expect(org('1,5')).toBe('организации');
    expect(org('2,0')).toBe('организации'); // a decimal written out is a fraction
    expect(org('−21')).toBe('организация');
    expect(org(21n)).toBe('организация');
    expect(org(111n)).toBe('организаций');
  });

  it('a missing value takes the genitive plural', () => {
    expect(pluralForm(null)).toBe('many');
    expect(pluralForm(undefined)).toBe('many');
    expect(pluralForm(Number.NaN)).toBe('many');
    expect(pluralForm('—')).toBe('many');
  });

  it('the form depends only on the last two digits of an integer (any size)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), (n) => {
        expect(pluralForm(n)).toBe(pluralForm(n % 100));
        expect(pluralForm(-n)).toBe(pluralForm(n));
        expect(pluralForm(String(n))).toBe(pluralForm(n));
      }),
    );
  });
});

describe('formatCount', () => {
  it('writes the number the Russian way and the noun in its form', () => {
    expect(formatCount(1805, ORG)).toBe(`1${NB}805${NB}организаций`);
    expect(formatCount(1, ORG)).toBe(`1${NB}организация`);
    expect(formatCount(22, 'организация|организации|организаций')).toBe(`22${NB}организации`);
    expect(formatCount(1.5, ORG)).toBe(`1,5${NB}организации`);
    expect(formatCount(null, ORG)).toBe(`—${NB}организаций`);
  });

  it('agrees with the number as the format shows it, not as stored', () => {
    // 20,96 organizations on average, shown as an integer: «21 организация»
    expect(formatCount(20.96, ORG, 'int')).toBe(`21${NB}организация`);
    expect(formatCount(4.6, ORG, 'int')).toBe(`5${NB}организаций`);
    expect(formatCount(2.04, ['балл', 'балла', 'баллов'], 'num1')).toBe(`2${NB}балла`);
    expect(formatCount(2.25, ['балл', 'балла', 'баллов'], 'num1')).toBe(`2,3${NB}балла`);
  });

  it('refuses forms that are not three', () => {
    expect(() => formatCount(1, ['организация', 'организации'])).toThrow(/три формы/);
  });
});

describe('units stored in the genitive plural', () => {
  it('agree with the number', () => {
    expect(unitFor(2, 'этапов')).toBe('этапа');
    expect(unitFor(1, 'организаций')).toBe('организация');
    expect(unitFor(21, 'субъектов')).toBe('субъект');
    expect(unitFor(1.6, 'раз')).toBe('раза');
    expect(unitFor(2, 'раз в год')).toBe('раза в год');
    expect(unitFor(1, 'муниципальных образований')).toBe('муниципальное образование');
    expect(unitFor(3, 'муниципальных образований')).toBe('муниципальных образования');
    expect(unitFor(14, 'дней')).toBe('дней');
    expect(unitFor(2, 'дней')).toBe('дня');
  });

  it('abbreviations, «тыс. …» and unknown units stay as they are; no unit is empty', () => {
    for (const u of ['руб.', 'тыс. руб.', 'чел.', 'экз.', '%', 'тыс. организаций', 'мес.']) {
      expect(unitFor(1, u)).toBe(u);
      expect(unitFor(2, u)).toBe(u);
    }
    expect(unitFor(1, null)).toBe('');
    expect(unitForms(undefined)).toBeNull();
  });

  it('withUnit writes the number and the unit that agrees with it as shown', () => {
    expect(withUnit(21, 'организаций')).toBe(`21${NB}организация`);
    expect(withUnit('1,6', 'раз')).toBe(`1,6${NB}раза`);
    expect(withUnit(3600, 'организаций', 'int')).toBe(`3${NB}600${NB}организаций`);
    expect(withUnit(2, 'этапов')).toBe(`2${NB}этапа`);
    expect(withUnit(47.3, '%', 'num1')).toBe(`47,3${NB}%`);
    expect(withUnit(5, null)).toBe('5');
    expect(withUnit(null, 'организаций')).toBe('—');
  });

  it('every listed unit is its own genitive plural', () => {
    for (const [u, forms] of Object.entries(UNIT_FORMS)) {
      expect(forms[2]).toBe(u);
      expect(unitFor(5, u)).toBe(u);
    }
  });
});

describe('SQL macros agree with fmt.js', () => {
  let db: Db;
  beforeAll(async () => {
    db = await Db.open();
    await db.run(fs.readFileSync(path.join(paths.models, 'macros', 'plural.sql'), 'utf8'));
  });
  afterAll(() => db?.close());

  it('nok_plural: the hard cases, integers of any type and fractions', async () => {
    const ns = [0, 1, 2, 4, 5, 11, 12, 13, 14, 21, 22, 25, 101, 111, 112, 1001, -1, -2, -11, -21];
    for (const n of ns) {
      expect(await db.value(`select nok_plural(${n}::INTEGER, 'организация', 'организации', 'организаций')`), String(n)).toBe(org(n));
      expect(await db.value(`select nok_plural(${n}::BIGINT, 'организация', 'организации', 'организаций')`), String(n)).toBe(org(n));
      expect(await db.value(`select nok_plural(${n}::DOUBLE, 'организация', 'организации', 'организаций')`), String(n)).toBe(org(n));
    }
    expect(await db.value(`select nok_plural(1.5, 'организация', 'организации', 'организаций')`)).toBe('организации');
    expect(await db.value(`select nok_plural(22::DECIMAL(10, 2), 'организация', 'организации', 'организаций')`)).toBe('организации');
    expect(await db.value(`select nok_plural(NULL, 'организация', 'организации', 'организаций')`)).toBe('организаций');
  });

  it('nok_plural equals plural for any number', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e4, max: 1e4, noNaN: true })), async (n) => {
        const sql = await db.value(`select nok_plural($1::DOUBLE, 'one', 'few', 'many')`, [n]);
        expect(sql, String(n)).toBe(plural(n, 'one', 'few', 'many'));
      }),
      { numRuns: 300 },
    );
  });

  it('nok_unit knows every unit of UNIT_FORMS with the same forms, and keeps other units', async () => {
    for (const [u, forms] of Object.entries(UNIT_FORMS)) {
      expect(await db.value(`select nok_unit_forms($1)`, [u]), u).toEqual([...forms]);
      for (const n of [1, 2, 5, 21, 1.5]) expect(await db.value(`select nok_unit($1::DOUBLE, $2)`, [n, u]), `${n} ${u}`).toBe(unitFor(n, u));
    }
    // and no unit the SQL knows is missing in fmt.js
    const sqlUnits = [...fs.readFileSync(path.join(paths.models, 'macros', 'plural.sql'), 'utf8').matchAll(/WHEN '([^']+)' THEN \[/g)].map((m) => m[1]);
    expect(sqlUnits.sort()).toEqual(Object.keys(UNIT_FORMS).sort());
    expect(await db.value(`select nok_unit(2, 'руб.')`)).toBe('руб.');
    expect(await db.value(`select nok_unit(2, NULL)`)).toBeNull();
  });
});
