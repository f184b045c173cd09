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
