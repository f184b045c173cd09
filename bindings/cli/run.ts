// One run: the inputs the options name → NDJSON on stdout; problems, progress and counters on stderr.
// Returns the exit status: 0, or 1 when a path could not be read (options.ts USAGE lists them all).
import { createReadStream, readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  type Engine, type FilterOptions, FilterSyntaxError, type MultilineOptions, RegexSyntaxError, createEngine,
} from '../node.ts';
import { type Input, collectInputs } from './inputs.ts';
import { clearBeforeMessages, describeError, printMessage } from './messages.ts';
import { type Options, UsageError } from './options.ts';
import { shownPath } from './path-bytes.ts';
import { Progress } from './progress.ts';
import { writeStdout } from './stdout.ts';
import { summaryLine } from './summary.ts';

const CHUNK_BYTES = 1 << 20;

export async function run(options: Options): Promise<number> {
  const engine = engineFor(options);
  let progress: Progress | undefined;
  let problems = 0;
  const reportProblem = (path: Buffer | string, err: unknown) => {
    problems++;
    printMessage(`logsieve: cannot read ${typeof path === 'string' ? path : shownPath(path)}: ${describeError(err)}`);
  };

  const inputs = collectInputs(options.paths.length ? options.paths : ['-'], reportProblem);
  if (showProgress(options)) {
    const line = new Progress((text) => process.stderr.write(text), inputs.length);
    clearBeforeMessages(() => line.clear());
    line.start();
    progress = line;
  }
  for (const input of inputs) {
    try {
      await readInput(engine, input, options, progress);
    } catch (err) {
      reportProblem(input.kind === 'stdin' ? '-' : input.path, err);
    }
    progress?.fileDone();
  }
  progress?.clear(); // also when no message follows
  if (options.stats || !options.quiet) printMessage(summaryLine(inputs.length, engine.counters()));
  return problems ? 1 : 0;
}

/** The option each filter came from, for messages. */
const FILTER_OPTION = { selector: '--selector', query: '--query', grep: '--grep' } as const;

/** The engine for these options; a size it refuses is a usage error, not a crash. */
function engineFor(options: Options): Engine {
  const filters: FilterOptions = {};
  if (options.selector !== undefined) filters.selector = options.selector;
  if (options.query !== undefined) filters.query = options.query;
  const grep = grepRules(options);
  if (grep !== undefined) filters.grep = grep;
  const pods = options.pods === undefined ? undefined : readJson('--pods', options.pods);
  try {
    return createEngine({
      maxRecordBytes: options.maxRecordBytes, maxHeldBytes: options.maxHeldBytes, build: options.scalar ? 'scalar' : undefined,
      multiline: multilineOptions(options), pods: pods as never, levels: !options.noLevel, ...filters,
    });
  } catch (err) {
    if (err instanceof FilterSyntaxError) {
      // the option, the message, then the text with a caret under the error
      const option = err.kind === 'grep' && options.grepFile !== undefined && options.grep.length === 0 ? '--grep-file' : FILTER_OPTION[err.kind];
      throw new UsageError(`${option}: ${err.reason} at position ${err.position}\n${err.caret()}`);
    }
    if (err instanceof TypeError && options.pods !== undefined && /pod/.test(err.message)) {
      throw new UsageError(`--pods ${options.pods}: ${err.message.replace(/^logsieve: /, '')}`);
    }
    if (err instanceof RegexSyntaxError) {
      // "multiline.rules.start: …" → the option's name
      const m = /^multiline\.rules\.(start|continue|end): (.*)$/s.exec(err.message);
      throw new UsageError(m ? `--multiline-${m[1]}: ${m[2]}` : err.message);
    }
    if (!(err instanceof RangeError)) throw err;
    // say which option the engine refused, with the limit it gave
    const held = /maxHeldBytes/.test(err.message);
    const [name, value] = held ? ['--max-held-bytes', options.maxHeldBytes] : ['--max-record-bytes', options.maxRecordBytes];
    throw new UsageError(`${name} ${value}: ${err.message.replace(/^logsieve: /, '')}`);
  }
}

/** The grep rules of --grep-file then --grep, as one text (undefined when none). */
export function grepRules(o: Options): string | undefined {
  const lines: string[] = [];
  if (o.grepFile !== undefined) {
    try {
      lines.push(readFileSync(o.grepFile, 'utf8'));
    } catch (err) {
      throw new UsageError(`--grep-file ${o.grepFile}: ${describeError(err)}`);
    }
  }
  lines.push(...o.grep);
  return lines.length ? lines.join('\n') : undefined;
}

function readJson(option: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${option} ${path}: ${describeError(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${option} ${path}: not JSON (${(err as Error).message})`);
  }
}

/** The engine's multiline options from the command line (undefined when none was given). */
export function multilineOptions(o: Options): MultilineOptions | undefined {
  if ((o.multilineContinue !== undefined || o.multilineEnd !== undefined) && o.multilineStart === undefined) {
    throw new UsageError('--multiline-continue and --multiline-end need --multiline-start');
  }
  if (o.multiline === undefined && o.multilineStart === undefined) return undefined;
  return {
    detectors: o.multiline ?? 'none',
    rules: o.multilineStart === undefined ? undefined : { start: o.multilineStart, continue: o.multilineContinue, end: o.multilineEnd },
    idleMs: o.multilineIdleMs,
    maxLines: o.multilineMaxLines,
  } as MultilineOptions;
}

/** On a terminal unless told to be quiet, and not when stdout is the same terminal (records would cut through it). */
function showProgress(options: Options): boolean {
  if (options.progress) return true;
  return !options.quiet && process.stderr.isTTY === true && process.stdout.isTTY !== true;
}

/** Streams one input through its own engine source; what its last bytes complete is written even after a read error. */
async function readInput(engine: Engine, input: Input, options: Options, progress: Progress | undefined): Promise<void> {
  const stream: Readable = input.kind === 'stdin' ? process.stdin : createReadStream(input.path, { highWaterMark: CHUNK_BYTES });
  // the path's raw bytes: file names need not be UTF-8 (the engine writes `file` with U+FFFD for bad bytes)
  const source = engine.source(input.kind === 'stdin' ? undefined : input.path, { format: options.format });
  // a quiet input's last trace: groups idle past the limit are released by the host clock (stdin that stays open)
  const grouping = engine.multilineOn;
  let flushing = Promise.resolve();
  const timer = grouping ? setInterval(() => {
    flushing = flushing.then(() => writeStdout(source.flushNdjson(Date.now()))).catch(() => undefined);
  }, 1000) : undefined;
  try {
    for await (const chunk of stream) {
      progress?.read((chunk as Buffer).length);
      for (const part of source.pushNdjsonParts(chunk as Buffer)) await writeStdout(part);
    }
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await flushing;
    await writeStdout(source.closeNdjson());
  }
}
