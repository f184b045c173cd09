// SWAR scanning backend: 8 bytes per u64, no v128 anywhere (the Fluent Bit / WAMR build).
//
// Invariant of every helper here: the returned pointer is the FIRST matching byte in [p, end), or `end`.
// The classic "has zero byte" trick can raise false flags only in bytes *above* a true match (a borrow
// travels upwards), so on little-endian memory ctz(mask) >> 3 is always the first true match. Bytes after the
// last whole word go to tail.ts.
import { SHORT_ESCAPES } from "./escape-table";
import { setScanOut } from "./out";
import {
  tailCopyJson, tailFindByte, tailFindJsonSpecial, tailFindQuoteOrBackslash, tailIsAscii,
} from "./tail";

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

// @ts-ignore: decorator
@inline function zeroBytes(x: u64): u64 {
  return (x - ONES) & ~x & HIGHS;
}

/** High bit of every '"' and '\\' byte (and possibly of a byte above one: a borrow). One ~x for both zero-byte
 *  tests: a byte >= 0x80 keeps its high bit through both xors, so it can neither wrap nor be flagged; without a
 *  borrow in, a byte is flagged exactly when it is '"' or '\\' (all 256 values: scan.test.ts). */
// @ts-ignore: decorator
@inline function quoteOrBackslash(x: u64): u64 {
  return (((x ^ (ONES * 0x22)) - ONES) | ((x ^ (ONES * 0x5c)) - ONES)) & ~x & HIGHS;
}

/**
 * High bit of a byte set when it needs JSON escaping or UTF-8 checking: '"', '\\', < 0x20, >= 0x80 (and possibly
 * in a byte above one of them: a borrow; so the first flagged byte is always one). Two subtractions: x ^ 0x02 maps
 * '"' to 0x20 and keeps every byte < 0x20 below 0x20, so both are the bytes whose x ^ 0x02 is below 0x21; x ^ 0x5c
 * is 0 for '\\'; a byte >= 0x80 keeps its high bit through both xors and one subtraction or the other cannot clear
 * it. Without a borrow in, a byte is flagged exactly when it is one of these (all 256 values: scan.test.ts); a
 * borrow comes only from a flagged byte below.
 */
// @ts-ignore: decorator
@inline export function jsonSpecial(x: u64): u64 {
  return (((x ^ (ONES * 0x02)) - ONES * 0x21) | ((x ^ (ONES * 0x5c)) - ONES)) & HIGHS;
}

export function swarFindByte(p: usize, end: usize, b: u8): usize {
  const pattern = ONES * <u64>b;
  while (p + 8 <= end) {
    const m = zeroBytes(load<u64>(p) ^ pattern);
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  return tailFindByte(p, end, b);
}

export function swarFindJsonSpecial(p: usize, end: usize): usize {
  while (p + 8 <= end) {
    const m = jsonSpecial(load<u64>(p));
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  return tailFindJsonSpecial(p, end);
}

export function swarFindQuoteOrBackslash(p: usize, end: usize): usize {
  while (p + 8 <= end) {
    const m = quoteOrBackslash(load<u64>(p));
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  return tailFindQuoteOrBackslash(p, end);
}

export function swarIsAscii(p: usize, end: usize): bool {
  while (p + 8 <= end) {
    if ((load<u64>(p) & HIGHS) != 0) return false;
    p += 8;
  }
  return tailIsAscii(p, end);
}

/** As simdCopyJsonUntilSpecial (escaping '"', '\\' and the one-letter controls on the way), 8 bytes at a time
 *  (whole-word stores). */
export function swarCopyJsonUntilSpecial(o: usize, p: usize, end: usize): usize {
  while (p + 8 <= end) {
    const x = load<u64>(p);
    const m = jsonSpecial(x);
    store<u64>(o, x);
    if (m == 0) {
      p += 8;
      o += 8;
      continue;
    }
    const k = <usize>(ctz(m) >> 3);
    const c = <u32>load<u8>(p + k);
    // '"' and '\\' get a backslash; so do \b \t \n \f \r, as their letter (a stack trace's tabs and newlines
    // stay in the loop); any other control or non-ASCII byte is the caller's
    const e = c == 0x22 || c == 0x5c ? c : c < 0x20 ? <u32>load<u8>(SHORT_ESCAPES + c) : 0;
    if (e == 0) {
      setScanOut(o + k);
      return p + k;
    }
    o += k;
    store<u16>(o, 0x5c | (<u16>e << 8));
    o += 2;
    p += k + 1;
  }
  return tailCopyJson(o, p, end);
}
