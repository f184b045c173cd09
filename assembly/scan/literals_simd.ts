// SIMD backend of the multi-literal scanner (16 positions per step).
//
// For each literal two probe bytes (at offsets o1, o2) are compared at 16 positions at once; a position where
// both probes of some literal match is a candidate and is verified in full (littab.firstLiteralAt), so the
// result is exact. Candidates are visited in increasing position: the first verified one is the leftmost
// match. Vector loads may run up to maxProbe + 15 bytes past `end` but never past the end of linear memory;
// bytes past `end` can only raise candidates, which fail verification (a match must end by `end`).

import { firstLiteralAt, literalAt, LT_COUNT, LT_HEADER, LT_MAXPROBE, LT_MINLEN, R_B1, R_B1X8, R_B2, R_B2X8, R_M1, R_M1X8, R_M2, R_M2X8, R_LEN, R_O1, R_O2, REC_SIZE, scalarFindLiterals } from "./littab";

/** Any number of literals, 16 positions a step (one literal: findLiterals calls simdFindLiteral1 instead). */
export function simdFindLiterals(tab: usize, p: usize, end: usize): usize {
  const count = load<u32>(tab + LT_COUNT);
  const maxProbe = <usize>load<u32>(tab + LT_MAXPROBE);
  const minLen = <usize>load<u32>(tab + LT_MINLEN);
  // loads may run past `end` (never past the end of memory): candidates are verified against `end`
  const memTop = <usize>memory.size() << 16;
  if (memTop < maxProbe + 16) return scalarFindLiterals(tab, p, end);
  const lastP = memTop - maxProbe - 16;
  while (p + minLen <= end && p <= lastP) {
    let acc = i8x16.splat(0);
    for (let k: u32 = 0; k < count; k++) {
      const rec = tab + LT_HEADER + <usize>k * REC_SIZE;
      const e1 = i8x16.eq(v128.or(v128.load(p + <usize>load<u32>(rec + R_O1)), i8x16.splat(<i8>load<u8>(rec + R_M1))),
        i8x16.splat(<i8>load<u8>(rec + R_B1)));
      const e2 = i8x16.eq(v128.or(v128.load(p + <usize>load<u32>(rec + R_O2)), i8x16.splat(<i8>load<u8>(rec + R_M2))),
        i8x16.splat(<i8>load<u8>(rec + R_B2)));
      acc = v128.or(acc, v128.and(e1, e2));
    }
    let m = i8x16.bitmask(acc);
    while (m != 0) {
      const q = p + <usize>ctz(m);
      if (firstLiteralAt(tab, q, end) >= 0) return q;
      m &= m - 1;
    }
    p += 16;
  }
  return scalarFindLiterals(tab, p, end);
}

/** First `b` in [p, end), or end. Vector loads may run past `end` (never past memory's end). */
export function simdFindByteOverread(p: usize, end: usize, b: u8): usize {
  const memTop = <usize>memory.size() << 16;
  const pattern = i8x16.splat(<i8>b);
  while (p < end && p + 16 <= memTop) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), pattern));
    if (m != 0) {
      const q = p + <usize>ctz(m);
      return q < end ? q : end;
    }
    p += 16;
  }
  while (p < end) {
    if (load<u8>(p) == b) return p;
    p++;
  }
  return end;
}

/**
 * One literal (record `rec`): the packed pair of its two rarest bytes at 16 positions per vector, 32 per step
 * while two vectors fit, each candidate verified in place (literalAt; a match must end by `end`). An exact
 * literal (no case mask on either probe) skips the mask OR. Loads stay below lastP + maxProbe + 16 <= memTop.
 */
export function simdFindLiteral1(rec: usize, p: usize, end: usize, lastP: usize): usize {
  const len = <usize>load<u32>(rec + R_LEN);
  const o1 = <usize>load<u32>(rec + R_O1);
  const o2 = <usize>load<u32>(rec + R_O2);
  // the probe bytes and masks from their 8-byte copies: one splatting load each instead of a load and a splat
  const b1 = v128.load64_splat(rec + R_B1X8);
  const b2 = v128.load64_splat(rec + R_B2X8);
  const exact = (load<u8>(rec + R_M1) | load<u8>(rec + R_M2)) == 0;
  const m1 = v128.load64_splat(rec + R_M1X8);
  const m2 = v128.load64_splat(rec + R_M2X8);
  if (exact) {
    while (p + 16 + len <= end && p + 16 <= lastP) {
      const c0 = v128.and(i8x16.eq(v128.load(p + o1), b1), i8x16.eq(v128.load(p + o2), b2));
      const c1 = v128.and(i8x16.eq(v128.load(p + o1, 16), b1), i8x16.eq(v128.load(p + o2, 16), b2));
      if (v128.any_true(v128.or(c0, c1))) {
        let m = i8x16.bitmask(c0) | (i8x16.bitmask(c1) << 16);
        while (m != 0) {
          const q = p + <usize>ctz(m);
          if (q + len <= end && literalAt(rec, q)) return q;
          m &= m - 1;
        }
      }
      p += 32;
    }
  }
  while (p + len <= end && p <= lastP) {
    const e1 = i8x16.eq(v128.or(v128.load(p + o1), m1), b1);
    const e2 = i8x16.eq(v128.or(v128.load(p + o2), m2), b2);
    let m = i8x16.bitmask(v128.and(e1, e2));
    while (m != 0) {
      const q = p + <usize>ctz(m);
      if (q + len <= end && literalAt(rec, q)) return q;
      m &= m - 1;
    }
    p += 16;
  }
  while (p + len <= end) {
    if (literalAt(rec, p)) return p;
    p++;
  }
  return end;
}
