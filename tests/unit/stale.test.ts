import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { alive, removeStaleBuilds, warehouseScratch } from '../../pipelines/lib/stale.ts';

describe('leftovers of dead builds', () => {
  it('knows a running process from a finished one', () => {
    expect(alive(process.pid)).toBe(true);
    expect(alive(spawnSync(process.execPath, ['-e', '0']).pid!)).toBe(false);
    expect(alive(0)).toBe(false);
  });

  it('removes the half-built files and temp folders of dead warehouse builds, keeps running ones, its own and anything else', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-stale-'));
    const w = path.join(dir, 'w.duckdb');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const deadNames = [`w.duckdb.building-${dead}`, `w.duckdb.building-${dead}.wal`, `w.duckdb.building-${dead}.tmp`, `x.duckdb.building-${dead}`, `.tmp-${dead}`];
    const mine = warehouseScratch(w);
    const keep = ['w.duckdb', 'w.duckdb.wal', `w.duckdb.building-${process.ppid}`, `.tmp-${process.ppid}`, path.basename(mine.file), path.basename(mine.dir), '.tmp-x', 'notes.building-12x'];
    for (const n of [...deadNames, ...keep]) {
      if (n.startsWith('.tmp-') || n.endsWith('.tmp')) fs.mkdirSync(path.join(dir, n, 'spill'), { recursive: true });
      else fs.writeFileSync(path.join(dir, n), 'x');
    }
    expect(removeStaleBuilds(w)).toEqual([...deadNames].sort());
    expect(fs.readdirSync(dir).sort()).toEqual([...keep].sort());
    expect(removeStaleBuilds(path.join(dir, 'absent', 'w.duckdb'))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
