// The byte-at-a-time ends of every scan: what is left after the last whole block (16 bytes for SIMD, 8 for
// SWAR). Shared by both backends so that each backend holds only its block loop.

// @ts-ignore: decorator
@inline export function isJsonSpecial(c: u32): bool {
  return c == 0x22 || c == 0x5c || c < 0x20 || c >= 0x80;
}

export function tailFindByte(p: usize, end: usize, b: u8): usize {
  while (p < end && load<u8>(p) != b) p++;
  return p;
}

export function tailFindJsonSpecial(p: usize, end: usize): usize {
  while (p < end && !isJsonSpecial(load<u8>(p))) p++;
  return p;
}

export function tailFindQuoteOrBackslash(p: usize, end: usize): usize {
  while (p < end) {
    const c = load<u8>(p);
    if (c == 0x22 || c == 0x5c) break;
    p++;
  }
  return p;
}

export function tailIsAscii(p: usize, end: usize): bool {
  while (p < end) {
    if (load<u8>(p) >= 0x80) return false;
    p++;
  }
  return true;
}

/** JSON-copies [p, end) to o, escaping '"' and '\\', up to a control or non-ASCII byte (output: scanOut). */
export function tailCopyJson(o: usize, p: usize, end: usize): usize {
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

import { setScanOut } from "./out";
