// The CLI as the viewer's reference: `node bin/logsieve.js --multiline all [--query Q] PATHS`, run as a child
// process (async: its stdout may be hundreds of MB, hashed and counted as it streams, optionally kept in a file),
// with its counters line parsed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(root, 'bin/logsieve.js');

/** The counters line `logsieve: files=… lines=… records=… errors=N (reason=n …) truncated=… partial_released=…`. */
export interface Summary {
  files: number;
  bytes: number;
  lines: number;
  records: number;
  errors: number;
  errorsByReason: Record<string, number>;
  truncated: number;
  piecesJoined: number;
  partialReleased: number;
  linesCut: number;
  dropped: number;
}

export interface CliOutput {
  code: number | null;
  stderr: string;
  /** NDJSON lines written */
  lines: number;
  bytes: number;
  sha256: string;
  /** stdout as text when `keep: 'text'` */
  text?: string;
  summary?: Summary;
}

export function parseSummary(stderr: string): Summary | undefined {
  const line = stderr.split('\n').reverse().find((l) => l.startsWith('logsieve: files='));
  if (!line) return undefined;
  const num = (k: string) => Number(new RegExp(`\\b${k}=(\\d+)`).exec(line)?.[1] ?? 0);
  const errorsByReason: Record<string, number> = {};
  const reasons = /errors=\d+ \(([^)]*)\)/.exec(line)?.[1];
  for (const kv of reasons?.split(' ') ?? []) {
    const [k, v] = kv.split('=');
    errorsByReason[k] = Number(v);
  }
  return {
    files: num('files'), bytes: num('bytes'), lines: num('lines'), records: num('records'), errors: num('errors'),
    errorsByReason, truncated: num('truncated'), piecesJoined: num('pieces_joined'),
    partialReleased: num('partial_released'), linesCut: num('lines_cut'), dropped: num('dropped'),
  };
}

/** Runs the CLI; `keep: 'text'` keeps stdout as a string, `keep: <path>` writes it to that file. */
export function runCli(args: string[], opts: { cwd?: string; keep?: 'text' | { file: string }; timeoutMs?: number } = {})
  : Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd ?? root, stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    const file = typeof opts.keep === 'object' ? createWriteStream(opts.keep.file) : undefined;
    let lines = 0;
    let bytes = 0;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.stdout.on('data', (b: Buffer) => {
      hash.update(b);
      bytes += b.length;
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
      if (opts.keep === 'text') chunks.push(b);
      file?.write(b);
    });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const done = () => resolve({
        code, stderr, lines, bytes, sha256: hash.digest('hex'), summary: parseSummary(stderr),
        text: opts.keep === 'text' ? Buffer.concat(chunks).toString('utf8') : undefined,
      });
      if (file) file.end(done);
      else done();
    });
  });
}

/** The CLI's run for the viewer's defaults. */
export const viewerArgs = (paths: string[], filter: { query?: string; selector?: string } = {}) => [
  '--multiline', 'all', '--stats',
  ...(filter.query !== undefined ? ['--query', filter.query] : []),
  ...(filter.selector !== undefined ? ['-l', filter.selector] : []),
  '--', ...paths,
];
