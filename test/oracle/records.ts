// The naive TypeScript oracle of logsieve's record semantics (ARCHITECTURE.md "Record semantics").
// One source, processed as the concatenation of its chunks (the engine must give the same result for any split),
// optional flushes at byte offsets, then close. Written for clarity, not speed; shares no code with the engine.
//
// Readings of the spec chosen here (the engine must match; listed in the hand-over report):
//  R1  Auto format: while undecided, a line is decoded in the format its first byte that is not a space, tab or CR
//      suggests (`{` → docker, anything else → cri; a blank line → cri). The first line (its first segment) that
//      decodes without error decides the source. Blank lines aside, after 100 lines without a valid one the first
//      of them decides. Error records carry the format their line was decoded in.
//  R1b A UTF-8 BOM (EF BB BF) at the start of the source's first segment is removed before anything else (any
//      format); the first segment is cut from the line before the BOM is removed.
//  R2  The line length compared with maxLineBytes excludes the `\n`. A line of length L > maxLineBytes is cut into
//      segments of exactly maxLineBytes bytes and a last segment of 1..maxLineBytes bytes (never an empty one).
//      A held tail processed at close is cut the same way.
//  R3  Over-long CRI line: the first segment is decoded on its own exactly as if it were a whole line (header,
//      tags, start of content; so `TS stdout F` at the very end of the first segment means empty content there),
//      and every later segment's bytes are appended to the same piece's content. The tag of the first segment
//      decides partial/full when the last segment is processed. If the first segment does not decode, every
//      segment becomes an error record (log = that segment) with the first segment's reason.
//  R4  Docker over-long line: each segment becomes a `line_too_long` error record with log = the segment.
//  R5  Error records are never cut at maxRecordBytes (they are not joined); their log is the raw line or segment.
//  R6  An over-long line's `lines` = 1 is counted in the record emitted or held when its last segment is processed;
//      the earlier segments' records (error records or truncation cuts) carry lines = 0.
//  R7  Truncation: only the record that is cut at exactly maxRecordBytes carries `truncated`; the remainder starts
//      a new record (same time) that is not flagged unless it is cut in turn. Cutting happens only when bytes would
//      EXCEED the cap: a held record of exactly maxRecordBytes stays held, and is cut (emitted, truncated, with no
//      further bytes) only when a later piece brings at least one more byte; a final empty piece completes it
//      without `truncated`.
//  R8  A held piece may be empty (e.g. `TS stdout P ` with no content); it still exists, counts its line, and is
//      released by flush/close as an empty partial record.
//  R9  The "previous good line" time used by error records is the time of the last line of the source that decoded
//      without error (a CRI line's own TS, a Docker line's own `time` — not the held record's first-piece time).
//      It survives flush.
//  R10 flushAt offsets are positions in the concatenated input. A flush at offset f happens after every line whose
//      terminating `\n` is at an index < f has been processed, and before any later line. The held tail (last line
//      without `\n`) is never processed by flush, only by close. Offsets should be line boundaries; an offset inside
//      an over-long line is unspecified (the engine may already have processed some of its segments).
//  R11 CRI `TS STREAM` followed by a space and then nothing → `missing_tag`; `TS STREAM` with no space after the
//      stream → `bad_stream` (kubelet: "stream type is not found"), also when that last token is `stdout`. When
//      the bytes after `STREAM SP` start with a space, TAGS is empty (→ full) and CONTENT is what follows it.
//  R12 Docker `attrs`: a record keeps the attrs of its first piece, as it keeps the first piece's time (also the
//      remainder after a truncation cut, and records released by flush/close). An `attrs` key with any JSON value
//      (even `null`) counts as set. The value is made valid JSON text first (json-text.ts).
//  R13 Docker strings: see docker-json.ts (first error met wins; end of line inside a string → bad_json; raw bytes
//      copied as they are; keys not decoded; lone surrogates only checked in top-level string log/stream/time).

import { parseDockerLine } from './docker-json.ts';
import { repairJsonText } from './json-text.ts';
import { parseRfc3339 } from './time.ts';

export type ErrorReason =
  | 'bad_timestamp'
  | 'bad_stream'
  | 'missing_tag'
  | 'bad_json'
  | 'bad_escape'
  | 'missing_log'
  | 'line_too_long';

/** Reason codes as in the record table (ARCHITECTURE.md). */
export const ERROR_CODES: Record<ErrorReason, number> = {
  bad_timestamp: 1,
  bad_stream: 2,
  missing_tag: 3,
  bad_json: 4,
  bad_escape: 5,
  missing_log: 6,
  line_too_long: 7,
};

export type OracleFormat = 'cri' | 'docker';

export interface OracleRecord {
  /** ns since the epoch, UTC */
  time: bigint;
  stream: 'stdout' | 'stderr' | 'unknown';
  log: Uint8Array;
  /** Docker `attrs`, raw JSON bytes */
  attrs?: Uint8Array;
  truncated: boolean;
  partial: boolean;
  error?: ErrorReason;
  /** input lines whose last byte was processed into this record */
  lines: number;
  format: OracleFormat;
}

