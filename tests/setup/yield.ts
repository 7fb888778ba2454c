/**
 * Setup file of the «unit» and «pipeline» projects: their tests yield the processor to the test
 * build (tests/setup/build.ts), which runs beside them and which every file of the «warehouse»
 * project waits for. Each thread of the test's worker process gets a lower priority (nice 10);
 * the threads and processes it starts later (DuckDB's, a CLI run) inherit it. When the build is
 * done, or on a machine with cores to spare, nothing changes; the build itself keeps its priority.
 */
import fs from 'node:fs';
import os from 'node:os';

const NICE = 10;

for (const tid of fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task') : ['0']) {
  try {
    if (os.getPriority(Number(tid)) < NICE) os.setPriority(Number(tid), NICE);
  } catch {
    /* a thread that has ended, or a system without priorities: nothing to do */
  }
}
