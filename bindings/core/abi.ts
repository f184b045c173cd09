// Layout constants of the engine ABI, mirrored from the one definition in assembly/common/ (record.ts,
// reasons.ts, counters.ts) and assembly/emit/table.ts; test/common/abi.test.ts reads the module's own values
// through its `abi_*` exports and proves these copies agree.

export const ROW_SIZE = 48;
export const ROW = {
  time: 0, logPtr: 8, logLen: 12, attrsPtr: 16, attrsLen: 20, source: 24, lines: 28,
  stream: 32, flags: 33, error: 34, format: 35, detector: 36, level: 37, queryError: 38, logLines: 40,
} as const;

/** Detector names by code (index 0 = not grouped); assembly/common/detectors.ts defines them (test/common). */
export const DETECTORS = ['', 'java', 'js', 'csharp', 'python', 'go', 'ruby', 'php', 'dart', 'custom'] as const;

/** The detectors' language bits (assembly/group/detect/lang.ts): bit (code - 1). */
export function detectorBits(detectors: 'all' | 'none' | readonly string[] | undefined): number {
  if (detectors === undefined || detectors === 'none') return 0;
  if (detectors === 'all') return 0xff;
  let bits = 0;
  for (const d of detectors) {
    const code = DETECTORS.indexOf(d as (typeof DETECTORS)[number]);
    if (code < 1 || code > 8) throw new TypeError(`logsieve: unknown detector "${d}" (${DETECTORS.slice(1, 9).join(', ')}, all or none)`);
    bits |= 1 << (code - 1);
  }
  return bits;
}

/** Level names by code (index 0 = none detected); assembly/common/levels.ts defines them (test/common). */
export const LEVELS = ['', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = Exclude<(typeof LEVELS)[number], ''>;
/** A row's level byte when the engine has not detected it yet (assembly/common/levels.ts LEVEL_LAZY). */
export const LEVEL_LAZY = 0xff;

/** LogQL's `__error__` by the row's query error code (assembly/select/select.ts QUERY_ERROR_*). */
export const QUERY_ERRORS = ['', 'LabelFilterErr', 'JSONParserErr'] as const;
export type QueryError = Exclude<(typeof QUERY_ERRORS)[number], ''>;

/** Filter kinds of compileFilter (assembly/select/select.ts). */
export const FILTER_KINDS = { selector: 0, query: 1, grep: 2 } as const;

export const FLAG_TRUNCATED = 1;
export const FLAG_ERROR = 2;
export const FLAG_PARTIAL = 4;

export const STREAMS = ['stdout', 'stderr', 'unknown'] as const;
export type Stream = (typeof STREAMS)[number];

export const FORMATS = { auto: 0, cri: 1, docker: 2 } as const;
export type Format = keyof typeof FORMATS;
export const FORMAT_NAMES = ['auto', 'cri', 'docker'] as const;

/** Error reasons by code (index 0 = none). */
export const ERROR_REASONS = [
  '', 'bad_timestamp', 'bad_stream', 'missing_tag', 'bad_json', 'bad_escape', 'missing_log', 'line_too_long',
] as const;
export type ErrorReason = Exclude<(typeof ERROR_REASONS)[number], ''>;

export const COUNTER_NAMES = [
  'bytesIn', 'linesIn', 'records', 'errorRecords',
  'errorNone', 'bad_timestamp', 'bad_stream', 'missing_tag', 'bad_json', 'bad_escape', 'missing_log', 'line_too_long',
  'truncatedRecords', 'piecesJoined', 'partialReleased', 'linesCut', 'sourcesOpen', 'budgetReleases',
  'droppedBySelector', 'droppedByQuery', 'droppedByGrep', 'queryErrors', 'resumeSkipped',
] as const;

export interface Counters {
  /** bytes pushed */
  bytesIn: number;
  /** physical lines completed (ended by '\n' or by close) */
  linesIn: number;
  /** records emitted */
  records: number;
  /** records flagged with an error (malformed lines, kept with their raw bytes) */
  errorRecords: number;
  /** error records per reason */
  errors: Record<ErrorReason, number>;
  /** records cut at maxRecordBytes */
  truncatedRecords: number;
  /** partial pieces held and joined */
  piecesJoined: number;
  /** records released by flush/close before their final piece */
  partialReleased: number;
  /** physical lines longer than maxLineBytes, cut into segments */
  linesCut: number;
  sourcesOpen: number;
  /** held records released early (flagged partial) and carried tails cut because `maxHeldBytes` was full */
  budgetReleases: number;
  /** records dropped by the label selector (`selector`) */
  droppedBySelector: number;
  /** records dropped by the LogQL query (`query`) */
  droppedByQuery: number;
  /** records dropped by the Fluent Bit grep rules (`grep`) */
  droppedByGrep: number;
  /** records the LogQL pipeline kept although a label filter met a value it could not parse (Loki's `__error__`) */
  queryErrors: number;
  /** lines skipped because a resumed source had already finished their records (docs/offsets.md) */
  resumeSkipped: number;
}

export type CounterName = (typeof COUNTER_NAMES)[number];
/** Slot of each counter name (the engine defines the order: assembly/common/counters.ts). */
const SLOT = Object.fromEntries(COUNTER_NAMES.map((n, i) => [n, i])) as Record<CounterName, number>;

/** @internal One counter's slot (readCounters reads them all). */
export function readCounter(view: DataView, ptr: number, name: CounterName): number {
  return Number(view.getBigUint64(ptr + SLOT[name] * 8, true));
}

export function readCounters(view: DataView, ptr: number): Counters {
  const v = (name: CounterName) => Number(view.getBigUint64(ptr + SLOT[name] * 8, true));
  const errors = {} as Record<ErrorReason, number>;
  for (let r = 1; r < ERROR_REASONS.length; r++) errors[ERROR_REASONS[r] as ErrorReason] = v(ERROR_REASONS[r] as CounterName);
  return {
    bytesIn: v('bytesIn'), linesIn: v('linesIn'), records: v('records'), errorRecords: v('errorRecords'), errors,
    truncatedRecords: v('truncatedRecords'), piecesJoined: v('piecesJoined'), partialReleased: v('partialReleased'),
    linesCut: v('linesCut'), sourcesOpen: v('sourcesOpen'), budgetReleases: v('budgetReleases'),
    droppedBySelector: v('droppedBySelector'), droppedByQuery: v('droppedByQuery'), droppedByGrep: v('droppedByGrep'),
    queryErrors: v('queryErrors'), resumeSkipped: v('resumeSkipped'),
  };
}

/** The engine's limits, read from the module itself (assembly/common/config.ts defines them once). */
export interface EngineLimits {
  maxRecordBytes: number;
  maxLineBytes: number;
  maxHeldBytes: number;
  /** largest single `push()`; the NDJSON and count paths take any size in 4 MiB windows */
  maxPushBytes: number;
  /** default of `maxHeldBytes` */
  defaultMaxHeldBytes: number;
}

export function readLimits(limit: (which: number) => number): EngineLimits {
  return {
    maxRecordBytes: limit(0) >>> 0, maxLineBytes: limit(1) >>> 0, maxHeldBytes: limit(2) >>> 0,
    maxPushBytes: limit(3) >>> 0, defaultMaxHeldBytes: limit(4) >>> 0,
  };
}
