/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core,
 * with every request that does not go to the local server blocked and
 * recorded: a page that tries to reach the internet fails the test.
 *
 * Blocking is done by the browser itself (every connection but to 127.0.0.1 goes to a proxy that
 * does not exist), not by intercepting requests in Playwright: interception turns the browser's
 * cache off, and each page then downloads and compiles DuckDB-WASM (18 MB) and every script again.
 */
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../pipelines/site/serve.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Site {
  base: string;
  browser: Browser;
  /** Requests to anything but the local server, attempted by any page. */
  blocked: string[];
  /** Console errors and uncaught page errors, by page. */
  errors: string[];
  open(path: string): Promise<Page>;
  /**
   * Go to another page of the site in an open page, as a reader does by following a link (the site's
   * code and DuckDB stay loaded; a fresh `open` costs seconds of processor time for each page), and
   * wait until the page has stopped changing.
   */
  visit(page: Page, path: string): Promise<void>;
  /**
   * The page at `path` in the file's one shared tab: opened the first time (a fresh load: the site's
   * prerendered HTML, then hydration), reached by a link after that. When the tab is on that page
   * already, it goes to the home page first, so that the page starts afresh (its choices reset).
   * The tab is closed with the site: do not close it in a test.
   */
  show(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Is a request for the local server (or for data the page holds itself)? */
function isLocal(base: string, url: string): boolean {
  return url.startsWith(base + '/') || url === base || url.startsWith('data:') || url.startsWith('blob:');
}

/** Wait until the page's DOM has not changed for `quietMs` (at most `limitMs`): its queries have drawn. */
async function settled(page: Page, quietMs = 500, limitMs = 30_000): Promise<void> {
  await page.evaluate(
    ({ quietMs, limitMs }) =>
      new Promise<void>((resolve) => {
        const t0 = Date.now();
        let last = Date.now();
        const obs = new MutationObserver(() => (last = Date.now()));
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        const tick = () => {
          if (Date.now() - last >= quietMs || Date.now() - t0 > limitMs) {
            obs.disconnect();
            resolve();
          } else setTimeout(tick, 100);
        };
        setTimeout(tick, 100);
      }),
    { quietMs, limitMs },
  );
}

export async function openSite(root: string): Promise<Site> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium не найден: ${CHROMIUM}. Установите: apt-get install -y chromium (это делает .ci/run)`);
  }
  const server: http.Server = await startServer(root, 0);
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    // port 9 on loopback: nothing listens, so a request to any other host fails at once
    proxy: { server: 'http://127.0.0.1:9', bypass: '127.0.0.1' },
  });
  const blocked: string[] = [];
  const errors: string[] = [];
  let shared: Page | undefined;
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  // browser test files run two at a time beside other work: a page of the site may take longer than
  // Playwright's default 30 s to load or to show an element; a wait that never ends still fails
  context.setDefaultTimeout(90_000);
  context.on('request', (request) => {
    const url = request.url();
    if (!isLocal(base, url)) blocked.push(url);
  });
  const site: Site = {
    base,
    browser,
    blocked,
    errors,
    async open(path: string): Promise<Page> {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${path}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
      const response = await page.goto(base + path, { waitUntil: 'networkidle' });
      // a page of the site: wait until it is hydrated (the layout marks <html> once every component has mounted);
      // a click on the prerendered page before that reaches no handler
      if ((response?.headers()['content-type'] ?? '').startsWith('text/html')) await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      return page;
    },
    async visit(page: Page, path: string): Promise<void> {
      // a link clicked in the page: SvelteKit renders the next page in place, with the DuckDB it has
      await page.evaluate((href) => {
        const a = document.createElement('a');
        a.href = href;
        document.body.appendChild(a);
        a.click();
        a.remove();
      }, path);
      // (the page may then write its choices into the address: the path is what is waited for)
      const target = new URL(base + path);
      await page.waitForURL((u) => u.pathname === target.pathname);
      await page.waitForLoadState('networkidle');
      await settled(page);
    },
    async show(path: string): Promise<Page> {
      if (!shared || shared.isClosed()) {
        shared = await site.open(path);
        return shared;
      }
      const tab = shared;
      if (new URL(tab.url()).pathname === new URL(base + path).pathname) await site.visit(tab, path === '/' ? '/dictionary/' : '/');
      await site.visit(tab, path);
      return tab;
    },
    async close(): Promise<void> {
      await browser.close();
      await new Promise((r) => server.close(() => r(null)));
    },
  };
  return site;
}
