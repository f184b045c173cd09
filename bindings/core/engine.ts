// The engine as JavaScript sees it: sources you push bytes into, lazy batches of records back, NDJSON bytes.
// One wasm instance per engine (the engine keeps per-source state in its own memory).
//
// Lifetime rule: a Batch (and every LogRecord taken from it) is valid until the next call on the same
// engine; using it later throws. NDJSON methods return a fresh copy that is yours to keep.

import {
  COUNTER_NAMES, ERROR_REASONS, FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED, FORMATS, FORMAT_NAMES, ROW, ROW_SIZE,
  STREAMS, type Counters, type EngineLimits, type ErrorReason, type Format, type Stream, readCounters, readLimits,
} from './abi.ts';
import { formatTimeNs } from './time.ts';
import type { WasmHandle } from './wasm.ts';

export interface EngineOptions {
  /** Largest record in bytes; a longer joined record is cut and flagged `truncated` (default 1 MiB). */
  maxRecordBytes?: number;
  /** Longest physical line kept whole in memory (default maxRecordBytes + 64 KiB). */
  maxLineBytes?: number;
  /**
   * Engine-wide budget for held bytes: carried partial lines and held pieces of all sources together
   * (default 64 MiB, at most 1 GiB). When full, the oldest held record is released early, flagged
   * `partial` (counted in `budgetReleases`), instead of growing memory.
   */
  maxHeldBytes?: number;
}

export interface SourceOptions {
  /** `auto` (default) decides from the first line: `{` → docker, else cri. */
  format?: Format;
}

/** Decodes UTF-8 bytes of wasm memory to a string (Buffer#utf8Slice in Node, TextDecoder in browsers). */
export type Utf8Decoder = (memory: Uint8Array, start: number, end: number) => string;

/** Copies bytes out of wasm memory into a new array (a Buffer in Node, without zero-filling first). */
export type ByteCopier = (memory: Uint8Array, start: number, end: number) => Uint8Array;

const sliceCopy: ByteCopier = (mem, start, end) => mem.slice(start, end);

/** The plain record object: the same names as the NDJSON schema. */
export interface RecordObject {
  time: string;
  stream: Stream;
  log: string;
  attrs?: unknown;
  truncated?: true;
  partial?: true;
  error?: ErrorReason;
  file?: string;
}

/** Bytes per push window for the NDJSON and count paths (bounded memory whatever the push size). */
const WINDOW = 4 << 20;
const textEncoder = new TextEncoder();
const pathDecoder = new TextDecoder();

/** What the push methods take: bytes, or a string (encoded as UTF-8). */
export type PushInput = Uint8Array | string;

