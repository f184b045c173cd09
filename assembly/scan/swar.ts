// SWAR scanning backend: 8 bytes per u64, no v128 anywhere (the Fluent Bit / WAMR build).
import { setScanOut } from "./out";
//
// Invariant of every helper here: the returned pointer is the FIRST matching byte in [p, end), or `end`.
// The classic "has zero byte" trick can raise false flags only in bytes *above* a true match (a borrow
// travels upwards), so on little-endian memory ctz(mask) >> 3 is always the first true match.

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

export function swarFindByte(p: usize, end: usize, b: u8): usize {
  const pattern = ONES * <u64>b;
  while (p + 8 <= end) {
    const m = zeroBytes(load<u64>(p) ^ pattern);
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  while (p < end) {
    if (load<u8>(p) == b) return p;
    p++;
  }
  return end;
}

/** First byte that JSON output cannot copy as is: '"', '\\', a control byte (< 0x20) or a non-ASCII byte. */
export function swarFindJsonSpecial(p: usize, end: usize): usize {
  const quotes = ONES * 0x22;
  const slashes = ONES * 0x5c;
  while (p + 8 <= end) {
    const x = load<u64>(p);
    const m = zeroBytes(x ^ quotes) | zeroBytes(x ^ slashes) | lessThan(x, 0x20) | (x & HIGHS);
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  while (p < end) {
    const c = load<u8>(p);
    if (c == 0x22 || c == 0x5c || c < 0x20 || c >= 0x80) return p;
    p++;
  }
  return end;
}

/** First '"' or '\\' (what ends the fast path of a JSON string decoder). */
export function swarFindQuoteOrBackslash(p: usize, end: usize): usize {
  const quotes = ONES * 0x22;
  const slashes = ONES * 0x5c;
  while (p + 8 <= end) {
    const x = load<u64>(p);
    const m = zeroBytes(x ^ quotes) | zeroBytes(x ^ slashes);
    if (m != 0) return p + <usize>(ctz(m) >> 3);
    p += 8;
  }
  while (p < end) {
    const c = load<u8>(p);
    if (c == 0x22 || c == 0x5c) return p;
    p++;
  }
  return end;
}

/** True when every byte in [p, end) is ASCII. */
export function swarIsAscii(p: usize, end: usize): bool {
  while (p + 8 <= end) {
    if ((load<u64>(p) & HIGHS) != 0) return false;
    p += 8;
  }
  while (p < end) {
    if (load<u8>(p) >= 0x80) return false;
    p++;
  }
  return true;
}

/** As simdCopyJsonUntilSpecial (escaping '"' and '\\' on the way), 8 bytes at a time (whole-word stores). */
export function swarCopyJsonUntilSpecial(o: usize, p: usize, end: usize): usize {
  const quotes = ONES * 0x22;
  const slashes = ONES * 0x5c;
  while (p + 8 <= end) {
    const x = load<u64>(p);
    const m = zeroBytes(x ^ quotes) | zeroBytes(x ^ slashes) | lessThan(x, 0x20) | (x & HIGHS);
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
  while (p < end) {
    const c = load<u8>(p);
    if (c < 0x20 || c >= 0x80) break;
    if (c == 0x22 || c == 0x5c) {
      store<u8>(o, 0x5c);
      o++;
    }
    store<u8>(o, c);
    o++;
    p++;
  }
  setScanOut(o);
  return p;
}
