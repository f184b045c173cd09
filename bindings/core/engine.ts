// The engine as JavaScript sees it: the call protocol of one wasm instance (windows, next() steps, rows
// copied out, NDJSON copied out), its sources, counters and limits. Sources (source.ts), batches (batch.ts) and
// records (record.ts) are in their own files; this file also re-exports them as the package's engine API.
// One wasm instance per engine (the engine keeps per-source state in its own memory).
//
// Lifetime rule: a Batch (and every LogRecord taken from it) is valid until the next call on the same
// engine; using it later throws. NDJSON methods return a fresh copy that is yours to keep.

import {
  COUNTER_NAMES, FORMATS, ROW_SIZE, type CounterName, type Counters, type EngineLimits, detectorBits, readCounter, readCounters,
  readLimits,
} from './abi.ts';
import type { WasmHandle } from './wasm.ts';
import type { ByteCopier, EngineOptions, SourceOptions, Utf8Decoder } from './options.ts';
import { concat, describeValue } from './bytes.ts';
import { memoryFailure } from './trap.ts';
import { inspectCustom } from './inspect.ts';
import { Source } from './source.ts';
import { compileRegexWith } from '../regex/index.ts';
import { type FilterKind, type FilterOptions, grepText, installFilters } from './filters.ts';
import {
  type KubernetesPod, type PodInfo, encodePod, encodePodKey, encodeSourceMeta, podFields, podsOf,
} from './kubernetes.ts';

export { Source } from './source.ts';
export { Batch } from './batch.ts';
export { LogRecord, type RecordObject } from './record.ts';
export type { ByteCopier, Detector, EngineOptions, MultilineOptions, ResumePoint, SourceDone, SourceOffsets, SourceOptions, Utf8Decoder } from './options.ts';
export type { PushInput } from './bytes.ts';
export { FilterSyntaxError, type FilterKind, type FilterOptions, type GrepRule, type GrepRules } from './filters.ts';
export type { KubernetesMeta, KubernetesPod, PodInfo, SourceKubernetes } from './kubernetes.ts';
export { COUNTER_NAMES };

