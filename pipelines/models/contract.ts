/**
 * A model's contract: the YAML beside its SQL (or TS) file — what the table
 * is, its grain, every column's description and the tests it must pass.
 * The runner refuses a model without a contract and a contract without a model.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const ColumnTest = z.union([
  z.literal('not_null'),
  z.literal('unique'),
  z.strictObject({ accepted_values: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
  z.strictObject({ relationships: z.strictObject({ to: z.string(), field: z.string() }) }),
  z.strictObject({ range: z.strictObject({ min: z.number().optional(), max: z.number().optional() }) }),
]);

const TableTest = z.union([
  z.strictObject({ unique: z.array(z.string()).min(1) }),
  z.strictObject({ min_rows: z.number().int().min(0) }),
  /**
   * severity 'warn': a check of the bundled data set against the report (e.g. «values the report
   * names are in the data»): reported in meta.data_test and on the data-quality page, but it does
   * not stop a build of a user's own data. 'error' (default): an invariant of any input.
   */
  z.strictObject({ expression: z.string(), description: z.string().optional(), severity: z.enum(['error', 'warn']).optional() }),
  z.strictObject({ sql: z.string(), description: z.string(), severity: z.enum(['error', 'warn']).optional() }),
]);

export const Contract = z.strictObject({
  description: z.string().min(10),
  grain: z.string().min(5),
  /** For TS models: the tables the model reads (SQL models: found in the SQL). */
  depends_on: z.array(z.string()).optional(),
  /** Shown on the data dictionary page; public marts are what researchers query. */
  public: z.boolean().optional(),
  /**
   * The model computes row by row, or aggregates only integers, and every tie it
   * breaks is broken by value: its result does not depend on the order in which
   * DuckDB's threads combine rows, so it may run on all cores (the build otherwise
   * runs models on one thread, for bit-identical sums of doubles).
   */
  parallel: z.boolean().optional(),
  /**
   * 'table' (default) stores the result; 'view' stores only the query (SQL models): for a
   * staging model that renames and cleans a large raw table row by row, a copy of it
   * costs time and disk and gains nothing, since the models after it aggregate it.
   */
  materialized: z.enum(['table', 'view']).optional(),
  /**
   * 'year': the rows of a year depend only on the rows of that year of what the model reads
   * (it has a column `year`). In an incremental build in which only some years of its inputs
   * changed, the runner deletes and recomputes only those years. A full build of such a model
   * whose trailing `order by` starts with the year is made one year at a time (runner.ts,
   * buildByYear): the same rows in the same order, with one year's rows in memory at a time.
   */
  incremental: z.literal('year').optional(),
  columns: z.record(
    z.string(),
    z.strictObject({
      description: z.string().min(3),
      tests: z.array(ColumnTest).optional(),
    }),
  ),
  tests: z.array(TableTest).optional(),
});
export type Contract = z.infer<typeof Contract>;

export function readContract(file: string): Contract {
  const r = Contract.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!r.success) {
    throw new Error(`contract ${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}
