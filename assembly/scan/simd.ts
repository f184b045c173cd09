// SIMD scanning backend: 16 bytes per v128 (Node and browsers). Same contracts as swar.ts: the returned
// pointer is the FIRST matching byte in [p, end), or `end`; never reads past `end`. Bytes after the last
// whole block go to tail.ts.
import { ESCAPE_TABLE } from "./escape-table";
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
  const quotes = i8x16.splat(0x22);
  const slashes = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  while (p + 16 <= end) {
    const v = v128.load(p);
    const qs = v128.or(i8x16.eq(v, quotes), i8x16.eq(v, slashes));
    const other = i8x16.bitmask(i8x16.lt_s(v, space)); // control or non-ASCII: the caller's job
    const m = i8x16.bitmask(qs);
    if ((m | other) == 0) {
      v128.store(o, v);
      p += 16;
      o += 16;
      continue;
    }
    if (other != 0) {
      // escape the quotes before the first control / non-ASCII byte, then hand that byte back
      const k = <usize>ctz(other);
      const r = tailCopyJson(o, p, p + k);
      return r;
    }
    // only '"' and '\\' in this block: two branch-free halves through the shuffle table
    o = escapeHalf(o, v, m & 0xff);
    o = escapeHalf(o, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 0, 0, 0, 0, 0, 0, 0), m >> 8);
    p += 16;
  }
  return tailCopyJson(o, p, end);
}

/** Writes the low 8 bytes of v with a backslash before each byte marked in m; returns the new output end. */
// @ts-ignore: decorator
@inline function escapeHalf(o: usize, v: v128, m: i32): usize {
  const entry = ESCAPE_TABLE + (<usize>m << 5);
  v128.store(o, v128.or(i8x16.swizzle(v, v128.load(entry)), v128.load(entry, 16)));
  return o + 8 + <usize>popcnt(m);
}
