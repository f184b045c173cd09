// A record store: every record of an engine's sources kept in wasm memory (for the viewer), selected again
// and again by filters without reparsing, and written as NDJSON exactly as the CLI writes it.
//
// API contract (implementation in progress; the viewer codes against this):
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
import type { RecordObject } from './record.ts';

/** Level codes as the engine numbers them (index into histogram rows): none, trace, debug, info, warn, error, fatal. */
export const STORE_LEVELS = ['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** Stream codes: stdout, stderr, unknown (error records). */
export const STORE_STREAMS = ['stdout', 'stderr', 'unknown'] as const;

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
  sourceId: number;
}

export class RecordStore {
  constructor(readonly engine: Engine) {}

  get length(): number {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  push(_source: Source, _bytes: Uint8Array): number {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  finish(_source: Source): number {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  /** Smallest and largest record time (ms), or undefined while empty. */
  timeRange(): { minMs: number; maxMs: number } | undefined {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  select(_options: SelectOptions): Selection {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  selectedIndices(_from: number, _to: number): Uint32Array {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  record(_index: number): StoredRecord {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  ndjson(_onPart: (bytes: Uint8Array) => void): void {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }

  /** Bytes the store holds in wasm memory (content and rows). */
  get bytes(): number {
    throw new Error('logsieve: RecordStore is not implemented yet');
  }
}
