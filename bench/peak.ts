import fs from 'node:fs';

/**
 * This process's peak RSS, in bytes. Linux keeps getrusage's maxRSS across fork and exec: a child
 * spawned by a parent that holds 750 MB (after writing a 1M-row workbook) reports at least 750 MB.
 * VmHWM is the high-water mark of this process's own memory.
 */
export function peakRss(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS * 1024;
}
