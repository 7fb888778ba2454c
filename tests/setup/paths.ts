/** Where the test build of the bundled data lives (made once per `npm test` by tests/setup/build.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { paths } from '../../pipelines/lib/paths.ts';

export const testBuild = {
  dir: path.join(paths.tmp, 'test-build'),
  warehouse: path.join(paths.tmp, 'test-build', 'warehouse.duckdb'),
  downloads: path.join(paths.tmp, 'test-build', 'downloads'),
  site: path.join(paths.tmp, 'test-build', 'site'),
  work: path.join(paths.tmp, 'test-build', 'site-work'),
  /** The build's log (it runs in a child process of the test run). */
  log: path.join(paths.tmp, 'test-build', 'build.log'),
  /** Written when the warehouse and its downloads are done (the dashboards are built after). */
  dataReady: path.join(paths.tmp, 'test-build', 'data-ready'),
  /** Written when the whole build is done. */
  ready: path.join(paths.tmp, 'test-build', 'ready'),
  /** Written (with the exit code) when the build failed. */
  failed: path.join(paths.tmp, 'test-build', 'failed'),
};

/**
 * Wait for the test build of this run: for its warehouse and downloads (`data`), or for all of it
 * with the dashboards (`site`). `failed` when the build failed, `timeout` after `limitMs`.
 */
export async function awaitTestBuild(needs: 'data' | 'site', limitMs = 30 * 60_000): Promise<'ready' | 'failed' | 'timeout'> {
  for (const until = Date.now() + limitMs; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    if (fs.existsSync(testBuild.ready) || (needs === 'data' && fs.existsSync(testBuild.dataReady))) return 'ready';
    if (fs.existsSync(testBuild.failed)) return 'failed';
  }
  return 'timeout';
}
