// Pooled body buffers (bindings/core/byte-sink.ts): bytes appended across growth come out unchanged; a detached
// body is the caller's until it is recycled; the pool hands out the smallest free buffer that fits, keeps at most
// `keep`, and takes back only whole buffers. Seeded appends of every size around the growth steps.
import { describe, expect, it } from 'vitest';
import { BufferPool, ByteSink } from '../../bindings/core/byte-sink.ts';
import { seeded } from '../helpers/seeded.ts';

describe('BufferPool', () => {
  it('gives the smallest free buffer that fits, else a new one with room to spare', () => {
    const pool = new BufferPool(4);
    const a = pool.take(10_000);
    const b = pool.take(100_000);
    expect(a.length).toBeGreaterThanOrEqual(10_000);
    expect(a.length % 4096).toBe(0);
    expect(b.length).toBeGreaterThan(a.length);
    pool.recycle(b);
    pool.recycle(a);
    expect(pool.take(5_000).buffer).toBe(a.buffer); // the smallest that fits, though b came back first
    expect(pool.take(50_000).buffer).toBe(b.buffer);
    expect(pool.take(50_000).buffer).not.toBe(b.buffer); // none left: a new one
  });

  it('keeps at most `keep` buffers and takes back only buffers it can reuse whole', () => {
    const pool = new BufferPool(2);
    const bufs = [pool.take(100), pool.take(100), pool.take(100)];
    for (const x of bufs) pool.recycle(x);
    const again = [pool.take(100), pool.take(100), pool.take(100)];
    expect(again.filter((x) => bufs.some((b) => b.buffer === x.buffer))).toHaveLength(2);
    const big = new Uint8Array(8192);
    pool.recycle(big.subarray(4096)); // a view that does not start its buffer: not taken
    pool.recycle(big.subarray(0, 10)); // one that does: the whole buffer comes back
    const got = pool.take(8000);
    expect(got.buffer).toBe(big.buffer);
    expect(got.length).toBe(8192);
  });
});

describe('ByteSink', () => {
  it('appends across growth unchanged; detach hands the bytes out and starts empty', () => {
    const rnd = seeded(20261201);
    const pool = new BufferPool();
    const sink = new ByteSink(pool);
    for (let round = 0; round < 20; round++) {
      const want: number[] = [];
      const pieces = 1 + Math.floor(rnd() * 30);
      for (let i = 0; i < pieces; i++) {
        const n = Math.floor(rnd() * (rnd() < 0.2 ? 200_000 : 5_000));
        const piece = new Uint8Array(n);
        for (let k = 0; k < n; k++) piece[k] = (round * 31 + i * 7 + k) & 0xff;
        sink.append(piece);
        for (const x of piece) want.push(x);
      }
      expect(sink.length).toBe(want.length);
      expect(Array.from(sink.view(0, Math.min(64, want.length)))).toEqual(want.slice(0, 64));
      const out = sink.detach();
      expect(sink.length).toBe(0);
      expect(out.length).toBe(want.length);
      expect(Buffer.from(out).equals(Buffer.from(want))).toBe(true);
      // the body is the caller's: what the sink writes next does not touch it until it is recycled
      sink.append(new Uint8Array(1000).fill(0xee));
      expect(Buffer.from(out).equals(Buffer.from(want))).toBe(true);
      sink.clear();
      if (round % 2) pool.recycle(out);
    }
  });
});
