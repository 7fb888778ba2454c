/**
 * The brief's PDF: the same HTML as the page, printed by headless Chromium (playwright-core),
 * with every network request blocked — the document has no external resources, and fonts are
 * the system's (Liberation/DejaVu), so it renders the same on a closed intranet.
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';

/** Chromium to use: CHROMIUM_PATH, default Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function hasChromium(env: NodeJS.ProcessEnv = process.env): boolean {
  const p = chromiumPath(env);
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const FOOTER = `<div style="width:100%;font-size:8pt;color:#555;text-align:center;font-family:'Liberation Serif','DejaVu Serif',serif;">Справка для резолюции · НОК-Атлас · стр. <span class="pageNumber"></span> из <span class="totalPages"></span></div>`;

/** Prints a whole HTML document to an A4 PDF file. Returns the number of requests it blocked. */
export async function htmlToPdf(html: string, file: string, env: NodeJS.ProcessEnv = process.env): Promise<{ blocked: string[] }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(env), args: CHROMIUM_ARGS });
  const blocked: string[] = [];
  try {
    const context = await browser.newContext({ locale: 'ru-RU', offline: true });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url === 'about:blank') return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: file,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: { top: '16mm', bottom: '18mm', left: '20mm', right: '15mm' },
    });
  } finally {
    await browser.close();
  }
  return { blocked };
}
