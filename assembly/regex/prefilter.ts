// Literal tables for the fast paths: built from a literal set (literal.ts) into the scanner's layout
// (scan/littab.ts), and searched with the SIMD or SWAR multi-literal scanner (scan/literals.ts).
//
// Invariants:
// - A table is one heap block (header, records, then every literal's bytes and masks); freeLiteralTable
//   frees it.
// - Probe offsets are the two rarest bytes of each literal by a fixed byte-frequency rank for log text, so
//   common bytes (spaces, vowels, digits) rarely trigger verification. Probes are a filter only: every
//   candidate is verified in full, so the choice affects speed, never results.

import { findLiterals, firstLiteralAt } from "../scan/literals";
import { countSearch } from "./work";
import { literalAt, LT_COUNT, LT_HEADER, LT_MAXPROBE, LT_MINLEN, R_B1, R_B2, R_BYTES, R_LEN, R_M1, R_M2, R_MASKS, R_O1, R_O2, R_B1X8, R_B2X8, R_M1X8, R_M2X8, REC_SIZE } from "../scan/littab";

/** Rough frequency rank of a byte in log text (higher = more common). */
function rank(b: i32, ci: bool): i32 {
  let r = 0;
  if (b == 0x20) r = 250;
  else if (b >= 0x61 && b <= 0x7a) {
    // e t a o i n s r h l d c u m ... (English order), then the rest
    const order = "etaoinsrhldcumfpgwybvkxjqz";
    r = 200 - order.indexOf(String.fromCharCode(b)) * 4;
  } else if (b >= 0x30 && b <= 0x39) r = 180;
  else if (b >= 0x41 && b <= 0x5a) r = 120;
  else if (b == 0x22 || b == 0x3d || b == 0x2e || b == 0x3a || b == 0x2c || b == 0x2f || b == 0x2d || b == 0x5f) r = 150;
  else if (b < 0x80) r = 60;
  else r = 40;
  if (ci) r += 30;
  return r;
}

export function buildLiteralTable(set: Array<Array<u16>>): usize {
  const count = set.length;
  let total: usize = 0;
  for (let k = 0; k < count; k++) total += <usize>set[k].length * 2;
  const size = LT_HEADER + <usize>count * REC_SIZE + total + 8;
  const tab = heap.alloc(size);
  memory.fill(tab, 0, size);
  let data = tab + LT_HEADER + <usize>count * REC_SIZE;
  let maxProbe = 0;
  let minLen = 0x7fffffff;
  for (let k = 0; k < count; k++) {
    const lit = set[k];
    const n = lit.length;
    const rec = tab + LT_HEADER + <usize>k * REC_SIZE;
    const bytes = data;
    const masks = data + <usize>n;
    data += <usize>n * 2;
    let best1 = 0;
    let best2 = -1;
    for (let i = 0; i < n; i++) {
      const v = <i32>lit[i];
      const ci = (v & 0x100) != 0;
      store<u8>(bytes + <usize>i, <u8>(v & 0xff));
      store<u8>(masks + <usize>i, ci ? 0x20 : 0);
      const ri = rank(v & 0xff, ci);
      if (i == 0) continue;
      if (ri < rank(<i32>lit[best1] & 0xff, (<i32>lit[best1] & 0x100) != 0)) {
        best2 = best1;
        best1 = i;
      } else if (best2 < 0 || ri < rank(<i32>lit[best2] & 0xff, (<i32>lit[best2] & 0x100) != 0)) {
        best2 = i;
      }
    }
    if (best2 < 0) best2 = best1;
    const o1 = best1; // the rarest byte (the SWAR single-literal scan filters on it alone)
    const o2 = best2;
    store<u32>(rec + R_LEN, <u32>n);
    store<u32>(rec + R_O1, <u32>o1);
    store<u32>(rec + R_O2, <u32>o2);
    store<u8>(rec + R_B1, load<u8>(bytes + <usize>o1));
    store<u8>(rec + R_M1, load<u8>(masks + <usize>o1));
    store<u8>(rec + R_B2, load<u8>(bytes + <usize>o2));
    store<u8>(rec + R_M2, load<u8>(masks + <usize>o2));
    store<u64>(rec + R_B1X8, 0x0101010101010101 * <u64>load<u8>(bytes + <usize>o1));
    store<u64>(rec + R_M1X8, 0x0101010101010101 * <u64>load<u8>(masks + <usize>o1));
    store<u64>(rec + R_B2X8, 0x0101010101010101 * <u64>load<u8>(bytes + <usize>o2));
    store<u64>(rec + R_M2X8, 0x0101010101010101 * <u64>load<u8>(masks + <usize>o2));
    store<u32>(rec + R_BYTES, <u32>bytes);
    store<u32>(rec + R_MASKS, <u32>masks);
    if (o2 > maxProbe) maxProbe = o2;
    if (n < minLen) minLen = n;
  }
  store<u32>(tab + LT_COUNT, <u32>count);
  store<u32>(tab + LT_MAXPROBE, <u32>maxProbe);
  store<u32>(tab + LT_MINLEN, <u32>minLen);
  return tab;
}

export function freeLiteralTable(tab: usize): void {
  heap.free(tab);
}

/**
 * The leftmost position in [p, end) where a literal matches, or end. When outIdx != 0, writes (u32) the index
 * of the first literal in priority order that matches there.
 */
export function literalFind(tab: usize, p: usize, end: usize, outIdx: usize): usize {
  const q = findLiterals(tab, p, end);
  countSearch(q - p + 1);
  if (q != end && outIdx != 0) store<u32>(outIdx, <u32>firstLiteralAt(tab, q, end));
  return q;
}

export function literalLength(tab: usize, idx: u32): usize {
  return <usize>load<u32>(tab + LT_HEADER + <usize>idx * REC_SIZE + R_LEN);
}

/** Is hay[0..len) exactly one of the literals? */
export function literalWhole(tab: usize, hay: usize, len: usize): bool {
  const count = load<u32>(tab + LT_COUNT);
  for (let k: u32 = 0; k < count; k++) {
    const rec = tab + LT_HEADER + <usize>k * REC_SIZE;
    if (<usize>load<u32>(rec + R_LEN) == len && literalAt(rec, hay)) return true;
  }
  return false;
}
