import { defineConfig } from 'vitest/config';

// Three groups of tests:
//  unit      — logic on tiny inline rows (fast; `npx vitest run --project unit`)
//  pipeline  — the CLI and the loader on fixture folders, each test with its own warehouse
//  warehouse — data tests and browser tests on the bundled build, made once by tests/setup/build.ts
export default defineConfig({
  test: {
    env: { TZ: 'UTC', NOK_QUIET: '1' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/*.test.ts', 'tests/unit/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1' },
        },
      },
      {
        test: {
          name: 'pipeline',
          include: ['tests/pipeline/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1' },
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'warehouse',
          include: ['tests/warehouse/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          env: { TZ: 'UTC', NOK_QUIET: '1' },
          globalSetup: ['tests/setup/build.ts'],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
