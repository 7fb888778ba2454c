import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { removeStaleWorkDirs } from '../../pipelines/site/build-site.ts';

describe('site build work folders', () => {
  it('removes the folders of finished builds, keeps those of running ones and anything else', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-site-work-'));
    // a process that has exited: its pid is free
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const mine = `site-build-${process.pid}`;
    const parent = `site-build-${process.ppid}`;
    for (const d of [`site-build-${dead}`, mine, parent, 'site-build-x', 'test-build']) fs.mkdirSync(path.join(tmp, d, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(tmp, `site-build-${dead}`, 'evidence.log'), 'log');
    expect(removeStaleWorkDirs(tmp)).toEqual([`site-build-${dead}`]);
    expect(fs.readdirSync(tmp).sort()).toEqual([mine, parent, 'site-build-x', 'test-build'].sort());
    expect(removeStaleWorkDirs(path.join(tmp, 'absent'))).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
