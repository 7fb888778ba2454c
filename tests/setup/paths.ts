/** Where the test build of the bundled data lives (made once per `npm test` by tests/setup/build.ts). */
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
