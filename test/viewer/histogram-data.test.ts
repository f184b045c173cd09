// The histogram's stacked columns (bindings/viewer/histogram-data.ts).
import { describe, expect, it } from 'vitest';
import { bucketsFor, compactCount, stackByLevel } from '../../bindings/viewer/histogram-data.ts';

describe('histogram columns', () => {
  it('stacks each bucket\'s levels in order and keeps the raw counts for hovering', () => {
    const h = new Uint32Array(2 * 7);
    h[0 * 7 + 3] = 4; // bucket 0: 4 info
    h[0 * 7 + 5] = 1; // bucket 0: 1 error
    h[1 * 7 + 0] = 2; // bucket 1: 2 without level
    const c = stackByLevel(h, 2, 1000, 3000);
    expect([...c.x]).toEqual([1000, 2000]);
    expect([...c.raw[3]]).toEqual([4, 0]);
    expect([...c.stacked[3]]).toEqual([4, 2]);
    expect([...c.stacked[5]]).toEqual([5, 2]);
    expect([...c.stacked[6]]).toEqual([5, 2]); // the top of the stack is the bucket's total
  });

  it('bucket starts use the store\'s width (the range over buckets, rounded up to a whole ns)', () => {
    const c = stackByLevel(new Uint32Array(3 * 7), 3, 0, 10);
    expect(c.x[1]).toBeCloseTo(3.333334, 6);
  });

  it('buckets for a width: about one per 6 px, 20 to 300', () => {
    expect(bucketsFor(60)).toBe(20);
    expect(bucketsFor(900)).toBe(150);
    expect(bucketsFor(10_000)).toBe(300);
  });

  it('axis labels are compact whole counts', () => {
    expect([0, 950, 1500, 12000, 3_400_000, 25_000_000].map(compactCount)).toEqual(['0', '950', '1.5k', '12k', '3.4M', '25M']);
    expect(compactCount(2.5)).toBe('');
  });
});
