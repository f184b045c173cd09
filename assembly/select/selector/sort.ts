// Stable sort of byte ranges (compile time only). sortRanges(base, starts, lens) returns the indexes 0..n-1
// ordered by the bytes [base + starts[i], + lens[i]) in unsigned byte order; equal ranges keep their input order.
// Bottom-up merge sort: O(n log n) comparisons, no recursion, one scratch array.

import { compareBytes } from "../../enrich/labels";

export function sortRanges(base: usize, starts: Array<i32>, lens: Array<i32>): Array<i32> {
  const n = starts.length;
  let src = new Array<i32>(n);
  let dst = new Array<i32>(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        const x = src[a];
        const y = src[b];
        // take from the right run only when strictly smaller: this keeps the sort stable
        if (compareBytes(base + <usize>starts[y], <usize>lens[y], base + <usize>starts[x], <usize>lens[x]) < 0) {
          dst[o++] = y;
          b++;
        } else {
          dst[o++] = x;
          a++;
        }
      }
      while (a < mid) dst[o++] = src[a++];
      while (b < hi) dst[o++] = src[b++];
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
