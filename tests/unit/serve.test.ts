/**
 * The site's server: files SvelteKit names by content are kept by the browser for a year; every
 * other file is revalidated, and an unchanged one is answered 304 without its body; nothing
 * outside the site's folder is served.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { startServer, resolveFile } from '../../pipelines/site/serve.ts';

let root: string;
let server: http.Server;
let base: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-serve-'));
  fs.mkdirSync(path.join(root, '_app', 'immutable'), { recursive: true });
  fs.mkdirSync(path.join(root, 'data'), { recursive: true });
  fs.mkdirSync(path.join(root, 'scores'), { recursive: true });
  fs.writeFileSync(path.join(root, '_app', 'immutable', 'app.Ab12.js'), 'export {}');
  fs.writeFileSync(path.join(root, 'data', 'score.parquet'), 'PAR1 data');
  fs.writeFileSync(path.join(root, 'scores', 'index.html'), '<h1>Баллы</h1>');
  server = await startServer(root, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(() => r(null)));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('site server', () => {
  it('content-named files are kept, pages and data are revalidated', async () => {
    const js = await fetch(`${base}/_app/immutable/app.Ab12.js`);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    const page = await fetch(`${base}/scores/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Баллы');
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('an unchanged file is answered 304 by its ETag; a changed one is sent again', async () => {
    const url = `${base}/data/score.parquet`;
    const first = await fetch(url);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(await first.text()).toBe('PAR1 data');
    const again = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    fs.writeFileSync(path.join(root, 'data', 'score.parquet'), 'PAR1 new data');
    const changed = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toBe('PAR1 new data');
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('a file that grows while it is sent: never more bytes than its content-length', async () => {
    // A rebuild may rewrite a file while the server still reads it; the bytes past the length already
    // announced would reach the connection and be read by the browser as the next response
    const file = path.join(root, 'data', 'big.parquet');
    const size = 32 * 1024 * 1024;
    fs.writeFileSync(file, Buffer.alloc(size, 1));
    const sock = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let grown = false;
    const done = new Promise<void>((resolve, reject) => {
      sock.on('data', (c: Buffer) => {
        chunks.push(c);
        if (!grown) {
          grown = true;
          fs.appendFileSync(file, 'tail written during the response');
        }
      });
      sock.on('end', () => resolve());
      sock.on('error', reject);
    });
    sock.write('GET /data/big.parquet HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await done;
    const all = Buffer.concat(chunks);
    const headEnd = all.indexOf('\r\n\r\n');
    const length = Number(/content-length: (\d+)/i.exec(all.subarray(0, headEnd).toString())![1]);
    expect(length).toBe(size);
    expect(all.length - headEnd - 4).toBe(length);
    fs.rmSync(file);
  });

  it('HEAD gives the size without the body; a missing file is 404; nothing outside the folder', async () => {
    const head = await fetch(`${base}/data/score.parquet`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(fs.statSync(path.join(root, 'data', 'score.parquet')).size);
    expect((await fetch(`${base}/data/none.parquet`)).status).toBe(404);
    expect(resolveFile(root, '/../' + path.basename(root) + '-x/secret')).toBeNull();
    expect(resolveFile(root, '/%2e%2e/etc/passwd')).toBeNull();
  });
});
