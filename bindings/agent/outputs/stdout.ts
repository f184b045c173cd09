// NDJSON to a stream (process.stdout by default). A batch is delivered once the stream has taken it (write's
// callback); waiting for it is the backpressure a slow pipe reader puts on the agent. A write error (EPIPE:
// the reader went away) stops the output with 'error': the batch stays unacknowledged.

import type { Writable } from 'node:stream';
import { Output, type OutputOptions } from './output.ts';
import type { Batch } from './queue.ts';

export interface StdoutOptions extends OutputOptions {
  stream?: Writable;
}

export class StdoutOutput extends Output {
  readonly kind = 'ndjson' as const;
  private readonly stream: Writable;

  constructor(options: StdoutOptions = {}) {
    super('stdout', options);
    this.stream = options.stream ?? process.stdout;
  }

  protected deliver(batch: Batch): Promise<void> {
    this.counters.requests++;
    this.counters.wireBytes += batch.body.length;
    return new Promise((resolve, reject) => {
      this.stream.write(batch.body, (err) => {
        if (err) return reject(err);
        this.counters.recordsOut += batch.records;
        this.counters.bytesOut += batch.body.length;
        resolve();
      });
    });
  }
}
