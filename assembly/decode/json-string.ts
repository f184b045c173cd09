// JSON strings: decoding (every escape; `\uXXXX` surrogate pairs → one code point) and validating skips.
// All functions take q just past the opening quote and return the position just past the closing quote,
// or 0 on error with the reason in `jsonError` (bad_escape for escapes, bad_json for an unterminated
// string). Raw control bytes are accepted (lenient, documented). Never reads at or past `end`.

import { findQuoteOrBackslash } from "../scan";
import { ERR_BAD_ESCAPE, ERR_BAD_JSON } from "./line";

export let jsonError: u8 = 0;

// @ts-ignore: decorator
@inline function hexValue(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  const l = c | 0x20;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

/** Reads 4 hex digits at q (q + 4 <= end checked by the caller); -1 when not hex. */
function hex4(q: usize): i32 {
  const a = hexValue(load<u8>(q)), b = hexValue(load<u8>(q + 1));
  const c = hexValue(load<u8>(q + 2)), d = hexValue(load<u8>(q + 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

function simpleEscape(c: u32): i32 {
  switch (c) {
    case 0x22: return 0x22;
    case 0x5c: return 0x5c;
    case 0x2f: return 0x2f;
    case 0x62: return 0x08;
    case 0x66: return 0x0c;
    case 0x6e: return 0x0a;
    case 0x72: return 0x0d;
    case 0x74: return 0x09;
    default: return -1;
  }
}

/**
 * Decodes the string into out (which must have room for end - q bytes: decoding never grows a string).
 * Sets `decodedLen`. Lone surrogates are errors.
 */
export let decodedLen: usize = 0;

export function decodeString(q: usize, end: usize, out: usize): usize {
  let o = out;
  while (true) {
    const s = findQuoteOrBackslash(q, end);
    const run = s - q;
    if (run != 0) {
      memory.copy(o, q, run);
      o += run;
    }
    if (s >= end) {
      jsonError = ERR_BAD_JSON;
      return 0;
    }
    if (load<u8>(s) == 0x22) {
      decodedLen = o - out;
      return s + 1;
    }
    // escape
    if (s + 1 >= end) {
      jsonError = ERR_BAD_JSON;
      return 0;
    }
    const e = <u32>load<u8>(s + 1);
    if (e != 0x75) {
      const v = simpleEscape(e);
      if (v < 0) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      store<u8>(o, <u8>v);
      o++;
      q = s + 2;
      continue;
    }
    if (s + 6 > end) {
      jsonError = ERR_BAD_ESCAPE;
      return 0;
    }
    let cp = hex4(s + 2);
    if (cp < 0) {
      jsonError = ERR_BAD_ESCAPE;
      return 0;
    }
    q = s + 6;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // must be a high surrogate followed by an escaped low surrogate
      if (cp >= 0xdc00 || q + 6 > end || load<u8>(q) != 0x5c || load<u8>(q + 1) != 0x75) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      const lo = hex4(q + 2);
      if (lo < 0xdc00 || lo > 0xdfff) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
      q += 6;
    }
    o = putUtf8(o, cp);
  }
}

/** Writes code point cp as UTF-8 at o; returns the position after it. */
export function putUtf8(o: usize, cp: i32): usize {
  if (cp < 0x80) {
    store<u8>(o, <u8>cp);
    return o + 1;
  }
  if (cp < 0x800) {
    store<u8>(o, <u8>(0xc0 | (cp >> 6)));
    store<u8>(o + 1, <u8>(0x80 | (cp & 0x3f)));
    return o + 2;
  }
  if (cp < 0x10000) {
    store<u8>(o, <u8>(0xe0 | (cp >> 12)));
    store<u8>(o + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(o + 2, <u8>(0x80 | (cp & 0x3f)));
    return o + 3;
  }
  store<u8>(o, <u8>(0xf0 | (cp >> 18)));
  store<u8>(o + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
  store<u8>(o + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
  store<u8>(o + 3, <u8>(0x80 | (cp & 0x3f)));
  return o + 4;
}

/** Skips a string, checking escape syntax only (no surrogate pairing): for keys, attrs, ignored values. */
export function skipString(q: usize, end: usize): usize {
  while (true) {
    const s = findQuoteOrBackslash(q, end);
    if (s >= end) {
      jsonError = ERR_BAD_JSON;
      return 0;
    }
    if (load<u8>(s) == 0x22) return s + 1;
    if (s + 1 >= end) {
      jsonError = ERR_BAD_JSON;
      return 0;
    }
    const e = <u32>load<u8>(s + 1);
    if (e == 0x75) {
      if (s + 6 > end || hex4(s + 2) < 0) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      q = s + 6;
    } else {
      if (simpleEscape(e) < 0) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      q = s + 2;
    }
  }
}
