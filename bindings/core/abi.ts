// Layout constants of the engine ABI, mirrored from assembly/emit/table.ts and assembly/engine/counters.ts.

export const ROW_SIZE = 48;
export const ROW = {
  time: 0, logPtr: 8, logLen: 12, attrsPtr: 16, attrsLen: 20, source: 24, lines: 28,
  stream: 32, flags: 33, error: 34, format: 35,
} as const;

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
}

export function readCounters(view: DataView, ptr: number): Counters {
  const v = (i: number) => Number(view.getBigUint64(ptr + i * 8, true));
  const errors = {} as Record<ErrorReason, number>;
  for (let r = 1; r < ERROR_REASONS.length; r++) errors[ERROR_REASONS[r] as ErrorReason] = v(4 + r);
  return {
    bytesIn: v(0), linesIn: v(1), records: v(2), errorRecords: v(3), errors,
    truncatedRecords: v(12), piecesJoined: v(13), partialReleased: v(14), linesCut: v(15), sourcesOpen: v(16),
    budgetReleases: v(17),
  };
}

/** The engine's limits, read from the module itself (assembly/engine/config.ts defines them once). */
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
