// Code point ranges → UTF-8 byte-range sequences (compile time).
//
// Invariant: for a range [lo, hi] without surrogates, utf8Sequences returns sequences s_1..s_k (each 1 to 4
// byte ranges, as [len, lo0, hi0, lo1, hi1, ...]) such that a byte string is the UTF-8 encoding of a code point
// in [lo, hi] iff it matches exactly one s_j, in ascending code point order. Iterative (explicit stack).

import { countCompile } from "./work";

function encode(cp: i32, out: Array<i32>): void {
  if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6));
    out.push(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12));
    out.push(0x80 | ((cp >> 6) & 0x3f));
    out.push(0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18));
    out.push(0x80 | ((cp >> 12) & 0x3f));
    out.push(0x80 | ((cp >> 6) & 0x3f));
    out.push(0x80 | (cp & 0x3f));
  }
}

export function utf8Bytes(cp: i32): Array<i32> {
  const out = new Array<i32>();
  encode(cp, out);
  return out;
}

/** Appends the sequences of [lo, hi] to `out` as flat records [n, lo0, hi0, ..., lo_{n-1}, hi_{n-1}]. */
export function utf8Sequences(lo: i32, hi: i32, out: Array<i32>): void {
  const stack: Array<i32> = [hi, lo];
  while (stack.length > 0) {
    countCompile(1);
    const s = stack.pop();
    const e = stack.pop();
    let split = false;
    // split at encoding-length boundaries
    const bounds: StaticArray<i32> = [0x7f, 0x7ff, 0xffff];
    for (let k = 0; k < 3; k++) {
      const m = bounds[k];
      if (s <= m && m < e) {
        stack.push(e); stack.push(m + 1);
        stack.push(m); stack.push(s);
        split = true;
        break;
      }
    }
    if (split) continue;
    if (e < 0x80) {
      out.push(1); out.push(s); out.push(e);
      continue;
    }
    for (let i = 1; i < 4; i++) {
      const m = (1 << (6 * i)) - 1;
      if ((s & ~m) != (e & ~m)) {
        if ((s & m) != 0) {
          stack.push(e); stack.push((s | m) + 1);
          stack.push(s | m); stack.push(s);
          split = true;
          break;
        }
        if ((e & m) != m) {
          stack.push(e); stack.push(e & ~m);
          stack.push((e & ~m) - 1); stack.push(s);
          split = true;
          break;
        }
      }
    }
    if (split) continue;
    const a = utf8Bytes(s);
    const b = utf8Bytes(e);
    out.push(a.length);
    for (let k = 0; k < a.length; k++) {
      out.push(a[k]);
      out.push(b[k]);
    }
  }
}
