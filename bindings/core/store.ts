// A record store: every record of an engine's sources kept in wasm memory (for the viewer), selected again
// and again by filters without reparsing, and written as NDJSON exactly as the CLI writes it.
//
// API:
//   const store = new RecordStore(engine);          // the engine must have no filters set while loading
//   const src = engine.source(path);
//   store.push(src, bytes)  → records added          // any size; the bytes go through the whole pipeline
//   store.finish(src)       → records added          // end of input: last line, held pieces, open groups;
//                                                    // the source stays known (its file/kubernetes members)
//   store.length, store.timeRange()
//   store.select({ query, selector, grep, fromMs, toMs, buckets, bucketFromMs, bucketToMs }) → Selection
//     (throws FilterSyntaxError with .position/.reason/.caret(); the engine's filters are left unset after)
//   store.selectedIndices(from, to) → Uint32Array   // store indices of matches [from, to) of the last select
//   store.record(i) → StoredRecord                  // decoded now (the table's visible rows only)
//   store.ndjson(part => …)                          // the last selection as NDJSON bytes, in store order

import type { Engine } from './engine.ts';
import type { Source } from './source.ts';
import type { FilterOptions } from './filters.ts';
import { LogRecord, type RecordObject } from './record.ts';
import type { Batch } from './batch.ts';
import { ROW_SIZE } from './abi.ts';
import { memoryFailure } from './trap.ts';

