// A bounded queue of batches waiting for one output. Bounded by bytes: a batch that does not fit is refused
// (offer() → false) and stays with the caller, who pauses its readers until 'drain' — backpressure, never a drop.
// The batch being sent stays counted until it is delivered, so the bound covers everything the output holds;
// a batch weighs what it holds (`held`: a pooled body's whole buffer), not only its body's length.
// 'drain' comes once the queue is down to half its bound (a low watermark), not after each batch: readers paused
// at the bound would otherwise wake, read a batch, and stop again for every batch sent — and each pause drops
// their reads in flight.

import { EventEmitter } from 'node:events';

export interface Batch {
  /** the request body: the engine's bytes (a PayloadBatch.take() or NDJSON) */
  body: Uint8Array;
  /** records in the body */
  records: number;
  /** called exactly once, after the batch is delivered (or its rejected records are counted as dropped) */
  ack?: () => void;
  /** called once the output is done with the body (delivered or dropped): its memory may be reused */
  release?: () => void;
  /** the memory the batch holds, when more than its body's length (a pooled buffer's capacity) */
  held?: number;
}

export class BatchQueue extends EventEmitter {
  private items: Batch[] = [];
  private sizes: number[] = []; // what each batch weighs now (resize())
  private refused = false;
  private waiter: (() => void) | undefined;
  /** bytes of the batches held (queued and in flight) */
  bytes = 0;
  /** the most bytes ever held (for tests and metrics) */
  peakBytes = 0;

  /** maxBytes: the bound; one batch is taken into an empty queue whatever its size, so nothing can stick. */
  constructor(readonly maxBytes: number) {
    super();
    if (!(maxBytes > 0)) throw new RangeError('logsieve: the output queue needs maxBytes > 0');
  }

  get length(): number {
    return this.items.length;
  }

  /** Adds a batch; false (and the batch is not taken) when it does not fit: wait for 'drain', then offer it again. */
  offer(batch: Batch): boolean {
    const weight = Math.max(batch.body.length, batch.held ?? 0);
    if (this.items.length > 0 && this.bytes + weight > this.maxBytes) {
      this.refused = true;
      return false;
    }
    this.items.push(batch);
    this.sizes.push(weight);
    this.bytes += weight;
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
    return true;
  }

  /** The oldest batch (still held until done()). */
  peek(): Batch | undefined {
    return this.items[0];
  }

  /** Resolves once a batch is there (at once when one is). */
  next(): Promise<void> {
    if (this.items.length > 0) return Promise.resolve();
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  /** Wakes a pending next() without a batch (on close). */
  wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** The oldest batch now weighs `bytes` (Elasticsearch: only its failed items are left to send). */
  resize(bytes: number): void {
    if (this.items.length === 0) return;
    this.bytes += bytes - this.sizes[0];
    this.sizes[0] = bytes;
  }

  /** The oldest batch is delivered: it leaves the queue and is acknowledged (in order: one batch in flight). */
  done(): Batch | undefined {
    const head = this.items.shift();
    if (head === undefined) return undefined;
    this.bytes -= this.sizes.shift()!;
    const ack = head.ack;
    head.ack = undefined; // exactly once
    ack?.();
    if (this.refused && this.bytes <= this.maxBytes / 2) {
      this.refused = false;
      this.emit('drain');
    }
    return head;
  }
}
