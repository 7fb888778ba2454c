/**
 * The sources of the warehouse are discovered, not listed: every folder
 * sources/<name>/ with a schema.ts exporting a source (or an array of
 * sources) as default. Reference sources load first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { paths } from '../lib/paths.ts';
import type { Source } from './spec.ts';

export interface Registered {
  source: Source;
  /** The project's folder of this source (schema, description, bundled data). */
  folder: string;
}

export async function loadRegistry(sourcesDir = paths.sources): Promise<Registered[]> {
  const out: Registered[] = [];
  for (const name of fs.readdirSync(sourcesDir).sort()) {
    const schemaFile = path.join(sourcesDir, name, 'schema.ts');
    if (!fs.existsSync(schemaFile)) continue;
    const mod = (await import(pathToFileURL(schemaFile).href)) as { default: Source | Source[] };
    const list = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const s of list) out.push({ source: s, folder: path.join(sourcesDir, name) });
  }
  const names = new Set<string>();
  for (const r of out) {
    if (names.has(r.source.table)) throw new Error(`two sources declare the raw table ${r.source.table}`);
    names.add(r.source.table);
  }
  return out.sort((a, b) => Number(Boolean(b.source.reference)) - Number(Boolean(a.source.reference)));
}
