// Level detection: a record's severity read from the header positions of its content (docs/enrich.md "Level",
// which gives the exact grammar; test/oracle/enrich.ts is an independent RegExp implementation of it).
//
// detectLevel(p, n) reads only the first LOOK bytes of [p, p + n) and returns a LEVEL_* code (common/levels.ts),
// LEVEL_NONE when no rule finds one. Rules, first that applies wins (after leading spaces/tabs):
//   1. `{`: a JSON object: the first top-level member `level` / `lvl` / `severity` / `log.level` (keys compared
//      case-insensitively) whose value maps, or `level`/`lvl`/`severity` inside a top-level `"log":{…}`;
//   2. a klog header `Lmmdd hh:mm:ss` (L in I W E F);
//   3. `[<timestamp> <word>]` (Serilog's console template);
//   4. after an optional timestamp (optionally in brackets): a logcat `X/Tag:`, or logfmt pairs (the first
//      `level=`/`lvl=`/`severity=` whose value maps), or a level word (`ERROR`, `[WARN]`, `WARNING:`), or
//      Monolog's `channel.ERROR:`, or a word after one bracketed non-level token (`[main] INFO`).
// A word elsewhere in the message never counts. Values map through one case-insensitive table (wordLevel).
//
// Invariants: no allocation, no managed object, no recursion; every read is bounded by min(n, LOOK); linear in
// LOOK at worst (each rule scans forward once). Never traps on any byte sequence.

import { DEBUG } from "../common/debug";
import { findQuoteOrBackslash } from "../scan/index";
import { LEVEL_DEBUG, LEVEL_ERROR, LEVEL_FATAL, LEVEL_INFO, LEVEL_NONE, LEVEL_TRACE, LEVEL_WARN } from "../common/levels";

/** Only the line's first LOOK bytes are read: levels live in headers, and the cost per record stays bounded. */
export const LOOK: usize = 1024;

const MAX_WORD: usize = 13; // "informational"
const MAX_THREAD: usize = 64; // a bracketed token skipped before the level word: [main], [http-nio-8080-exec-1]

// @ts-ignore: decorator
@inline function at(p: usize, i: usize): u32 {
  return <u32>load<u8>(p + i);
}

// @ts-ignore: decorator
@inline function lower(c: u32): u32 {
  return c - 0x41 < 26 ? c | 0x20 : c;
}

