// The agent's pipeline (bindings/agent/pipeline.ts): file chunks → one engine run → every output's batcher →
// its queue; acks → checkpoints. A crash after the outputs delivered some batches, then a restart from the saved
// checkpoint with the engine's `resume`: the slowest output gets every record exactly once over both runs (what
// it had before, then the rest), the others lose nothing and repeat only what the slowest had not acknowledged.
// Seeded inputs (both streams interleaved, stack traces, P pieces, malformed lines), random chunking, batch
// sizes and crash points; no wall clock (outputs deliver when the test lets them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { Pipeline } from '../../bindings/agent/pipeline.ts';
import { Batcher } from '../../bindings/agent/outputs/batcher.ts';
import { Closing, Output } from '../../bindings/agent/outputs/output.ts';
import type { Batch } from '../../bindings/agent/outputs/queue.ts';
import { Checkpoints } from '../../bindings/agent/files/checkpoints.ts';
import { TailedFile } from '../../bindings/agent/files/tailed-file.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const dirs: string[] = [];
const KEY = '1:2:16:0123456789abcdef'; // an identity key (identity.ts)
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** An output that delivers (records the body, acks) only as many batches as the test allows. */
class GatedOutput extends Output {
  readonly bodies: string[] = [];
  private allowed: number;
  private wake: (() => void) | undefined;

  constructor(name: string, allowed: number, maxQueueBytes = 1 << 30) {
    super(name, { maxQueueBytes });
    this.allowed = allowed;
  }

  allow(n: number): void {
    this.allowed = n;
    this.wake?.();
  }

  protected async deliver(batch: Batch): Promise<void> {
    while (this.bodies.length >= this.allowed) {
      if (this.abort.signal.aborted) throw new Closing();
      await new Promise<void>((r) => { this.wake = r; this.abort.signal.addEventListener('abort', () => r(), { once: true }); });
    }
    this.bodies.push(dec.decode(batch.body));
    batch.ack?.();
  }
}

let tick = 0;
const ts = () => `2026-11-24T10:00:${String(Math.floor(tick / 1000) % 60).padStart(2, '0')}.${String(tick++ % 1000).padStart(3, '0')}Z`;
const lineArb = fc.oneof(
  fc.constantFrom('stdout', 'stderr').map((s) => [`${s} F INFO ok`]),
  fc.constantFrom('stdout', 'stderr').map((s) => [`${s} F Exception in thread "main" java.lang.IllegalStateException: boom`, `${s} F \tat a.B.c(B.java:1)`, `${s} F \tat a.B.d(B.java:2)`]),
  fc.constantFrom('stdout', 'stderr').map((s) => [`${s} P piece-`, `${s} P more-`, `${s} F end`]),
  fc.constant(['!garbage']),
);
const caseArb = fc.record({
  blocks: fc.array(lineArb, { minLength: 1, maxLength: 40 }),
  chunks: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 }),
  maxBytes: fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 2, maxLength: 2 }),
  delivered: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
});

function content(blocks: string[][]): Uint8Array {
  tick = 0;
  return enc.encode(blocks.flat().map((l) => (l.startsWith('!') ? l.slice(1) : `${ts()} ${l}`)).join('\n') + '\n');
}

const records = (text: string) => text.split('\n').filter(Boolean).map((l) => {
  const o = JSON.parse(l);
  if (o.error) delete o.time; // an error record's time is the last good line's: a restart may not have read it
  return o;
});

/** One run: feeds `bytes` from `startAt` in chunks; ends the file when `finish`. */
async function run(
  path: string, bytes: Uint8Array, file: TailedFile, checkpoints: Checkpoints, outputs: GatedOutput[], maxBytes: number[],
  chunks: number[], finish: boolean,
) {
  const engine = createEngine({ multiline: { detectors: 'all' } });
  const p = new Pipeline(engine, outputs.map((output, i) => ({ output, batcher: new Batcher(engine, 'ndjson', { maxBytes: maxBytes[i], maxWaitMs: 0 }) })), checkpoints, () => {}, () => 0);
  p.open(file);
  let at = file.startAt;
  let k = 0;
  while (at < bytes.length) {
    const n = chunks[k++ % chunks.length];
    p.data(file, bytes.subarray(at, at + n));
    at += n;
    p.sealDue(0);
  }
  if (finish) p.end(file);
  p.sealAll();
  return p;
}

