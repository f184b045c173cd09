// A static file server for dist/viewer (or any directory) on 127.0.0.1, any free port. Only GET of files under
// the directory; anything else is a 404. Files are streamed (no whole-file reads per request).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json',
};

export interface StaticServer {
  base: string;
  close(): Promise<void>;
}

export async function serveStatic(dir: string, headers: Record<string, string> = {}): Promise<StaticServer> {
  const top = normalize(dir.endsWith(sep) ? dir : dir + sep);
  const server = createServer((req, res) => {
    let path = normalize(join(top, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (path.endsWith(sep)) path = join(path, 'index.html');
    if (req.method !== 'GET' || !path.startsWith(top) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store',
      ...headers });
    createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // chromium keeps idle connections open
    }),
  };
}
