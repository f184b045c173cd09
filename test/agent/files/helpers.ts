// Shared by the files tests: scratch directories, a recorder of a Tailer's events, and waiting on events with
// generous timeouts (never on the wall clock: the machine is shared and slow at times).
import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TailedFile, Tailer } from '../../../bindings/agent/files/tail.ts';

export const WAIT_MS = 60_000;

/** A fresh directory under os.tmpdir() (its real path: tmpdir may be a symlink); `remove()` deletes it. */
export function scratchDir(): { path: string; remove(): void } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'logsieve-files-')));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Recorded {
  file: TailedFile;
  chunks: Buffer[];
  offsets: number[];
  ended: boolean;
  endReason?: 'rotated' | 'deleted';
  truncated: boolean;
}

/** Records every event of a Tailer; `until(condition)` waits for the events to make it true. */
export class Recorder {
  readonly opened: Recorded[] = [];
  readonly byFile = new Map<TailedFile, Recorded>();
  readonly warnings: unknown[] = [];
  /** Event names in order, with the file's path: for ordering checks. */
  readonly log: string[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly tailer: Tailer) {
    tailer.on('open', (file) => {
      const r: Recorded = { file, chunks: [], offsets: [], ended: false, truncated: false };
      this.opened.push(r);
      this.byFile.set(file, r);
      this.note(`open ${file.path}`);
    });
    tailer.on('data', (file, bytes, offset) => {
      const r = this.byFile.get(file);
      if (!r) throw new Error(`data before open for ${file.path}`);
      if (r.ended || r.truncated) throw new Error(`data after end for ${file.path}`);
      r.chunks.push(Buffer.from(bytes));
      r.offsets.push(offset);
      this.note('data');
    });
    tailer.on('end', (file, reason) => {
      this.byFile.get(file)!.ended = true;
      this.byFile.get(file)!.endReason = reason;
      this.note(`end ${file.path}`);
    });
    tailer.on('truncated', (file) => {
      this.byFile.get(file)!.truncated = true;
      this.note(`truncated ${file.path}`);
    });
    tailer.on('identified', (file, previous) => this.note(`identified ${previous} -> ${file.key}`));
    tailer.on('warning', (err) => {
      this.warnings.push(err);
      this.note(`warning ${String(err)}`);
    });
  }

  private note(event: string): void {
    if (event !== 'data' || this.log.at(-1) !== 'data') this.log.push(event);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** The bytes a file was given, checking that offsets run contiguously from its startAt. */
  bytesOf(r: Recorded): Buffer {
    let at = r.file.startAt;
    r.chunks.forEach((c, i) => {
      if (r.offsets[i] !== at) throw new Error(`${r.file.path}: chunk at ${r.offsets[i]}, expected ${at}`);
      at += c.length;
    });
    return Buffer.concat(r.chunks);
  }

  /** Resolves once `condition()` holds (checked after every event, and every 100 ms for changes on disk). */
  async until(condition: () => boolean, what: string, timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${this.log.slice(-30).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

/** Lines `seq <n> <padding>` of a fixed width, as the writer process writes them. */
export const lineOf = (n: number): string => `seq ${String(n).padStart(8, '0')} ${'x'.repeat(40)}\n`;
export const LINE_RE = /^seq (\d{8}) x{40}$/;

const writerScript = fileURLToPath(new URL('./writer.mjs', import.meta.url));

export interface WriterReport {
  instances: { instance: number; first: number; last: number }[];
  lines: number;
}

/** Runs writer.mjs; resolves with its report once it exits (rejects if it fails). */
export function runWriter(options: { file: string; mode: 'rename' | 'copytruncate' | 'delete'; rotations: number; gapMs: number; seen: string }): Promise<WriterReport> {
  const child = spawn(process.execPath, [writerScript, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`writer exited ${code}: ${err}`));
      const rows = out.trim().split('\n').map((l) => JSON.parse(l));
      resolve({ instances: rows.filter((r) => 'instance' in r), lines: rows.find((r) => r.done).lines });
    });
  });
}

/** The line numbers in some bytes (every line must be whole and well-formed). */
export function lineNumbers(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  if (text.length && !text.endsWith('\n')) throw new Error(`ends inside a line: …${JSON.stringify(text.slice(-60))}`);
  return text.split('\n').slice(0, -1).map((l) => {
    const m = LINE_RE.exec(l);
    if (!m) throw new Error(`not a whole line: ${JSON.stringify(l)}`);
    return Number(m[1]);
  });
}

/** Tells the writer (its `seen` option) each time the tailer opens a file: `<seen><n>` for the n-th open, from 0. */
export function signalOpens(tailer: Tailer, seen: string): void {
  let opens = 0;
  tailer.on('open', () => writeFileSync(`${seen}${opens++}`, ''));
}