/** Level codes as the engine numbers them (index into histogram rows): none, trace, debug, info, warn, error, fatal. */
export const STORE_LEVELS = ['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** Stream codes: stdout, stderr, unknown (error records). */
export const STORE_STREAMS = ['stdout', 'stderr', 'unknown'] as const;

/** Bytes per engine window while loading (bounded memory whatever the push size). */
const WINDOW = 4 << 20;
const NS_PER_MS = 1_000_000n;

export interface SelectOptions extends FilterOptions {
  /** keep only records with time in [fromMs, toMs) (ms since the epoch); absent = unbounded */
  fromMs?: number;
  toMs?: number;
  /** histogram: `buckets` equal buckets over [bucketFromMs, bucketToMs); records outside are not bucketed */
  buckets?: number;
  bucketFromMs?: number;
  bucketToMs?: number;
}

export interface Selection {
  /** records kept */
  count: number;
  /** buckets × 7 counts: histogram[b * 7 + level] (level codes as STORE_LEVELS) */
  histogram: Uint32Array;
  /** kept records per (source id, stream, level): bySource[(id * 3 + stream) * 7 + level] */
  bySource: Uint32Array;
  /** records dropped by the filters (by kind: the first filter that dropped them) and by the time range */
  droppedBySelector: number;
  droppedByQuery: number;
  droppedByGrep: number;
  droppedByTime: number;
}

export interface StoredRecord extends RecordObject {
  /** index in the store */
  index: number;
  /** time in ms since the epoch (float: sub-ms digits kept) */
  timeMs: number;
  /** time in ns since the epoch, exact */
  timeNs: bigint;
  sourceId: number;
  /** how many input lines end in this record */
  lines: number;
}

export class RecordStore {
  private readonly x: Record<string, any>;
  private selected = 0;

  constructor(readonly engine: Engine) {
    this.x = engine.exports;
    this.x.storeClear();
  }

  get length(): number {
    return this.x.storeLength() >>> 0;
  }

  /** Pushes bytes of any size through the whole pipeline and keeps the records they complete; returns how many. */
  push(source: Source, bytes: Uint8Array): number {
    if (source.isClosed) throw new Error('logsieve: source is closed');
    const before = this.length;
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(source.id, bytes.subarray(off, off + WINDOW));
        do {
          this.x.next();
          this.x.storeAppend();
        } while (this.x.remaining() > 0);
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, 'RecordStore.push()');
    }
    return this.length - before;
  }

  /**
   * Ends the source's input as close() would — its last line without '\n', held pieces, open groups — and keeps
   * those records, but leaves the source open: the store's records keep its file and kubernetes members.
   */
  finish(source: Source): number {
    if (source.isClosed) throw new Error('logsieve: source is closed');
    const before = this.length;
    this.engine.generation++;
    try {
      if (this.x.finish(source.id, this.engine.clock()) < 0) throw new Error('logsieve: source is closed');
      this.x.storeAppend();
    } catch (err) {
      throw memoryFailure(err, 'RecordStore.finish()');
    }
    return this.length - before;
  }

  /** Smallest and largest record time (ms) over records with a time, or undefined when there are none. */
  timeRange(): { minMs: number; maxMs: number } | undefined {
    if (this.x.storeMaxTime() <= 0n) return undefined;
    return { minMs: nsToMs(this.x.storeMinTime()), maxMs: nsToMs(this.x.storeMaxTime()) };
  }

  /**
   * Runs the filters (as the engine runs them on the record path) and the time range over every stored record.
   * A bad filter throws FilterSyntaxError (its position in .position) and leaves the last selection as it was.
   * The engine is left with no filters, so later pushes keep every record.
   */
  select(options: SelectOptions = {}): Selection {
    const buckets = options.buckets ?? 0;
    if (!Number.isInteger(buckets) || buckets < 0 || buckets > 1 << 20) throw new RangeError('logsieve: buckets must be an integer from 0 to 1048576');
    const bucketFrom = options.bucketFromMs ?? 0;
    const bucketTo = options.bucketToMs ?? bucketFrom;
    this.engine.setFilters({ selector: options.selector, query: options.query, grep: options.grep });
    let count: number;
    try {
      const from = options.fromMs === undefined ? -(2n ** 63n) : msToNs(options.fromMs);
      const to = options.toMs === undefined ? 2n ** 63n - 1n : msToNs(options.toMs);
      const fromB = msToNs(bucketFrom);
      const width = buckets > 0 ? (msToNs(bucketTo) - fromB + BigInt(buckets) - 1n) / BigInt(buckets) : 1n;
      count = this.x.storeSelect(from, to, fromB, width > 0n ? width : 1n, buckets) >>> 0;
    } catch (err) {
      throw memoryFailure(err, 'RecordStore.select()');
    } finally {
      this.engine.setFilters({ selector: undefined, query: undefined, grep: undefined });
    }
    this.selected = count;
    const view = this.engine.wasm.u8();
    const hist = this.x.storeHistogramAddress() >>> 0;
    const src = this.x.storeBySourceAddress() >>> 0;
    const sources = this.x.storeBySourceSources() >>> 0;
    return {
      count,
      histogram: new Uint32Array(view.slice(hist, hist + buckets * 7 * 4).buffer),
      bySource: new Uint32Array(view.slice(src, src + sources * 3 * 7 * 4).buffer),
      droppedBySelector: this.x.storeDropped(0) >>> 0,
      droppedByQuery: this.x.storeDropped(1) >>> 0,
      droppedByGrep: this.x.storeDropped(2) >>> 0,
      droppedByTime: this.x.storeDropped(3) >>> 0,
    };
  }

  /** Records kept by the last select. */
  get selectedCount(): number {
    return this.selected;
  }

  /** Store indices of the last selection's entries [from, to) (a copy). */
  selectedIndices(from: number, to: number): Uint32Array {
    const a = Math.max(0, Math.min(from, this.selected));
    const b = Math.max(a, Math.min(to, this.selected));
    const p = (this.x.storeSelectedAddress() >>> 0) + a * 4;
    return new Uint32Array(this.engine.wasm.u8().slice(p, p + (b - a) * 4).buffer);
  }

  /** Stored record i, decoded now (read only the rows you show). */
  record(index: number): StoredRecord {
    const p = Number.isInteger(index) && index >= 0 && index < this.length ? this.x.storeRowAddress(index) >>> 0 : 0;
    if (p === 0) throw new RangeError(`logsieve: stored record ${index} out of range`);
    const row = this.engine.wasm.u8().slice(p, p + ROW_SIZE);
    const rec = new LogRecord(oneRow(this.engine, row), 0);
    return {
      index, timeMs: nsToMs(rec.timeNs), timeNs: rec.timeNs, sourceId: rec.sourceId, lines: rec.lines, ...rec.toJSON(),
    };
  }

  /** The last selection as NDJSON bytes, in store order, exactly as the CLI writes the same records. */
  ndjson(onPart: (bytes: Uint8Array) => void): void {
    const step = 8192;
    for (let from = 0; from < this.selected; from += step) {
      this.engine.generation++;
      const len = this.x.storeEncode(from, from + step) >>> 0;
      const p = this.x.outAddress() >>> 0;
      if (len > 0) onPart(this.engine.copyOut(this.engine.wasm.u8(), p, p + len));
    }
  }

  /** Bytes the store holds in wasm memory (content and rows). */
  get bytes(): number {
    return this.x.storeBytes();
  }

  /** Forgets every stored record (the engine's sources stay open). */
  clear(): void {
    this.x.storeClear();
    this.selected = 0;
  }
}

function nsToMs(ns: bigint): number {
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}

function msToNs(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError('logsieve: a time must be a finite number of ms');
  const whole = Math.floor(ms);
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

/** One stored row seen as a one-record batch, so LogRecord decodes it exactly as it decodes any record. */
function oneRow(engine: Engine, row: Uint8Array): Batch {
  const view = Object.create(engine, {
    rowsBuf: { value: row }, rowsView: { value: new DataView(row.buffer) },
  }) as Engine;
  let kube: Map<number, string | undefined> | undefined;
  return {
    live: () => view,
    kubernetes(id: number) {
      kube ??= new Map([[id, engine.kubernetesJson(id)]]);
      const t = kube.get(id);
      return t === undefined ? undefined : JSON.parse(t);
    },
  } as unknown as Batch;
}
