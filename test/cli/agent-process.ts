// Shared by the tests that run `logsieve agent` as a process (bin/logsieve.js): start and stop it, read its
// /metrics and its peak memory, run a log writer process (agent-writer.mjs) and read the NDJSON the agent's
// file output writes. Waits are bounded (generous: the machine is shared) and never assert on the wall clock.
// Not a test file itself (vitest only collects *.test.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bin } from './run-cli.ts';

export const WAIT_MS = 90_000;
const writerScript = fileURLToPath(new URL('./agent-writer.mjs', import.meta.url));

const cleanups: Array<() => void> = [];
/** Kills what was started and removes the scratch directories (call from afterAll/afterEach). */
export function cleanup(): void {
  for (const c of cleanups.splice(0).reverse()) c();
}

export function scratch(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'logsieve-agent-proc-')));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * One pod's container log folder under `dir`, laid out as kubelet does, and an agent configuration file following
 * it: the include glob (`*.log` by default), `checkpointDir`, one output (its YAML lines), then `settings` (one
 * per line). Returns the log file to write and the configuration's path.
 */
export function podLogAndConfig(dir: string, output: string[], settings: string[], include = '*.log'): { file: string; config: string } {
  const logDir = join(dir, 'pods', 'shop_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c', 'web');
  mkdirSync(logDir, { recursive: true });
  const config = join(dir, 'agent.yaml');
  writeFileSync(config, [
    `include: ["${join(dir, 'pods', '*', '*', include)}"]`,
    `checkpointDir: ${join(dir, 'state')}`,
    'outputs:',
    ...output,
    ...settings,
    '',
  ].join('\n'));
  return { file: join(logDir, '0.log'), config };
}

export async function until(what: string, cond: () => boolean | Promise<boolean>, ms = WAIT_MS, everyMs = 25): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface AgentProcess {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  exited: Promise<number | null>;
  /** the /metrics URL, once the agent said it */
  metricsUrl(): Promise<string>;
  /** SIGTERM and the exit status */
  stop(): Promise<number | null>;
}

export function startAgent(config: string): AgentProcess {
  const child = spawn(process.execPath, [bin, 'agent', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const metricsUrl = async () => {
    const re = /"msg":"metrics","url":"([^"]+)"/;
    await until('the agent to start (metrics URL)', () => re.test(err) || child.exitCode !== null);
    const m = re.exec(err);
    if (!m) throw new Error(`the agent exited at start: ${err}`);
    return m[1];
  };
  return {
    child, pid: child.pid!, stderr: () => err, exited, metricsUrl,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Prometheus text → `name{labels}` (or `name`) → value. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(url)).text();
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    m.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return m;
}

/** The sum of a metric's series whose name (with labels) starts with `prefix`. */
export function total(metrics: Map<string, number>, prefix: string): number {
  let s = 0;
  for (const [k, v] of metrics) if (k === prefix || k.startsWith(`${prefix}{`)) s += v;
  return s;
}

/** A process's peak resident memory (VmHWM), bytes. */
export function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmHWM for ${pid}`);
  return Number(m[1]) * 1024;
}

export type WriterMessage =
  | { start: number; first: number }
  | { quiesced: number; last: number }
  | { instance: number; first: number; last: number }
  | { done: true; lines: number };

export interface WriterOptions {
  file: string;
  mode: 'rename' | 'copytruncate' | 'delete' | 'none';
  rotations: number;
  minLines: number;
  maxLines?: number;
  burst: number;
  signals: string;
  quiesce?: boolean[];
  /** mode 'none': [{ lines, burst }, …] written one after the other */
  phases?: Array<{ lines: number; burst: number }>;
}

export interface Writer {
  /** every message so far, in order */
  messages: WriterMessage[];
  /** the instances rotated away or finished, in order */
  instances(): Array<{ instance: number; first: number; last: number }>;
  /** the line count once the writer is done */
  done: Promise<number>;
}

/** Runs agent-writer.mjs; `done` rejects if it fails (or is killed after WAIT_MS). */
export function runWriter(options: WriterOptions): Writer {
  const child = spawn(process.execPath, [writerScript, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const messages: WriterMessage[] = [];
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    const nl = out.lastIndexOf('\n');
    if (nl < 0) return;
    for (const line of out.slice(0, nl).split('\n')) messages.push(JSON.parse(line));
    out = out.slice(nl + 1);
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const killer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS);
  const done = new Promise<number>((resolve, reject) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      const d = messages.find((m): m is { done: true; lines: number } => 'done' in m);
      if (code !== 0 || !d) reject(new Error(`writer exited ${code}: ${err}`));
      else resolve(d.lines);
    });
  });
  done.catch(() => {});
  return {
    messages,
    instances: () => messages.filter((m): m is { instance: number; first: number; last: number } => 'instance' in m),
    done,
  };
}

/** `seq 00000042 x…` → 42; undefined for anything else (a piece of a line). */
const SEQ_RE = /^seq (\d{8}) x{40}$/;
export function seqOf(log: string): number | undefined {
  const m = SEQ_RE.exec(log);
  return m ? Number(m[1]) : undefined;
}

/** The full CRI line the writer writes for `n` (to check a piece of one). */
export function writerLine(n: number): string {
  return `${new Date(Date.UTC(2026, 10, 24, 10, 0, 0) + n).toISOString().slice(0, -1)}000000Z stdout F seq ${String(n).padStart(8, '0')} ${'x'.repeat(40)}`;
}

export interface OutRecord {
  log: string;
  stream?: string;
  time?: string;
  /** the sequence number, when `log` is a whole writer line */
  seq: number | undefined;
}

/** Reads an NDJSON file as it grows (whole lines only). */
export class NdjsonFile {
  readonly records: OutRecord[] = [];
  maxSeq = -1;
  private at = 0;
  private rest = '';

  constructor(readonly path: string) {}

  /** Reads what was appended since the last call. */
  poll(): void {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return; // not written yet
    }
    try {
      const buf = Buffer.alloc(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, this.at);
        if (n === 0) break;
        this.at += n;
        this.rest += buf.toString('utf8', 0, n);
      }
    } finally {
      closeSync(fd);
    }
    const nl = this.rest.lastIndexOf('\n');
    if (nl < 0) return;
    for (const line of this.rest.slice(0, nl).split('\n')) {
      const r = JSON.parse(line) as { log: string; stream?: string; time?: string };
      const seq = seqOf(r.log);
      if (seq !== undefined && seq > this.maxSeq) this.maxSeq = seq;
      this.records.push({ log: r.log, stream: r.stream, time: r.time, seq });
    }
    this.rest = this.rest.slice(nl + 1);
  }
}

/**
 * Answers the writer's waits from what the agent delivered: `seen-<r>` once a line of instance r arrived (the
 * agent follows it), `caught-<r>` once the line the writer stopped at arrived. `delivered()` is the highest
 * sequence number delivered so far. Returns a stop function.
 */
export function answerWriter(writer: Writer, signals: string, delivered: () => number): () => void {
  const done = new Set<string>();
  const timer = setInterval(() => {
    const max = delivered();
    for (const m of writer.messages) {
      let name: string | undefined;
      if ('start' in m && max >= m.first) name = `seen-${m.start}`;
      else if ('quiesced' in m && max >= m.last) name = `caught-${m.quiesced}`;
      if (name !== undefined && !done.has(name)) {
        done.add(name);
        writeFileSync(join(signals, name), '');
      }
    }
  }, 20);
  cleanups.push(() => clearInterval(timer));
  return () => clearInterval(timer);
}
