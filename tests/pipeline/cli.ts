/** Run the nok-atlas CLI as a user would, capturing its output and exit code. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { paths } from '../../pipelines/lib/paths.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(paths.root, 'pipelines', 'cli.ts'), ...args], {
    cwd: paths.root,
    encoding: 'utf8',
    env: { ...process.env, NOK_QUIET: '0', NOK_PLAIN_LOG: '1', ...env },
    timeout: 600_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
