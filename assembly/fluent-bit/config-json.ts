// A small reader for the module's configuration file (logsieve.json): a cursor over JSON text with the byte
// offset of every value, so an error names its line and column. Used once at start-up, never per record; it
// may allocate managed strings (the entry collects them after start-up).
//
// Contract: every read checks `failed` first and does nothing once an error is set; the first error wins.
// Reads never go past `end`.

import { decodeString, decodedLen } from "../decode/json-string";
import { skipValue } from "../decode/json-skip";

let text: usize = 0;
let end: usize = 0;
/** The cursor: the next unread byte. */
export let at: usize = 0;

export let failed: bool = false;
export let errorOffset: usize = 0;
export let errorMessage: string = "";

export function readerStart(p: usize, n: usize): void {
  text = p;
  end = p + n;
  at = p;
  failed = false;
  errorOffset = 0;
  errorMessage = "";
}

/** Byte offset of the cursor in the text. */
export function offset(): usize {
  return at - text;
}

/** Byte offset of the next value or key (spaces skipped first): where an error about it points. */
export function here(): usize {
  space();
  return at - text;
}

export function fail(off: usize, message: string): void {
  if (failed) return;
  failed = true;
  errorOffset = off;
  errorMessage = message;
}

/** 1-based line and column (in bytes) of offset off. */
export function lineOf(off: usize): i32 {
  let line = 1;
  for (let p = text; p < text + off && p < end; p++) if (load<u8>(p) == 0x0a) line++;
  return line;
}

export function columnOf(off: usize): i32 {
  let col = 1;
  for (let p = text; p < text + off && p < end; p++) col = load<u8>(p) == 0x0a ? 1 : col + 1;
  return col;
}

export function space(): void {
  while (at < end) {
    const c = load<u8>(at);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) break;
    at++;
  }
}

/** The next non-space byte without consuming it, or -1 at the end. */
export function peek(): i32 {
  space();
  return at < end ? <i32>load<u8>(at) : -1;
}

function expect(c: i32, what: string): bool {
  if (failed) return false;
  if (peek() != c) {
    fail(offset(), at < end ? "expected " + what : "unexpected end of file, expected " + what);
    return false;
  }
  at++;
  return true;
}

/** Opens an object or a list (`open` is '{' or '['): true when members or elements follow, false for an empty
 *  one (consumed) or an error. */
export function opens(open: i32, what: string): bool {
  if (!expect(open, what)) return false;
  if (peek() == open + 2) { // '}' is '{' + 2, ']' is '[' + 2
    at++;
    return false;
  }
  return true;
}

/** Decoded bytes of the last readString (a heap block the caller owns) and their length. */
export let stringLen: usize = 0;
/** Offset of the last string value read (its opening quote). */
export let stringOffset: usize = 0;

/** Reads a string value; returns a heap block with its decoded UTF-8 bytes (caller frees), or 0 on error. */
export function readString(what: string): usize {
  if (failed) return 0;
  if (peek() != 0x22) {
    fail(offset(), what + " must be a string");
    return 0;
  }
  stringOffset = offset();
  const out = heap.alloc(end - at + 1);
  const q = decodeString(at + 1, end, out);
  if (q == 0) {
    heap.free(out);
    fail(stringOffset, "bad string (an unterminated string or a bad escape)");
    return 0;
  }
  stringLen = decodedLen;
  at = q;
  return out;
}

/** Reads a string value as text ("" on error: check `failed`). */
export function readText(what: string): string {
  const p = readString(what);
  if (p == 0) return "";
  const s = String.UTF8.decodeUnsafe(p, stringLen);
  heap.free(p);
  return s;
}

/** Reads a number value (JSON number grammar); NaN on error. */
export function readNumber(what: string): f64 {
  if (failed) return NaN;
  const c = peek();
  const start = at;
  if (c != 0x2d && (c < 0x30 || c > 0x39)) {
    fail(offset(), what + " must be a number");
    return NaN;
  }
  const q = skipValue(at, end);
  if (q == 0) {
    fail(offset(), what + ": bad number");
    return NaN;
  }
  at = q;
  const s = String.UTF8.decodeUnsafe(start, q - start);
  const v = parseFloat(s);
  if (!isFinite(v)) {
    fail(start - text, what + ": bad number");
    return NaN;
  }
  return v;
}

/** Reads true or false; returns 0 / 1, or -1 on error. */
export function readBool(what: string): i32 {
  if (failed) return -1;
  const c = peek();
  if (c == 0x74 && end - at >= 4 && load<u32>(at) == 0x65757274) {
    at += 4;
    return 1;
  }
  if (c == 0x66 && end - at >= 5 && load<u32>(at + 1) == 0x65736c61) {
    at += 5;
    return 0;
  }
  fail(offset(), what + " must be true or false");
  return -1;
}

/** Reads a key and its colon; returns the key as a string ("" on error). */
export function readKey(): string {
  const s = readText("a key");
  if (failed || !expect(0x3a, "':'")) return "";
  return s;
}

/**
 * After a member: `,` (returns true: another member follows) or the closing byte `close` (returns false).
 */
export function more(close: i32): bool {
  if (failed) return false;
  const c = peek();
  if (c == 0x2c) {
    at++;
    return true;
  }
  if (c == close) {
    at++;
    return false;
  }
  const what = close == 0x7d ? "',' or '}'" : "',' or ']'";
  fail(offset(), at < end ? "expected " + what : "unexpected end of file, expected " + what);
  return false;
}

/** At the end of the text (only space left). */
export function atEnd(): bool {
  space();
  return at >= end;
}