describe('agent pipeline', () => {
  it('a restart from the checkpoint gives the slowest output every record exactly once, and the others nothing lost', async () => {
    await fc.assert(fc.asyncProperty(caseArb, async (c) => {
      const dir = mkdtempSync(join(tmpdir(), 'logsieve-pipeline-'));
      dirs.push(dir);
      const bytes = content(c.blocks);
      const path = join(dir, '0.log');
      // what the engine gives for the whole file at once
      const e = createEngine({ multiline: { detectors: 'all' } });
      const s = e.source(path);
      const want = records(dec.decode(s.pushNdjson(bytes)) + dec.decode(s.closeNdjson()));

      // run 1: the outputs deliver only some batches, then the agent "crashes" (nothing more is delivered)
      const cp1 = await Checkpoints.load(dir);
      const outs1 = [0, 1].map((i) => new GatedOutput(`o${i}`, c.delivered[i] % 12));
      await run(path, bytes, new TailedFile(KEY, path, path, 0), cp1, outs1, c.maxBytes, c.chunks, false);
      await new Promise((r) => setTimeout(r, 0));
      await Promise.all(outs1.map((o) => o.close(0)));
      await cp1.save();

      // run 2: from the saved checkpoint, everything delivered
      const cp2 = await Checkpoints.load(dir);
      const saved = cp2.get(KEY);
      const at = saved?.at ?? 0;
      const file2 = new TailedFile(KEY, path, path, at, saved ? { at, done: saved.done } : undefined);
      const outs2 = [0, 1].map((i) => new GatedOutput(`o${i}`, Infinity));
      await run(path, bytes, file2, cp2, outs2, c.maxBytes, c.chunks, true);
      await Promise.all(outs2.map((o) => o.flushed()));
      await Promise.all(outs2.map((o) => o.close(0)));

      const got = [0, 1].map((i) => records(outs1[i].bodies.join('') + outs2[i].bodies.join('')));
      // the slowest: the output that delivered fewer records (batches are sealed between engine steps, so an
      // output's records delivered and its acknowledged steps go up together; counting bodies would not do, a
      // batch of one output may hold many of the other's)
      const delivered = [0, 1].map((i) => records(outs1[i].bodies.join('')).length);
      const slowest = delivered[0] <= delivered[1] ? 0 : 1;
      expect(got[slowest]).toEqual(want);
      // the other: the slowest's sequence with some of its own acknowledged records repeated, never one missing
      const other = got[1 - slowest];
      const first = records(outs1[1 - slowest].bodies.join(''));
      const second = records(outs2[1 - slowest].bodies.join(''));
      expect(first).toEqual(want.slice(0, first.length));
      expect(want.slice(want.length - second.length)).toEqual(second);
      expect(first.length + second.length).toBeGreaterThanOrEqual(want.length);
      expect(other.length).toBe(first.length + second.length);
    }), { seed: 20261205, numRuns: 60 });
  });

  it('bodies stay within maxBatchBytes over a backlog read in 1 MiB chunks, for every kind, nothing lost', async () => {
    // a backlog of short lines: one 1 MiB read is ~11,000 records, far more than a batch of 64 KiB holds
    let text = '';
    for (let i = 0; text.length < 3 << 20; i++) text += `2026-11-24T10:00:00.${String(i % 1000).padStart(3, '0')}Z ${i % 5 ? 'stdout' : 'stderr'} F line ${i} ok\n`;
    const bytes = enc.encode(text);
    const lines = text.split('\n').length - 1;
    const max = 64 << 10;
    const engine = createEngine({ multiline: 'none' });
    const kinds = ['ndjson', 'loki', 'otlp', 'elasticsearch', 'splunk-hec'] as const;
    const outs = kinds.map((k) => new GatedOutput(k, Infinity));
    const bodies: Uint8Array[][] = kinds.map(() => []);
    const p = new Pipeline(engine, kinds.map((kind, i) => {
      const batcher = new Batcher(engine, kind, { maxBytes: max, maxWaitMs: 1000 });
      const take = batcher.take.bind(batcher);
      batcher.take = () => {
        const b = take();
        if (b) bodies[i].push(b.body.slice());
        return b;
      };
      return { output: outs[i], batcher };
    }), undefined, () => {}, () => 0);
    const path = '/var/log/pods/ns_pod_0b6a1c3e-5f2d-4e8a-9c7b-000000000000/app/0.log';
    const file = new TailedFile(KEY, path, path, 0);
    p.open(file);
    for (let at = 0; at < bytes.length; at += 1 << 20) p.data(file, bytes.subarray(at, at + (1 << 20)));
    p.end(file);
    p.sealAll();
    await Promise.all(outs.map((o) => o.flushed()));
    kinds.forEach((kind, i) => {
      const total = bodies[i].reduce((a, b) => a + b.length, 0);
      expect(bodies[i].length, kind).toBeGreaterThan(total / max); // several bodies …
      expect(bodies[i].length, kind).toBeLessThan((2 * total) / max + 2); // … each filled to about the limit
      for (const b of bodies[i]) expect(b.length, kind).toBeLessThanOrEqual(max + 1024); // + a new stream's header
    });
    expect(outs[0].bodies.join('').split('\n').length - 1).toBe(lines); // NDJSON: every record, once
    expect(outs[3].bodies.join('').split('\n').length - 1).toBe(2 * lines); // _bulk: an action line and a document
    const lokiValues = outs[1].bodies.map((b) => JSON.parse(b).streams.reduce((a: number, s: { values: unknown[] }) => a + s.values.length, 0));
    expect(lokiValues.reduce((a, b) => a + b, 0)).toBe(lines);
    await Promise.all(outs.map((o) => o.close(0)));
  });

  it('a copytruncated file\'s acks to come move no checkpoint; a file renamed away keeps its checkpoint moving', async () => {
    for (const truncated of [true, false]) {
      const dir = mkdtempSync(join(tmpdir(), 'logsieve-pipeline-'));
      dirs.push(dir);
      const cp = await Checkpoints.load(dir);
      const out = new GatedOutput('o', 0); // delivers nothing until allowed
      const engine = createEngine({ multiline: 'none' });
      const p = new Pipeline(engine, [{ output: out, batcher: new Batcher(engine, 'ndjson', { maxBytes: 1, maxWaitMs: 0 }) }], cp, () => {}, () => 0);
      const path = join(dir, '0.log');
      const file = new TailedFile(KEY, path, path, 0);
      p.open(file);
      p.data(file, content([['stdout F one'], ['stdout F two']]));
      p.sealAll();
      if (truncated) cp.delete(KEY); // what the Tailer does on a truncation, before the pipeline hears of it
      p.end(file, truncated);
      p.sealAll();
      out.allow(Infinity);
      await out.flushed();
      expect(out.bodies.join('').split('\n').filter(Boolean).length).toBe(2);
      expect(cp.get(KEY) === undefined, `truncated ${truncated}`).toBe(truncated);
      await out.close(0);
    }
  });
});
