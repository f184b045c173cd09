// `logsieve [paths…]`: container log files (or directories, searched for *.log) → NDJSON on stdout,
// counters on stderr at the end. Reads in 1 MiB chunks, never a whole file. stdin when no path or `-`.
// Exit code 0, or 1 when a path could not be read (each such path is reported on stderr).
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createEngine, type Engine } from './node.ts';
import type { Format } from './core/abi.ts';

const USAGE = `usage: logsieve [--format cri|docker|auto] [--max-record-bytes N] [--scalar] [--quiet] [paths…]
  Parses Kubernetes container logs (CRI and Docker json-file) into NDJSON records on stdout.
  Paths may be files or directories (searched for *.log); none or "-" reads stdin.
  Counters go to stderr at the end (--quiet leaves them out).`;

interface Args {
  format: Format;
  maxRecordBytes?: number;
  scalar: boolean;
  quiet: boolean;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { format: 'auto', scalar: false, quiet: false, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    const value = () => {
      const eq = v.indexOf('=');
      if (eq >= 0) return v.slice(eq + 1);
      if (i + 1 >= argv.length) fail(`${v} needs a value`);
      return argv[++i];
    };
    if (v === '-h' || v === '--help') {
      process.stdout.write(USAGE + '\n');
      process.exit(0);
    } else if (v === '--format' || v.startsWith('--format=')) {
      const f = value();
      if (f !== 'cri' && f !== 'docker' && f !== 'auto') fail(`--format must be cri, docker or auto, not "${f}"`);
      a.format = f;
    } else if (v === '--max-record-bytes' || v.startsWith('--max-record-bytes=')) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) fail('--max-record-bytes must be a positive integer');
      a.maxRecordBytes = n;
    } else if (v === '--scalar') {
      a.scalar = true;
    } else if (v === '--quiet' || v === '-q') {
      a.quiet = true;
    } else if (v === '--stats') {
      // counters are printed by default; kept for scripts that ask for them explicitly
    } else if (v.startsWith('--')) {
      fail(`unknown option ${v}`);
    } else {
      a.paths.push(v);
    }
  }
  if (a.paths.length === 0) a.paths.push('-');
  return a;
}

function fail(msg: string): never {
  process.stderr.write(`logsieve: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

/** Files under a path: the path itself, or every *.log below a directory (sorted, symlinks followed). */
function expand(path: string, problems: string[]): string[] {
  if (path === '-') return [path];
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    problems.push(`${path}: ${(err as Error).message}`);
    return [];
  }
  if (!st.isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    let s;
    try {
      s = statSync(p);
    } catch {
      continue;
    }
    if (s.isDirectory()) out.push(...expand(p, problems));
    else if (name.endsWith('.log')) out.push(p);
  }
  return out;
}

async function write(out: Uint8Array): Promise<void> {
  if (out.length === 0) return;
  if (!process.stdout.write(out)) await once(process.stdout, 'drain');
}

async function run(engine: Engine, path: string, format: Format): Promise<void> {
  const input: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const source = engine.source(path === '-' ? undefined : path, { format });
  try {
    for await (const chunk of input) await write(source.pushNdjson(chunk as Buffer));
  } finally {
    await write(source.closeNdjson());
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = createEngine({ maxRecordBytes: args.maxRecordBytes, build: args.scalar ? 'scalar' : undefined });
  const problems: string[] = [];
  const files = args.paths.flatMap((p) => expand(p, problems));
  for (const f of files) {
    try {
      await run(engine, f, args.format);
    } catch (err) {
      problems.push(`${f}: ${(err as Error).message}`);
    }
  }
  for (const p of problems) process.stderr.write(`logsieve: cannot read ${p}\n`);
  if (!args.quiet) {
    const c = engine.counters();
    const errors = Object.entries(c.errors).filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`).join(' ');
    process.stderr.write(
      `logsieve: files=${files.length} bytes=${c.bytesIn} lines=${c.linesIn} records=${c.records} ` +
        `errors=${c.errorRecords}${errors ? ` (${errors})` : ''} truncated=${c.truncatedRecords} ` +
        `pieces_joined=${c.piecesJoined} partial_released=${c.partialReleased} lines_cut=${c.linesCut}\n`,
    );
  }
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`logsieve: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
