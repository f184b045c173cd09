// Small helpers shared by the hand-written engine tests (decode, join, frame, emit): run bytes through one source
// of a fresh engine and copy every record out of its batch (batches die at the next call).
import { createEngine, type Batch, type NodeEngineOptions } from '../../bindings/node.ts';
import type { Format } from '../../bindings/core/abi.ts';

export const enc = new TextEncoder();
export const bytes = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? enc.encode(s) : s);
export const latin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

export interface Rec {
  timeNs: bigint;
  time: string;
  stream: string;
  log: string;
  logBytes: Uint8Array;
  attrs?: string;
  truncated: boolean;
  partial: boolean;
  error?: string;
  lines: number;
  format: string;
  file?: string;
}

export function copy(batch: Batch, out: Rec[] = []): Rec[] {
  for (const r of batch) {
    const rec: Rec = {
      timeNs: r.timeNs, time: r.time, stream: r.stream, log: r.log, logBytes: r.logBytes, truncated: r.truncated,
      partial: r.partial, lines: r.lines, format: r.format, attrs: r.attrs, error: r.error, file: r.file,
    };
    out.push(rec);
  }
  return out;
}

export interface RunOptions extends NodeEngineOptions {
  format?: Format;
  path?: string;
}

/** Pushes each chunk (a `null` chunk means flush), then closes; returns every record in order. */
export function run(chunks: Array<string | Uint8Array | null> | string | Uint8Array, opts: RunOptions = {}): Rec[] {
  const list = Array.isArray(chunks) ? chunks : [chunks];
  const engine = createEngine(opts);
  const src = engine.source(opts.path, { format: opts.format ?? 'auto' });
  const out: Rec[] = [];
  for (const c of list) copy(c === null ? src.flush() : src.push(bytes(c)), out);
  copy(src.close(), out);
  return out;
}

/** Exactly one record for one input line, with the fields that matter. */
export function one(line: string | Uint8Array, opts: RunOptions = {}): Rec {
  const recs = run(line, opts);
  if (recs.length !== 1) throw new Error(`expected one record, got ${recs.length}: ${JSON.stringify(recs.map((r) => r.log))}`);
  return recs[0];
}

/** ns since the epoch of a UTC wall-clock time, by BigInt arithmetic from Date.UTC (month 1-12). */
export function utcNs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fracNs = 0n): bigint {
  const ms = Date.UTC(2000, mo - 1, d, h, mi, s);
  // Date.UTC maps years 0..99 to 1900+; set the year separately to be safe for every year
  const date = new Date(ms);
  date.setUTCFullYear(y, mo - 1, d);
  return BigInt(date.getTime()) * 1_000_000n + fracNs;
}
