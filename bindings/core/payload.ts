// Request bodies for log receivers, written by the engine's payload encoders (assembly/emit/payload/,
// docs/payloads.md): the records of many engine calls gathered into one Loki push, OTLP logs request,
// Elasticsearch _bulk body or Splunk HEC body. The engine writes each call's entries grouped by key (a Loki
// stream, an OTLP resource); this class joins the groups of equal keys and wraps them. Each call's payload is
// copied out of wasm memory once, into an arena reused from batch to batch; take() writes the body from it.

import type { Engine } from './engine.ts';
import type { Source } from './source.ts';
import { BufferPool, ByteSink } from './byte-sink.ts';
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

/** A key's runs of entries: [start, end) pairs in the batch's arena, in the order the calls wrote them. */
interface Group { header: Uint8Array; spans: number[] }

/** The body's fixed framing per keyed kind: before everything, before a group's header, between the header
 *  and the entries, after the entries, after everything. */
interface Framing { open: Uint8Array; group: Uint8Array; entries: Uint8Array; close: Uint8Array; end: Uint8Array }
const FRAMING: Partial<Record<PayloadKind, Framing>> = {
  loki: { open: enc.encode('{"streams":['), group: enc.encode('{"stream":'), entries: enc.encode(',"values":['), close: enc.encode(']}'), end: enc.encode(']}') },
  otlp: {
    open: enc.encode('{"resourceLogs":['), group: enc.encode('{"resource":'),
    entries: enc.encode(',"scopeLogs":[{"scope":{"name":"logsieve"},"logRecords":['), close: enc.encode(']}]}'), end: enc.encode(']}'),
  },
};
const COMMA = 0x2c;

export class PayloadBatch {
  private readonly x: Record<string, any>;
  private readonly code: number;
  private readonly framing: Framing | undefined;
  /** every call's payload bytes, copied out of wasm memory once (reused from batch to batch) */
  private readonly arena: ByteSink;
  private readonly pool = new BufferPool();
  private groups = new Map<string, Group>();
  /** bytes the last encodeRows() wrote */
  private encoded = 0;
  /** [start, end) pairs of the keyless kinds (Elasticsearch, Splunk HEC) */
  private flat: number[] = [];
  /** records gathered since the last take() */
  records = 0;
  /** bytes of entries gathered since the last take() */
  bytes = 0;
  /** the body take() would give now: the entries and every byte of framing around them */
  bodyBytes = 0;

