// The command line: options and paths → what to do. Bad usage throws UsageError (one line, exit status 2).
import type { Format } from '../core/abi.ts';

export const USAGE = `usage: logsieve [--format cri|docker|auto] [--max-record-bytes N] [--max-held-bytes N] [--multiline LIST] [--multiline-start RE] [--multiline-continue RE] [--multiline-end RE] [--multiline-idle DURATION] [--multiline-max-lines N] [--pods FILE] [-l SELECTOR] [--query LOGQL] [--grep RULE] [--grep-file FILE] [--no-level] [--scalar] [--quiet] [--stats] [--progress] [--] [paths…]
  Parses Kubernetes container logs (CRI and Docker json-file) into NDJSON records on stdout.
  Paths may be files or directories (searched for *.log, each file read once); none or "-" reads stdin.

  --format cri|docker|auto  decoder; auto (the default) decides from each input's first valid line
  --max-record-bytes N      longest record (default 1048576, at most 268435456); longer ones are cut
                            and flagged "truncated"
  --max-held-bytes N        budget for partial lines held across all inputs (default 67108864); when
                            full, the oldest held record comes out early, flagged "partial"
  --multiline LIST          stack traces as one record: all, none (default), or a comma list of
                            java, js, csharp, python, go, ruby, php, dart
  --multiline-start RE      a line matching RE (RE2 syntax) begins a record; others append
  --multiline-continue RE   with --multiline-start: only lines matching RE append
  --multiline-end RE        with --multiline-start: a line matching RE ends its record
  --multiline-idle DURATION a group idle this long is released (default 3s; e.g. 500ms, 2s, 1m)
  --multiline-max-lines N   most lines in one group (default 1000); more are cut, flagged "truncated"
  --pods FILE               pod labels and annotations for the records' "kubernetes" map: the JSON of
                            kubectl get pods -A -o json (matched by namespace and pod name)
  -l, --selector SELECTOR   keep records whose pod labels match a kubectl label selector
                            (app=web,tier!=cache  env in (prod,staging)  !canary  …)
  --query LOGQL             keep records a LogQL log query keeps, e.g. '{namespace="prod"} |= "timeout"'
                            or '| json | status >= 500' (docs/logql.md)
  --grep RULE               a Fluent Bit grep rule: 'Regex KEY PATTERN', 'Exclude KEY PATTERN' or
                            'Logical_Op legacy|and|or'; repeat for more rules (docs/grep.md)
  --grep-file FILE          Fluent Bit grep rules, one per line (as in a [FILTER] grep section)
  --no-level                records without "level" (saves detecting it; filters still can use it)
  --scalar                  use the scalar wasm build instead of SIMD
  -q, --quiet               no counters and no progress on stderr
  --stats                   counters on stderr at the end (the default; wins over --quiet)
  --progress                progress line on stderr even when it is not a terminal
  -V, --version             print the version
  -h, --help                print this help
  --                        end of options: what follows are paths, even if they start with "-"

  Exit status: 0 done (also when stdout is closed early, as by "| head"), 1 a path could not be read
  or the output could not be written, 2 bad usage.

  logsieve view [paths…] opens the log viewer in a browser with those files (logsieve view --help).
  logsieve agent […] follows a node's log files and ships them (logsieve agent --help).`;

export const VIEW_USAGE = `usage: logsieve view [--port N] [--no-open] [--] [paths…]
  Serves the log viewer (dist/viewer/) and the given files on http://127.0.0.1 and opens it in a browser,
  with the files loaded. Paths are files or directories (searched for *.log, each file read once).
  Stops on Ctrl-C (SIGINT) or SIGTERM.

  --port N    the port to listen on (default 0: any free port)
  --no-open   only print the URL, do not open a browser
  -h, --help  print this help

  Exit status: 0 stopped by a signal, 1 the server could not start, 2 bad usage.`;

const DETECTOR_NAMES = ['java', 'js', 'csharp', 'python', 'go', 'ruby', 'php', 'dart'];

/** A mistake on the command line: reported as one line, exit status 2. */
export class UsageError extends Error {}

export interface Options {
  format: Format;
  maxRecordBytes?: number;
  maxHeldBytes?: number;
  /** detector names, 'all' or 'none' */
  multiline?: 'all' | 'none' | string[];
  multilineStart?: string;
  multilineContinue?: string;
  multilineEnd?: string;
  multilineIdleMs?: number;
  multilineMaxLines?: number;
  /** path of a PodList JSON file */
  pods?: string;
  selector?: string;
  query?: string;
  /** grep rules given with --grep, in order */
  grep: string[];
  /** path of a grep rules file */
  grepFile?: string;
  noLevel: boolean;
  scalar: boolean;
  quiet: boolean;
  stats: boolean;
  progress: boolean;
  /** As given; empty means stdin (the caller decides what to do when stdin is a terminal). */
  paths: string[];
}

export interface ViewOptions {
  /** 0: any free port */
  port: number;
  open: boolean;
  paths: string[];
}

export type Command =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'run'; options: Options }
  | { action: 'view-help' }
  | { action: 'view'; options: ViewOptions };

