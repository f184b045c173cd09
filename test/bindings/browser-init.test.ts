// init() of the browser binding (run here in Node): when the engine cannot be loaded, the error names the URL
// it tried, so a bundler set-up that left the .wasm behind is diagnosed from the message alone.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWasmUrl, init } from '../../bindings/browser.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/index.html.wasm') {
      // what a single-page-app server sends for any unknown path
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>app</p>');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections(); // fetch keeps connections alive; do not wait for them to time out
  });
});

describe('browser init() errors name the URL', () => {
  it('404: the message has the URL and the status', async () => {
    const url = `${base}/assets/logsieve-simd.wasm`;
    await expect(init(url)).rejects.toThrow(`${url} (404 Not Found)`);
    await expect(init(new URL(url))).rejects.toThrow(url);
  });

  it('a 200 that is not wasm (an HTML fallback page): the message has the URL and the content type', async () => {
    const url = `${base}/index.html.wasm`;
    await expect(init(url)).rejects.toThrow(new RegExp(`${url.replace(/\./g, '\\.')} is not a WebAssembly module \\(content-type text/html\\)`));
  });

  it('unreachable server: the message has the URL', async () => {
    // port 9 (discard) on 127.0.0.1: refused, never answered
    const url = 'http://127.0.0.1:9/logsieve-simd.wasm';
    await expect(init(url)).rejects.toThrow(url);
  });

  it('the default location: the message has the URL beside the script', async () => {
    const url = defaultWasmUrl('scalar').href;
    expect(url).toMatch(/\/logsieve-scalar\.wasm$/);
    await expect(init(undefined, 'scalar')).rejects.toThrow(url);
  });
});
