/**
 * Setup file of the «warehouse» and «e2e» projects: before a test file is loaded, wait for the test
 * build that tests/setup/build.ts started — for its warehouse and downloads (testBuild.dataReady)
 * when the project says NOK_TEST_NEEDS=data, else for the whole build with the dashboards
 * (testBuild.ready); if the build failed, fail with the end of its log.
 */
import fs from 'node:fs';
import { testBuild, awaitTestBuild } from './paths.ts';

const LIMIT_MS = 30 * 60_000;

const state = await awaitTestBuild(process.env.NOK_TEST_NEEDS === 'data' ? 'data' : 'site', LIMIT_MS);
if (state === 'failed') {
  const tail = fs.existsSync(testBuild.log) ? fs.readFileSync(testBuild.log, 'utf8').split('\n').slice(-40).join('\n') : '';
  throw new Error(`Тестовая сборка не удалась (${fs.readFileSync(testBuild.failed, 'utf8').trim()}). Конец журнала ${testBuild.log}:\n${tail}`);
}
if (state === 'timeout') throw new Error(`Тестовая сборка не закончилась за ${LIMIT_MS / 60_000} мин (журнал: ${testBuild.log})`);
