// Writes bytes as the inside of a JSON string, exactly as JSON.stringify would write the same text after
// a non-fatal UTF-8 decode: `\" \\ \b \f \n \r \t`, other control bytes as `\u00xx`, DEL and valid
// non-ASCII raw, and each maximal invalid UTF-8 subsequence as U+FFFD (WHATWG decoder rules).
// The caller reserves 6 bytes of output per input byte (the worst case, `\u00xx`) plus 16 (block stores).

import { copyJsonUntilSpecial, scanOut } from "../scan";
import { SHORT_ESCAPES } from "../scan/escape-table";

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

/** Length of the valid UTF-8 sequence at p (2..4), or -(maximal invalid subpart length) when invalid. */
function utf8Length(p: usize, end: usize): i32 {
  const c = <u32>load<u8>(p);
  let need: i32, lo: u32 = 0x80, hi: u32 = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c == 0xe0) lo = 0xa0;
    else if (c == 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c == 0xf0) lo = 0x90;
    else if (c == 0xf4) hi = 0x8f;
  } else return -1;
  let i: i32 = 1;
  while (i <= need) {
    const q = p + <usize>i;
    if (q >= end) return -i;
    const b = <u32>load<u8>(q);
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return -i;
    i++;
  }
  return need + 1;
}

export function escapeJson(o: usize, p: usize, n: usize): usize {
  const end = p + n;
  while (true) {
    const s = copyJsonUntilSpecial(o, p, end);
    o = scanOut;
    if (s >= end) return o;
    const c = <u32>load<u8>(s);
    if (c >= 0x80) {
      const k = utf8Length(s, end);
      if (k > 0) {
        for (let i = 0; i < k; i++) store<u8>(o + <usize>i, load<u8>(s + <usize>i));
        o += <usize>k;
        p = s + <usize>k;
      } else {
        store<u8>(o, 0xef);
        store<u8>(o + 1, 0xbf);
        store<u8>(o + 2, 0xbd);
        o += 3;
        p = s + <usize>(-k);
      }
      continue;
    }
    store<u8>(o, 0x5c);
    // '"' and '\\' stand for themselves; a control byte has a letter (\b \t \n \f \r) or is written \u00XX
    const e = c < 0x20 ? <u32>load<u8>(SHORT_ESCAPES + c) : c;
    if (e != 0) {
      store<u8>(o + 1, <u8>e);
      o += 2;
    } else {
      store<u8>(o + 1, 0x75);
      store<u8>(o + 2, 0x30);
      store<u8>(o + 3, 0x30);
      store<u8>(o + 4, load<u8>(HEX + (c >> 4)));
      store<u8>(o + 5, load<u8>(HEX + (c & 15)));
      o += 6;
    }
    p = s + 1;
  }
}
