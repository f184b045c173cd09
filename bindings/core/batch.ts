// The records of one engine call, read lazily: a Batch is valid until the next call on its engine.

import type { Engine } from './engine.ts';
import { LogRecord, type RecordObject } from './record.ts';
import { inspectCustom } from './inspect.ts';
import type { KubernetesMeta } from './kubernetes.ts';

/** The records of one call, read lazily from the row table and wasm memory. */
export class Batch implements Iterable<LogRecord> {
  private readonly generation: number;

  /** @internal */
  constructor(private readonly engine: Engine, readonly length: number) {
    this.generation = engine.generation;
  }

  /** @internal */
  live(): Engine {
    if (this.generation !== this.engine.generation) {
      throw new Error('logsieve: batch used after a later call on its engine (copy what you need first)');
    }
    return this.engine;
  }

  private kubeText: Map<number, string | undefined> | undefined;

  /** @internal A source's `kubernetes` map (parsed per call: each record gets its own object). */
  kubernetes(sourceId: number): KubernetesMeta | undefined {
    const e = this.live();
    this.kubeText ??= new Map();
    let t = this.kubeText.get(sourceId);
    if (t === undefined && !this.kubeText.has(sourceId)) {
      t = e.kubernetesJson(sourceId);
      this.kubeText.set(sourceId, t);
    }
    return t === undefined ? undefined : (JSON.parse(t) as KubernetesMeta);
  }

  get(i: number): LogRecord {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`logsieve: record ${i} out of range`);
    return new LogRecord(this, i);
  }

  *[Symbol.iterator](): Iterator<LogRecord> {
    for (let i = 0; i < this.length; i++) yield new LogRecord(this, i);
  }

  /** @internal What console.log / util.inspect show: the records, while the batch is valid. */
  [inspectCustom](): object {
    if (this.generation !== this.engine.generation) return { length: this.length, expired: true };
    return this.toObjects();
  }

  /** Plain objects (a copy that outlives the batch). */
  toObjects(): RecordObject[] {
    const out: RecordObject[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = new LogRecord(this, i).toJSON();
    return out;
  }
}
