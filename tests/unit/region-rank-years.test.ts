/**
 * intermediate.int_region_rank in an incremental build (called as the runner calls it, tsBuildOptions):
 * a year added after every year the table holds is computed alone and appended; the table is then
 * row for row (in order) the one a full build makes. Years among the kept ones make it build the whole table.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { Db } from '../../pipelines/lib/duck.ts';
import { tsBuildOptions, type Model } from '../../pipelines/models/runner.ts';
import { build } from '../../models/intermediate/int_region_rank.ts';

const model = { layer: 'intermediate', name: 'int_region_rank', id: 'intermediate.int_region_rank', contract: { incremental: 'year' } } as Model;
/** The build of an incremental run in which `years` changed, as the runner calls it. */
const buildYears = async (years: number[]): Promise<void> => build(db, model, await tsBuildOptions(db, model, new Set(years)));
let db: Db;

beforeEach(async () => {
  db = await Db.open();
  await db.run(`CREATE SCHEMA intermediate; CREATE SCHEMA marts`);
  await db.run(`CREATE TABLE intermediate.int_compare_setting AS SELECT 3 AS min_orgs, 0.95::DOUBLE AS level, 20231 AS rank_seed, 200 AS rank_draws`);
  await db.run(`CREATE TABLE marts.nok_score (region_code VARCHAR, year INTEGER, sphere VARCHAR, methodology_edition VARCHAR, total DOUBLE)`);
});
afterEach(() => db.close());

/** Scores of a year: five regions, two spheres, four organizations each. */
const addYear = (year: number): Promise<void> =>
  db.run(`INSERT INTO marts.nok_score
    SELECT lpad(r::VARCHAR, 2, '0'), ${year}, s, '2018', 60 + ((r * 7 + i * 13 + ${year}) % 30) + (s = 'культура')::INTEGER
    FROM range(1, 6) a(r), range(4) b(i), (VALUES ('культура'), ('образование')) c(s)`);
const rows = (): Promise<unknown[]> => db.all(`SELECT * FROM intermediate.int_region_rank ORDER BY rowid`);

describe('int_region_rank by year', () => {
  it('an added year is appended and gives the rows, in order, of a full build', async () => {
    await addYear(2021);
    await addYear(2022);
    await build(db, model);
    const kept = (await rows()).length;
    await addYear(2023);
    // a mark on the kept rows: a build of the added year alone leaves it, a build of the whole table would not
    expect(await db.value(`SELECT DISTINCT n_regions_ranked FROM intermediate.int_region_rank`)).toBe(5);
    await db.run(`UPDATE intermediate.int_region_rank SET n_regions_ranked = -1`);
    await buildYears([2023]);
    expect(await db.value(`SELECT count(*) FROM intermediate.int_region_rank WHERE n_regions_ranked = -1`)).toBe(kept);
    await db.run(`UPDATE intermediate.int_region_rank SET n_regions_ranked = 5 WHERE n_regions_ranked = -1`);
    const incremental = await rows();
    await build(db, model);
    expect(incremental).toEqual(await rows());
    expect(incremental.length).toBeGreaterThan(kept);
  });

  it('a changed year among the kept ones: the whole table, as a full build', async () => {
    await addYear(2021);
    await addYear(2022);
    await build(db, model);
    await db.run(`UPDATE marts.nok_score SET total = total - 5 WHERE year = 2021 AND region_code = '01'`);
    await buildYears([2021]);
    const incremental = await rows();
    await build(db, model);
    expect(incremental).toEqual(await rows());
  });

  it('without a table to add to (a first build), the whole table', async () => {
    await addYear(2022);
    await buildYears([2022]);
    const first = await rows();
    await build(db, model);
    expect(first).toEqual(await rows());
    expect(first.length).toBe(15);
  });
});