function toBytes(input: PushInput, method: string): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') return textEncoder.encode(input);
  throw new TypeError(`logsieve: ${method}() takes a Uint8Array (or Buffer) or a string, not ${describe(input)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return (v as object).constructor?.name ?? 'an object';
}

/** Turns a trap (wasm memory could not grow) into an error that says what happened; rethrows others. */
function memoryFailure(err: unknown, what: string): unknown {
  if (!(err instanceof WebAssembly.RuntimeError)) return err;
  // the allocator's only trap is `unreachable` when memory.grow fails; any other trap would be a bug
  if (!/unreachable/.test(err.message)) return new Error(`logsieve: ${what} failed: engine trap (${err.message})`, { cause: err });
  return new Error(
    `logsieve: ${what} failed because wasm memory could not grow (${err.message}); the records of this call are `
      + 'lost, the engine is still usable: other sources can be pushed, flushed and closed', { cause: err },
  );
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

export class Engine {
  /** @internal */ readonly wasm: WasmHandle;
  /** @internal */ readonly decode: Utf8Decoder;
  /** @internal */ readonly copyOut: ByteCopier;
  /** @internal */ generation = 0;
  /** @internal */ rowsBuf = new Uint8Array(ROW_SIZE * 8192);
  /** @internal */ rowsView = new DataView(this.rowsBuf.buffer);
  /** @internal */ readonly sources = new Set<Source>();
  /** @internal paths by source id (kept after close: the last batch of a source still names its file) */
  readonly paths = new Map<number, string | undefined>();
  /** The limits this engine's options are checked against. */
  readonly limits: EngineLimits;
  private readonly x: Record<string, any>;

  /** @internal */
  constructor(wasm: WasmHandle, decode: Utf8Decoder, options: EngineOptions = {}, copyOut: ByteCopier = sliceCopy) {
    this.wasm = wasm;
    this.decode = decode;
    this.copyOut = copyOut;
    this.x = wasm.exports;
    this.limits = readLimits(this.x.limit);
    const maxRecord = options.maxRecordBytes ?? 1 << 20;
    const maxLine = options.maxLineBytes ?? maxRecord + (64 << 10);
    const maxHeld = options.maxHeldBytes ?? this.limits.defaultMaxHeldBytes;
    const checks = [
      ['maxRecordBytes', maxRecord, this.limits.maxRecordBytes],
      ['maxLineBytes', maxLine, this.limits.maxLineBytes],
      ['maxHeldBytes', maxHeld, this.limits.maxHeldBytes],
    ] as const;
    for (const [k, v, most] of checks) {
      if (!Number.isInteger(v) || v < 1 || v > most) {
        throw new RangeError(`logsieve: ${k} must be an integer from 1 to ${most}, not ${String(v)}`);
      }
    }
    this.x.configure(maxRecord, maxLine, maxHeld);
  }

  /**
   * Opens a source: one file or byte stream, with its own partial-line state. The path may be given as
   * raw bytes (file names need not be UTF-8); `file` then shows it with invalid UTF-8 replaced by U+FFFD.
   */
  source(path?: string | Uint8Array, options: SourceOptions = {}): Source {
    const format = options.format ?? 'auto';
    if (!(format in FORMATS)) throw new TypeError(`logsieve: unknown format "${format}" (cri, docker or auto)`);
    if (path !== undefined && typeof path !== 'string' && !(path instanceof Uint8Array)) {
      throw new TypeError(`logsieve: a source path is a string or a Uint8Array, not ${describe(path)}`);
    }
    const pathBytes = path === undefined ? new Uint8Array(0) : typeof path === 'string' ? textEncoder.encode(path) : path;
    if (pathBytes.length > 65536) throw new RangeError('logsieve: a source path may have at most 65536 bytes');
    const pathText = path === undefined || typeof path === 'string' ? path : pathDecoder.decode(path);
    this.generation++;
    let id: number;
    try {
      const ptr = this.x.inputReserve(pathBytes.length);
      this.wasm.u8().set(pathBytes, ptr);
      id = this.x.openSource(FORMATS[format], ptr, pathBytes.length);
    } catch (err) {
      throw memoryFailure(err, 'opening a source');
    }
    if (id < 0) throw new Error('logsieve: could not open a source');
    const s = new Source(this, id, pathText, format);
    this.paths.set(id, pathText);
    this.sources.add(s);
    return s;
  }

  /** Engine-wide counters (what was read, emitted, dropped, and why). */
  counters(): Counters {
    return readCounters(this.wasm.view(), this.x.countersAddress());
  }

  /** Bytes of wasm linear memory (it never shrinks: this is the peak). */
  memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  /** Releases every source's held partial pieces as NDJSON. */
  flushNdjson(): Uint8Array {
    const parts = [...this.sources].map((s) => s.flushNdjson());
    return parts.length ? concat(parts) : this.noBytes();
  }

  /** Closes every open source and returns their last records as NDJSON. */
  closeNdjson(): Uint8Array {
    const parts = [...this.sources].map((s) => s.closeNdjson());
    return parts.length ? concat(parts) : this.noBytes();
  }

  // --- internals shared by Source ---

  /** @internal Copies bytes into the window and begins (bytes.length <= limits.maxPushBytes). */
  begin(id: number, bytes: Uint8Array): void {
    this.generation++;
    const ptr = this.x.inputReserve(bytes.length);
    if (ptr === 0) throw new RangeError(`logsieve: a window holds at most ${this.limits.maxPushBytes} bytes`);
    this.wasm.u8().set(bytes, ptr);
    if (this.x.begin(id, bytes.length) !== 0) throw new Error('logsieve: source is closed');
  }

  /** @internal Appends the current table's rows to rowsBuf at row index `at`; returns the new count. */
  collectRows(n: number, at: number): number {
    const need = (at + n) * ROW_SIZE;
    if (need > this.rowsBuf.length) {
      const bigger = new Uint8Array(Math.max(need, this.rowsBuf.length * 2));
      bigger.set(this.rowsBuf.subarray(0, at * ROW_SIZE));
      this.rowsBuf = bigger;
      this.rowsView = new DataView(bigger.buffer);
    }
    const t = this.x.tableAddress();
    this.rowsBuf.set(this.wasm.u8().subarray(t, t + n * ROW_SIZE), at * ROW_SIZE);
    return at + n;
  }

  /** @internal Runs next() over the installed window; collects all rows. */
  drainRows(): number {
    let count = 0;
    do {
      const n = this.x.next();
      count = this.collectRows(n, count);
    } while (this.x.remaining() > 0);
    return count;
  }

  /** @internal Runs next() over the installed window, encoding each step; returns the NDJSON parts. */
  drainNdjson(parts: Uint8Array[]): void {
    do {
      const n = this.x.next();
      if (n > 0) parts.push(this.copyNdjson());
    } while (this.x.remaining() > 0);
  }

  /** @internal Runs next() over the window, only counting rows. */
  drainCount(): number {
    let count = 0;
    do count += this.x.next();
    while (this.x.remaining() > 0);
    return count;
  }

  /** @internal An empty result of the platform's byte type. */
  noBytes(): Uint8Array {
    return this.copyOut(this.wasm.u8(), 0, 0);
  }

  /** @internal Encodes the current table as NDJSON and copies it out. */
  copyNdjson(): Uint8Array {
    const len = this.x.encodeNdjson();
    const p = this.x.outAddress();
    return this.copyOut(this.wasm.u8(), p, p + len);
  }

  /** @internal */
  get exports(): Record<string, any> {
    return this.x;
  }

  /** @internal What console.log / util.inspect show. */
  [inspectCustom](): object {
    return { sourcesOpen: this.sources.size, memoryBytes: this.memoryBytes(), counters: this.counters() };
  }
}

export class Source {
  private closed = false;

  /** @internal */
  constructor(
    private readonly engine: Engine,
    readonly id: number,
    readonly path: string | undefined,
    readonly format: Format,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  private check(): void {
    if (this.closed) throw new Error('logsieve: source is closed');
  }

  /**
   * Pushes bytes (a string is encoded as UTF-8); returns the records they complete as a lazy batch (valid
   * until the next engine call). The batch points into wasm memory, so one push takes at most
   * `engine.limits.maxPushBytes` (256 MiB); pushNdjson and pushCount take any size.
   * Records that the held-bytes budget released early may belong to other sources (see `record.file`).
   */
  push(input: PushInput): Batch {
    this.check();
    const bytes = toBytes(input, 'push');
    const most = this.engine.limits.maxPushBytes;
    if (bytes.length > most) {
      throw new RangeError(
        `logsieve: push() takes at most ${most} bytes at a time (got ${bytes.length}); push smaller chunks, or use `
          + 'pushNdjson()/pushCount(), which take any size',
      );
    }
    try {
      this.engine.begin(this.id, bytes);
      return new Batch(this.engine, this.engine.drainRows());
    } catch (err) {
      throw memoryFailure(err, 'push()');
    }
  }

  /** Pushes bytes (or a string, as UTF-8) of any size; returns the records they complete as NDJSON bytes. */
  pushNdjson(input: PushInput): Uint8Array {
    this.check();
    const bytes = toBytes(input, 'pushNdjson');
    const parts: Uint8Array[] = [];
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(this.id, bytes.subarray(off, off + WINDOW));
        this.engine.drainNdjson(parts);
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, 'pushNdjson()');
    }
    return parts.length ? concat(parts) : this.engine.noBytes();
  }

  /** Pushes bytes (or a string) of any size and only counts the records (the table is built, not read). */
  pushCount(input: PushInput): number {
    this.check();
    const bytes = toBytes(input, 'pushCount');
    let count = 0;
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(this.id, bytes.subarray(off, off + WINDOW));
        count += this.engine.drainCount();
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, 'pushCount()');
    }
    return count;
  }

  /** Releases held partial pieces as records flagged `partial`. */
  flush(): Batch {
    this.check();
    return new Batch(this.engine, this.engine.collectRows(Math.max(this.call('flush'), 0), 0));
  }

  flushNdjson(): Uint8Array {
    this.check();
    return this.call('flush') > 0 ? this.engine.copyNdjson() : this.engine.noBytes();
  }

  /** Ends the source: the last line without '\n' is emitted, held pieces are released, state is freed. */
  close(): Batch {
    this.check();
    const n = this.call('close');
    this.markClosed();
    return new Batch(this.engine, this.engine.collectRows(Math.max(n, 0), 0));
  }

  closeNdjson(): Uint8Array {
    this.check();
    const n = this.call('close');
    this.markClosed();
    return n > 0 ? this.engine.copyNdjson() : this.engine.noBytes();
  }

  /** flush or close in wasm; returns its row count. */
  private call(what: 'flush' | 'close'): number {
    this.engine.generation++;
    try {
      return this.engine.exports[what](this.id);
    } catch (err) {
      throw memoryFailure(err, `${what}()`);
    }
  }

  /** @internal What console.log / util.inspect show. */
  [inspectCustom](): object {
    return { id: this.id, path: this.path, format: this.format, closed: this.closed };
  }

  private markClosed(): void {
    this.closed = true;
    this.engine.sources.delete(this);
  }
}

/** The records of one call, read lazily from the row table and wasm memory. */
export class Batch implements Iterable<LogRecord> {
  private readonly generation: number;

  /** @internal */
  constructor(private readonly engine: Engine, readonly length: number) {
    this.generation = engine.generation;
  }

  /** @internal */
  live(): Engine {
    if (this.generation !== this.engine.generation) {
      throw new Error('logsieve: batch used after a later call on its engine (copy what you need first)');
    }
    return this.engine;
  }

  get(i: number): LogRecord {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`logsieve: record ${i} out of range`);
    return new LogRecord(this, i);
  }

  *[Symbol.iterator](): Iterator<LogRecord> {
    for (let i = 0; i < this.length; i++) yield new LogRecord(this, i);
  }

  /** @internal What console.log / util.inspect show: the records, while the batch is valid. */
  [inspectCustom](): object {
    if (this.generation !== this.engine.generation) return { length: this.length, expired: true };
    return this.toObjects();
  }

  /** Plain objects (a copy that outlives the batch). */
  toObjects(): RecordObject[] {
    const out: RecordObject[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = new LogRecord(this, i).toJSON();
    return out;
  }
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
    if (file !== undefined) o.file = file;
    return o;
  }
}

/** Joins NDJSON parts (a Buffer in Node). */
function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  if (parts.length > 0 && typeof Buffer !== 'undefined' && Buffer.isBuffer(parts[0])) return Buffer.concat(parts);
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

export { COUNTER_NAMES };
