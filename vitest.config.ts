import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { removeStale } from './pipelines/lib/stale.ts';

/**
 * Files of the warehouse and e2e projects wait for the test build (started in the background by
 * tests/setup/build.ts): the warehouse files for its warehouse and downloads, the e2e files for the
 * dashboards too, minutes later. So the unit and pipeline files come first (they run meanwhile), then
 * the warehouse files, then the e2e files; within each part the usual order (failed first, then slowest first).
 */
const QUEUE: Record<string, number> = { warehouse: 1, e2e: 2 };
class WarehouseLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => QUEUE[f.project.name] ?? 0;
    return sorted.map((f, i) => [f, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([f]) => f);
  }
}

/**
 * Every temporary folder of a test run (the tests' own, DuckDB's spill, Chromium's profile) goes into
 * one folder per run, removed when the run ends; the folder of a run that was killed is removed by
 * the next run (its process is gone). Workers and the background test build inherit TMPDIR.
 */
function runTmpDir(): string {
  if (process.env.NOK_TEST_RUN_TMP) return process.env.NOK_TEST_RUN_TMP;
  const base = os.tmpdir();
  removeStale(base, /^nok-test-run-(\d+)-/);
  const dir = fs.mkdtempSync(path.join(base, `nok-test-run-${process.pid}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  process.env.NOK_TEST_RUN_TMP = dir;
  process.env.TMPDIR = dir;
  return dir;
}
runTmpDir();

// Four groups of tests:
//  unit      — logic on tiny inline rows (fast; `npx vitest run --project unit`)
//  pipeline  — the CLI and the loader on fixture folders, each test with its own warehouse
//  warehouse — data tests on the bundled build, made once by tests/setup/build.ts
//  e2e       — browser tests of the dashboards of the same build
// All files share one queue of at least two workers (Vitest's default is one on a two-core machine).
export default defineConfig({
  test: {
    env: { TZ: 'UTC', NOK_QUIET: '1' },
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    sequence: { sequencer: WarehouseLast },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/*.test.ts', 'tests/unit/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1' },
        },
      },
      {
        extends: true,
        test: {
          name: 'pipeline',
          include: ['tests/pipeline/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1' },
          // a test here builds a warehouse or two (32 s on a quiet machine); while the test build and other
          // files share the two cores it has taken over 300 s, which is a slow machine, not a failure
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'warehouse',
          include: ['tests/warehouse/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1', NOK_TEST_NEEDS: 'data' },
          globalSetup: ['tests/setup/build.ts'],
          setupFiles: ['tests/setup/wait-build.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1', NOK_TEST_NEEDS: 'site' },
          globalSetup: ['tests/setup/build.ts'],
          setupFiles: ['tests/setup/wait-build.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          // a browser's state is polled: the default 1 s is short when two browser files run at once
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
});