export type OracleOp = { op: 'push'; bytes: Uint8Array } | { op: 'flush' };

export interface OracleInput {
  format?: 'cri' | 'docker' | 'auto';
  /** only carried for callers (NDJSON `file`); does not change records */
  path?: string;
  chunks: Uint8Array[];
  /** byte offsets in the concatenated chunks after which a flush happens (see R10) */
  flushAt?: number[];
  /** alternative to chunks + flushAt: pushes and flushes in order, appended after `chunks` */
  ops?: OracleOp[];
  maxRecordBytes?: number;
  maxLineBytes?: number;
}

export const DEFAULT_MAX_RECORD_BYTES = 1048576;
export const LINE_SLACK_BYTES = 65536;

type Stream = 'stdout' | 'stderr';

interface Held {
  time: bigint;
  attrs?: Uint8Array;
  parts: Uint8Array[];
  len: number;
  lines: number;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function indexOfByte(s: Uint8Array, b: number, from: number): number {
  for (let i = from; i < s.length; i++) if (s[i] === b) return i;
  return -1;
}

function equalsAscii(a: Uint8Array, text: string): boolean {
  if (a.length !== text.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== text.charCodeAt(i)) return false;
  return true;
}

type CriHeader =
  | { ok: true; time: bigint; stream: Stream; partial: boolean; content: Uint8Array }
  | { ok: false; error: ErrorReason };

/** Decodes one CRI line (or the first segment of an over-long line): `TS SP STREAM SP TAGS SP CONTENT`. */
export function decodeCriLine(line: Uint8Array): CriHeader {
  const sp1 = indexOfByte(line, 0x20, 0);
  if (sp1 < 0) return { ok: false, error: 'bad_timestamp' };
  const time = parseRfc3339(line.subarray(0, sp1));
  if (time === null) return { ok: false, error: 'bad_timestamp' };
  const sp2 = indexOfByte(line, 0x20, sp1 + 1);
  if (sp2 < 0) return { ok: false, error: 'bad_stream' };
  const streamBytes = line.subarray(sp1 + 1, sp2);
  const stream: Stream | null = equalsAscii(streamBytes, 'stdout') ? 'stdout'
    : equalsAscii(streamBytes, 'stderr') ? 'stderr' : null;
  if (stream === null) return { ok: false, error: 'bad_stream' };
  const rest = line.subarray(sp2 + 1);
  if (rest.length === 0) return { ok: false, error: 'missing_tag' };
  const sp3 = indexOfByte(rest, 0x20, 0);
  // conmon's `TS stream F` (no space after non-empty tags): accepted with empty content — documented departure.
  const tags = sp3 < 0 ? rest : rest.subarray(0, sp3);
  const content = sp3 < 0 ? new Uint8Array(0) : rest.subarray(sp3 + 1);
  const colon = indexOfByte(tags, 0x3a, 0);
  const firstTag = colon < 0 ? tags : tags.subarray(0, colon);
  const partial = equalsAscii(firstTag, 'P');
  return { ok: true, time, stream, partial, content };
}

export const AUTO_LOOKAHEAD_LINES = 100;

/** The format a line suggests (R1), or null for a blank line. */
function guessFormat(seg: Uint8Array): OracleFormat | null {
  for (const b of seg) {
    if (b === 0x20 || b === 0x09 || b === 0x0d) continue;
    return b === 0x7b ? 'docker' : 'cri';
  }
  return null;
}

const BOM = [0xef, 0xbb, 0xbf];

class SourceState {
  readonly records: OracleRecord[] = [];
  format: OracleFormat | null;
  firstLine = true;
  autoMisses = 0;
  autoFirstGuess: OracleFormat | null = null;
  held: Record<Stream, Held | null> = { stdout: null, stderr: null };
  lastGoodTime = 0n;

  constructor(
    format: 'cri' | 'docker' | 'auto',
    readonly maxRecordBytes: number,
    readonly maxLineBytes: number,
  ) {
    this.format = format === 'auto' ? null : format;
  }

  private fmt(): OracleFormat {
    return this.format ?? 'cri';
  }

  /** An undecided source met a line that is not valid in the format it suggested (R1). */
  private autoMiss(guess: OracleFormat | null): void {
    if (guess === null) return;
    this.autoFirstGuess ??= guess;
    if (++this.autoMisses >= AUTO_LOOKAHEAD_LINES) this.format = this.autoFirstGuess;
  }

  private emitError(log: Uint8Array, error: ErrorReason, lines: number, format: OracleFormat): void {
    this.records.push({
      time: this.lastGoodTime,
      stream: 'unknown',
      log: log.slice(),
      truncated: false,
      partial: false,
      error,
      lines,
      format,
    });
  }

  private emitHeld(stream: Stream, h: Held, truncated: boolean, partial: boolean): void {
    const rec: OracleRecord = {
      time: h.time,
      stream,
      log: concat(h.parts),
      truncated,
      partial,
      lines: h.lines,
      format: this.fmt(),
    };
    if (h.attrs !== undefined) rec.attrs = h.attrs;
    this.records.push(rec);
  }