// @ts-ignore: decorator
@inline function isLetter(c: u32): bool {
  return (c | 0x20) - 0x61 < 26;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

// @ts-ignore: decorator
@inline function isBlank(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

// ---- the value table (docs/enrich.md): words packed lowercase, little-endian, in two u64 ----

let packedHi: u64 = 0;

/** [p, p + len) (len <= 16) lowercased (ASCII letters only) and packed little-endian: the low 8 bytes returned,
 *  the next 8 in packedHi. */
function packLower(p: usize, len: usize): u64 {
  if (DEBUG) assert(len <= 16);
  let lo: u64 = 0;
  let hi: u64 = 0;
  for (let i: usize = 0; i < len; i++) {
    const c = <u64>lower(at(p, i));
    if (i < 8) lo |= c << (<u64>i << 3);
    else hi |= c << (<u64>(i - 8) << 3);
  }
  packedHi = hi;
  return lo;
}

/** The level of the value [p, p + len) through the table (ASCII case-insensitive), or LEVEL_NONE. */
export function wordLevel(p: usize, len: usize): u8 {
  if (len < 3 || len > MAX_WORD) return LEVEL_NONE;
  const lo = packLower(p, len);
  const hi = packedHi;
  switch (<u32>len) {
    case 3:
      if (lo == 0x637274) return LEVEL_TRACE; // trc
      if (lo == 0x627276) return LEVEL_TRACE; // vrb
      if (lo == 0x676264) return LEVEL_DEBUG; // dbg
      if (lo == 0x666e69) return LEVEL_INFO; // inf
      if (lo == 0x6e7277) return LEVEL_WARN; // wrn
      if (lo == 0x727265) return LEVEL_ERROR; // err
      if (lo == 0x6c7466) return LEVEL_FATAL; // ftl
      break;
    case 4:
      if (lo == 0x6f666e69) return LEVEL_INFO; // info
      if (lo == 0x6e726177) return LEVEL_WARN; // warn
      if (lo == 0x74697263) return LEVEL_FATAL; // crit
      break;
    case 5:
      if (lo == 0x6563617274) return LEVEL_TRACE; // trace
      if (lo == 0x6775626564) return LEVEL_DEBUG; // debug
      if (lo == 0x726f727265) return LEVEL_ERROR; // error
      if (lo == 0x6c61746166) return LEVEL_FATAL; // fatal
      if (lo == 0x63696e6170) return LEVEL_FATAL; // panic
      if (lo == 0x6772656d65) return LEVEL_FATAL; // emerg
      if (lo == 0x7472656c61) return LEVEL_FATAL; // alert
      break;
    case 6:
      if (lo == 0x656369746f6e) return LEVEL_INFO; // notice
      if (lo == 0x657265766573) return LEVEL_ERROR; // severe
      break;
    case 7:
      if (lo == 0x65736f62726576) return LEVEL_TRACE; // verbose
      if (lo == 0x676e696e726177) return LEVEL_WARN; // warning
      break;
    case 8:
      if (lo == 0x6c61636974697263) return LEVEL_FATAL; // critical
      break;
    case 9:
      if (lo == 0x636e656772656d65 && hi == 0x79) return LEVEL_FATAL; // emergency
      break;
    case 11:
      if (lo == 0x74616d726f666e69 && hi == 0x6e6f69) return LEVEL_INFO; // information
      break;
    case 13:
      if (lo == 0x74616d726f666e69 && hi == 0x6c616e6f69) return LEVEL_INFO; // informational
      break;
  }
  return LEVEL_NONE;
}

/** level | lvl | severity, ignoring case (and log.level when dotted: the top level of JSON) */
function isLevelKey(p: usize, i: usize, len: usize, dotted: bool): bool {
  if (len == 5) return packLower(p + i, 5) == 0x6c6576656c;
  if (len == 3) return packLower(p + i, 3) == 0x6c766c;
  if (len == 8) return packLower(p + i, 8) == 0x7974697265766573;
  if (len == 9 && dotted) return packLower(p + i, 9) == 0x6576656c2e676f6c && packedHi == 0x6c;
  return false;
}

/** log, ignoring case */
// @ts-ignore: decorator
@inline function isLogKey(p: usize, i: usize, len: usize): bool {
  return len == 3 && packLower(p + i, 3) == 0x676f6c;
}

// ---- timestamps ----

/** `\d\d:\d\d:\d\d([.,]\d+)?(Z|[+-]\d\d(:?\d\d)?)?` at i: its end, or 0 (no timestamp ends at 0). */
function timeEnd(p: usize, n: usize, i: usize): usize {
  if (i + 8 > n) return 0;
  if (!isDigit(at(p, i)) || !isDigit(at(p, i + 1)) || at(p, i + 2) != 0x3a || !isDigit(at(p, i + 3)) ||
    !isDigit(at(p, i + 4)) || at(p, i + 5) != 0x3a || !isDigit(at(p, i + 6)) || !isDigit(at(p, i + 7))) return 0;
  let j = i + 8;
  if (j + 1 < n && (at(p, j) == 0x2e || at(p, j) == 0x2c) && isDigit(at(p, j + 1))) {
    j += 2;
    while (j < n && isDigit(at(p, j))) j++;
  }
  if (j < n) {
    const c = at(p, j);
    if (c == 0x5a) j++; // Z
    else if ((c == 0x2b || c == 0x2d) && j + 2 < n && isDigit(at(p, j + 1)) && isDigit(at(p, j + 2))) {
      j += 3;
      const colon: usize = j < n && at(p, j) == 0x3a ? 1 : 0;
      if (j + colon + 1 < n && isDigit(at(p, j + colon)) && isDigit(at(p, j + colon + 1))) j += colon + 2;
    }
  }
  return j;
}

/** `(DATE[T ])?TIME` at i, DATE one of yyyy-mm-dd, yyyy/mm/dd, mm-dd: its end, or 0. */
function timestampEnd(p: usize, n: usize, i: usize): usize {
  let j = i;
  if (i + 11 <= n && isDigit(at(p, i)) && isDigit(at(p, i + 1)) && isDigit(at(p, i + 2)) && isDigit(at(p, i + 3))) {
    const sep = at(p, i + 4);
    if ((sep == 0x2d || sep == 0x2f) && isDigit(at(p, i + 5)) && isDigit(at(p, i + 6)) && at(p, i + 7) == sep &&
      isDigit(at(p, i + 8)) && isDigit(at(p, i + 9)) && (at(p, i + 10) == 0x54 || at(p, i + 10) == 0x20)) j = i + 11;
    else return 0;
  } else if (i + 6 <= n && isDigit(at(p, i)) && isDigit(at(p, i + 1)) && at(p, i + 2) == 0x2d) {
    if (isDigit(at(p, i + 3)) && isDigit(at(p, i + 4)) && at(p, i + 5) == 0x20) j = i + 6;
    else return 0;
  }
  return timeEnd(p, n, j);
}

// ---- header words ----

/** `[ \t]*` from i */
// @ts-ignore: decorator
@inline function skipBlanks(p: usize, n: usize, i: usize): usize {
  while (i < n && isBlank(at(p, i))) i++;
  return i;
}

/** `\[[ \t]*WORD[ \t]*\]` at i with WORD mapping: its level, else LEVEL_NONE. */
function bracketWord(p: usize, n: usize, i: usize): u8 {
  if (i >= n || at(p, i) != 0x5b) return LEVEL_NONE;
  const s = skipBlanks(p, n, i + 1);
  let e = s;
  while (e < n && isLetter(at(p, e))) e++;
  const j = skipBlanks(p, n, e);
  if (j >= n || at(p, j) != 0x5d) return LEVEL_NONE;
  return wordLevel(p + s, e - s);
}

/** A bare WORD at i, followed by the end or one of ` \t:|,;`: its level, else LEVEL_NONE. */
function bareWord(p: usize, n: usize, i: usize): u8 {
  let e = i;
  while (e < n && isLetter(at(p, e))) e++;
  if (e < n) {
    const c = at(p, e);
    if (!(isBlank(c) || c == 0x3a || c == 0x7c || c == 0x2c || c == 0x3b)) return LEVEL_NONE;
  }
  return wordLevel(p + i, e - i);
}

/** Monolog's `CHANNEL.WORD:` at i (`local.ERROR: …`), CHANNEL = [A-Za-z_][A-Za-z0-9_-]*: the word's level. */
function monolog(p: usize, n: usize, i: usize): u8 {
  let c = i;
  while (c < n) {
    const b = at(p, c);
    if (!(isLetter(b) || isDigit(b) || b == 0x5f || b == 0x2d)) break;
    c++;
  }
  if (c == i || c >= n || at(p, c) != 0x2e) return LEVEL_NONE;
  let w = c + 1;
  while (w < n && isLetter(at(p, w))) w++;
  if (w >= n || at(p, w) != 0x3a) return LEVEL_NONE;
  return wordLevel(p + c + 1, w - c - 1);
}

/** Logcat `[VDIWEFA]/TAG(\([ \t]*\d+\))?:` with TAG = [^ \t:(]+ at i. */
function logcat(p: usize, n: usize, i: usize): u8 {
  if (i + 3 >= n || at(p, i + 1) != 0x2f) return LEVEL_NONE;
  let level: u8;
  switch (at(p, i)) {
    case 0x56: level = LEVEL_TRACE; break; // V
    case 0x44: level = LEVEL_DEBUG; break;
    case 0x49: level = LEVEL_INFO; break;
    case 0x57: level = LEVEL_WARN; break;
    case 0x45: level = LEVEL_ERROR; break;
    case 0x46: case 0x41: level = LEVEL_FATAL; break; // F, A (assert)
    default: return LEVEL_NONE;
  }
  let j = i + 2;
  while (j < n) {
    const c = at(p, j);
    if (isBlank(c) || c == 0x3a || c == 0x28) break;
    j++;
  }
  if (j == i + 2 || j >= n) return LEVEL_NONE;
  if (at(p, j) == 0x28) {
    j = skipBlanks(p, n, j + 1);
    const d = j;
    while (j < n && isDigit(at(p, j))) j++;
    if (j == d || j >= n || at(p, j) != 0x29) return LEVEL_NONE;
    j++;
  }
  return j < n && at(p, j) == 0x3a ? level : LEVEL_NONE;
}

// ---- logfmt ----

// @ts-ignore: decorator
@inline function isKeyStart(c: u32): bool {
  return isLetter(c) || c == 0x5f;
}

// @ts-ignore: decorator
@inline function isKeyByte(c: u32): bool {
  return isLetter(c) || isDigit(c) || c == 0x5f || c == 0x2e || c == 0x2d;
}

/** End of `KEY=` at i (just after '='), or 0. */
function logfmtKeyEnd(p: usize, n: usize, i: usize): usize {
  if (i >= n || !isKeyStart(at(p, i))) return 0;
  let j = i + 1;
  while (j < n && isKeyByte(at(p, j))) j++;
  return j < n && at(p, j) == 0x3d ? j + 1 : 0;
}

/** logfmt pairs from i (the first is known to be `KEY=`): the first level key whose value maps. */
function logfmtLevel(p: usize, n: usize, i: usize): u8 {
  while (true) {
    const ke = logfmtKeyEnd(p, n, i);
    if (ke == 0) return LEVEL_NONE;
    const isLevel = isLevelKey(p, i, ke - 1 - i, false);
    let vs = ke;
    let ve: usize;
    let j: usize;
    if (vs < n && at(p, vs) == 0x22) {
      vs++;
      j = vs;
      while (true) {
        j = findQuoteOrBackslash(p + j, p + n) - p;
        if (j >= n || at(p, j) == 0x22) break;
        j += 2; // an escape: skip the escaped byte
      }
      if (j >= n) return LEVEL_NONE; // unterminated
      ve = j;
      j++;
    } else {
      j = vs;
      while (j < n && !isBlank(at(p, j)) && at(p, j) != 0x22) j++;
      ve = j;
    }
    if (isLevel) {
      const l = wordLevel(p + vs, ve - vs);
      if (l != LEVEL_NONE) return l;
    }
    if (j >= n || !isBlank(at(p, j))) return LEVEL_NONE;
    i = skipBlanks(p, n, j);
  }
  return LEVEL_NONE;
}

// ---- JSON ----

let jsonPos: usize = 0; // where scanMembers stopped (valid when it returns LEVEL_NONE without failing)
let jsonFailed: bool = false;

// @ts-ignore: decorator
@inline function isJsonSpace(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d;
}

function skipJsonSpace(p: usize, n: usize, i: usize): usize {
  while (i < n && isJsonSpace(at(p, i))) i++;
  return i;
}

/** i at a '"': just past the closing quote, or 0 when unterminated. */
function stringEnd(p: usize, n: usize, i: usize): usize {
  let j = i + 1;
  while (j < n) {
    j = findQuoteOrBackslash(p + j, p + n) - p; // 16 (SIMD) or 8 (SWAR) bytes at a time
    if (j >= n) return 0;
    if (at(p, j) == 0x22) return j + 1;
    j += 2; // an escape: skip the escaped byte
  }
  return 0;
}

/** Skips one value at i (string; object/array by bracket depth, skipping strings; else a non-empty scalar run
 *  up to space , } ]): its end, or 0 when it does not end inside the look. */
function valueEnd(p: usize, n: usize, i: usize): usize {
  if (i >= n) return 0;
  const c = at(p, i);
  if (c == 0x22) return stringEnd(p, n, i);
  if (c == 0x7b || c == 0x5b) {
    let depth: u32 = 0;
    let j = i;
    while (j < n) {
      const d = at(p, j);
      if (d == 0x22) {
        j = stringEnd(p, n, j);
        if (j == 0) return 0;
        continue;
      }
      if (d == 0x7b || d == 0x5b) depth++;
      else if (d == 0x7d || d == 0x5d) {
        depth--;
        if (depth == 0) return j + 1;
      }
      j++;
    }
    return 0;
  }
  let j = i;
  while (j < n) {
    const d = at(p, j);
    if (isJsonSpace(d) || d == 0x2c || d == 0x7d || d == 0x5d) break;
    j++;
  }
  return j > i ? j : 0;
}

/** The level of a level key's value [s, e) (a whole value token): a string without escapes that maps, or one of
 *  the integers 10 20 30 40 50 60 (pino / bunyan). */
function jsonValueLevel(p: usize, s: usize, e: usize): u8 {
  if (at(p, s) == 0x22) {
    for (let k = s + 1; k < e - 1; k++) if (at(p, k) == 0x5c) return LEVEL_NONE;
    return wordLevel(p + s + 1, e - s - 2);
  }
  if (e - s == 2 && at(p, s + 1) == 0x30) {
    switch (at(p, s)) {
      case 0x31: return LEVEL_TRACE;
      case 0x32: return LEVEL_DEBUG;
      case 0x33: return LEVEL_INFO;
      case 0x34: return LEVEL_WARN;
      case 0x35: return LEVEL_ERROR;
      case 0x36: return LEVEL_FATAL;
    }
  }
  return LEVEL_NONE;
}

/** Members of the object whose '{' is at i: a level found, or LEVEL_NONE with jsonPos just past its '}' (or
 *  jsonFailed). top: the outer object (accepts log.level and descends once into "log":{…}). */
function scanMembers(p: usize, n: usize, i: usize, top: bool): u8 {
  if (DEBUG) assert(at(p, i) == 0x7b);
  let j = skipJsonSpace(p, n, i + 1);
  if (j < n && at(p, j) == 0x7d) {
    jsonPos = j + 1;
    return LEVEL_NONE;
  }
  while (true) {
    if (j >= n || at(p, j) != 0x22) break;
    const ke = stringEnd(p, n, j);
    if (ke == 0) break;
    const ks = j + 1;
    const kl = ke - 1 - ks;
    j = skipJsonSpace(p, n, ke);
    if (j >= n || at(p, j) != 0x3a) break;
    j = skipJsonSpace(p, n, j + 1);
    if (j >= n) break;
    let ve: usize;
    if (top && at(p, j) == 0x7b && isLogKey(p, ks, kl)) {
      const l = scanMembers(p, n, j, false);
      if (l != LEVEL_NONE) return l;
      if (jsonFailed) return LEVEL_NONE;
      ve = jsonPos;
    } else {
      ve = valueEnd(p, n, j);
      if (ve == 0) break;
      if (isLevelKey(p, ks, kl, top)) {
        const l = jsonValueLevel(p, j, ve);
        if (l != LEVEL_NONE) return l;
      }
    }
    j = skipJsonSpace(p, n, ve);
    if (j >= n) break;
    const c = at(p, j);
    if (c == 0x7d) {
      jsonPos = j + 1;
      return LEVEL_NONE;
    }
    if (c != 0x2c) break;
    j = skipJsonSpace(p, n, j + 1);
  }
  jsonFailed = true;
  return LEVEL_NONE;
}

// ---- the rules ----

/** The level of the record content [p, p + n), LEVEL_NONE when no header rule finds one. */
export function detectLevel(p: usize, n: usize): u8 {
  if (n > LOOK) n = LOOK;
  const i = skipBlanks(p, n, 0);
  if (i >= n) return LEVEL_NONE;
  const c = at(p, i);
  // 1. JSON
  if (c == 0x7b) {
    jsonFailed = false;
    return scanMembers(p, n, i, true);
  }
  // 2. klog: Lmmdd hh:mm:ss
  if ((c == 0x49 || c == 0x57 || c == 0x45 || c == 0x46) && i + 14 <= n && isDigit(at(p, i + 1)) &&
    isDigit(at(p, i + 2)) && isDigit(at(p, i + 3)) && isDigit(at(p, i + 4)) && at(p, i + 5) == 0x20 &&
    timeEnd(p, i + 14, i + 6) != 0) {
    return c == 0x49 ? LEVEL_INFO : c == 0x57 ? LEVEL_WARN : c == 0x45 ? LEVEL_ERROR : LEVEL_FATAL;
  }
  // 3. and 4.: an optional timestamp, bare or in brackets
  let h = i;
  if (c == 0x5b) {
    const te = timestampEnd(p, n, i + 1);
    if (te != 0 && te < n) {
      if (at(p, te) == 0x5d) h = skipBlanks(p, n, te + 1);
      else if (isBlank(at(p, te))) {
        // [<timestamp> WORD]
        const l = serilog(p, n, te);
        if (l != LEVEL_NONE) return l;
      }
    }
  } else {
    const te = timestampEnd(p, n, i);
    if (te != 0 && te < n && isBlank(at(p, te))) h = skipBlanks(p, n, te);
  }
  if (h >= n) return LEVEL_NONE;
  // 4. at the header position: one scan of the leading letters decides between logcat, a bare word and logfmt
  const c0 = at(p, h);
  if (isKeyStart(c0)) {
    let e = h;
    while (e < n && isLetter(at(p, e))) e++;
    if (e == n) return wordLevel(p + h, e - h);
    const d = at(p, e);
    if (d == 0x2f) return e == h + 1 ? logcat(p, n, h) : LEVEL_NONE;
    if (isBlank(d) || d == 0x3a || d == 0x7c || d == 0x2c || d == 0x3b) return wordLevel(p + h, e - h);
    return logfmtKeyEnd(p, n, h) != 0 ? logfmtLevel(p, n, h) : monolog(p, n, h);
  }
  if (c0 != 0x5b) return LEVEL_NONE;
  let l = bracketWord(p, n, h);
  if (l != LEVEL_NONE) return l;
  // one bracketed non-level token (a thread, a logger), then the word
  let j = h + 1;
  while (j < n && j - h - 1 <= MAX_THREAD) {
    const d = at(p, j);
    if (d == 0x5d || d == 0x5b) break;
    j++;
  }
  // content: 1..MAX_THREAD bytes, no bracket
  if (j >= n || at(p, j) != 0x5d || j == h + 1 || j - h - 1 > MAX_THREAD) return LEVEL_NONE;
  j = skipBlanks(p, n, j + 1);
  l = bracketWord(p, n, j);
  if (l != LEVEL_NONE) return l;
  return bareWord(p, n, j);
}

/** `[ \t]+WORD[ \t]*\]` at te (just after the timestamp inside `[`): the word's level. */
function serilog(p: usize, n: usize, te: usize): u8 {
  const s = skipBlanks(p, n, te);
  let e = s;
  while (e < n && isLetter(at(p, e))) e++;
  const j = skipBlanks(p, n, e);
  if (j >= n || at(p, j) != 0x5d) return LEVEL_NONE;
  return wordLevel(p + s, e - s);
}
