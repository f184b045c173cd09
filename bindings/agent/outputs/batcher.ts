// Batching by size and time, between the engine and an output. Records gather in the engine's PayloadBatch
// (or as NDJSON bytes) until `maxBytes` — then full() — or until the batch is `maxWaitMs` old — then due(now);
// take() seals the batch with the acks joined to it (ack()), for Output.offer. The body is always the engine's:
// a batch cannot be merged with another after take() (Loki and OTLP bodies are wrapped), so size is decided here.
// An engine step's rows that would take the open batch past maxBytes seal it first (addRows): a body exceeds
// maxBytes only when one step's rows alone do (a step is at most 8,192 rows), never by adding to a full batch —
// receivers refuse bodies over their limit (Splunk HEC, Loki's grpc limit), and a refused body is lost.

import type { Engine } from '../../core/engine.ts';
import { PayloadBatch, type PayloadKind } from '../../core/payload.ts';
import type { Source } from '../../core/source.ts';
import { BufferPool, ByteSink } from '../../core/byte-sink.ts';
import type { Batch } from './queue.ts';

export interface BatcherOptions {
  /** seal at this many body bytes (default 1 MiB) */
  maxBytes?: number;
  /** seal a batch this old, ms (default 1000) */
  maxWaitMs?: number;
}

export class Batcher {
  private readonly payload: PayloadBatch | undefined;
  /** NDJSON bodies: bytes copied straight from wasm memory into a pooled buffer, handed out whole by take() */
  private readonly pool = new BufferPool();
  private readonly ndjson = new ByteSink(this.pool);
  private ndjsonRecords = 0;
  private acks: Array<() => void> = [];
  /** batches sealed inside addRows, waiting for take() (oldest first) */
  private sealed: Batch[] = [];
  /** body bytes and records added since the start (the pipeline sizes engine steps from them) */
  addedBytes = 0;
  addedRecords = 0;
  private openedAt: number | undefined;
  readonly maxBytes: number;
  readonly maxWaitMs: number;

  /** format: a payload kind, or 'ndjson' for stdout and file. */
  constructor(readonly engine: Engine, readonly format: PayloadKind | 'ndjson', options: BatcherOptions = {}) {
    this.payload = format === 'ndjson' ? undefined : new PayloadBatch(engine, format);
    this.maxBytes = options.maxBytes ?? 1 << 20;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
  }

  get records(): number {
    return this.payload?.records ?? this.ndjsonRecords;
  }

  get bytes(): number {
    return this.payload?.bodyBytes ?? this.ndjson.length;
  }

  /** Pushes bytes through the engine; their records join the batch. Returns how many. nowMs: when (for due()). */
  push(source: Source, bytes: Uint8Array, nowMs = Date.now()): number {
    this.openedAt ??= nowMs;
    return this.payload ? this.payload.push(source, bytes) : this.addNdjson(source.pushNdjson(bytes));
  }

  /** source.flush(nowMs) into the batch (a quiet stream's held group or piece). */
  flush(source: Source, nowMs?: number): number {
    this.openedAt ??= nowMs ?? Date.now();
    return this.payload ? this.payload.flush(source, nowMs) : this.addNdjson(source.flushNdjson(nowMs));
  }

  /** Closes the source; its last records join the batch. */
  close(source: Source, nowMs = Date.now()): number {
    this.openedAt ??= nowMs;
    return this.payload ? this.payload.close(source) : this.addNdjson(source.closeNdjson());
  }

  /**
   * Adds the current table's n rows (after an engine call the caller made: the agent's pipeline runs the engine
   * once and adds the rows to every output's batcher). When they would take the open batch past maxBytes, the
   * open batch is sealed first (take() hands it out before the one they open).
   */
  addRows(n: number, nowMs = Date.now()): void {
    if (n <= 0) return;
    const payload = this.payload;
    const view = payload ? undefined : this.engine.encodeNdjsonView();
    const len = payload ? payload.encodeRows() : view!.length;
    if (this.records > 0 && this.bytes + len > this.maxBytes) this.sealed.push(this.seal()!);
    this.addedBytes += len;
    this.addedRecords += n;
    this.openedAt ??= nowMs;
    if (payload) payload.keepEncoded(n);
    else this.addNdjson(view!, n);
  }

  /** Joins `ack` to the open batch: called once it is delivered (the caller's checkpoint marks). */
  ack(ack: () => void, nowMs = Date.now()): void {
    this.openedAt ??= nowMs;
    this.acks.push(ack);
  }

  /** A batch is ready to go: one was sealed by size, or the open batch reached maxBytes. */
  get full(): boolean {
    return this.sealed.length > 0 || this.bytes >= this.maxBytes;
  }

  /** The open batch should go: full, or holding records or acks for maxWaitMs. */
  due(nowMs: number): boolean {
    return this.full || (this.openedAt !== undefined && nowMs - this.openedAt >= this.maxWaitMs);
  }

  /**
   * The oldest sealed batch, else the open batch sealed now; undefined when there is none and the open batch
   * holds neither records nor acks. A batch of acks only (its records were all filtered out) has an empty body:
   * the output acks it in turn without sending anything.
   */
  take(): Batch | undefined {
    return this.sealed.shift() ?? this.seal();
  }

  /** Seals the open batch (see take()). */
  private seal(): Batch | undefined {
    if (this.records === 0 && this.acks.length === 0) {
      this.openedAt = undefined;
      return undefined;
    }
    const records = this.records;
    const payload = this.payload;
    const body = payload ? payload.take() : this.ndjson.detach();
    this.ndjsonRecords = 0;
    const acks = this.acks;
    this.acks = [];
    this.openedAt = undefined;
    return {
      body, records,
      ack: acks.length === 0 ? undefined : () => { for (const a of acks) a(); },
      release: () => (payload ? payload.recycle(body) : this.pool.recycle(body)),
      held: body.buffer.byteLength,
    };
  }

  /** Appends NDJSON bytes (a view into wasm memory or a copy) holding `records` records, or counts their lines. */
  private addNdjson(bytes: Uint8Array, records?: number): number {
    if (bytes.length === 0) return 0;
    let n = records ?? 0;
    if (records === undefined) for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
    this.ndjson.append(bytes);
    this.ndjsonRecords += n;
    return n;
  }
}
