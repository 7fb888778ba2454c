/** Where the test build of the bundled data lives (made once per `npm test` by tests/setup/build.ts). */
import path from 'node:path';
import { paths } from '../../pipelines/lib/paths.ts';

export const testBuild = {
  dir: path.join(paths.tmp, 'test-build'),
  warehouse: path.join(paths.tmp, 'test-build', 'warehouse.duckdb'),
  downloads: path.join(paths.tmp, 'test-build', 'downloads'),
  site: path.join(paths.tmp, 'test-build', 'site'),
  work: path.join(paths.tmp, 'test-build', 'site-work'),
};
