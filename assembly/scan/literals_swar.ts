// SWAR backend of the multi-literal scanner (8 positions per u64; no v128 anywhere).
//
// Same algorithm as literals_simd.ts. The per-byte equality mask uses the exact form
// ~(((x & 0x7f..) + 0x7f..) | x | 0x7f..), which flags exactly the zero bytes of x (no borrow between bytes),
// so each flagged bit is a real probe hit; candidates are still verified in full.

import { firstLiteralAt, literalAt, LT_COUNT, LT_HEADER, LT_MAXPROBE, LT_MINLEN, R_B1, R_B2, R_M1, R_M2, R_LEN, R_O1, R_O2, R_B1X8, R_B2X8, R_M1X8, R_M2X8, REC_SIZE, scalarFindLiterals } from "./littab";

const ONES: u64 = 0x0101010101010101;
const LOWS: u64 = 0x7f7f7f7f7f7f7f7f;

// @ts-ignore: decorator
@inline function zeroMask(x: u64): u64 {
  return ~(((x & LOWS) + LOWS) | x | LOWS);
}

/** Any number of literals, 8 positions a step (one literal: findLiterals calls swarFindLiteral1 instead). */
export function swarFindLiterals(tab: usize, p: usize, end: usize): usize {
  const count = load<u32>(tab + LT_COUNT);
  const maxProbe = <usize>load<u32>(tab + LT_MAXPROBE);
  const minLen = <usize>load<u32>(tab + LT_MINLEN);
  // loads may run past `end` (never past the end of memory): candidates are verified against `end`
  const memTop = <usize>memory.size() << 16;
  if (memTop < maxProbe + 8) return scalarFindLiterals(tab, p, end);
  const lastP = memTop - maxProbe - 8;
  while (p + minLen <= end && p <= lastP) {
    let acc: u64 = 0;
    for (let k: u32 = 0; k < count; k++) {
      const rec = tab + LT_HEADER + <usize>k * REC_SIZE;
      const x1 = (load<u64>(p + <usize>load<u32>(rec + R_O1)) | load<u64>(rec + R_M1X8)) ^ load<u64>(rec + R_B1X8);
      const x2 = (load<u64>(p + <usize>load<u32>(rec + R_O2)) | load<u64>(rec + R_M2X8)) ^ load<u64>(rec + R_B2X8);
      acc |= zeroMask(x1) & zeroMask(x2);
    }
    while (acc != 0) {
      const q = p + <usize>(ctz(acc) >> 3);
      if (firstLiteralAt(tab, q, end) >= 0) return q;
      acc &= acc - 1;
    }
    p += 8;
  }
  return scalarFindLiterals(tab, p, end);
}

/** First `b` in [p, end), or end. Word loads may run past `end` (never past memory's end). */
export function swarFindByteOverread(p: usize, end: usize, b: u8): usize {
  const memTop = <usize>memory.size() << 16;
  const pattern = ONES * <u64>b;
  while (p < end && p + 8 <= memTop) {
    const m = zeroMask(load<u64>(p) ^ pattern);
    if (m != 0) {
      const q = p + <usize>(ctz(m) >> 3);
      return q < end ? q : end;
    }
    p += 8;
  }
  while (p < end) {
    if (load<u8>(p) == b) return p;
    p++;
  }
  return end;
}

/**
 * One literal (record `rec`): the packed pair of its two rarest bytes at 8 positions per word, 16 per step
 * while two words fit, each candidate verified in place (literalAt; a match must end by `end`). An exact
 * literal (no case mask on either probe) skips the mask OR. Loads stay below lastP + maxProbe + 8 <= memTop.
 */
export function swarFindLiteral1(rec: usize, p: usize, end: usize, lastP: usize): usize {
  const len = <usize>load<u32>(rec + R_LEN);
  const o1 = <usize>load<u32>(rec + R_O1);
  const o2 = <usize>load<u32>(rec + R_O2);
  const b1 = load<u64>(rec + R_B1X8);
  const m1 = load<u64>(rec + R_M1X8);
  const b2 = load<u64>(rec + R_B2X8);
  const m2 = load<u64>(rec + R_M2X8);
  if ((m1 | m2) == 0) {
    while (p + 8 + len <= end && p + 8 <= lastP) {
      const c0 = zeroMask(load<u64>(p + o1) ^ b1) & zeroMask(load<u64>(p + o2) ^ b2);
      const c1 = zeroMask(load<u64>(p + o1, 8) ^ b1) & zeroMask(load<u64>(p + o2, 8) ^ b2);
      if ((c0 | c1) != 0) {
        let m = c0;
        while (m != 0) {
          const q = p + <usize>(ctz(m) >> 3);
          if (q + len <= end && literalAt(rec, q)) return q;
          m &= m - 1;
        }
        m = c1;
        while (m != 0) {
          const q = p + 8 + <usize>(ctz(m) >> 3);
          if (q + len <= end && literalAt(rec, q)) return q;
          m &= m - 1;
        }
      }
      p += 16;
    }
  }
  while (p + len <= end && p <= lastP) {
    let m = zeroMask((load<u64>(p + o1) | m1) ^ b1) & zeroMask((load<u64>(p + o2) | m2) ^ b2);
    while (m != 0) {
      const q = p + <usize>(ctz(m) >> 3);
      if (q + len <= end && literalAt(rec, q)) return q;
      m &= m - 1;
    }
    p += 8;
  }
  while (p + len <= end) {
    if (literalAt(rec, p)) return p;
    p++;
  }
  return end;
}
