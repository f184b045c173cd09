// The engine-wide held-bytes budget (engine/budget.ts): thousands of sources holding large pieces stay within
// `maxHeldBytes`; the oldest held records come out early, flagged partial and counted; no byte is lost.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const TS = '2024-05-01T12:00:01Z';
const MiB = 1 << 20;

describe('held-bytes budget at scale (simd)', () => {
  it('4,200 sources × ~1 MiB held pieces: no trap, every byte out, memory bounded by the default budget', () => {
    const engine = createEngine({ build: 'simd' });
    const content = MiB - 16; // so that a held piece plus `end` stays under maxRecordBytes (no truncation)
    const piece = Buffer.concat([Buffer.from(`${TS} stdout P `), Buffer.alloc(content, 'x'), Buffer.from('\n')]);
    const fin = Buffer.from(`${TS} stdout F end\n`);
    const N = 4200;
    let bytes = 0;
    let records = 0;
    let partial = 0;
    const take = (batch: Iterable<{ logBytes: Uint8Array; partial: boolean }>) => {
      for (const r of batch) {
        bytes += r.logBytes.length;
        records++;
        if (r.partial) partial++;
      }
    };
    const sources = Array.from({ length: N }, (_, i) => engine.source(`/var/log/pods/ns_p${i}_u/c/0.log`));
    for (const s of sources) take(s.push(piece));
    for (const s of sources) take(s.push(fin));
    for (const s of sources) take(s.close());
    expect(bytes).toBe(N * (content + 3));
    const c = engine.counters();
    // each source gives its 1 MiB piece (completed, or released early) and `end` (joined, or alone)
    expect(records).toBe(2 * N - (N - partial));
    expect(partial).toBe(c.budgetReleases);
    expect(c.partialReleased).toBe(partial);
    expect(partial).toBeGreaterThanOrEqual(N - 64); // at most 64 MiB of pieces (the default budget) are held at once
    expect(c.sourcesOpen).toBe(0);
    expect(engine.memoryBytes()).toBeLessThan(512 * MiB);
  });
});

describe.each(BUILDS)('held-bytes budget (%s)', (build) => {
  it('releases the oldest held record first, as a partial record of its own source', () => {
    const engine = createEngine({ build, maxHeldBytes: 100 });
    const a = engine.source('a.log');
    const b = engine.source('b.log');
    expect(a.push(`${TS} stdout P ${'a'.repeat(60)}\n`).length).toBe(0);
    // b's piece does not fit next to a's: a's held record comes out (in b's batch), flagged partial
    const out = b.push(`${TS} stderr P ${'b'.repeat(60)}\n`).toObjects();
    expect(out).toEqual([{ time: '2024-05-01T12:00:01.000000000Z', stream: 'stdout', log: 'a'.repeat(60), partial: true, file: 'a.log' }]);
    expect(engine.counters().budgetReleases).toBe(1);
    // a's next piece starts a new record; b's is still held and joins its final piece
    expect(a.push(`${TS} stdout F rest\n`).toObjects().map((r) => r.log)).toEqual(['rest']);
    expect(b.push(`${TS} stderr F !\n`).toObjects().map((r) => [r.log, r.partial])).toEqual([['b'.repeat(60) + '!', undefined]]);
  });

  it('a held record that alone exceeds the budget is released when it grows again', () => {
    const engine = createEngine({ build, maxHeldBytes: 10 });
    const a = engine.source('a.log');
    expect(a.push(`${TS} stdout P ${'x'.repeat(50)}\n`).length).toBe(0); // nothing else to release: held
    const out = a.push(`${TS} stdout P yy\n${TS} stdout F z\n`).toObjects();
    expect(out.map((r) => [r.log, r.partial ?? false])).toEqual([['x'.repeat(50), true], ['yyz', false]]);
  });

  it('carried partial lines (tails) count too: the oldest is cut and goes on, nothing is lost', () => {
    const engine = createEngine({ build, maxHeldBytes: 64 });
    const srcs = Array.from({ length: 5 }, (_, i) => engine.source(`s${i}.log`));
    const logs = new Map<string, string>();
    const take = (batch: ReturnType<typeof srcs[0]['push']>) => {
      for (const r of batch) logs.set(r.file!, (logs.get(r.file!) ?? '') + r.log);
    };
    // each source carries 40 bytes of a line without its '\n'
    for (const [i, s] of srcs.entries()) take(s.push(`${TS} stdout F ${String(i).repeat(18)}`));
    expect(engine.counters().budgetReleases).toBeGreaterThan(0);
    for (const [i, s] of srcs.entries()) take(s.push(`${String(i).repeat(5)}\n`));
    for (const s of srcs) take(s.close());
    for (let i = 0; i < 5; i++) expect(logs.get(`s${i}.log`)).toBe(String(i).repeat(23));
  });
});
