/**
 * The marts' unique keys for the brief, from the model contracts (models/marts/<mart>.yml): a
 * fact cites «column of the row where key = …», so the key is the one the build tests, never a
 * copy. The CLI reads them here; the site build writes them for the page
 * (components/brief-keys.json in the Evidence project copy, imported by BriefView.svelte).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BRIEF_TABLES, keysOf, type MartKeys } from '@nok-atlas/common/brief/index.ts';
import { readContract } from '../models/contract.ts';
import { paths } from '../lib/paths.ts';

/** Where BriefView.svelte finds the keys in the Evidence project (see build-site.ts). */
export const BRIEF_KEYS_FILE = path.join('components', 'brief-keys.json');

export function readBriefKeys(martsDir = path.join(paths.models, 'marts')): MartKeys {
  const contracts = Object.fromEntries(
    BRIEF_TABLES.map((m) => {
      const file = path.join(martsDir, `${m}.yml`);
      return [m, fs.existsSync(file) ? readContract(file) : undefined];
    }),
  );
  return keysOf(BRIEF_TABLES, contracts);
}

/** Writes the keys into an Evidence project folder (the site build's copy of reports/). */
export function writeBriefKeys(projectDir: string, keys: MartKeys = readBriefKeys()): void {
  const file = path.join(projectDir, BRIEF_KEYS_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(keys, null, 1) + '\n');
}
