// The messages between the page and the worker. The worker owns the engine and the RecordStore; the page only
// ever holds what is on screen. Column data travels as typed arrays in the transfer list (moved, not copied);
// the few strings (visible rows' first lines, facet values) are small.

import type { Counters } from '../core/abi.ts';
import type { RecordObject } from '../core/record.ts';

/** A file to read: a Blob/File from the page, or a URL the worker fetches (files served by `logsieve view`). */
export type InputFile = { name: string; size: number } & ({ blob: Blob } | { url: string });

/** What one query box text asks the store for (query.ts builds it from the text). */
export interface FilterRequest {
  query?: string;
  selector?: string;
}

// --- page → worker ---

export type ToWorker =
  /** read these files (each one source, in this order); the store keeps what was read before */
  | { type: 'load'; files: InputFile[] }
  /** select again: filters, an optional time range (zoom), and how many histogram buckets to draw */
  | { type: 'select'; id: number; filter: FilterRequest; fromMs?: number; toMs?: number; buckets: number }
  /** rows [from, to) of selection `selection` (positions in the selection, not store indices) */
  | { type: 'rows'; id: number; selection: number; from: number; to: number }
  /** one whole record (the detail pane) */
  | { type: 'record'; id: number; index: number }
  /** the current selection as NDJSON, exactly as the CLI writes it */
  | { type: 'export'; id: number };

// --- worker → page ---

export interface Progress {
  type: 'progress';
  phase: 'loading' | 'ready';
  bytesRead: number;
  bytesTotal: number;
  /** records in the store so far */
  records: number;
  /** file being read (its name), when loading */
  file?: string;
  counters: Counters;
  wasmBytes: number;
}

/** Top values of one field over the selection, most frequent first. */
export interface Facet {
  field: FacetField;
  values: string[];
  counts: Uint32Array;
  /** distinct values in all (more than `values.length` when cut to the top ones) */
  distinct: number;
}

export type FacetField = 'namespace' | 'pod' | 'container' | 'level' | 'stream';

export interface Selected {
  type: 'selected';
  id: number;
  /** increases with each selection; rows replies name the selection they belong to */
  selection: number;
  count: number;
  /** all records in the store */
  total: number;
  /** histogram[b * 7 + level] (levels as STORE_LEVELS), over [bucketFromMs, bucketToMs) */
  histogram: Uint32Array;
  buckets: number;
  bucketFromMs: number;
  bucketToMs: number;
  /** the whole store's time domain (records at the epoch itself, which have no time of their own, excluded) */
  domainFromMs: number;
  domainToMs: number;
  /** records without a time of their own (time = the epoch: error records before any good line of a source) */
  untimed: number;
  facets: Facet[];
  dropped: { selector: number; query: number; grep: number; time: number };
  counters: Counters;
  /** worker-side time of the select, ms */
  ms: number;
}

export interface QueryFailed {
  type: 'queryError';
  id: number;
  /** which field of the request failed */
  kind: 'query' | 'selector';
  reason: string;
  /** UTF-16 index in the text the engine compiled */
  position: number;
}

/** Visible rows as columns; `text` is each record's first line (cut to TEXT_CHARS). */
export interface Rows {
  type: 'rows';
  id: number;
  selection: number;
  from: number;
  /** store index of each row */
  index: Uint32Array;
  timeMs: Float64Array;
  /** level code (STORE_LEVELS) */
  level: Uint8Array;
  /** stream code (STORE_STREAMS) */
  stream: Uint8Array;
  /** ROW_FLAG_* bits */
  flags: Uint8Array;
  /** log lines joined (1 unless grouped) */
  logLines: Uint32Array;
  sourceId: Uint32Array;
  text: string[];
  /** newly seen sources' names and metadata (the page keeps them by id) */
  sources: SourceInfo[];
}

export interface SourceInfo {
  id: number;
  path: string;
  namespace: string;
  pod: string;
  container: string;
}

export interface RecordReply {
  type: 'record';
  id: number;
  index: number;
  record: RecordObject;
}

export interface Exported {
  type: 'exported';
  id: number;
  blob: Blob;
  bytes: number;
}

export interface Failed {
  type: 'failed';
  /** the request that failed (absent: loading) */
  id?: number;
  message: string;
}

export type FromWorker = Progress | Selected | QueryFailed | Rows | RecordReply | Exported | Failed;

export const ROW_FLAG_ERROR = 1;
export const ROW_FLAG_PARTIAL = 2;
export const ROW_FLAG_TRUNCATED = 4;
/** a grouped record (a trace): its first line is shown, the detail has all of it */
export const ROW_FLAG_GROUPED = 8;

/** Characters of a row's first line sent to the page (the table shows one line; the detail has all). */
export const TEXT_CHARS = 400;

/**
 * The transfer list of a message: the buffers of its typed arrays (moved to the receiver, not copied). Only
 * arrays that own their whole buffer are moved: a view into a larger buffer (wasm memory!) would detach it.
 */
export function transferables(message: object): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const visit = (v: unknown) => {
    if (!ArrayBuffer.isView(v) || !(v.buffer instanceof ArrayBuffer)) return;
    if (v.byteOffset !== 0 || v.byteLength !== v.buffer.byteLength || out.includes(v.buffer)) return;
    out.push(v.buffer);
  };
  for (const v of Object.values(message)) {
    visit(v);
    if (Array.isArray(v)) for (const item of v) if (item && typeof item === 'object') for (const w of Object.values(item)) visit(w);
  }
  return out;
}
