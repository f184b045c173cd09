// A source as JavaScript sees it: push bytes (in bounded windows where the result allows), flush, close.

import type { Format } from './abi.ts';
import type { Engine } from './engine.ts';
import { Batch } from './batch.ts';
import { type PushInput, concat, toBytes } from './bytes.ts';
import { memoryFailure } from './trap.ts';
import { inspectCustom } from './inspect.ts';
import type { SourceKubernetes } from './kubernetes.ts';
import type { SourceOffsets } from './options.ts';

/** Bytes per push window for the NDJSON and count paths (bounded memory whatever the push size). */
const WINDOW = 4 << 20;

export class Source {
  private closed = false;

  /** @internal */
  constructor(
    private readonly engine: Engine,
    readonly id: number,
    readonly path: string | undefined,
    readonly format: Format,
  ) {}

  /**
   * Sets what the host knows about this source's pod and container: it overrides what the path says, and its
   * labels merge over the pod's (see EngineOptions.pods). Records from the next call on carry it.
   */
  setKubernetes(meta: SourceKubernetes): void {
    this.check();
    this.engine.setSourceMeta(this.id, meta);
  }

  /** Input offsets: how far the source's records are done, per stream (docs/offsets.md). */
  offsets(): SourceOffsets {
    this.check();
    const x = this.engine.exports;
    return {
      consumed: x.sourceConsumed(this.id), heldFrom: x.sourceDoneThrough(this.id, 3),
      done: { stdout: x.sourceDoneThrough(this.id, 0), stderr: x.sourceDoneThrough(this.id, 1), errors: x.sourceDoneThrough(this.id, 2) },
    };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private check(): void {
    if (this.closed) throw new Error('logsieve: source is closed');
  }

  /**
   * Pushes bytes (a string is encoded as UTF-8); returns the records they complete as a lazy batch (valid
   * until the next engine call). The batch points into wasm memory, so one push takes at most
   * `engine.limits.maxPushBytes` (256 MiB); pushNdjson and pushCount take any size.
   * Records that the held-bytes budget released early may belong to other sources (see `record.file`).
   */
  push(input: PushInput): Batch {
    this.check();
    const bytes = toBytes(input, 'push');
    const most = this.engine.limits.maxPushBytes;
    if (bytes.length > most) {
      throw new RangeError(
        `logsieve: push() takes at most ${most} bytes at a time (got ${bytes.length}); push smaller chunks, or use `
          + 'pushNdjson()/pushCount(), which take any size',
      );
    }
    try {
      this.engine.begin(this.id, bytes);
      return new Batch(this.engine, this.engine.drainRows());
    } catch (err) {
      throw memoryFailure(err, 'push()');
    }
  }

  /** Pushes bytes (or a string, as UTF-8) of any size; returns the records they complete as NDJSON bytes. */
  pushNdjson(input: PushInput): Uint8Array {
    const parts = this.pushNdjsonParts(input, 'pushNdjson', Infinity);
    return parts.length ? concat(parts) : this.engine.noBytes();
  }

  /**
   * As pushNdjson, but the NDJSON comes as a list of parts of at most 256 KiB each (whole records are not kept
   * together: join them, or write them in order). Cheaper than one array when the output is large (a big
   * allocation is fresh memory each time): the stream and the CLI use it.
   */
  pushNdjsonParts(input: PushInput): Uint8Array[];
  /** @internal with the method name for messages and the largest part */
  pushNdjsonParts(input: PushInput, method: string, partBytes: number): Uint8Array[];
  pushNdjsonParts(input: PushInput, method = 'pushNdjsonParts', partBytes?: number): Uint8Array[] {
    this.check();
    const bytes = toBytes(input, method);
    const parts: Uint8Array[] = [];
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(this.id, bytes.subarray(off, off + WINDOW));
        this.engine.drainNdjson(parts, partBytes);
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, `${method}()`);
    }
    return parts;
  }

  /** Pushes bytes (or a string) of any size and only counts the records (the table is built, not read). */
  pushCount(input: PushInput): number {
    this.check();
    const bytes = toBytes(input, 'pushCount');
    let count = 0;
    try {
      for (let off = 0; off < bytes.length || off === 0; off += WINDOW) {
        this.engine.begin(this.id, bytes.subarray(off, off + WINDOW));
        count += this.engine.drainCount();
        if (bytes.length === 0) break;
      }
    } catch (err) {
      throw memoryFailure(err, 'pushCount()');
    }
    return count;
  }

  /**
   * With no argument: releases held partial pieces (flagged `partial`) and open groups. With `nowMs` (the
   * host clock, ms): releases only the groups idle longer than `multiline.idleMs` or begun longer ago than
   * `multiline.maxAgeMs` — call it on a timer so a quiet container's last trace comes out.
   */
  flush(nowMs?: number): Batch {
    this.check();
    return new Batch(this.engine, this.engine.collectRows(Math.max(this.call('flush', nowMs), 0), 0));
  }

  flushNdjson(nowMs?: number): Uint8Array {
    this.check();
    return this.call('flush', nowMs) > 0 ? this.engine.copyNdjson() : this.engine.noBytes();
  }

  /** Ends the source: the last line without '\n' is emitted, held pieces are released, state is freed. */
  close(): Batch {
    this.check();
    const n = this.call('close');
    this.markClosed();
    return new Batch(this.engine, this.engine.collectRows(Math.max(n, 0), 0));
  }

  closeNdjson(): Uint8Array {
    this.check();
    const n = this.call('close');
    this.markClosed();
    return n > 0 ? this.engine.copyNdjson() : this.engine.noBytes();
  }

  /** flush or close in wasm; returns its row count. */
  private call(what: 'flush' | 'close', nowMs?: number): number {
    this.engine.generation++;
    if (nowMs !== undefined && !Number.isFinite(nowMs)) throw new RangeError('logsieve: flush(nowMs) takes a finite number of ms');
    try {
      const x = this.engine.exports;
      return what === 'flush'
        ? x.flush(this.id, nowMs ?? this.engine.clock(), nowMs !== undefined)
        : x.close(this.id, this.engine.clock());
    } catch (err) {
      throw memoryFailure(err, `${what}()`);
    }
  }

  /** @internal What console.log / util.inspect show. */
  [inspectCustom](): object {
    return { id: this.id, path: this.path, format: this.format, closed: this.closed };
  }

  private markClosed(): void {
    this.closed = true;
    this.engine.sources.delete(this);
  }
}
