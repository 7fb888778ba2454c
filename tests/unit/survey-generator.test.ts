/**
 * The survey generator (scripts/survey): its constraint logic on small inputs,
 * and the bundled data set it produces — reproducible from the seed, every
 * cell with its provenance, every fact of the report in place, every target met.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Rng } from '../../scripts/survey/rng.ts';
import { fitSum, splitInteger, assignMethods, countMethods, sum } from '../../scripts/survey/calibrate.ts';
import { generate, loadFacts, loadFigures, FILES, TARGETS, YEARS, type Generated } from '../../scripts/survey/generate.ts';
import { toCsv } from '../../scripts/survey/csv.ts';
import { readCsvObjects } from '../../pipelines/ingest/read.ts';
import survey from '../../sources/survey_regions/schema.ts';

describe('fitSum', () => {
  it('reaches the target exactly, keeps fixed values and bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ value: fc.integer({ min: 0, max: 500 }), lo: fc.integer({ min: 0, max: 100 }), span: fc.integer({ min: 0, max: 400 }), fixed: fc.boolean() }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        (raw, where, seed) => {
          const items = raw.map((r) => ({ value: r.fixed ? r.value : r.value, lo: r.lo, hi: r.lo + r.span, fixed: r.fixed }));
          const fixed = sum(items.filter((x) => x.fixed).map((x) => x.value));
          const lo = fixed + sum(items.filter((x) => !x.fixed).map((x) => x.lo));
          const hi = fixed + sum(items.filter((x) => !x.fixed).map((x) => x.hi));
          const target = Math.round(lo + (hi - lo) * where);
          const out = fitSum(items, target, new Rng(seed));
          expect(sum(out)).toBe(target);
          items.forEach((x, i) => {
            if (x.fixed) expect(out[i]).toBe(x.value);
            else {
              expect(out[i]).toBeGreaterThanOrEqual(x.lo);
              expect(out[i]).toBeLessThanOrEqual(x.hi);
              expect(Number.isInteger(out[i])).toBe(true);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps multiples of the step and refuses an unreachable target', () => {
    const out = fitSum([{ value: 1000, lo: 100, hi: 5000 }, { value: 2000, lo: 100, hi: 5000 }, { value: 700, lo: 700, hi: 700, fixed: true }], 6700, new Rng(1), 100);
    expect(sum(out)).toBe(6700);
    expect(out.every((v) => v % 100 === 0)).toBe(true);
    expect(() => fitSum([{ value: 1, lo: 0, hi: 3 }, { value: 9, lo: 9, hi: 9, fixed: true }], 20, new Rng(1))).toThrow(/недостижима/);
  });

  it('fits real numbers with step 0', () => {
    const out = fitSum([{ value: 1.5, lo: 1, hi: 10 }, { value: 2.5, lo: 1, hi: 10 }], 7.25, new Rng(3), 0);
    expect(sum(out)).toBeCloseTo(7.25, 9);
  });
});

describe('splitInteger', () => {
  it('splits a total into parts that sum to it, each within one of its exact share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 5 }), (total, w) => {
        const parts = splitInteger(total, w);
        expect(sum(parts)).toBe(total);
        const W = sum(w);
        parts.forEach((p, i) => expect(Math.abs(p - (total * w[i]!) / W)).toBeLessThan(1 + 1e-9));
      }),
    );
  });
});

describe('assignMethods', () => {
  const regions = Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(2, '0')}`);
  const price = new Map(regions.map((r, i) => [r, (i + 1) * 10_000]));

  it('meets the counts of every method, with regions using two methods when the counts exceed the regions', () => {
    const plan = { answering: regions, other: ['r00', 'r01'], contest: ['r19', 'r18', 'r17'], counts: { auction: 5, quotation: 2, sole_supplier: 11 }, price };
    const m = assignMethods(plan, new Rng(7));
    const c = countMethods(m);
    expect(c).toEqual({ auction: 5, quotation: 2, sole_supplier: 11, open_contest: 3, other: 2 });
    expect(m.size).toBe(20);
    // 15 regions left for 18 uses: three use an auction and the sole supplier
    expect([...m.values()].filter((ms) => ms.length === 2)).toHaveLength(3);
  });

  it('gives auctions to larger contracts than the sole supplier on average', () => {
    const m = assignMethods({ answering: regions, other: [], contest: [], counts: { auction: 6, quotation: 4, sole_supplier: 10 }, price }, new Rng(11));
    const avg = (code: string): number => {
      const xs = [...m].filter(([, ms]) => ms.join() === code).map(([r]) => price.get(r)!);
      return sum(xs) / xs.length;
    };
    expect(avg('auction')).toBeGreaterThan(avg('sole_supplier'));
  });

  it('refuses a region in both «Иное» and open contest, and counts that cannot be met', () => {
    expect(() => assignMethods({ answering: regions, other: ['r01'], contest: ['r01'], counts: { auction: 1, quotation: 1, sole_supplier: 17 }, price }, new Rng(1))).toThrow(/одновременно/);
    expect(() => assignMethods({ answering: regions, other: [], contest: [], counts: { auction: 1, quotation: 1, sole_supplier: 1 }, price }, new Rng(1))).toThrow(/меньше/);
  });
});

describe('the bundled survey data set', () => {
  let g: Generated;
  beforeAll(async () => {
    g = await generate();
  }, 60_000);

  it('is exactly what the generator makes from its seed (regenerate after editing facts or the script)', async () => {
    const committed = fs.readFileSync(path.join(FILES.outDir, FILES.data), 'utf8');
    expect(committed).toBe(toCsv(g.header, g.rows));
    const prov = (await readCsvObjects(path.join(FILES.outDir, FILES.provenance))).rows;
    expect(prov.length).toBe(g.provenance.length);
    const meta = JSON.parse(fs.readFileSync(path.join(FILES.outDir, FILES.data + '.meta.json'), 'utf8'));
    expect(meta).toMatchObject({ synthetic: 'per-cell', provenance: FILES.provenance, generator: 'scripts/survey/generate.ts' });
  });

  it('uses the layout headers of FORMATS.md §1 with a group per year', () => {
    const expected = new Set(survey.columnsInfo.flatMap((c) => (c.perYear ? YEARS.map((y) => c.headers[0]!.replace('{year}', String(y))) : [c.headers[0]!])));
    expect(new Set(g.header)).toEqual(expected);
    expect(g.header).toHaveLength(expected.size);
  });

  it('gives every cell exactly one provenance, report cells with their sentence', () => {
    const cells = g.rows.length * g.header.length;
    expect(g.provenance).toHaveLength(cells);
    const keys = new Set(g.provenance.map((p) => `${p.row}|${p.column}|${p.year ?? ''}`));
    expect(keys.size).toBe(cells);
    for (const p of g.provenance) {
      expect(['report', 'synthetic']).toContain(p.kind);
      if (p.kind === 'report') expect(p.quote?.length ?? 0).toBeGreaterThan(10);
    }
  });

  it('puts every value the report names in its cell, marked as from the report', async () => {
    const figures = await loadFigures();
    const col = (name: string, year?: string): number => g.header.indexOf(survey.columnsInfo.find((c) => c.name === name)!.headers[0]!.replace('{year}', year ?? ''));
    const regionCol = col('region_code');
    const sphereCol = col('sphere');
    const sphereText: Record<string, string> = { social: 'социальное обслуживание', health: 'здравоохранение', education: 'образование', '': 'социальное обслуживание' };
    let checked = 0;
    for (const f of await loadFacts()) {
      if (f.figure_id) expect(figures.has(f.figure_id), f.figure_id).toBe(true);
      if (['participation', 'authority'].includes(f.column)) continue;
      if (f.column === 'procurement_methods') {
        // the report names no year: the text must be there in at least one year
        const hits = YEARS.filter((y) => g.rows.some((r) => r[regionCol] === f.region && String(r[col(f.column, String(y))]) === f.value));
        expect(hits.length, f.region).toBeGreaterThan(0);
        continue;
      }
      const i = g.rows.findIndex((r) => r[regionCol] === f.region && r[sphereCol] === sphereText[f.sphere]);
      expect(i, `${f.region}/${f.sphere}`).toBeGreaterThanOrEqual(0);
      const value = g.rows[i]![col(f.column, f.year)];
      expect(String(value), `${f.region} ${f.column}`).toBe(f.value);
      const p = g.provenance.find((x) => x.row === i + 2 && x.column === f.column && String(x.year ?? '') === f.year)!;
      expect(p.kind).toBe('report');
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('agrees with the published figures it quotes (units converted)', async () => {
    const figures = await loadFigures();
    const unit: Record<string, number> = { 'руб.': 1, 'тыс. руб.': 1000, 'млн руб.': 1e6 };
    for (const f of (await loadFacts()).filter((x) => ['planned_rub', 'actual_rub', 'orgs_regional', 'orgs_municipal'].includes(x.column))) {
      const fig = figures.get(f.figure_id)!;
      expect(Number(fig['Значение']) * (unit[fig['Единица']!] ?? 1), f.figure_id).toBeCloseTo(Number(f.value), 6);
    }
  });

  it('meets every target of the report except the one the report makes impossible', () => {
    const failed = g.checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toEqual([expect.stringMatching(/на организацию/)]);
    expect(failed[0]!.relaxed).toBe(true);
    expect(g.checks.length).toBeGreaterThan(30);
  });

  it('has no authority-year whose contract price exceeds its planned price, and no region-year without a paid price but with one planned', () => {
    const years = YEARS.map((y) => ({ p: g.header.indexOf(`НМЦК на оплату работ оператора, руб. (${y})`), a: g.header.indexOf(`Цена контракта с оператором, руб. (${y})`) }));
    for (const r of g.rows) for (const { p, a } of years) if (r[a] !== null) expect(Number(r[p])).toBeGreaterThanOrEqual(Number(r[a]));
    expect(g.regionYears.filter((r) => (r.planned ?? 0) > 0 && !((r.actual ?? 0) > 0))).toEqual([]);
  });

  it('keeps 80 regions and 83 authorities, Калужская область only through its health authority', () => {
    const regionCol = g.header.indexOf('Субъект Российской Федерации');
    const sphereCol = g.header.indexOf('Сфера');
    expect(g.rows).toHaveLength(83);
    expect(new Set(g.regionYears.map((r) => r.region)).size).toBe(80);
    const kaluga = g.rows.filter((r) => r[regionCol] === 'Калужская область');
    expect(kaluga.map((r) => r[sphereCol])).toEqual(['здравоохранение']);
    expect(TARGETS.methodsAnswered).toBe(74);
  });
});
