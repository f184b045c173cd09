// Request bodies for log receivers, written by the engine's payload encoders (assembly/emit/payload/,
// docs/payloads.md): the records of many engine calls gathered into one Loki push, OTLP logs request,
// Elasticsearch _bulk body or Splunk HEC body. The engine writes each call's entries grouped by key (a Loki
// stream, an OTLP resource); this class joins the groups of equal keys and wraps them.

import type { Engine } from './engine.ts';
import type { Source } from './source.ts';
import { concat } from './bytes.ts';
import { memoryFailure } from './trap.ts';

/** Payload kinds in the engine's code order (test/common/abi.test.ts checks them against the module). */
export const PAYLOAD_KINDS = ['loki', 'otlp', 'elasticsearch', 'splunk-hec'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** Content-Type of each kind's body. */
export const PAYLOAD_CONTENT_TYPES: Record<PayloadKind, string> = {
  loki: 'application/json', otlp: 'application/json', elasticsearch: 'application/x-ndjson', 'splunk-hec': 'application/json',
};

const WINDOW = 4 << 20;
const enc = new TextEncoder();
const ANY = 0xffffffff;

interface Group { header: Uint8Array; parts: Uint8Array[] }

export class PayloadBatch {
  private readonly x: Record<string, any>;
  private readonly code: number;
  private groups = new Map<string, Group>();
  private flat: Uint8Array[] = [];
  /** records gathered since the last take() */
  records = 0;
  /** bytes of entries gathered since the last take() (the body adds a little framing) */
  bytes = 0;

  constructor(readonly engine: Engine, readonly kind: PayloadKind) {
    this.code = PAYLOAD_KINDS.indexOf(kind);
    if (this.code < 0) throw new TypeError(`logsieve: unknown payload kind "${String(kind)}" (${PAYLOAD_KINDS.join(', ')})`);
    this.x = engine.exports;
  }

  /** Pushes bytes (any size) through the pipeline; the records they complete join the batch. Returns how many. */
  push(source: Source, bytes: Uint8Array): number {
    if (source.isClosed) throw new Error('logsieve: source is closed');
    const before = this.records;
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(source.id, bytes.subarray(off, off + WINDOW));
        do this.gather(this.x.next());
        while (this.x.remaining() > 0);
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, 'PayloadBatch.push()');
    }
    return this.records - before;
  }

  /** source.flush(nowMs) into the batch (see Source.flush); returns the records added. */
  flush(source: Source, nowMs?: number): number {
    const before = this.records;
    this.engine.generation++;
    const n = this.x.flush(source.id, nowMs ?? this.engine.clock(), nowMs !== undefined);
    if (n < 0) throw new Error('logsieve: source is closed');
    this.gather(n);
    return this.records - before;
  }

  /** Closes the source; its last records join the batch. */
  close(source: Source): number {
    const before = this.records;
    const batch = source.close(); // the rows stay in the table until the next call
    this.gather(batch.length);
    return this.records - before;
  }

  /** Encodes the current table's n rows and keeps their groups. */
  private gather(n: number): void {
    if (n <= 0) return;
    const len = this.x.encodePayload(this.code) >>> 0;
    const mem = this.engine.wasm.u8();
    const base = this.x.payloadAddress() >>> 0;
    const count = this.x.payloadGroupCount() >>> 0;
    const index = new Uint32Array(mem.slice(this.x.payloadGroupsAddress() >>> 0, (this.x.payloadGroupsAddress() >>> 0) + count * 16).buffer);
    const parts: Array<[number, number, Uint8Array]> = [];
    for (let g = 0; g < count; g++) {
      const [source, stream, start, end] = index.subarray(g * 4, g * 4 + 4);
      parts.push([source, stream, mem.slice(base + start, base + end)]);
    }
    this.records += n;
    this.bytes += len;
    for (const [source, stream, bytes] of parts) {
      if (source === ANY) {
        this.flat.push(bytes);
        continue;
      }
      // the key is the header's text: two sources with the same labels are one Loki stream / OTLP resource
      const hl = this.x.payloadHeader(this.code, source, stream) >>> 0;
      const p = this.x.payloadAddress() >>> 0;
      const header = this.engine.wasm.u8().slice(p, p + hl);
      const key = this.engine.decode(header, 0, header.length);
      let group = this.groups.get(key);
      if (group === undefined) this.groups.set(key, (group = { header, parts: [] }));
      group.parts.push(bytes);
    }
  }

  /** The request body of everything gathered, and a fresh start; an empty array when nothing was gathered. */
  take(): Uint8Array {
    const out: Uint8Array[] = [];
    if (this.kind === 'elasticsearch' || this.kind === 'splunk-hec') {
      out.push(...this.flat);
    } else if (this.groups.size > 0) {
      const loki = this.kind === 'loki';
      out.push(enc.encode(loki ? '{"streams":[' : '{"resourceLogs":['));
      let first = true;
      for (const g of this.groups.values()) {
        out.push(enc.encode(`${first ? '' : ','}${loki ? '{"stream":' : '{"resource":'}`), g.header,
          enc.encode(loki ? ',"values":[' : ',"scopeLogs":[{"scope":{"name":"logsieve"},"logRecords":['));
        g.parts.forEach((part, i) => out.push(...(i ? [enc.encode(','), part] : [part])));
        out.push(enc.encode(loki ? ']}' : ']}]}'));
        first = false;
      }
      out.push(enc.encode(']}'));
    }
    this.groups = new Map();
    this.flat = [];
    this.records = 0;
    this.bytes = 0;
    return concat(out);
  }
}
