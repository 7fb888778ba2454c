/**
 * Global setup of the «warehouse» and «e2e» test projects: the test build of the bundled data
 * (tests/setup/build-run.ts: warehouse, downloads, dashboards, into tmp/test-build) is started
 * in a child process and not awaited here. Vitest runs every project's global setup before any
 * test file, so awaiting the build (≈3 min) would hold back the unit and pipeline tests too; they
 * run while it is made, and each file of those projects waits for what it needs of it first
 * (tests/setup/wait-build.ts, a setup file of both). The build's log: tmp/test-build/build.log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { testBuild } from './paths.ts';
import { paths } from '../../pipelines/lib/paths.ts';

export default function setup(): () => Promise<void> {
  // the global setup of both projects that use the build (warehouse, e2e): it is started once per run
  if (process.env.NOK_TEST_BUILD_STARTED) return async () => {};
  process.env.NOK_TEST_BUILD_STARTED = '1';
  fs.rmSync(testBuild.dir, { recursive: true, force: true });
  fs.mkdirSync(testBuild.dir, { recursive: true });
  const log = fs.openSync(testBuild.log, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(paths.root, 'tests', 'setup', 'build-run.ts')], {
    cwd: paths.root,
    stdio: ['ignore', log, log],
    detached: true, // its own process group: stopped as a whole (with Evidence's processes) if the run ends first
  });
  fs.closeSync(log);
  let exited = false;
  const stop = () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', stop);
  const done = new Promise<void>((resolve) => {
    const finish = (failure: string | null) => {
      exited = true;
      if (failure !== null && !fs.existsSync(testBuild.ready)) fs.writeFileSync(testBuild.failed, failure + '\n');
      resolve();
    };
    child.on('exit', (code, signal) => finish(code === 0 && fs.existsSync(testBuild.ready) ? null : `код ${code ?? signal}`));
    child.on('error', (e) => finish(e.message));
  });
  return async () => {
    // a run that ends (or is stopped) before the build does: do not leave it running
    stop();
    await done;
    process.off('exit', stop);
  };
}
