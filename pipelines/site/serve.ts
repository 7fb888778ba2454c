/**
 * Serve the built site on 127.0.0.1 (only loopback: the dashboards are for
 * this machine unless an administrator puts a proper web server in front).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.parquet': 'application/vnd.apache.parquet',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolve a URL path to a file of the built site (pages are /x → x.html or x/index.html). */
export function resolveFile(root: string, urlPath: string): string | null {
  let p: string;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]!.split('#')[0]!);
  } catch {
    return null;
  }
  const full = path.normalize(path.join(root, p));
  if (!full.startsWith(path.normalize(root))) return null;
  const candidates = [full, full + '.html', path.join(full, 'index.html')];
  for (const c of candidates) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return null;
}

/** A file SvelteKit names by its content hash (its URL changes when its content does). */
function isImmutable(urlPath: string): boolean {
  return urlPath.startsWith('/_app/immutable/');
}

export function startServer(root: string, port: number, host = '127.0.0.1'): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const file = resolveFile(root, req.url ?? '/');
    if (!file) {
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'Страница не найдена');
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const st = fs.statSync(file);
    // SvelteKit names the files under _app/immutable by their content: a browser keeps them. Everything
    // else (pages, data, downloads) changes with a rebuild: the browser asks each time, and an unchanged
    // file is answered «304 Not Modified» without its body
    if (isImmutable(req.url ?? '/')) {
      res.writeHead(200, { 'content-type': type, 'content-length': st.size, 'cache-control': 'public, max-age=31536000, immutable' });
    } else {
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag, 'cache-control': 'no-cache' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': type, 'content-length': st.size, 'cache-control': 'no-cache', etag });
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // Never more bytes than the content-length sent: a file rewritten while it is read (a rebuild
    // beside a running server) would otherwise spill its new tail onto the connection, where the
    // browser takes it for the start of the next response
    if (st.size === 0) {
      res.end();
      return;
    }
    fs.createReadStream(file, { start: 0, end: st.size - 1 }).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