  constructor(readonly engine: Engine, readonly kind: PayloadKind) {
    this.code = PAYLOAD_KINDS.indexOf(kind);
    if (this.code < 0) throw new TypeError(`logsieve: unknown payload kind "${String(kind)}" (${PAYLOAD_KINDS.join(', ')})`);
    this.x = engine.exports;
    this.framing = FRAMING[kind];
    this.arena = new ByteSink(this.pool);
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

  /**
   * Adds the current table's n rows — after an engine call the caller made — to the batch. Rows are read, never
   * changed, so several batches (of any kinds) can add the same call's rows: one pipeline run, many outputs.
   */
  addRows(n: number): void {
    this.gather(n);
  }

  /** Encodes the current table's n rows and adds them. */
  private gather(n: number): void {
    if (n <= 0) return;
    this.encodeRows();
    this.keepEncoded(n);
  }

  /**
   * @internal Encodes the current table's rows without adding them yet; returns the bytes their entries take.
   * keepEncoded() adds them — before any other engine call — so a caller can seal the batch in between (the
   * agent's Batcher keeps bodies within their size this way).
   */
  encodeRows(): number {
    return (this.encoded = this.x.encodePayload(this.code) >>> 0);
  }

  /** @internal Adds the n rows encodeRows() encoded: the payload is copied into the arena once, its groups kept
   *  as spans. */
  keepEncoded(n: number): void {
    const len = this.encoded;
    const base = this.x.payloadAddress() >>> 0;
    const count = this.x.payloadGroupCount() >>> 0;
    const at = this.arena.length;
    const mem = this.engine.wasm.u8();
    this.arena.append(mem.subarray(base, base + len));
    // the index is read before payloadHeader() writes over the payload buffer (its own is apart: groupsPtr)
    const idx = this.x.payloadGroupsAddress() >>> 0;
    const index = new DataView(mem.buffer, mem.byteOffset + idx, count * 16);
    const keyed: number[] = [];
    for (let g = 0; g < count; g++) {
      const source = index.getUint32(g * 16, true);
      const stream = index.getUint32(g * 16 + 4, true);
      const start = at + index.getUint32(g * 16 + 8, true);
      const end = at + index.getUint32(g * 16 + 12, true);
      if (source === ANY) this.flat.push(start, end);
      else keyed.push(source, stream, start, end);
    }
    this.records += n;
    this.bytes += len;
    this.bodyBytes += len;
    for (let k = 0; k < keyed.length; k += 4) {
      // the key is the header's text: two sources with the same labels are one Loki stream / OTLP resource
      const hl = this.x.payloadHeader(this.code, keyed[k], keyed[k + 1]) >>> 0;
      const p = this.x.payloadAddress() >>> 0;
      const header = this.engine.wasm.u8().slice(p, p + hl);
      const key = this.engine.decode(header, 0, header.length);
      let group = this.groups.get(key);
      if (group === undefined) {
        this.groups.set(key, (group = { header, spans: [] }));
        const fr = this.framing!;
        this.bodyBytes += (this.groups.size === 1 ? fr.open.length + fr.end.length : 1)
          + fr.group.length + header.length + fr.entries.length + fr.close.length;
      } else this.bodyBytes += 1; // the comma between two runs of one key
      group.spans.push(keyed[k + 2], keyed[k + 3]);
    }
  }

  /**
   * The request body of everything gathered, and a fresh start; an empty array when nothing was gathered. The
   * caller owns the body; giving it back with recycle() once it is sent lets the next batch reuse its memory.
   */
  take(): Uint8Array {
    const body = this.framing ? this.wrapGroups(this.framing) : this.joinFlat();
    this.groups = new Map();
    this.flat = [];
    this.arena.clear();
    this.records = 0;
    this.bytes = 0;
    this.bodyBytes = 0;
    return body;
  }

  /** Gives back a body take() returned, once nothing reads it any more (sent): its memory is reused. */
  recycle(body: Uint8Array): void {
    this.pool.recycle(body);
  }

  /** Elasticsearch, Splunk HEC: the entries as they are; the arena itself when they fill it in order. */
  private joinFlat(): Uint8Array {
    const f = this.flat;
    let contiguous = f.length > 0 && f[0] === 0 && f[f.length - 1] === this.arena.length;
    let size = 0;
    for (let i = 0; i < f.length; i += 2) {
      size += f[i + 1] - f[i];
      if (i > 0 && f[i] !== f[i - 1]) contiguous = false;
    }
    if (size === 0) return new Uint8Array(0);
    if (contiguous) return this.arena.detach();
    const out = this.pool.take(size);
    const src = this.arena.view();
    let o = 0;
    for (let i = 0; i < f.length; i += 2) {
      out.set(src.subarray(f[i], f[i + 1]), o);
      o += f[i + 1] - f[i];
    }
    return out.subarray(0, o);
  }

  /** Loki, OTLP: each key's header once, its runs of entries joined by commas, inside the kind's framing. */
  private wrapGroups(fr: Framing): Uint8Array {
    if (this.groups.size === 0) return new Uint8Array(0);
    let size = fr.open.length + fr.end.length;
    for (const g of this.groups.values()) {
      size += 1 + fr.group.length + g.header.length + fr.entries.length + fr.close.length;
      for (let i = 0; i < g.spans.length; i += 2) size += 1 + g.spans[i + 1] - g.spans[i];
    }
    const out = this.pool.take(size);
    const src = this.arena.view();
    let o = 0;
    const put = (b: Uint8Array) => {
      out.set(b, o);
      o += b.length;
    };
    put(fr.open);
    let first = true;
    for (const g of this.groups.values()) {
      if (!first) out[o++] = COMMA;
      first = false;
      put(fr.group);
      put(g.header);
      put(fr.entries);
      for (let i = 0; i < g.spans.length; i += 2) {
        if (i > 0) out[o++] = COMMA;
        put(src.subarray(g.spans[i], g.spans[i + 1]));
      }
      put(fr.close);
    }
    put(fr.end);
    return out.subarray(0, o);
  }
}
