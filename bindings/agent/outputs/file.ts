// NDJSON appended to a file. A batch is delivered once written and, by default, fsynced: the ack moves a
// checkpoint, so what it covers must survive a crash of the machine, not only of the agent. Batches are large,
// so one fsync each is cheap. The file is opened on the first batch (created if missing, mode 0644).

import { type FileHandle, open } from 'node:fs/promises';
import { Output, type OutputOptions } from './output.ts';
import type { Batch } from './queue.ts';

export interface FileOutputOptions extends OutputOptions {
  /** fsync after each batch (default true) */
  fsync?: boolean;
}

export class FileOutput extends Output {
  readonly kind = 'ndjson' as const;
  private handle: FileHandle | undefined;

  constructor(readonly path: string, private readonly options: FileOutputOptions = {}) {
    super(`file:${path}`, options);
  }

  protected async deliver(batch: Batch): Promise<void> {
    this.handle ??= await open(this.path, 'a', 0o644);
    this.counters.requests++;
    this.counters.wireBytes += batch.body.length;
    let at = 0;
    while (at < batch.body.length) at += (await this.handle.write(batch.body, at)).bytesWritten;
    if (this.options.fsync !== false) await this.handle.sync();
    this.counters.recordsOut += batch.records;
    this.counters.bytesOut += batch.body.length;
  }

  protected async release(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
