// Runs the engine the way the oracle runs (test/oracle/records.ts) so the two can be compared record for
// record: one source, chunks pushed in order, flushes at byte offsets, then close.
import { createEngine } from '../../bindings/node.ts';
import type { Build } from '../../bindings/core/wasm.ts';
import type { OracleInput, OracleRecord } from '../oracle/records.ts';

export const BUILDS: readonly Build[] = ['simd', 'scalar'];

export interface EngineRun {
  records: OracleRecord[];
  ndjson: string;
}

/** Splits the concatenated chunks at every flush offset, keeping the caller's chunk boundaries too. */
function plan(input: OracleInput): Array<Uint8Array | 'flush'> {
  const flushAt = [...(input.flushAt ?? [])].sort((a, b) => a - b);
  const out: Array<Uint8Array | 'flush'> = [];
  let offset = 0;
  let fi = 0;
  for (const chunk of input.chunks) {
    let start = 0;
    while (fi < flushAt.length && flushAt[fi] <= offset + chunk.length) {
      const cut = flushAt[fi] - offset;
      if (cut > start) out.push(chunk.subarray(start, cut));
      out.push('flush');
      start = Math.max(start, cut);
      fi++;
    }
    if (start < chunk.length) out.push(chunk.subarray(start));
    offset += chunk.length;
  }
  while (fi++ < flushAt.length) out.push('flush');
  for (const op of input.ops ?? []) out.push(op.op === 'flush' ? 'flush' : op.bytes);
  return out;
}

export function runEngine(build: Build, input: OracleInput): EngineRun {
  const opts = { build, maxRecordBytes: input.maxRecordBytes, maxLineBytes: input.maxLineBytes };
  const steps = plan(input);

  const engine = createEngine(opts);
  const src = engine.source(input.path, { format: input.format ?? 'auto' });
  const records: OracleRecord[] = [];
  const take = (batch: Iterable<any>) => {
    for (const r of batch) {
      const rec: OracleRecord = {
        time: r.timeNs, stream: r.stream, log: r.logBytes, truncated: r.truncated, partial: r.partial,
        lines: r.lines, format: r.format,
      };
      const attrs = r.attrsBytes;
      if (attrs !== undefined) rec.attrs = attrs;
      if (r.error) rec.error = r.error;
      records.push(rec);
    }
  };
  for (const s of steps) take(s === 'flush' ? src.flush() : src.push(s));
  take(src.close());

  const engine2 = createEngine(opts);
  const src2 = engine2.source(input.path, { format: input.format ?? 'auto' });
  const dec = new TextDecoder('utf-8', { fatal: true });
  let ndjson = '';
  for (const s of steps) ndjson += dec.decode(s === 'flush' ? src2.flushNdjson() : src2.pushNdjson(s));
  ndjson += dec.decode(src2.closeNdjson());
  return { records, ndjson };
}

export const enc = new TextEncoder();
export const bytes = (s: string): Uint8Array => enc.encode(s);
