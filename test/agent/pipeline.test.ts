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
      const slowest = outs1[0].bodies.length <= outs1[1].bodies.length ? 0 : 1;
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
});