  /** Adds content bytes to the held record of `stream` (creating it with `time`), cutting at the cap. */
  private append(stream: Stream, time: bigint, bytes: Uint8Array, attrs?: Uint8Array): void {
    let h = this.held[stream];
    if (h === null) {
      h = { time, attrs, parts: [], len: 0, lines: 0 };
      this.held[stream] = h;
    }
    let rest = bytes;
    while (h.len + rest.length > this.maxRecordBytes) {
      const take = this.maxRecordBytes - h.len;
      h.parts.push(rest.slice(0, take));
      h.len += take;
      this.emitHeld(stream, h, true, false);
      rest = rest.subarray(take);
      h = { time: h.time, attrs: h.attrs, parts: [], len: 0, lines: 0 };
      this.held[stream] = h;
    }
    h.parts.push(rest.slice());
    h.len += rest.length;
  }

  /** The piece's last byte has been processed: count the line, then complete the record or keep holding it. */
  private endPiece(stream: Stream, partial: boolean): void {
    const h = this.held[stream]!;
    h.lines += 1;
    if (!partial) {
      this.held[stream] = null;
      this.emitHeld(stream, h, false, false);
    }
  }

  /** One physical line (without `\n`). */
  line(line: Uint8Array): void {
    const segs: Uint8Array[] = [];
    if (line.length <= this.maxLineBytes) segs.push(line);
    else for (let o = 0; o < line.length; o += this.maxLineBytes) segs.push(line.subarray(o, o + this.maxLineBytes));
    if (this.firstLine) {
      this.firstLine = false;
      if (segs[0].length >= 3 && BOM.every((b, i) => segs[0][i] === b)) segs[0] = segs[0].subarray(3);
    }
    const guess = this.format === null ? guessFormat(segs[0]) : null;
    const format: OracleFormat = this.format ?? guess ?? 'cri';

    if (format === 'docker') {
      if (segs.length > 1) {
        segs.forEach((seg, i) => this.emitError(seg, 'line_too_long', i === segs.length - 1 ? 1 : 0, format));
        if (this.format === null) this.autoMiss(guess);
        return;
      }
      const d = parseDockerLine(segs[0]);
      if (!d.ok) {
        this.emitError(segs[0], d.error, 1, format);
        if (this.format === null) this.autoMiss(guess);
        return;
      }
      this.format = format;
      this.lastGoodTime = d.time;
      const last = d.log.length > 0 && d.log[d.log.length - 1] === 0x0a;
      const content = last ? d.log.subarray(0, d.log.length - 1) : d.log;
      this.append(d.stream, d.time, content, d.attrs === undefined ? undefined : repairJsonText(d.attrs));
      this.endPiece(d.stream, !last);
      return;
    }

    const h = decodeCriLine(segs[0]);
    if (!h.ok) {
      segs.forEach((seg, i) => this.emitError(seg, h.error, i === segs.length - 1 ? 1 : 0, format));
      if (this.format === null) this.autoMiss(guess);
      return;
    }
    this.format = format;
    this.lastGoodTime = h.time;
    this.append(h.stream, h.time, h.content);
    for (let i = 1; i < segs.length; i++) this.append(h.stream, h.time, segs[i]);
    this.endPiece(h.stream, h.partial);
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const h = this.held[stream];
      if (h !== null) {
        this.held[stream] = null;
        this.emitHeld(stream, h, false, true);
      }
    }
  }
}

/** Runs the oracle over one source: all lines in order, flushes at `flushAt`, then close. */
export function oracleRun(input: OracleInput): OracleRecord[] {
  const maxRecordBytes = input.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const maxLineBytes = input.maxLineBytes ?? maxRecordBytes + LINE_SLACK_BYTES;
  if (!(maxRecordBytes >= 1) || !(maxLineBytes >= 1)) throw new RangeError('limits must be at least 1 byte');

  const chunks = [...input.chunks];
  const flushAt = [...(input.flushAt ?? [])];
  let total = chunks.reduce((n, c) => n + c.length, 0);
  for (const op of input.ops ?? []) {
    if (op.op === 'push') {
      chunks.push(op.bytes);
      total += op.bytes.length;
    } else {
      flushAt.push(total);
    }
  }
  flushAt.sort((a, b) => a - b);
  const data = concat(chunks);

  const src = new SourceState(input.format ?? 'auto', maxRecordBytes, maxLineBytes);
  let pos = 0;
  let fi = 0;
  for (;;) {
    const nl = indexOfByte(data, 0x0a, pos);
    if (nl < 0) break;
    // flushes that come before this line's `\n` (offset f <= nl means the `\n` at nl was not yet pushed)
    while (fi < flushAt.length && flushAt[fi] <= nl) {
      src.flush();
      fi++;
    }
    src.line(data.subarray(pos, nl));
    pos = nl + 1;
  }
  while (fi < flushAt.length) {
    src.flush();
    fi++;
  }
  // close: the held tail is processed as a line, then held pieces are released as partial
  if (pos < data.length) src.line(data.subarray(pos));
  src.flush();
  return src.records;
}