const sliceCopy: ByteCopier = (mem, start, end) => mem.slice(start, end);
/** Largest NDJSON part copied out of wasm memory at once (see copyNdjsonOut). */
const PART_BYTES = 256 << 10;
const textEncoder = new TextEncoder();
const pathDecoder = new TextDecoder();

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
  /** @internal the host clock, ms */
  readonly clock: () => number;
  /** Whether records show their level (EngineOptions.levels). */
  readonly showLevels: boolean;
  /** Whether the engine's options turned multiline grouping on (detectors or rules). */
  readonly multilineOn: boolean;

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
    if (options.levels !== undefined && typeof options.levels !== 'boolean') {
      throw new TypeError('logsieve: levels must be true or false');
    }
    this.showLevels = options.levels !== false;
    this.x.configureLevels(this.showLevels ? 1 : 0);
    this.clock = options.clock ?? Date.now;
    const m = options.multiline ?? {};
    const maxLines = m.maxLines ?? 1000;
    const maxBytes = m.maxBytes ?? maxRecord;
    const idleMs = m.idleMs ?? 3000;
    const maxAgeMs = m.maxAgeMs ?? 30000;
    for (const [k, v] of [['maxLines', maxLines], ['maxBytes', maxBytes]] as const) {
      if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) throw new RangeError(`logsieve: multiline.${k} must be an integer from 1 to 2147483647`);
    }
    for (const [k, v] of [['idleMs', idleMs], ['maxAgeMs', maxAgeMs]] as const) {
      if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`logsieve: multiline.${k} must be a finite number of ms, at least 0`);
    }
    const detectors = detectorBits(m.detectors);
    this.x.configureGroup(detectors, maxLines, maxBytes, idleMs, maxAgeMs, m.leadLine === false ? 0 : 1);
    this.multilineOn = detectors !== 0 || m.rules !== undefined;
    if (m.rules !== undefined) this.installRules(m.rules);
    if (options.pods !== undefined) this.setPods(options.pods);
    this.setFilters(options);
  }

  /**
   * Sets the engine's filters (label selector, LogQL query, Fluent Bit grep rules); a key left out keeps its
   * filter, a key set to undefined removes it. A bad filter throws FilterSyntaxError (with its position) and
   * leaves every filter as it was before the call.
   */
  setFilters(filters: FilterOptions): void {
    const set: Array<[FilterKind, string | undefined]> = (['selector', 'query', 'grep'] as const)
      .filter((k) => k in filters)
      .map((k) => {
        const v = filters[k];
        return [k, v === undefined ? undefined : k === 'grep' ? grepText(v as NonNullable<FilterOptions['grep']>) : (v as string)];
      });
    if (set.length === 0) return;
    this.generation++;
    installFilters(this.wasm, set);
  }

  /** Adds or replaces pods (a PodList, a Pod, PodInfo, or an array of them): see EngineOptions.pods. */
  setPods(pods: unknown): void {
    for (const p of podsOf(pods)) this.setPod(p);
  }

  /** Adds or replaces one pod's labels and annotations; records of its sources carry them from now on. */
  setPod(pod: PodInfo | KubernetesPod): void {
    this.stage('setPod', encodePod(podFields(pod)));
    if (this.x.setPod(this.staged) !== 0) throw new Error('logsieve: could not set the pod');
  }

  /** Forgets one pod; true when it was known. */
  removePod(namespace: string, name: string): boolean {
    this.stage('removePod', encodePodKey(namespace, name));
    return this.x.removePod(this.staged) === 1;
  }

  clearPods(): void {
    this.generation++;
    this.x.clearPods();
  }

  /** @internal bytes of the last stage() call */
  staged = 0;

  /** @internal Copies bytes into the input window (a new call: open batches expire). */
  stage(what: string, bytes: Uint8Array): void {
    this.generation++;
    const ptr = this.x.inputReserve(bytes.length);
    if (ptr === 0 && bytes.length > 0) throw new RangeError(`logsieve: ${what}: too large`);
    this.wasm.u8().set(bytes, ptr);
    this.staged = bytes.length;
  }

  /** @internal Sets what the host knows about source id itself. */
  setSourceMeta(id: number, meta: Parameters<typeof encodeSourceMeta>[0]): void {
    this.stage('kubernetes', encodeSourceMeta(meta));
    if (this.x.setSourceMeta(id, this.staged) !== 0) throw new Error('logsieve: source is closed');
  }

  /** @internal The `kubernetes` map of source id as JSON text, or undefined. */
  kubernetesJson(id: number): string | undefined {
    const p = this.x.kubeAddress(id);
    if (p === 0) return undefined;
    return this.decode(this.wasm.u8(), p, p + this.x.kubeLength(id));
  }

  /** Compiles the user's multiline rules inside this instance (a RegexSyntaxError names the rule and position). */
  private installRules(rules: NonNullable<NonNullable<EngineOptions['multiline']>['rules']>): void {
    if (typeof rules.start !== 'string') throw new TypeError('logsieve: multiline.rules needs a start pattern');
    const handles: number[] = [];
    try {
      for (const name of ['start', 'continue', 'end'] as const) {
        const pattern = rules[name];
        try {
          handles.push(pattern === undefined ? 0 : compileRegexWith(this.wasm, pattern).detach());
        } catch (err) {
          if (err instanceof Error) err.message = `multiline.rules.${name}: ${err.message}`;
          throw err;
        }
      }
    } catch (err) {
      for (const h of handles) if (h) this.x.regex_free(h);
      throw err;
    }
    this.x.configureGroupRules(handles[0], handles[1], handles[2]);
  }

  /**
   * Opens a source: one file or byte stream, with its own partial-line state. The path may be given as
   * raw bytes (file names need not be UTF-8); `file` then shows it with invalid UTF-8 replaced by U+FFFD.
   */
  source(path?: string | Uint8Array, options: SourceOptions = {}): Source {
    const format = options.format ?? 'auto';
    if (!(format in FORMATS)) throw new TypeError(`logsieve: unknown format "${format}" (cri, docker or auto)`);
    if (path !== undefined && typeof path !== 'string' && !(path instanceof Uint8Array)) {
      throw new TypeError(`logsieve: a source path is a string or a Uint8Array, not ${describeValue(path)}`);
    }
    const pathBytes = path === undefined ? new Uint8Array(0) : typeof path === 'string' ? textEncoder.encode(path) : path;
    if (pathBytes.length > 65536) throw new RangeError('logsieve: a source path may have at most 65536 bytes');
    const pathText = path === undefined || typeof path === 'string' ? path : pathDecoder.decode(path);
    this.generation++;
    let id: number;
    try {
      const ptr = this.x.inputReserve(pathBytes.length);
      this.wasm.u8().set(pathBytes, ptr);
      const detectors = options.multiline?.detectors;
      id = this.x.openSource(FORMATS[format], ptr, pathBytes.length, detectors === undefined ? -1 : detectorBits(detectors));
    } catch (err) {
      throw memoryFailure(err, 'opening a source');
    }
    if (id < 0) throw new Error('logsieve: could not open a source');
    const s = new Source(this, id, pathText, format);
    if (options.resume !== undefined) {
      const r = options.resume;
      const ok = [r?.at, r?.done?.stdout, r?.done?.stderr, r?.done?.errors].every((v) => Number.isSafeInteger(v) && v >= 0);
      if (!ok || this.x.resume(id, r.at, r.done.stdout, r.done.stderr, r.done.errors) !== 0) {
        s.close();
        throw new TypeError('logsieve: resume needs { at, done: { stdout, stderr, errors } } as offsets (integers ≥ 0)');
      }
    }
    if (options.kubernetes !== undefined) {
      try {
        this.setSourceMeta(id, options.kubernetes);
      } catch (err) {
        s.close();
        throw err;
      }
    }
    this.paths.set(id, pathText);
    this.sources.add(s);
    return s;
  }

  /** Engine-wide counters (what was read, emitted, dropped, and why). */
  counters(): Counters {
    return readCounters(this.wasm.view(), this.x.countersAddress());
  }

  /** @internal One counter, without building the whole Counters object (the agent reads two per engine step). */
  counter(name: CounterName): number {
    return readCounter(this.wasm.view(), this.x.countersAddress(), name);
  }

  /** Bytes of wasm linear memory (it never shrinks: this is the peak). */
  memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  /**
   * Every source's flush as NDJSON: with no argument, all held pieces and open groups; with `nowMs`, only
   * the groups idle or old at that host time (see Source.flush).
   */
  flushNdjson(nowMs?: number): Uint8Array {
    const parts = [...this.sources].map((s) => s.flushNdjson(nowMs));
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
    if (this.x.begin(id, bytes.length, this.clock()) !== 0) throw new Error('logsieve: source is closed');
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

  /** @internal Runs next() over the installed window, encoding every step after the last in wasm memory;
   *  copies the window's NDJSON out once. */
  drainNdjson(parts: Uint8Array[], partBytes = PART_BYTES): void {
    let len = 0;
    let first = true;
    do {
      const n = this.x.next();
      if (n > 0) {
        len = first ? this.x.encodeNdjson() : this.x.encodeNdjsonAppend();
        first = false;
      }
    } while (this.x.remaining() > 0);
    if (len > 0) this.copyNdjsonOut(parts, len, partBytes);
  }

  /** @internal Copies `len` NDJSON bytes out as parts of at most `partBytes` (PART_BYTES for the parts API:
   *  large single allocations are slow, each is fresh memory the system must map, smaller ones reuse freed
   *  memory; Infinity for pushNdjson, which returns one array and so copies once). */
  copyNdjsonOut(parts: Uint8Array[], len: number, partBytes: number): void {
    const p = this.x.outAddress();
    const mem = this.wasm.u8();
    for (let o = 0; o < len; o += partBytes) parts.push(this.copyOut(mem, p + o, p + Math.min(len, o + partBytes)));
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

  /** @internal Sets the rows a `next()` step stops at (1 to the table's cap, 8,192, the default); returns it. */
  setStepRows(n: number): number {
    return this.x.setStepRows(n);
  }

  /** @internal Encodes the current table as NDJSON: a view into wasm memory, valid until the next engine call. */
  encodeNdjsonView(): Uint8Array {
    const len = this.x.encodeNdjson();
    const p = this.x.outAddress();
    return this.wasm.u8().subarray(p, p + len);
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
