// Layout of a literal table: the input of the multi-literal scanners (literals.ts).
//
//   u32 count      number of literals (>= 1), in priority order
//   u32 maxProbe   the largest probe offset of any literal
//   u32 minLen     the shortest literal length (>= 1)
//   u32 reserved
//   count records of REC_SIZE bytes:
//     u32 len, u32 o1, u32 o2         length and the two probe offsets (o1, o2 < len)
//     u8 b1, u8 m1, u8 b2, u8 m2      probe bytes and masks: input byte c matches probe k iff (c | mk) == bk
//     u32 bytes, u32 masks            pointers to len bytes each: input matches at q iff for all i,
//                                     (in[q + i] | masks[i]) == bytes[i]  (masks[i] is 0 or 0x20)
//     u64 b1x8, m1x8, b2x8, m2x8      at offset 32: the probe bytes and masks repeated in all 8 bytes (SWAR)
//
// Invariant: a mask of 0x20 appears only where bytes[i] is an ASCII lowercase letter, so (c | 0x20) == bytes[i]
// holds exactly for the two cases of that letter.

export const LT_COUNT: usize = 0;
export const LT_MAXPROBE: usize = 4;
export const LT_MINLEN: usize = 8;
export const LT_HEADER: usize = 16;
export const REC_SIZE: usize = 64;
export const R_LEN: usize = 0;
export const R_O1: usize = 4;
export const R_O2: usize = 8;
export const R_B1: usize = 12;
export const R_M1: usize = 13;
export const R_B2: usize = 14;
export const R_M2: usize = 15;
export const R_BYTES: usize = 16;
export const R_MASKS: usize = 20;
export const R_B1X8: usize = 32;
export const R_M1X8: usize = 40;
export const R_B2X8: usize = 48;
export const R_M2X8: usize = 56;

/** Does literal record `rec` match at q (the caller checked q + len <= end)? */
export function literalAt(rec: usize, q: usize): bool {
  const n = <usize>load<u32>(rec + R_LEN);
  const bytes = <usize>load<u32>(rec + R_BYTES);
  const masks = <usize>load<u32>(rec + R_MASKS);
  let i: usize = 0;
  while (i + 8 <= n) {
    if ((load<u64>(q + i) | load<u64>(masks + i)) != load<u64>(bytes + i)) return false;
    i += 8;
  }
  while (i < n) {
    if ((load<u8>(q + i) | load<u8>(masks + i)) != load<u8>(bytes + i)) return false;
    i++;
  }
  return true;
}

/** The first literal (in priority order) that matches at q, or -1. */
export function firstLiteralAt(tab: usize, q: usize, end: usize): i32 {
  const count = load<u32>(tab + LT_COUNT);
  for (let k: u32 = 0; k < count; k++) {
    const rec = tab + LT_HEADER + <usize>k * REC_SIZE;
    if (q + <usize>load<u32>(rec + R_LEN) <= end && literalAt(rec, q)) return <i32>k;
  }
  return -1;
}

/** Scalar scan from p: the first q in [p, end) where some literal matches, or end. */
export function scalarFindLiterals(tab: usize, p: usize, end: usize): usize {
  const minLen = <usize>load<u32>(tab + LT_MINLEN);
  while (p + minLen <= end) {
    if (firstLiteralAt(tab, p, end) >= 0) return p;
    p++;
  }
  return end;
}
