/**
 * Leftovers of builds whose process is gone. Every build names its scratch files and folders
 * with its process id (`<warehouse>.building-<pid>`, `.tmp-<pid>`, `site-build-<pid>`); a build
 * killed outright (kill -9, power cut) cannot remove them, so the next build does: anything
 * matching the pattern whose pid is not a running process is removed.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Is a process with this pid running (on this machine)? */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the entries of `dir` whose name matches `pattern` (its first group = the pid of the
 * process that made them) when that process is not running and is not this one.
 * Returns the names removed, sorted.
 */
export function removeStale(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = pattern.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed.sort();
}

/** Scratch names of a warehouse build beside `warehouse`: the half-built file (and its WAL) and the temp folder. */
export function warehouseScratch(warehouse: string, pid = process.pid): { file: string; dir: string } {
  return { file: `${warehouse}.building-${pid}`, dir: path.join(path.dirname(warehouse), `.tmp-${pid}`) };
}

/** Leftovers of dead warehouse builds in the warehouse's folder (any warehouse file name there). */
export function removeStaleBuilds(warehouse: string): string[] {
  return removeStale(path.dirname(warehouse), /^(?:.+\.building-|\.tmp-)(\d+)(?:\.wal|\.tmp)?$/);
}
