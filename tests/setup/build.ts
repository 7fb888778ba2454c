/**
 * Global setup of the «warehouse» test project: build the bundled data into
 * a fresh warehouse, export it and build the dashboards, exactly as
 * `npm start` does, but into tmp/test-build so a user's own build is not touched.
 */
import fs from 'node:fs';
import { testBuild } from './paths.ts';
import { build } from '../../pipelines/build.ts';
import { exportWarehouse } from '../../pipelines/export.ts';
import { buildSite } from '../../pipelines/site/build-site.ts';

export default async function setup(): Promise<void> {
  fs.rmSync(testBuild.dir, { recursive: true, force: true });
  fs.mkdirSync(testBuild.dir, { recursive: true });
  await build({ warehouse: testBuild.warehouse });
  await exportWarehouse(testBuild.warehouse, testBuild.downloads);
  await buildSite({ warehouse: testBuild.warehouse, downloads: testBuild.downloads, out: testBuild.site, work: testBuild.work });
}
