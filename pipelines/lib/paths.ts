/** Where things live. Every path the pipeline uses by default is resolved here, from the repository root. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const paths = {
  root: repoRoot,
  /** Input layouts: one folder per source, with its schema, description and bundled data. */
  sources: path.join(repoRoot, 'sources'),
  /** SQL models: staging, intermediate, marts; one file per table, with a contract beside it. */
  models: path.join(repoRoot, 'models'),
  /** The Evidence project (pages, components, its source over the warehouse). */
  reports: path.join(repoRoot, 'reports'),
  /** Build outputs (git-ignored). */
  data: path.join(repoRoot, 'data'),
  warehouse: path.join(repoRoot, 'data', 'warehouse.duckdb'),
  downloads: path.join(repoRoot, 'data', 'downloads'),
  site: path.join(repoRoot, 'site'),
  tmp: path.join(repoRoot, 'tmp'),
  docs: path.join(repoRoot, 'docs'),
} as const;

/** A path shown to a person: relative to the repository when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}