/** A duration as the command line writes it (`500ms`, `3s`, `1m`; no unit: seconds) → ms; a UsageError naming
 *  `what` otherwise. */
export function parseDuration(what: string, v: unknown, examples: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)?$/.exec(String(v));
  if (!m) throw new UsageError(`${what} must be a duration such as ${examples}, not "${String(v)}"`);
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000);
}

export function parseOptions(argv: readonly string[]): Command {
  // `logsieve view …` is the viewer (a file named "view" is read with `logsieve -- view`)
  if (argv[0] === 'view') return parseViewOptions(argv.slice(1));
  const o: Options = { format: 'auto', scalar: false, quiet: false, stats: false, progress: false, paths: [], grep: [], noLevel: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      o.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inlineValue = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      return argv[++i];
    };
    const flag = (): true => {
      if (inlineValue !== undefined) throw new UsageError(`${name} takes no value`);
      return true;
    };
    switch (name) {
      case '-h':
      case '--help':
        flag();
        return { action: 'help' };
      case '-V':
      case '--version':
        flag();
        return { action: 'version' };
      case '--format': {
        const f = value();
        if (f !== 'cri' && f !== 'docker' && f !== 'auto') throw new UsageError(`--format must be cri, docker or auto, not "${f}"`);
        o.format = f;
        break;
      }
      case '--max-record-bytes': {
        // only the form is checked here; the engine says which sizes it takes
        const v = value();
        if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new UsageError(`--max-record-bytes must be a positive integer, not "${v}"`);
        o.maxRecordBytes = Number(v);
        break;
      }
      case '--max-held-bytes': {
        const v = value();
        if (!/^[0-9]+$/.test(v) || Number(v) < 1) throw new UsageError(`--max-held-bytes must be a positive integer, not "${v}"`);
        o.maxHeldBytes = Number(v);
        break;
      }
      case '--multiline': {
        const v = value();
        if (v === 'all' || v === 'none') o.multiline = v;
        else {
          const names = v.split(',');
          const bad = names.find((n) => !DETECTOR_NAMES.includes(n));
          if (bad !== undefined) throw new UsageError(`--multiline: unknown detector "${bad}" (all, none, or a comma list of ${DETECTOR_NAMES.join(', ')})`);
          o.multiline = names;
        }
        break;
      }
      case '--multiline-start':
        o.multilineStart = value();
        break;
      case '--multiline-continue':
        o.multilineContinue = value();
        break;
      case '--multiline-end':
        o.multilineEnd = value();
        break;
      case '--multiline-idle': {
        o.multilineIdleMs = parseDuration('--multiline-idle', value(), '500ms, 3s or 1m');
        break;
      }
      case '--multiline-max-lines': {
        const v = value();
        if (!/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 0x7fffffff) throw new UsageError(`--multiline-max-lines must be a positive integer, not "${v}"`);
        o.multilineMaxLines = Number(v);
        break;
      }
      case '--pods':
        o.pods = value();
        break;
      case '-l':
      case '--selector':
        if (o.selector !== undefined) throw new UsageError(`${name} given twice (combine requirements with ",")`);
        o.selector = value();
        break;
      case '--query':
        if (o.query !== undefined) throw new UsageError('--query given twice (chain filters in one query)');
        o.query = value();
        break;
      case '--grep': {
        const v = value();
        if (/[\r\n]/.test(v)) throw new UsageError('--grep takes one rule; give --grep once per rule');
        o.grep.push(v);
        break;
      }
      case '--grep-file':
        o.grepFile = value();
        break;
      case '--no-level':
        o.noLevel = flag();
        break;
      case '--scalar':
        o.scalar = flag();
        break;
      case '-q':
      case '--quiet':
        o.quiet = flag();
        break;
      case '--stats':
        o.stats = flag();
        break;
      case '--progress':
        o.progress = flag();
        break;
      default:
        throw new UsageError(`unknown option ${arg} (a path starting with "-" goes after --)`);
    }
  }
  return { action: 'run', options: o };
}

/** `logsieve view [--port N] [--no-open] [--] [paths…]` */
export function parseViewOptions(argv: readonly string[]): Command {
  const o: ViewOptions = { port: 0, open: true, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-') throw new UsageError('view: stdin ("-") cannot be viewed; give files or directories');
    if (!arg.startsWith('-')) {
      o.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inlineValue = eq >= 0 ? arg.slice(eq + 1) : undefined;
    switch (name) {
      case '-h':
      case '--help':
        if (inlineValue !== undefined) throw new UsageError(`view: ${name} takes no value`);
        return { action: 'view-help' };
      case '--port': {
        if (inlineValue === undefined && i + 1 >= argv.length) throw new UsageError('view: --port needs a value');
        const v = inlineValue ?? argv[++i];
        if (!/^[0-9]+$/.test(v) || Number(v) > 65535) throw new UsageError(`view: --port must be a port number from 0 to 65535, not "${v}"`);
        o.port = Number(v);
        break;
      }
      case '--no-open':
        if (inlineValue !== undefined) throw new UsageError('view: --no-open takes no value');
        o.open = false;
        break;
      default:
        throw new UsageError(`view: unknown option ${arg} (a path starting with "-" goes after --)`);
    }
  }
  return { action: 'view', options: o };
}
