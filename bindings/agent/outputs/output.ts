// The part every output shares: a bounded queue, one batch in flight (so acks come in order and a checkpoint
// built on them never passes an unsent batch), counters, and a close that waits for the queue up to a deadline.
// Each kind implements deliver(): resolve once the batch is delivered (retrying inside as long as it takes),
// having counted what it delivered or dropped.

import { EventEmitter } from 'node:events';
import { type Batch, BatchQueue } from './queue.ts';
import { OutputCounters } from './counters.ts';

export interface OutputOptions {
  /** the queue bound in bytes (default 64 MiB) */
  maxQueueBytes?: number;
}

/** Thrown by deliver() when the output is closing: the batch stays unacknowledged (it is read again after a restart). */
export class Closing extends Error {
  constructor() {
    super('logsieve: output closing');
  }
}

export abstract class Output extends EventEmitter {
  readonly queue: BatchQueue;
  readonly counters = new OutputCounters();
  /** aborted when the output closes: pending sleeps and requests end */
  protected readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private idle: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  /** why the output stopped (a broken local sink), if it did */
  private failed: Error | undefined;

  constructor(readonly name: string, options: OutputOptions = {}) {
    super();
    this.queue = new BatchQueue(options.maxQueueBytes ?? 64 << 20);
    this.queue.on('drain', () => this.emit('drain'));
  }

  /** Queues a batch for sending; false when the queue is full (the batch is not taken: pause, wait for 'drain'). */
  offer(batch: Batch): boolean {
    if (this.abort.signal.aborted) throw new Error(`logsieve: output ${this.name} is closed`);
    const ok = this.queue.offer(batch);
    if (ok) this.loop ??= this.run();
    return ok;
  }

  /** Resolves when every batch offered so far is delivered (or the output closes); rejects if the output failed. */
  flushed(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.idle.push({ resolve, reject }));
  }

  /**
   * Stops: waits up to `deadlineMs` for the queue to empty, then abandons what is left (unacknowledged, so it is
   * read again after a restart) and releases resources.
   */
  async close(deadlineMs = 0): Promise<void> {
    if (this.queue.length > 0 && deadlineMs > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.flushed().catch(() => {}), new Promise((r) => { timer = setTimeout(r, deadlineMs); })]);
      clearTimeout(timer);
    }
    this.abort.abort();
    this.queue.wake();
    await this.loop;
    for (const w of this.idle.splice(0)) w.resolve();
    await this.release();
  }

  /** Sends one batch; resolves once delivered (after any retries); throws Closing when aborted. */
  protected abstract deliver(batch: Batch): Promise<void>;

  /** Frees sockets, files. */
  protected async release(): Promise<void> {}

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      await this.queue.next();
      const batch = this.queue.peek();
      if (batch === undefined || signal.aborted) break;
      try {
        if (batch.records > 0 || batch.body.length > 0) await this.deliver(batch);
      } catch (err) {
        if (err instanceof Closing || signal.aborted) break;
        // a bug or a broken local sink (stdout closed): stop here, the batch stays unacknowledged
        this.counters.failures++;
        this.failed = err as Error;
        this.abort.abort();
        for (const w of this.idle.splice(0)) w.reject(this.failed);
        this.emit('error', err);
        break;
      }
      this.counters.batchesOut++;
      this.queue.done();
      batch.release?.();
      if (this.queue.length === 0) for (const w of this.idle.splice(0)) w.resolve();
    }
  }
}
