// Multi-literal search (memmem for one literal, a packed-pair scanner for a small set), with two backends
// chosen at compile time like index.ts: SIMD (literals_simd.ts) or SWAR (literals_swar.ts, no v128).
// The table format is in littab.ts. Result: the first position q in [p, end) where some literal matches
// entirely inside [p, end), or `end`.

import { simdFindLiterals } from "./literals_simd";
import { swarFindLiterals } from "./literals_swar";
export { firstLiteralAt, scalarFindLiterals } from "./littab";

// @ts-ignore: decorator
@inline export function findLiterals(tab: usize, p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) return simdFindLiterals(tab, p, end);
  return swarFindLiterals(tab, p, end);
}

import { simdFindByteOverread } from "./literals_simd";
import { swarFindByteOverread } from "./literals_swar";

/** First `b` in [p, end), or end; may read (never use) bytes past `end` up to the end of memory. */
// @ts-ignore: decorator
@inline export function findByteOverread(p: usize, end: usize, b: u8): usize {
  if (ASC_FEATURE_SIMD) return simdFindByteOverread(p, end, b);
  return swarFindByteOverread(p, end, b);
}
