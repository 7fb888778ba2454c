/**
 * Logging to stderr (stdout stays free for data) and a progress display:
 * on a terminal one self-rewriting line (rows, rows/s, elapsed);
 * otherwise plain lines, at most one every few seconds.
 */
const isTTY = Boolean(process.stderr.isTTY) && process.env.NOK_PLAIN_LOG !== '1';
let quiet = process.env.NOK_QUIET === '1';

export function setQuiet(q: boolean): void {
  quiet = q;
}

export function isQuiet(): boolean {
  return quiet;
}

import { plural } from '@nok-atlas/common/fmt.js';

const nf = new Intl.NumberFormat('ru-RU');
export const fmtInt = (n: number): string => nf.format(Math.round(n));
/** A count with its noun in the right form: fmtCount(1, 'строка', 'строки', 'строк') → «1 строка». */
export const fmtCount = (n: number, one: string, few: string, many: string): string => `${fmtInt(n)} ${plural(fmtInt(n), one, few, many)}`;
/** «12 из 21 строки», «3 строки»: the noun agrees with the last number (after «из» — the genitive). */
const ofTotal = (done: number, total: number | undefined, forms: [string, string, string], genitive: [string, string]): string =>
  total ? `${fmtInt(done)} из ${fmtInt(total)} ${plural(fmtInt(total), genitive[0], genitive[1], genitive[1])}` : `${fmtInt(done)} ${plural(fmtInt(done), ...forms)}`;
export const fmtSec = (ms: number): string =>
  ms < 1000 ? `${Math.round(ms)} мс` : `${(ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} с`;

function write(line: string): void {
  if (!quiet) process.stderr.write(line + '\n');
}

export const log = {
  step(msg: string): void {
    write(`▸ ${msg}`);
  },
  info(msg: string): void {
    write(`  ${msg}`);
  },
  warn(msg: string): void {
    write(`  ⚠ ${msg}`);
  },
  ok(msg: string): void {
    write(`✔ ${msg}`);
  },
  error(msg: string): void {
    process.stderr.write(`✖ ${msg}\n`);
  },
};

/** Progress of a long step: call tick(rowsDone) as it goes, done() at the end. */
export class Progress {
  private readonly started = Date.now();
  private lastPrint = 0;
  private rows = 0;
  constructor(
    private readonly label: string,
    private readonly total?: number,
    /** 'bytes': the count is bytes of a file, shown in MB (for steps that cannot count rows yet). */
    private readonly unit: 'rows' | 'bytes' | 'tables' = 'rows',
  ) {}

  tick(rows: number): void {
    this.rows = rows;
    const now = Date.now();
    const every = isTTY ? 100 : 5000;
    if (now - this.lastPrint < every) return;
    this.lastPrint = now;
    this.print(false);
  }

  done(rows = this.rows): void {
    this.rows = rows;
    this.print(true);
  }

  private print(final: boolean): void {
    if (quiet) return;
    const ms = Date.now() - this.started;
    const rate = ms > 0 ? (this.rows / ms) * 1000 : 0;
    const mb = (b: number): string => (b / 1048576).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
    const text =
      this.unit === 'bytes'
        ? `  ${this.label}: ${mb(this.rows)}${this.total ? ` из ${mb(this.total)}` : ''} МБ · ${mb(rate)} МБ/с · ${fmtSec(ms)}`
        : this.unit === 'tables'
          ? `  ${this.label}: ${ofTotal(this.rows, this.total, ['таблица', 'таблицы', 'таблиц'], ['таблицы', 'таблиц'])} · ${fmtSec(ms)}`
          : `  ${this.label}: ${ofTotal(this.rows, this.total, ['строка', 'строки', 'строк'], ['строки', 'строк'])} · ${fmtInt(rate)} строк/с · ${fmtSec(ms)}`;
    if (isTTY) {
      process.stderr.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
    } else if (final || ms > 2000) {
      process.stderr.write(text + '\n');
    }
  }
}

/** Time a step and log its duration. */
export async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  log.step(label);
  try {
    return await fn();
  } finally {
    log.info(`${label}: ${fmtSec(Date.now() - t0)}`);
  }
}
