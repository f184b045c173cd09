// stdout and file outputs: NDJSON bytes from the engine, written in order, acked after the write (and fsync);
// a slow pipe reader holds the ack back; a broken stream stops the output with 'error' and no ack.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../bindings/agent/outputs/batcher.ts';
import { FileOutput, StdoutOutput, createOutput } from '../../../bindings/agent/outputs/index.ts';
import { PATH, criLines, engine } from './helpers.ts';

const dec = new TextDecoder();

function ndjsonBatches(n: number) {
  const e = engine();
  const s = e.source(PATH);
  const b = new Batcher(e, 'ndjson');
  const out = [];
  for (let i = 0; i < n; i++) {
    b.push(s, criLines(i * 10, i * 10 + 10));
    out.push(b.take()!);
  }
  return out;
}

describe('file output', () => {
  it('appends the NDJSON of every batch in order, acks each after its write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logsieve-out-'));
    try {
      const path = join(dir, 'out.ndjson');
      const out = createOutput(`file:${path}`) as FileOutput;
      const acks: number[] = [];
      const batches = ndjsonBatches(5);
      batches.forEach((b, i) => expect(out.offer({ ...b, ack: () => acks.push(i) })).toBe(true));
      await out.flushed();
      expect(acks).toEqual([0, 1, 2, 3, 4]);
      const text = readFileSync(path, 'utf8');
      expect(text).toBe(batches.map((b) => dec.decode(b.body)).join(''));
      const logs = text.split('\n').filter(Boolean).map((l) => JSON.parse(l).log);
      expect(logs).toEqual(Array.from({ length: 50 }, (_, i) => `${i % 3 === 0 ? 'ERROR ' : ''}line ${i}`));
      expect(out.counters).toMatchObject({ recordsOut: 50, batchesOut: 5, bytesOut: text.length });
      await out.close();
      // a second output appends
      const again = new FileOutput(path, { fsync: false });
      again.offer(batches[0]);
      await again.flushed();
      await again.close();
      expect(readFileSync(path, 'utf8')).toBe(text + dec.decode(batches[0].body));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('stdout output', () => {
  it('acks once the stream took the batch: a reader that does not read holds the acks and fills the queue', async () => {
    const pipe = new PassThrough({ highWaterMark: 16 }); // nobody reads yet
    const out = new StdoutOutput({ stream: pipe, maxQueueBytes: 12_000 }); // a few batches (each weighs its pooled buffer)
    const acks: number[] = [];
    const batches = ndjsonBatches(20);
    let refusedAt = -1;
    for (let i = 0; i < batches.length; i++) {
      if (!out.offer({ ...batches[i], ack: () => acks.push(i) })) {
        refusedAt = i;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(refusedAt).toBeGreaterThan(0); // backpressure reached the producer
    expect(acks.length).toBeLessThan(refusedAt);
    const chunks: Buffer[] = [];
    pipe.on('data', (c) => chunks.push(c)); // the reader starts
    const drained = new Promise((r) => out.once('drain', r));
    await drained;
    for (let i = refusedAt; i < batches.length; i++) {
      while (!out.offer({ ...batches[i], ack: () => acks.push(i) })) await new Promise((r) => out.once('drain', r));
    }
    await out.flushed();
    expect(acks).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Buffer.concat(chunks).toString('utf8')).toBe(batches.map((b) => dec.decode(b.body)).join(''));
    expect(out.queue.peakBytes).toBeLessThanOrEqual(12_000);
    await out.close();
  });

  it('a broken stream stops the output with an error; the batch is not acked', async () => {
    const broken = new Writable({ write: (_c, _e, cb) => cb(new Error('EPIPE')) });
    broken.on('error', () => {});
    const out = new StdoutOutput({ stream: broken });
    let acks = 0;
    const failed = new Promise<Error>((r) => out.once('error', r));
    out.offer({ ...ndjsonBatches(1)[0], ack: () => acks++ });
    const flushed = out.flushed();
    expect((await failed).message).toBe('EPIPE');
    await expect(flushed).rejects.toThrow('EPIPE');
    expect(acks).toBe(0);
    expect(out.counters.failures).toBe(1);
    await out.close();
  });
});
