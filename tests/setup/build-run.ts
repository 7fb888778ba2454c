/**
 * The test build of the bundled data (run by tests/setup/build.ts in a child process, so that the
 * unit and pipeline tests run while it is made): build the bundled data into a fresh warehouse,
 * export it and build the dashboards, exactly as `npm start` does, but into tmp/test-build so a
 * user's own build is not touched. The site gets the geographic map from a GeoJSON made from the
 * tile grid (tests/fixtures/geo/tile-geojson.ts), given as a user would: NOK_GEOJSON.
 * It writes the marker testBuild.dataReady when the warehouse and its downloads are done, and
 * testBuild.ready when the dashboards are too; tests/setup/wait-build.ts waits for the one a file needs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testBuild } from './paths.ts';
import { build } from '../../pipelines/build.ts';
import { exportWarehouse } from '../../pipelines/export.ts';
import { buildSite } from '../../pipelines/site/build-site.ts';
import { tileGeoJson } from '../fixtures/geo/tile-geojson.ts';

export async function buildTestSite(): Promise<void> {
  await build({ warehouse: testBuild.warehouse });
  await exportWarehouse(testBuild.warehouse, testBuild.downloads);
  // the data tests need no more than this: they start while the dashboards are built
  fs.writeFileSync(testBuild.dataReady, new Date().toISOString() + '\n');
  const geojson = path.join(testBuild.dir, 'geo', 'tiles.geojson');
  fs.mkdirSync(path.dirname(geojson), { recursive: true });
  fs.writeFileSync(geojson, JSON.stringify(tileGeoJson().geojson));
  const before = process.env.NOK_GEOJSON;
  process.env.NOK_GEOJSON = geojson;
  try {
    await buildSite({ warehouse: testBuild.warehouse, downloads: testBuild.downloads, out: testBuild.site, work: testBuild.work });
  } finally {
    if (before === undefined) delete process.env.NOK_GEOJSON;
    else process.env.NOK_GEOJSON = before;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildTestSite().then(
    () => fs.writeFileSync(testBuild.ready, new Date().toISOString() + '\n'),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
