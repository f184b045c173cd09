// Runs a real Fluent Bit (found through $FLUENT_BIT or `fluent-bit` on PATH) on a configuration and collects the
// records its stdout output prints (Format json_lines). Not a test file itself (vitest only collects *.test.ts).
// Every wait is bounded: a run polls a fixed number of times, then Fluent Bit is stopped (SIGTERM, then SIGKILL).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fluentBitOnPath } from '../../bench/fluent-bit.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const MODULE = 'dist/logsieve-fluent-bit.wasm';

/** The Fluent Bit binary to test with, or undefined: $FLUENT_BIT (a path), else `fluent-bit` on PATH. */
export function findFluentBit(): string | undefined {
  const fromEnv = process.env.FLUENT_BIT;
  if (fromEnv) return fromEnv; // named explicitly: used as it is (a wrong one fails a test, real.test.ts)
  return fluentBitOnPath() ?? undefined;
}

/** Why the binary cannot run these tests ('' when it can): it does not run, or has no wasm filter (a Fluent Bit
 *  built without -DFLB_WASM=On). */
export function fluentBitProblem(bin: string): string {
  const r = spawnSync(bin, ['-h'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return `${bin} does not run (${r.error.message})`;
  if (!/^\s+wasm\s/m.test(`${r.stdout}\n${r.stderr}`)) return `${bin} has no wasm filter (build Fluent Bit with -DFLB_WASM=On)`;
  return '';
}

export interface FluentBitRun {
  /** stdout lines that parse as JSON objects, in order */
  records: any[];
  /** other stdout lines (WAMR writes its warnings to stdout) */
  noise: string[];
  stderr: string;
  /** true when Fluent Bit was still running when the run stopped it (it did not exit or crash by itself) */
  stillRunning: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms from the start of the run to the arrival of each record */
  arrivals: number[];
}

export interface RunOptions {
  cwd?: string;
  /** stop once this holds for the records so far (checked every POLL_MS) */
  until?: (records: any[]) => boolean;
  /** upper bound of the whole wait */
  timeoutMs?: number;
  /** after `until` holds: keep reading this long (records that should not come would show up) */
  settleMs?: number;
}

const POLL_MS = 50;

export async function runFluentBit(bin: string, config: string, options: RunOptions = {}): Promise<FluentBitRun> {
  const { cwd = root, until = () => false, timeoutMs = 30_000, settleMs = 1_000 } = options;
  const child = spawn(bin, ['-c', config], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = Date.now();
  const records: any[] = [];
  const arrivals: number[] = [];
  const noise: string[] = [];
  let stderr = '';
  let pending = '';
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    pending += s;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let parsed: unknown;
      try {
        parsed = line.startsWith('{') ? JSON.parse(line) : undefined;
      } catch {
        parsed = undefined;
      }
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        records.push(parsed);
        arrivals.push(Date.now() - started);
      } else if (line !== '') noise.push(line);
    }
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const polls = Math.ceil(timeoutMs / POLL_MS);
  for (let i = 0; i < polls && !exited; i++) {
    if (until(records)) {
      await sleep(settleMs);
      break;
    }
    await sleep(POLL_MS);
  }
  const stillRunning = !exited;
  await stop(child, () => exited);
  if (pending !== '') noise.push(pending);
  return { records, noise, stderr, stillRunning, code: child.exitCode, signal: child.signalCode, arrivals };
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s; waits (bounded) for the exit and the pipes to drain. */
async function stop(child: ChildProcess, exited: () => boolean): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  if (!exited()) child.kill('SIGTERM');
  for (let i = 0; i < 200 && !exited(); i++) await sleep(50);
  if (!exited()) child.kill('SIGKILL');
  await Promise.race([closed, sleep(5_000)]);
}

/** A scratch directory, removed by `remove()`. */
export function scratchDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'logsieve-fb-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ConfigParts {
  /** tail path glob, relative to the working directory or absolute */
  path: string;
  /** tail: multiline.parser value (pipeline b); none = raw lines (pipeline a) */
  parser?: string;
  /** add the tick input */
  tick?: boolean;
  /** directory with logsieve.json; omit for no wasm filter at all (the harness alone) */
  settingsDir?: string;
  /** the module's path (default dist/logsieve-fluent-bit.wasm under the repository root) */
  module?: string;
}

/** A classic Fluent Bit configuration: tail (+ tick) → wasm filter → stdout json_lines without Fluent Bit's date. */
export function classicConfig(parts: ConfigParts): string {
  const lines = [
    '[SERVICE]',
    '    Flush        0.2',
    '    Grace        1',
    '    Log_Level    info',
    '[INPUT]',
    '    Name              tail',
    `    Path              ${parts.path}`,
    '    Tag               kube.*',
    '    Read_From_Head    On',
    '    Refresh_Interval  1',
  ];
  if (parts.parser) lines.push(`    multiline.parser  ${parts.parser}`);
  if (parts.tick) {
    lines.push('[INPUT]', '    Name   dummy', '    Tag    kube.logsieve.tick', '    Dummy  {"logsieve":"tick"}', '    Rate   10');
  }
  if (parts.settingsDir !== undefined) {
    lines.push(
      '[FILTER]',
      '    Name              wasm',
      '    Match             kube.*',
      `    Wasm_Path         ${parts.module ?? join(root, MODULE)}`,
      '    Function_Name     logsieve_filter',
      `    Accessible_Paths  ${parts.settingsDir}`,
      '    Wasm_Stack_Size   256k',
    );
  }
  lines.push('[OUTPUT]', '    Name           stdout', '    Match          *', '    Format         json_lines', '    json_date_key  false');
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI (bin/logsieve.js) and parses its NDJSON. */
export function cliRecords(args: string[], cwd = root): any[] {
  const r = spawnSync(process.execPath, [join(root, 'bin/logsieve.js'), '-q', ...args], { cwd, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`logsieve ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

/** Records grouped by their "file", each group in arrival order. */
export function byFile(records: any[]): Map<string, any[]> {
  const m = new Map<string, any[]>();
  for (const r of records) {
    const k = String(r.file);
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(r);
  }
  return m;
}

const short = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 160 ? `${s.slice(0, 100)}…(${s.length} chars)…${s.slice(-40)}` : s;
};

/** The differences between two record lists, compactly (first few per list): [] when equal. */
export function recordDiffs(label: string, got: any[], want: any[], max = 5): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`${label}: ${got.length} records, expected ${want.length}`);
  for (let i = 0; i < Math.max(got.length, want.length) && out.length < max; i++) {
    const g = got[i], w = want[i];
    if (JSON.stringify(g) === JSON.stringify(w)) continue;
    if (g === undefined || w === undefined) {
      out.push(`${label}[${i}]: got ${short(g)}, expected ${short(w)}`);
      continue;
    }
    const keys = [...new Set([...Object.keys(g), ...Object.keys(w)])];
    const bad = keys.filter((k) => JSON.stringify(g[k]) !== JSON.stringify(w[k]));
    if (bad.length === 0) continue; // same members in another order
    out.push(`${label}[${i}]: ${bad.map((k) => `${k}: got ${short(g[k])}, expected ${short(w[k])}`).join('; ')}`);
  }
  return out;
}

/** recordDiffs for every file of two byFile maps. */
export function fileDiffs(got: Map<string, any[]>, want: Map<string, any[]>): string[] {
  const files = [...new Set([...got.keys(), ...want.keys()])].sort();
  return files.flatMap((f) => recordDiffs(f.replace(/^.*\//, ''), got.get(f) ?? [], want.get(f) ?? []));
}
