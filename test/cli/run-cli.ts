// Runs the `logsieve` command (bin/logsieve.js → dist/cli.js) as a child process, and makes scratch
// directories for the tests that need files. Not a test file itself (vitest only collects *.test.ts).
import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(root, 'bin/logsieve.js');

/** Long enough for a loaded machine; a hanging CLI is killed and the test fails instead of waiting forever. */
export const CHILD_TIMEOUT_MS = 60_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  input?: string | Buffer;
  cwd?: string;
  /** Node flags put before bin/logsieve.js (e.g. --import of a preload). */
  nodeArgs?: string[];
}

export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    cwd: options.cwd ?? root,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: CHILD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Parses NDJSON stdout, checking that every line ends with \n. */
export function records(stdout: string): any[] {
  const lines = stdout.split('\n');
  if (lines.pop() !== '') throw new Error(`stdout does not end with a newline: ${JSON.stringify(stdout.slice(-80))}`);
  return lines.map((l) => JSON.parse(l));
}

/** The lines of stderr (without the final empty one). */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

/**
 * A Node --import preload that makes the CLI believe some of its standard streams are terminals
 * (spawned children only get pipes; this checks the CLI's terminal decisions without a pseudo-terminal).
 */
export function pretendTty(...streams: Array<'stdin' | 'stdout' | 'stderr'>): string[] {
  const code = streams.map((s) => `Object.defineProperty(process.${s},"isTTY",{value:true});`).join('');
  return ['--import', `data:text/javascript,${encodeURIComponent(code)}`];
}

/** A fresh directory under os.tmpdir(); `remove()` deletes it and everything in it. */
export function scratchDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'logsieve-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** CRI lines `<time> stdout F <tag> <n>` for n = 0…count-1, padded to make the output large when needed. */
export function criLines(tag: string, count: number, pad = 0): string {
  let s = '';
  for (let n = 0; n < count; n++) s += `2024-05-01T12:00:01.000000000Z stdout F ${tag} ${n}${pad ? ' ' + 'x'.repeat(pad) : ''}\n`;
  return s;
}

/** Spawns the CLI without waiting (for tests that talk to it while it runs); resolves with how it ended. */
export function spawnCli(args: string[], options: SpawnOptions = {}): { child: ChildProcess; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, ...options });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stderr });
    });
  });
  return { child, ended };
}
