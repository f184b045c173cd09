// `logsieve view [--port N] [--no-open] [paths…]`: a small HTTP server on 127.0.0.1 that serves the viewer
// page (dist/viewer/) and the files named on the command line, which the page then loads:
//   GET /            the page (index.html, told to load the served files)
//   GET /files       JSON [{ path, size, url }] in the CLI's order (directories walked as the CLI walks them)
//   GET /files/<n>   the bytes of file n, streamed
// It prints the URL on stdout (one line), opens it in a browser unless --no-open, and stops on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { collectInputs } from './inputs.ts';
import { describeError, printMessage } from './messages.ts';
import type { ViewOptions } from './options.ts';
import { pathText, shownPath } from './path-bytes.ts';
import { writeStdout } from './stdout.ts';

/** The static files of dist/viewer/ the server hands out (nothing else from disk: no path is taken from a URL). */
const STATIC: Record<string, string> = {
  'viewer.js': 'text/javascript; charset=utf-8',
  'worker.js': 'text/javascript; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
  'logsieve-simd.wasm': 'application/wasm',
  'logsieve-scalar.wasm': 'application/wasm',
};

export interface ServedFile {
  /** as the CLI would name it in `file` */
  path: string;
  /** raw bytes of the path (names need not be UTF-8) */
  raw: Buffer;
  size: number;
}

export interface ViewServer {
  server: Server;
  url: string;
  files: ServedFile[];
  close(): Promise<void>;
}

/** dist/viewer/ beside this bundle (dist/cli.js). */
export function viewerDir(): string {
  return fileURLToPath(new URL('./viewer/', import.meta.url));
}

/** Starts the server; `problems` get each path that could not be read (the others are served). */
export async function startViewServer(
  options: ViewOptions, dir: string, reportProblem: (path: string, err: unknown) => void,
): Promise<ViewServer> {
  if (!existsSync(`${dir}/index.html`)) throw new Error(`the viewer page is missing (${dir}index.html): run npm run build`);
  const files: ServedFile[] = [];
  for (const input of collectInputs(options.paths, (p, err) => reportProblem(shownPath(p), err))) {
    if (input.kind !== 'file') continue;
    try {
      files.push({ path: pathText(input.path), raw: input.path, size: statSync(input.path).size });
    } catch (err) {
      reportProblem(shownPath(input.path), err);
    }
  }
  // the page served here loads the served files at start (a static copy of dist/viewer/ does not)
  const index = readFileSync(`${dir}/index.html`, 'utf8').replace(
    '<meta name="logsieve-files" content="">', '<meta name="logsieve-files" content="files">');
  const server = createServer((req, res) => handle(req, res, { dir, index, files, port: () => port }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server, url: `http://127.0.0.1:${port}/`, files,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

interface Site {
  dir: string;
  index: string;
  files: ServedFile[];
  port: () => number;
}

function handle(req: IncomingMessage, res: ServerResponse, site: Site): void {
  // only this machine's names for this server: a web page elsewhere cannot rebind a DNS name onto it
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${site.port()}` && host !== `localhost:${site.port()}`) return send(res, 403, 'text/plain', 'forbidden host\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', site.index);
  if (path === '/files') {
    const list = site.files.map((f, n) => ({ path: f.path, size: f.size, url: `files/${n}` }));
    return send(res, 200, 'application/json', JSON.stringify(list));
  }
  const fileMatch = /^\/files\/([0-9]+)$/.exec(path);
  if (fileMatch) {
    const file = site.files[Number(fileMatch[1])];
    if (!file) return send(res, 404, 'text/plain', 'no such file\n');
    return stream(req, res, file.raw, 'application/octet-stream');
  }
  const name = path.slice(1);
  if (Object.hasOwn(STATIC, name)) return stream(req, res, `${site.dir}/${name}`, STATIC[name]);
  send(res, 404, 'text/plain', 'not found\n');
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** A file's bytes, streamed (never read whole: logs may be hundreds of MB). */
function stream(req: IncomingMessage, res: ServerResponse, path: string | Buffer, type: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    return send(res, 404, 'text/plain', `${describeError(err)}\n`);
  }
  res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-store' });
  if (req.method === 'HEAD') return void res.end();
  const s = createReadStream(path, { highWaterMark: 1 << 20 });
  s.on('error', () => res.destroy()); // the length is promised already: cut the response short
  s.pipe(res);
}

/** The command that opens a URL in the desktop's browser. */
function opener(url: string): [string, string[]] {
  if (process.platform === 'darwin') return ['open', [url]];
  if (process.platform === 'win32') return ['cmd', ['/c', 'start', '""', url]];
  return ['xdg-open', [url]];
}

/** Tries to open the URL; a failure is a one-line note (the URL is printed anyway), never an error. */
function openBrowser(url: string): void {
  const [cmd, args] = opener(url);
  const note = (why: string) => printMessage(`logsieve view: could not open a browser (${cmd}: ${why}); open ${url} yourself`);
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', (err) => note(describeError(err)));
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) note(`exit status ${code}`);
    });
    child.unref();
  } catch (err) {
    note(describeError(err));
  }
}

/** The `logsieve view` command: runs until SIGINT/SIGTERM; returns the exit status. */
export async function serveViewer(options: ViewOptions): Promise<number> {
  let view: ViewServer;
  try {
    view = await startViewServer(options, viewerDir(), (path, err) => printMessage(`logsieve: cannot read ${path}: ${describeError(err)}`));
  } catch (err) {
    printMessage(`logsieve view: ${describeError(err)}`);
    return 1;
  }
  // listening for the signals before the URL is out: whoever reads it may stop the server at once
  const stopped = new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      view.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await writeStdout(`logsieve view: ${view.url}\n`);
  if (options.open) openBrowser(view.url);
  return stopped;
}
