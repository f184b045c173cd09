// SIMD scanning backend: 16 bytes per v128 (Node and browsers). Same contracts as swar.ts: the returned
// pointer is the FIRST matching byte in [p, end), or `end`; never reads past `end`. Bytes after the last
// whole block go to tail.ts.
import { setScanOut } from "./out";
import {
  tailCopyJson, tailFindByte, tailFindJsonSpecial, tailFindQuoteOrBackslash, tailIsAscii,
} from "./tail";

/** Bit i set when byte i of v needs JSON escaping or UTF-8 checking: '"', '\\', < 0x20, >= 0x80. */
// @ts-ignore: decorator
@inline function jsonSpecialMask(v: v128): i32 {
  // a signed compare v < 0x20 catches both control bytes (0..0x1f) and non-ASCII (0x80..0xff, negative)
  return i8x16.bitmask(v128.or(i8x16.lt_s(v, i8x16.splat(0x20)),
    v128.or(i8x16.eq(v, i8x16.splat(0x22)), i8x16.eq(v, i8x16.splat(0x5c)))));
}

export function simdFindByte(p: usize, end: usize, b: u8): usize {
  const pattern = i8x16.splat(<i8>b);
  while (p + 16 <= end) {
    const m = i8x16.bitmask(i8x16.eq(v128.load(p), pattern));
    if (m != 0) return p + <usize>ctz(m);
    p += 16;
  }
  return tailFindByte(p, end, b);
}

export function simdFindJsonSpecial(p: usize, end: usize): usize {
  while (p + 16 <= end) {
    const m = jsonSpecialMask(v128.load(p));
    if (m != 0) return p + <usize>ctz(m);
    p += 16;
  }
  return tailFindJsonSpecial(p, end);
}

export function simdFindQuoteOrBackslash(p: usize, end: usize): usize {
  const quotes = i8x16.splat(0x22);
  const slashes = i8x16.splat(0x5c);
  while (p + 16 <= end) {
    const v = v128.load(p);
    const m = i8x16.bitmask(v128.or(i8x16.eq(v, quotes), i8x16.eq(v, slashes)));
    if (m != 0) return p + <usize>ctz(m);
    p += 16;
  }
  return tailFindQuoteOrBackslash(p, end);
}

export function simdIsAscii(p: usize, end: usize): bool {
  while (p + 16 <= end) {
    if (i8x16.bitmask(v128.load(p)) != 0) return false;
    p += 16;
  }
  return tailIsAscii(p, end);
}

/**
 * Copies bytes from p to o as the inside of a JSON string, escaping '"' and '\\' on the way, until a control
 * byte (< 0x20) or a non-ASCII byte (>= 0x80), which the caller handles; returns that input position and
 * leaves the output position in scanOut. Stores whole 16-byte blocks, so the caller must have 16 bytes of
 * room past what is copied (the NDJSON encoder reserves 6 per input byte).
 */
export function simdCopyJsonUntilSpecial(o: usize, p: usize, end: usize): usize {
  while (p + 16 <= end) {
    const v = v128.load(p);
    const m = jsonSpecialMask(v);
    v128.store(o, v);
    if (m == 0) {
      p += 16;
      o += 16;
      continue;
    }
    const k = <usize>ctz(m);
    const c = load<u8>(p + k);
    if (c != 0x22 && c != 0x5c) {
      setScanOut(o + k);
      return p + k;
    }
    // '"' and '\\' are escaped here without leaving the loop (JSON log lines are full of quotes)
    o += k;
    store<u16>(o, 0x5c | (<u16>c << 8));
    o += 2;
    p += k + 1;
  }
  return tailCopyJson(o, p, end);
}
