// The engine at its memory limits (ARCHITECTURE.md "Memory"): inputs of any size work or are refused up front
// with a RangeError; options beyond the limits are refused; when wasm memory cannot grow, the call says so and
// the engine stays usable (other sources can still be flushed and closed with their data).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const TS = '2024-05-01T12:00:01Z';
const MiB = 1 << 20;

describe('inputs of any size (simd)', () => {
  it('push() refuses more than limits.maxPushBytes up front, with a RangeError, and the source goes on', () => {
    const engine = createEngine({ build: 'simd' });
    const src = engine.source('a.log');
    expect(engine.limits.maxPushBytes).toBe(256 * MiB);
    const tooBig = new Uint8Array(engine.limits.maxPushBytes + 1);
    expect(() => src.push(tooBig)).toThrow(RangeError);
    expect(() => src.push(tooBig)).toThrow(/at most 268435456 bytes.*pushNdjson/);
    expect(engine.counters().bytesIn).toBe(0);
    expect(src.push(`${TS} stdout F ok\n`).toObjects().map((r) => r.log)).toEqual(['ok']);
  });

  it('pushCount() and pushNdjson() take 513 MiB in one call', () => {
    const engine = createEngine({ build: 'simd' });
    const line = Buffer.from(`${TS} stdout F ${'x'.repeat(100)}\n`);
    const n = Math.ceil((513 * MiB) / line.length);
    const big = Buffer.alloc(n * line.length);
    for (let o = 0; o < big.length; o += line.length) line.copy(big, o);
    expect(engine.source('a.log').pushCount(big)).toBe(n);
    const out = engine.source('b.log').pushNdjson(big.subarray(0, 40 * MiB));
    expect(out.length).toBeGreaterThan(40 * MiB);
    expect(engine.memoryBytes()).toBeLessThan(128 * MiB);
  });
});

describe.each(BUILDS)('limits and memory failures (%s)', (build) => {
  it('options beyond the engine limits are RangeErrors that name the limit', () => {
    expect(() => createEngine({ build, maxRecordBytes: 3_000_000_000 })).toThrow(/maxRecordBytes must be an integer from 1 to 268435456/);
    expect(() => createEngine({ build, maxHeldBytes: 2 ** 31 })).toThrow(RangeError);
    expect(() => createEngine({ build, maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => createEngine({ build, maxHeldBytes: 1.5 })).toThrow(RangeError);
    const e = createEngine({ build, maxRecordBytes: 256 * MiB, maxHeldBytes: 1 << 30 });
    expect(e.limits.defaultMaxHeldBytes).toBe(64 * MiB);
  });

  it('when wasm memory cannot grow, the call throws a clear Error and other sources flush and close with their data', () => {
    const engine = createEngine({ build });
    const a = engine.source('a.log');
    const b = engine.source('b.log');
    expect(a.push(`${TS} stdout P held-a\n`).length).toBe(0);
    expect(b.push(`${TS} stderr P held-b\n${TS} stdout F tail-b`).length).toBe(0);
    // take all the address space wasm32 has left, so the engine's next large allocation fails for real
    const memory = (engine as unknown as { wasm: { memory: WebAssembly.Memory } }).wasm.memory;
    memory.grow(65536 - memory.buffer.byteLength / 65536 - 2);
    const big = Buffer.concat([Buffer.from(`${TS} stdout P `), Buffer.alloc(8 * MiB, 'x'), Buffer.from('\n')]);
    expect(() => a.push(big)).toThrow(/push\(\) failed because wasm memory could not grow.*still usable/);
    expect(() => a.pushNdjson(Buffer.concat([big, big]))).toThrow(/pushNdjson\(\) failed because wasm memory could not grow/);
    expect(b.close().toObjects().map((r) => [r.stream, r.log, r.partial ?? false])).toEqual([
      ['stdout', 'tail-b', false], ['stderr', 'held-b', true],
    ]);
    expect(a.close().toObjects().map((r) => [r.log, r.partial])).toEqual([['held-a', true]]);
    const c = engine.source('c.log');
    expect(c.push(`${TS} stdout F small\n`).toObjects().map((r) => r.log)).toEqual(['small']);
    expect(engine.counters().sourcesOpen).toBe(1);
  });
});
