/**
 * The all-Russia brief among the downloads (called by the export step, pipelines/export.ts):
 * <downloads>/brief/brief-rossiya.md, .json and — when Chromium is installed — .pdf, plus
 * brief/index.json that the «Справка для резолюции» page reads to offer the PDF.
 * Optional by design: without Chromium the PDF is skipped with a notice; any failure here is a
 * warning, never a failed export (the site must build on a machine without Chromium).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Db } from '../lib/duck.ts';
import { log } from '../lib/log.ts';
import { makeBrief } from './write.ts';
import { chromiumPath } from './pdf.ts';

export const BRIEF_DOWNLOADS_DIR = 'brief';

export interface BriefDownloadsIndex {
  title: string;
  md: string;
  json: string;
  pdf: string | null;
  note: string | null;
}

export async function writeBriefDownloads(warehouse: string, downloadsDir: string): Promise<BriefDownloadsIndex | null> {
  const out = path.join(downloadsDir, BRIEF_DOWNLOADS_DIR);
  let db: Db | undefined;
  try {
    db = await Db.open(warehouse, { access_mode: 'READ_ONLY' });
    const res = await makeBrief(db, { region: null, theme: null, outDir: out, pdf: true });
    const note =
      res.pdfSkipped === 'no-chromium'
        ? `PDF не создан: Chromium не найден (${chromiumPath()}); установите его (apt-get install -y chromium) и повторите выгрузку`
        : null;
    if (note) log.warn(`Справка для резолюции: ${note}. Markdown записан.`);
    const index: BriefDownloadsIndex = {
      title: res.brief.title,
      md: `${BRIEF_DOWNLOADS_DIR}/${path.basename(res.files.md)}`,
      json: `${BRIEF_DOWNLOADS_DIR}/${path.basename(res.files.json)}`,
      pdf: res.files.pdf ? `${BRIEF_DOWNLOADS_DIR}/${path.basename(res.files.pdf)}` : null,
      note,
    };
    fs.writeFileSync(path.join(out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
    return index;
  } catch (e) {
    log.warn(`Справка для резолюции не выгружена: ${(e as Error).message.split('\n')[0]}`);
    return null;
  } finally {
    db?.close();
  }
}
