// One record: every field is decoded on demand from the copied row and wasm memory.

import {
  DETECTORS, ERROR_REASONS, FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED, FORMAT_NAMES, LEVEL_LAZY, LEVELS, QUERY_ERRORS, ROW, ROW_SIZE,
  STREAMS, type ErrorReason, type Level, type QueryError, type Stream,
} from './abi.ts';
import type { KubernetesMeta } from './kubernetes.ts';
import type { Detector } from './options.ts';
import { formatTimeNs } from './time.ts';
import type { Batch } from './batch.ts';
import { inspectCustom } from './inspect.ts';

/** The plain record object: the same names as the NDJSON schema. */
export interface RecordObject {
  time: string;
  stream: Stream;
  log: string;
  attrs?: unknown;
  truncated?: true;
  partial?: true;
  error?: ErrorReason;
  /** what grouped this record's lines: a detector (a stack trace) or `custom` (the user's rules) */
  multiline?: Detector | 'custom';
  /** how many log lines (records) a grouped record joins */
  logLines?: number;
  /** severity detected from the line (README "Levels"); absent when none was found */
  level?: Level;
  /** Loki's `__error__`: the LogQL query kept this record although its pipeline failed on it */
  __error__?: QueryError;
  file?: string;
  /** the source's pod and container (Fluent Bit's `kubernetes` map), when known */
  kubernetes?: KubernetesMeta;
}

/** One record: every field is decoded on demand from the row table and wasm memory. */
export class LogRecord {
  /** @internal */
  constructor(private readonly batch: Batch, private readonly index: number) {}

  private row(field: number): number {
    return this.index * ROW_SIZE + field;
  }

  /** Time in ns since the epoch (UTC). */
  get timeNs(): bigint {
    return this.batch.live().rowsView.getBigInt64(this.row(ROW.time), true);
  }

  /** Time as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`. */
  get time(): string {
    return formatTimeNs(this.timeNs);
  }

  get stream(): Stream {
    return STREAMS[this.batch.live().rowsBuf[this.row(ROW.stream)]] ?? 'unknown';
  }

  /** The content as a string (invalid UTF-8 becomes U+FFFD). */
  get log(): string {
    const e = this.batch.live();
    const v = e.rowsView;
    const p = v.getUint32(this.row(ROW.logPtr), true);
    return e.decode(e.wasm.u8(), p, p + v.getUint32(this.row(ROW.logLen), true));
  }

  /** The content's exact bytes (a copy). */
  get logBytes(): Uint8Array {
    const e = this.batch.live();
    const v = e.rowsView;
    const p = v.getUint32(this.row(ROW.logPtr), true);
    return e.wasm.u8().slice(p, p + v.getUint32(this.row(ROW.logLen), true));
  }

  /** Docker `attrs` as raw JSON text, if the line had them. */
  get attrs(): string | undefined {
    const e = this.batch.live();
    const v = e.rowsView;
    const n = v.getUint32(this.row(ROW.attrsLen), true);
    if (n === 0) return undefined;
    const p = v.getUint32(this.row(ROW.attrsPtr), true);
    return e.decode(e.wasm.u8(), p, p + n);
  }

  /** Docker `attrs` raw bytes (a copy), if the line had them. */
  get attrsBytes(): Uint8Array | undefined {
    const e = this.batch.live();
    const v = e.rowsView;
    const n = v.getUint32(this.row(ROW.attrsLen), true);
    if (n === 0) return undefined;
    const p = v.getUint32(this.row(ROW.attrsPtr), true);
    return e.wasm.u8().slice(p, p + n);
  }

  private flags(): number {
    return this.batch.live().rowsBuf[this.row(ROW.flags)];
  }

  get truncated(): boolean {
    return (this.flags() & FLAG_TRUNCATED) !== 0;
  }

  /** Released by flush/close before its final piece came. */
  get partial(): boolean {
    return (this.flags() & FLAG_PARTIAL) !== 0;
  }

