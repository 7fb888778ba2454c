/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core,
 * with every request that does not go to the local server blocked and
 * recorded: a page that tries to reach the internet fails the test.
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
  close(): Promise<void>;
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
  });
  const blocked: string[] = [];
  const errors: string[] = [];
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  // browser test files run two at a time beside other work: a page of the site may take longer than
  // Playwright's default 30 s to load or to show an element; a wait that never ends still fails
  context.setDefaultTimeout(90_000);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base + '/') || url === base || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return {
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
      await page.goto(base + path, { waitUntil: 'networkidle' });
      return page;
    },
    async close(): Promise<void> {
      await browser.close();
      await new Promise((r) => server.close(() => r(null)));
    },
  };
}

/** `fn` over `items`, at most `n` at a time; the results in the order of `items`. */
export async function inTurn<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
  return out;
}
