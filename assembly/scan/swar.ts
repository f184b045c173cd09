// SWAR scanning backend: 8 bytes per u64, no v128 anywhere (the Fluent Bit / WAMR build).
//
// Invariant of every helper here: the returned pointer is the FIRST matching byte in [p, end), or `end`.
// The classic "has zero byte" trick can raise false flags only in bytes *above* a true match (a borrow
// travels upwards), so on little-endian memory ctz(mask) >> 3 is always the first true match. Bytes after the
// last whole word go to tail.ts.
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

// @ts-ignore: decorator
@inline function lessThan(x: u64, n: u64): u64 {
  // bytes < n (n <= 128) get their high bit set
  return (x - ONES * n) & ~x & HIGHS;
}

// @ts-ignore: decorator
@inline function quoteOrBackslash(x: u64): u64 {
  return zeroBytes(x ^ (ONES * 0x22)) | zeroBytes(x ^ (ONES * 0x5c));
}

/** High bit of a byte set when it needs JSON escaping or UTF-8 checking: '"', '\\', < 0x20, >= 0x80. */
// @ts-ignore: decorator
@inline function jsonSpecial(x: u64): u64 {
  return quoteOrBackslash(x) | lessThan(x, 0x20) | (x & HIGHS);
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

/** As simdCopyJsonUntilSpecial (escaping '"' and '\\' on the way), 8 bytes at a time (whole-word stores). */
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
    const c = load<u8>(p + k);
    if (c != 0x22 && c != 0x5c) {
      setScanOut(o + k);
      return p + k;
    }
    o += k;
    store<u16>(o, 0x5c | (<u16>c << 8));
    o += 2;
    p += k + 1;
  }
  return tailCopyJson(o, p, end);
}
