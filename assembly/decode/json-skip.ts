// Validating skip over any JSON value, without recursion: nesting is tracked in a fixed byte stack, so a
// hostile `[[[[…` line costs no call depth (Fluent Bit's WAMR stack is tiny). Depth counts the line's
// top-level object as 1, and more than MAX_DEPTH levels in all is bad_json; values skipped here are members
// of that object, so they may open MAX_DEPTH - 1 levels. Returns the position after the value, or 0 with
// `jsonError` set.

import { jsonError, skipString } from "./json-string";
import { ERR_BAD_JSON } from "../common/reasons";

export const MAX_DEPTH: i32 = 512;
const MAX_VALUE_DEPTH: i32 = MAX_DEPTH - 1; // the enclosing object is level 1
const stack: usize = memory.data(MAX_DEPTH);

// @ts-ignore: decorator
@inline export function isJsonSpace(c: u32): bool {
  return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09;
}

export function skipSpace(q: usize, end: usize): usize {
  while (q < end && isJsonSpace(load<u8>(q))) q++;
  return q;
}

function badJson(): usize {
  jsonError = ERR_BAD_JSON;
  return 0;
}

function skipDigits(q: usize, end: usize): usize {
  while (q < end && <u32>load<u8>(q) - 48 < 10) q++;
  return q;
}

/** JSON number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
function skipNumber(q: usize, end: usize): usize {
  if (load<u8>(q) == 0x2d) q++;
  if (q >= end) return badJson();
  const first = load<u8>(q);
  if (first == 0x30) q++;
  else if (<u32>first - 49 < 9) q = skipDigits(q + 1, end);
  else return badJson();
  if (q < end && load<u8>(q) == 0x2e) {
    const d = skipDigits(q + 1, end);
    if (d == q + 1) return badJson();
    q = d;
  }
  if (q < end && (load<u8>(q) | 0x20) == 0x65) {
    q++;
    if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) q++;
    const d = skipDigits(q, end);
    if (d == q) return badJson();
    q = d;
  }
  return q;
}

function skipWord(q: usize, end: usize, word: u32, n: usize): usize {
  // word: the literal's bytes, little-endian
  if (q + n > end) return badJson();
  for (let i: usize = 0; i < n; i++) {
    if (<u32>load<u8>(q + i) != ((word >> (<u32>i * 8)) & 0xff)) return badJson();
  }
  return q + n;
}

/** After `{` (and whitespace): a key, a colon; returns the position where the member's value starts. */
function skipKeyColon(q: usize, end: usize): usize {
  if (q >= end || load<u8>(q) != 0x22) return badJson();
  q = skipString(q + 1, end);
  if (q == 0) return 0;
  q = skipSpace(q, end);
  if (q >= end || load<u8>(q) != 0x3a) return badJson();
  return q + 1;
}

export function skipValue(q: usize, end: usize): usize {
  let depth: i32 = 0;
  while (true) {
    // a value starts here
    q = skipSpace(q, end);
    if (q >= end) return badJson();
    const c = load<u8>(q);
    if (c == 0x22) {
      q = skipString(q + 1, end);
    } else if (c == 0x7b || c == 0x5b) {
      if (depth >= MAX_VALUE_DEPTH) return badJson();
      store<u8>(stack + depth, c);
      depth++;
      q = skipSpace(q + 1, end);
      if (q < end && load<u8>(q) == c + 2) { // '}' is '{' + 2, ']' is '[' + 2
        depth--;
        q++;
      } else if (c == 0x7b) {
        q = skipKeyColon(q, end);
        if (q == 0) return 0;
        continue;
      } else {
        continue;
      }
    } else if (c == 0x2d || <u32>c - 48 < 10) {
      q = skipNumber(q, end);
    } else if (c == 0x74) {
      q = skipWord(q, end, 0x65757274, 4); // true
    } else if (c == 0x66) {
      q = skipWord(q + 1, end, 0x65736c61, 4); // "f" + "alse"
    } else if (c == 0x6e) {
      q = skipWord(q, end, 0x6c6c756e, 4); // null
    } else {
      return badJson();
    }
    if (q == 0) return 0;
    // after a value: close containers or move to the next element
    while (depth > 0) {
      q = skipSpace(q, end);
      if (q >= end) return badJson();
      const d = load<u8>(q);
      const open = load<u8>(stack + depth - 1);
      if (d == 0x2c) {
        q = skipSpace(q + 1, end);
        if (open == 0x7b) {
          q = skipKeyColon(q, end);
          if (q == 0) return 0;
        }
        break; // parse the next value
      }
      if (d == open + 2) {
        depth--;
        q++;
        continue;
      }
      return badJson();
    }
    if (depth == 0) return q;
  }
  return 0; // not reached: the loop returns
}
