// Virtual-table arithmetic (bindings/viewer/table-range.ts): which rows a scroll position shows and where.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contentHeight, missingRuns, scrollTopFor, visibleRows } from '../../bindings/viewer/table-range.ts';

describe('virtual table ranges', () => {
  const small = { rowHeight: 20, viewportHeight: 100, count: 50 };

  it('a short list: rows at their own place, the viewport\'s rows plus overscan', () => {
    expect(contentHeight(small)).toBe(1000);
    expect(visibleRows(small, 0)).toEqual({ first: 0, end: 5, top: 0 });
    expect(visibleRows(small, 30)).toEqual({ first: 1, end: 7, top: 20 });
    expect(visibleRows(small, 30, 3)).toEqual({ first: 0, end: 10, top: 0 });
    expect(visibleRows(small, 10_000)).toEqual({ first: 45, end: 50, top: 900 }); // clamped to the end
    expect(visibleRows({ ...small, count: 0 }, 0)).toEqual({ first: 0, end: 0, top: 0 });
  });

  it('millions of rows: the spacer is capped and the last row is still reachable', () => {
    const g = { rowHeight: 20, viewportHeight: 600, count: 5_000_000, maxScrollPx: 1_000_000 };
    expect(contentHeight(g)).toBe(1_000_000);
    const end = visibleRows(g, contentHeight(g) - 600);
    expect(end.end).toBe(5_000_000);
    expect(end.first).toBe(5_000_000 - 30);
    const mid = visibleRows(g, 500_000 - 300);
    expect(mid.first).toBeGreaterThan(2_400_000);
    expect(mid.end).toBeLessThan(2_600_000);
  });

  it('property: the rows drawn cover the viewport exactly, whatever the scroll and compression', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 10, max: 2000 }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 10 }),
      (count, viewportHeight, at, overscan) => {
        const g = { rowHeight: 20, viewportHeight, count, maxScrollPx: 2_000_000 };
        const scrollTop = at * Math.max(0, contentHeight(g) - viewportHeight);
        const v = visibleRows(g, scrollTop, overscan);
        expect(v.first).toBeGreaterThanOrEqual(0);
        expect(v.end).toBeLessThanOrEqual(count);
        expect(v.first).toBeLessThan(v.end);
        // the first row shown starts at or above the viewport's top, the last ends at or below its bottom
        expect(v.top).toBeLessThanOrEqual(scrollTop + 1e-6);
        const bottom = v.top + (v.end - v.first) * 20;
        if (v.end < count) expect(bottom).toBeGreaterThanOrEqual(scrollTop + viewportHeight - 1e-6);
      },
    ));
  });

  it('scrollTopFor brings a row into view with the least movement', () => {
    expect(scrollTopFor(small, 0, 2)).toBe(0); // already visible
    expect(scrollTopFor(small, 0, 10)).toBe(120); // row 10 ends at 220: bottom-aligned
    expect(scrollTopFor(small, 300, 3)).toBe(60); // above: top-aligned
    const big = { rowHeight: 20, viewportHeight: 600, count: 5_000_000, maxScrollPx: 1_000_000 };
    const top = scrollTopFor(big, 0, 4_000_000);
    const v = visibleRows(big, top);
    expect(v.first).toBeLessThanOrEqual(4_000_000);
    expect(v.end).toBeGreaterThan(4_000_000);
  });

  it('missingRuns merges what is not cached into contiguous runs', () => {
    const have = new Set([2, 3, 7]);
    expect(missingRuns(0, 10, (i) => have.has(i))).toEqual([[0, 2], [4, 7], [8, 10]]);
    expect(missingRuns(2, 4, (i) => have.has(i))).toEqual([]);
  });
});
