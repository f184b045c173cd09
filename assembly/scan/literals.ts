// Multi-literal search (memmem for one literal, a packed-pair scanner for a small set), with two backends
// chosen at compile time like index.ts: SIMD (literals_simd.ts) or SWAR (literals_swar.ts, no v128); the
// interpreted build gives one exact literal to the host's memchr first (host.ts).
// The table format is in littab.ts. Result: the first position q in [p, end) where some literal matches
// entirely inside [p, end), or `end`.

import { simdFindLiteral1, simdFindLiterals } from "./literals_simd";
import { swarFindLiteral1, swarFindLiterals } from "./literals_swar";
import { HOST_MIN, hostFindLiteral1, hostLiteralRest } from "./host";
import { LT_COUNT, LT_HEADER, LT_MAXPROBE, R_M1, R_M2 } from "./littab";
export { firstLiteralAt, scalarFindLiterals } from "./littab";

// @ts-ignore: decorator
@inline export function findLiterals(tab: usize, p: usize, end: usize): usize {
  if (HOST_INTERPRETED && end - p >= HOST_MIN && load<u32>(tab + LT_COUNT) == 1 &&
    load<u8>(tab + LT_HEADER + R_M1) == 0 && load<u8>(tab + LT_HEADER + R_M2) == 0) {
    // one exact literal: the host's memchr on its rarest byte (host.ts)
    const q = hostFindLiteral1(tab + LT_HEADER, p, end);
    if (!hostLiteralRest) return q;
    p = q;
  }
  // one literal (most line filters): straight to its scanner, whose loads reach maxProbe + a block past a position
  const top = <usize>memory.size() << 16;
  const reach = <usize>load<u32>(tab + LT_MAXPROBE) + (ASC_FEATURE_SIMD ? 16 : 8);
  if (load<u32>(tab + LT_COUNT) == 1 && top >= reach) {
    if (ASC_FEATURE_SIMD) return simdFindLiteral1(tab + LT_HEADER, p, end, top - reach);
    return swarFindLiteral1(tab + LT_HEADER, p, end, top - reach);
  }
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
