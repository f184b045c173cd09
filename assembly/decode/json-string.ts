// JSON strings: decoding (every escape; `\uXXXX` surrogate pairs → one code point) and validating skips.
// All functions take q just past the opening quote and return the position just past the closing quote,
// or 0 on error with the reason in `jsonError` (bad_escape for escapes, bad_json for an unterminated
// string). Raw control bytes are accepted (lenient, documented). Never reads at or past `end`.

import { hexDigit } from "../common/hex";
import { findQuoteOrBackslash } from "../scan";
import { jsonSpecial } from "../scan/swar";
import { ERR_BAD_ESCAPE, ERR_BAD_JSON } from "../common/reasons";
import { copyBytes } from "../mem/copy";

export let jsonError: u8 = 0;


const BAD_HEX: i32 = -1;   // a present byte is not a hex digit: bad_escape
const SHORT_HEX: i32 = -2; // the line ends inside the digits: bad_json (an unterminated string)

/** Reads 4 hex digits at q, never at or past end: the value, BAD_HEX or SHORT_HEX (both negative). */
export function hex4(q: usize, end: usize): i32 {
  let v: i32 = 0;
  for (let i: usize = 0; i < 4; i++) {
    if (q + i >= end) return SHORT_HEX;
    const h = hexDigit(load<u8>(q + i));
    if (h < 0) return BAD_HEX;
    v = (v << 4) | h;
  }
  return v;
}

// @ts-ignore: decorator
@inline function hexError(v: i32): u8 {
  return v == SHORT_HEX ? ERR_BAD_JSON : ERR_BAD_ESCAPE;
}

/** The byte a one-letter escape `\c` stands for, or -1. */
export function simpleEscape(c: u32): i32 {
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

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** Where decodeRun's output ended. */
let runOut: usize = 0;
/** Bit 7 of a byte set where decodeRun copied a raw byte < 0x20 or >= 0x80 (ORed over the string). */
let runOdd: u64 = 0;
/** Where decodeRun wrote its first escape's byte (0: none yet). */
let runFirstEscape: usize = 0;

/**
 * The interpreted build's run copier (HOST_INTERPRETED: the Fluent Bit module, where Fluent Bit's JSON escapes
 * every quote of a JSON message, and a scan call plus a copy per escape cost more than the bytes between them).
 * Copies [q, …) to o a word at a time and decodes the one-letter escapes without leaving the loop; stops at a
 * quote, at any other escape (a unicode one, a bad one, or one cut by end: its backslash), or at end, and
 * returns that position (the output's end: runOut). Word stores stay inside o's room, as the output never runs
 * ahead of the input. Reads only [q, end). On the way it notes what decodedRoundTrips needs: raw bytes outside
 * 0x20..0x7f (runOdd: the word loop stops at each) and escapes escapeJson would write differently (`/` and
 * newline: runOdd too).
 */
function decodeRun(o: usize, q: usize, end: usize): usize {
  let odd: u64 = 0;
  while (q + 8 <= end) {
    const x = load<u64>(q);
    // stops at '"', '\\', bytes < 0x20 and >= 0x80 (the first flagged byte is one of them): the JSON escaper's own
    // test; raw bytes < 0x20 or >= 0x80 are rare in what Fluent Bit writes, and stopping at them is how they are noted
    const m = jsonSpecial(x);
    store<u64>(o, x);
    if (m == 0) {
      q += 8;
      o += 8;
      continue;
    }
    const k = <usize>(ctz(m) >> 3);
    q += k;
    o += k;
    const c = load<u8>(q);
    if (c != 0x22 && c != 0x5c) {
      // a byte < 0x20 or >= 0x80, copied with the word: noted, and go on after it
      odd |= HIGHS;
      q++;
      o++;
      continue;
    }
    if (c == 0x22 || q + 1 >= end) break;
    const e = <u32>load<u8>(q + 1);
    const v = simpleEscape(e);
    if (v < 0) break;
    if (e == 0x2f || e == 0x6e) odd |= HIGHS;
    if (runFirstEscape == 0) runFirstEscape = o;
    store<u8>(o, <u8>v);
    o++;
    q += 2;
  }
  while (q < end) {
    const c = load<u8>(q);
    if (c == 0x22) break;
    if (c == 0x5c) {
      if (q + 1 >= end) break;
      const e = <u32>load<u8>(q + 1);
      const v = simpleEscape(e);
      if (v < 0) break;
      if (e == 0x2f || e == 0x6e) odd |= HIGHS;
      if (runFirstEscape == 0) runFirstEscape = o;
      store<u8>(o, <u8>v);
      o++;
      q += 2;
      continue;
    }
    if (c < 0x20 || c >= 0x80) odd |= HIGHS;
    store<u8>(o, c);
    o++;
    q++;
  }
  runOdd |= odd;
  runOut = o;
  return q;
}

/**
 * Only in the interpreted build, after decodeString succeeded: does escapeJson write the decoded bytes back as
 * exactly the string's escaped text? True when every raw byte is 0x20..0x7f and every escape is one escapeJson
 * writes the same way (`\" \\ \b \f \r \t`; not `\/`, `\n` or a unicode escape). Then the text is the
 * decoded bytes' escaped form, and its first decodedPlainPrefix bytes are the decoded bytes themselves (no
 * escape before them): the Fluent Bit module hands the text to the encoder (emit/escaped-twin.ts).
 */
export let decodedRoundTrips: bool = false;
/** Decoded bytes before the first escape (see decodedRoundTrips). */
export let decodedPlainPrefix: usize = 0;

/**
 * Decodes the string into out (which must have room for end - q bytes: decoding never grows a string).
 * Sets `decodedLen`. Lone surrogates are errors.
 */
export let decodedLen: usize = 0;

export function decodeString(q: usize, end: usize, out: usize): usize {
  let o = out;
  let unicode = false;
  if (HOST_INTERPRETED) {
    runOdd = 0;
    runFirstEscape = 0;
  }
  while (true) {
    let s: usize;
    if (HOST_INTERPRETED) {
      s = decodeRun(o, q, end);
      o = runOut;
    } else {
      s = findQuoteOrBackslash(q, end);
      const run = s - q;
      if (run != 0) {
        copyBytes(o, q, run);
        o += run;
      }
    }
    if (s >= end) {
      jsonError = ERR_BAD_JSON;
      return 0;
    }
    if (load<u8>(s) == 0x22) {
      decodedLen = o - out;
      if (HOST_INTERPRETED) {
        decodedRoundTrips = !unicode && (runOdd & HIGHS) == 0;
        decodedPlainPrefix = runFirstEscape != 0 ? runFirstEscape - out : decodedLen;
      }
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
    unicode = true;
    if (HOST_INTERPRETED && runFirstEscape == 0) runFirstEscape = o;
    let cp = hex4(s + 2, end);
    if (cp < 0) {
      jsonError = hexError(cp);
      return 0;
    }
    q = s + 6;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // must be a high surrogate followed by an escaped low surrogate; running out of line is bad_json
      if (cp >= 0xdc00) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      if (q >= end || (load<u8>(q) == 0x5c && q + 1 >= end)) {
        jsonError = ERR_BAD_JSON;
        return 0;
      }
      if (load<u8>(q) != 0x5c || load<u8>(q + 1) != 0x75) {
        jsonError = ERR_BAD_ESCAPE;
        return 0;
      }
      const lo = hex4(q + 2, end);
      if (lo < 0) {
        jsonError = hexError(lo);
        return 0;
      }
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
      const v = hex4(s + 2, end);
      if (v < 0) {
        jsonError = hexError(v);
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
