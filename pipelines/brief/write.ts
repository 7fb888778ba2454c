/**
 * Making a brief from an open warehouse and writing its files: Markdown (to paste), brief.json
 * (the facts with their marts and keys, to trace every number) and the PDF (Chromium, optional).
 * Used by the CLI (`npm run brief`) and by the export step (the all-Russia brief in the downloads).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../lib/duck.ts';
import { buildBrief, briefJson, briefSlug, renderHtmlDocument, renderMarkdown, type Brief } from '@nok-atlas/common/brief/index.ts';
import { loadBriefTables } from './load.ts';
import { readBriefKeys } from './keys.ts';
import { hasChromium, htmlToPdf } from './pdf.ts';
import { makeRelease } from '../release.ts';
import { briefRelease } from '@nok-atlas/common/release.ts';

export interface BriefFiles {
  md: string;
  json: string;
  pdf?: string;
}

export interface WriteResult {
  brief: Brief;
  files: BriefFiles;
  /** Why there is no PDF ('no-pdf' when not asked for, 'no-chromium' when Chromium is missing). */
  pdfSkipped?: 'no-pdf' | 'no-chromium';
}

/** Writes a file through a temporary name, so a failed run never leaves half a file. */
function writeAtomic(file: string, data: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

export async function makeBrief(
  db: Db,
  opts: { region: string | null; theme: string | null; outDir: string; pdf: boolean; baseName?: string },
): Promise<WriteResult> {
  const tables = await loadBriefTables(db);
  const release = await makeRelease(db, []);
  const brief = buildBrief(tables, {
    region: opts.region,
    theme: opts.theme,
    keys: readBriefKeys(),
    release: briefRelease(release),
  });
  fs.mkdirSync(opts.outDir, { recursive: true });
  const base = path.join(opts.outDir, opts.baseName ?? `brief-${briefSlug(brief.scope)}`);
  const files: BriefFiles = { md: `${base}.md`, json: `${base}.json` };
  writeAtomic(files.md, renderMarkdown(brief));
  writeAtomic(files.json, JSON.stringify(briefJson(brief), null, 1) + '\n');
  if (!opts.pdf) return { brief, files, pdfSkipped: 'no-pdf' };
  if (!hasChromium()) return { brief, files, pdfSkipped: 'no-chromium' };
  const tmp = `${base}.pdf.tmp-${process.pid}`;
  try {
    await htmlToPdf(renderHtmlDocument(brief), tmp);
    fs.renameSync(tmp, `${base}.pdf`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  files.pdf = `${base}.pdf`;
  return { brief, files };
}
