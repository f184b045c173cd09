// Byte scanning, one algorithm per operation with backends chosen at compile time:
// the SIMD build (`--enable simd`) uses simd.ts, the scalar build uses swar.ts and so contains no v128
// instruction at all (the untaken branch of a constant `if` is never compiled); the interpreted build (the
// Fluent Bit module, HOST_INTERPRETED) is the scalar one but hands long single-byte searches to the host's
// memchr (host.ts).
// Every function returns the first matching position in [p, end), or `end` when there is none.

import {
  simdCopyJsonUntilSpecial, simdFindByte, simdFindJsonSpecial, simdFindQuoteOrBackslash, simdIsAscii,
} from "./simd";
import {
  swarCopyJsonUntilSpecial, swarFindByte, swarFindJsonSpecial, swarFindQuoteOrBackslash, swarIsAscii,
} from "./swar";
import { HOST_MIN, hostFindByte } from "./host";
export { scanOut } from "./out";

// @ts-ignore: decorator
@inline export function findByte(p: usize, end: usize, b: u8): usize {
  if (HOST_INTERPRETED && end - p >= HOST_MIN) return hostFindByte(p, end, b);
  if (ASC_FEATURE_SIMD) return simdFindByte(p, end, b);
  return swarFindByte(p, end, b);
}

// @ts-ignore: decorator
@inline export function findJsonSpecial(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) return simdFindJsonSpecial(p, end);
  return swarFindJsonSpecial(p, end);
}

// @ts-ignore: decorator
@inline export function findQuoteOrBackslash(p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) return simdFindQuoteOrBackslash(p, end);
  return swarFindQuoteOrBackslash(p, end);
}

// @ts-ignore: decorator
@inline export function isAscii(p: usize, end: usize): bool {
  if (ASC_FEATURE_SIMD) return simdIsAscii(p, end);
  return swarIsAscii(p, end);
}

/** Copies [p, …) to o as JSON string content, escaping '"' and '\\', up to a control or non-ASCII byte;
 * returns that input position (output position: scanOut). */
// @ts-ignore: decorator
@inline export function copyJsonUntilSpecial(o: usize, p: usize, end: usize): usize {
  if (ASC_FEATURE_SIMD) return simdCopyJsonUntilSpecial(o, p, end);
  return swarCopyJsonUntilSpecial(o, p, end);
}