  get error(): ErrorReason | undefined {
    if ((this.flags() & FLAG_ERROR) === 0) return undefined;
    return (ERROR_REASONS[this.batch.live().rowsBuf[this.row(ROW.error)]] || undefined) as ErrorReason | undefined;
  }

  /** How many input lines end in this record. */
  get lines(): number {
    return this.batch.live().rowsView.getUint32(this.row(ROW.lines), true);
  }

  /** The detector that grouped this record's lines, or undefined for a record that is not a group. */
  get multiline(): Detector | 'custom' | undefined {
    return (DETECTORS[this.batch.live().rowsBuf[this.row(ROW.detector)]] || undefined) as Detector | 'custom' | undefined;
  }

  /** How many log lines (records) this record joins: more than 1 only for a grouped record. */
  get logLines(): number {
    const n = this.batch.live().rowsView.getUint32(this.row(ROW.logLines), true);
    return n === 0 ? 1 : n;
  }

  /** The severity detected from the line, or undefined when none was found (or the engine's `levels` is false). */
  get level(): Level | undefined {
    const e = this.batch.live();
    if (!e.showLevels) return undefined;
    let code = e.rowsBuf[this.row(ROW.level)];
    if (code === LEVEL_LAZY) {
      // not detected while the record went through the engine: detect it now from its bytes (still in wasm memory)
      const v = e.rowsView;
      code = e.exports.recordLevel(v.getUint32(this.row(ROW.logPtr), true), v.getUint32(this.row(ROW.logLen), true),
        e.rowsBuf[this.row(ROW.stream)], e.rowsBuf[this.row(ROW.detector)]);
    }
    return (LEVELS[code] || undefined) as Level | undefined;
  }

  /** Loki's `__error__` when the LogQL query kept this record although its pipeline failed on it. */
  get queryError(): QueryError | undefined {
    return (QUERY_ERRORS[this.batch.live().rowsBuf[this.row(ROW.queryError)]] || undefined) as QueryError | undefined;
  }

  /** The source's Kubernetes metadata (a fresh object; Fluent Bit's names), or undefined when none is known. */
  get kubernetes(): KubernetesMeta | undefined {
    return this.batch.kubernetes(this.sourceId);
  }

  get format(): 'cri' | 'docker' {
    return FORMAT_NAMES[this.batch.live().rowsBuf[this.row(ROW.format)]] === 'docker' ? 'docker' : 'cri';
  }

  get sourceId(): number {
    return this.batch.live().rowsView.getUint32(this.row(ROW.source), true);
  }

  /** The path of the record's source, when it was opened with one. */
  get file(): string | undefined {
    return this.batch.live().paths.get(this.sourceId);
  }

  /** @internal What console.log / util.inspect show: the record's fields (or that it expired). */
  [inspectCustom](): object {
    try {
      return this.toJSON();
    } catch (err) {
      return { expired: true, message: (err as Error).message };
    }
  }

  /** The record as the NDJSON schema names it. */
  toJSON(): RecordObject {
    const o: RecordObject = { time: this.time, stream: this.stream, log: this.log };
    const attrs = this.attrs;
    if (attrs !== undefined) o.attrs = JSON.parse(attrs);
    if (this.truncated) o.truncated = true;
    if (this.partial) o.partial = true;
    const error = this.error;
    if (error) o.error = error;
    const file = this.file;
    const multiline = this.multiline;
    if (multiline !== undefined) {
      o.multiline = multiline;
      o.logLines = this.logLines;
    }
    const level = this.level;
    if (level !== undefined) o.level = level;
    const queryError = this.queryError;
    if (queryError !== undefined) o.__error__ = queryError;
    if (file !== undefined) o.file = file;
    const kubernetes = this.kubernetes;
    if (kubernetes !== undefined) o.kubernetes = kubernetes;
    return o;
  }
}
