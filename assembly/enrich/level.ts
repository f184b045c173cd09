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
//      Monolog's `channel.WORD:`, or a word after one bracketed non-level token (`[main] INFO`).
// A word elsewhere in the message never counts. Values map through one case-insensitive table (wordLevel).
//
// Cost (it runs on every record): one dispatch on the first byte (the rules start with disjoint bytes), then on
// the header's first byte; words and keys are compared as folded u64 (a perfect-hash slot for the table, u64
// constants for the keys); runs of letters, string bodies and logfmt values are found eight bytes at a time
// (SWAR) and each is scanned once; a digit-led line without a timestamp is turned away after three bytes.
//
// Invariants: no allocation, no managed object, no recursion (scanMembers enters "log":{…} once, in its own loop); every read
// is bounded by min(n, LOOK) (u64 loads only where 8 bytes fit, byte loads otherwise); linear in LOOK at worst
// (each rule scans forward once). Never traps on any byte sequence.

import { DEBUG } from "../common/debug";
import { LEVEL_DEBUG, LEVEL_ERROR, LEVEL_FATAL, LEVEL_INFO, LEVEL_NONE, LEVEL_TRACE, LEVEL_WARN } from "../common/levels";

// `{"level` `":"` and `level=` as little-endian words, for detectLevel's first check
const JSON_LEVEL_HEAD: u64 = 0x226c6576656c227b; // {"level"
const JSON_LEVEL_TAIL: u16 = 0x223a; // :"
const LOGFMT_LEVEL_HEAD: u64 = 0x3d6c6576656c; // level=

/** Only the line's first LOOK bytes are read: levels live in headers, and the cost per record stays bounded. */
export const LOOK: usize = 1024;

const MAX_WORD: usize = 13; // "informational"
const MAX_THREAD: usize = 64; // a bracketed token skipped before the level word: [main], [http-nio-8080-exec-1]

// ---- packed words: up to 8 bytes little-endian in a u64, zero above ----

/** The low k bytes of a u64 (k in 1..8). */
// @ts-ignore: decorator
@inline function lowBytes(k: usize): u64 {
  return <u64>-1 >> (<u64>(8 - k) << 3);
}

/** The k (1..8) bytes at [p + s, p + s + k) packed; reads only inside [p, p + n) (a u64 load when 8 bytes fit). */
// @ts-ignore: decorator
@inline function pack(p: usize, n: usize, s: usize, k: usize): u64 {
  if (DEBUG) assert(k >= 1 && k <= 8 && s + k <= n);
  if (s + 8 <= n) return load<u64>(p + s) & lowBytes(k);
  let v: u64 = 0;
  for (let i = k; i > 0; i--) v = (v << 8) | <u64>load<u8>(p + s + i - 1);
  return v;
}

/** pack with 0x20 or'ed into every byte: equal to a packed lowercase-letter literal iff the bytes are that word in
 *  any ASCII case (c | 0x20 is a lowercase letter only when c is that letter, either case). */
// @ts-ignore: decorator
@inline function fold(p: usize, n: usize, s: usize, k: usize): u64 {
  return pack(p, n, s, k) | (0x2020202020202020 & lowBytes(k));
}

// ---- the value table: a perfect hash of the folded word (lo, hi = bytes 0..7, 8..12) and its length ----
// Filled once at start from the words themselves; a DEBUG build asserts that no two words share a slot.

const WORD_SLOTS: usize = 64;
const HASH_MUL: u64 = 0x41166fd8992591e1; // found offline: no two of the words below collide in 64 slots
const WORDS = memory.data(<i32>(WORD_SLOTS * 24)); // lo u64, hi u64, len u32, level u32; len 0 = empty

// @ts-ignore: decorator
@inline function slotOf(lo: u64, hi: u64, len: usize): usize {
  return <usize>(((lo ^ hi ^ <u64>len) * HASH_MUL) >> 58);
}

function addWord(w: string, level: u8): void {
  const len = <usize>w.length;
  if (DEBUG) assert(len >= 3 && len <= MAX_WORD);
  let lo: u64 = 0;
  let hi: u64 = 0;
  for (let i: usize = 0; i < len; i++) {
    const c = <u64>w.charCodeAt(<i32>i);
    if (DEBUG) assert(c - 0x61 < 26); // lowercase letters only: what fold() relies on
    if (i < 8) lo |= c << (<u64>i * 8);
    else hi |= c << (<u64>(i - 8) * 8);
  }
  const e = WORDS + slotOf(lo, hi, len) * 24;
  if (DEBUG) assert(load<u32>(e, 16) == 0);
  store<u64>(e, lo);
  store<u64>(e, hi, 8);
  store<u32>(e, <u32>len, 16);
  store<u32>(e, <u32>level, 20);
}

addWord("trace", LEVEL_TRACE);
addWord("trc", LEVEL_TRACE);
addWord("verbose", LEVEL_TRACE);
addWord("vrb", LEVEL_TRACE);
addWord("debug", LEVEL_DEBUG);
addWord("dbg", LEVEL_DEBUG);
addWord("info", LEVEL_INFO);
addWord("inf", LEVEL_INFO);
addWord("information", LEVEL_INFO);
addWord("informational", LEVEL_INFO);
addWord("notice", LEVEL_INFO);
addWord("warn", LEVEL_WARN);
addWord("warning", LEVEL_WARN);
addWord("wrn", LEVEL_WARN);
addWord("error", LEVEL_ERROR);
addWord("err", LEVEL_ERROR);
addWord("severe", LEVEL_ERROR);
addWord("fatal", LEVEL_FATAL);
addWord("ftl", LEVEL_FATAL);
addWord("critical", LEVEL_FATAL);
addWord("crit", LEVEL_FATAL);
addWord("panic", LEVEL_FATAL);
addWord("emerg", LEVEL_FATAL);
addWord("emergency", LEVEL_FATAL);
addWord("alert", LEVEL_FATAL);

// @ts-ignore: decorator
@inline function at(p: usize, i: usize): u32 {
  return <u32>load<u8>(p + i);
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

/** The level of the value [p + s, p + s + len) through the table (ASCII case-insensitive), or LEVEL_NONE; reads
 *  only inside [p, p + n). One folded load or two, one hashed slot. */
function wordLevelAt(p: usize, n: usize, s: usize, len: usize): u8 {
  if (len < 3 || len > MAX_WORD) return LEVEL_NONE;
  if (DEBUG) assert(s + len <= n);
  const lo = fold(p, n, s, len < 8 ? len : 8);
  const hi: u64 = len > 8 ? fold(p, n, s + 8, len - 8) : 0;
  const slot = WORDS + slotOf(lo, hi, len) * 24;
  if (load<u64>(slot) == lo && load<u64>(slot, 8) == hi && <usize>load<u32>(slot, 16) == len) {
    return <u8>load<u32>(slot, 20);
  }
  return LEVEL_NONE;
}

/** The level of the value [p, p + len) through the table (ASCII case-insensitive), or LEVEL_NONE. */
export function wordLevel(p: usize, len: usize): u8 {
  return wordLevelAt(p, len, 0, len);
}

// level, lvl, severity, log, and log.level (bytes 0..7; '.' is compared exactly, not folded)
const K_LEVEL: u64 = 0x6c6576656c;
const K_LVL: u64 = 0x6c766c;
const K_SEVERITY: u64 = 0x7974697265766573;
const K_LOG: u64 = 0x676f6c;
const K_LOG_LEVE: u64 = 0x6576656c2e676f6c;
const FOLD_LOG_LEVE: u64 = 0x2020202000202020;

/** Is the key [p + s, p + s + len) level | lvl | severity (or log.level, when dotted), ignoring case? */
function isLevelKey(p: usize, n: usize, s: usize, len: usize, dotted: bool): bool {
  if (DEBUG) assert(s + len <= n);
  if (len == 5) return fold(p, n, s, 5) == K_LEVEL;
  if (len == 3) return fold(p, n, s, 3) == K_LVL;
  if (len == 8) return fold(p, n, s, 8) == K_SEVERITY;
  return dotted && len == 9 && (pack(p, n, s, 8) | FOLD_LOG_LEVE) == K_LOG_LEVE && (at(p, s + 8) | 0x20) == 0x6c;
}

// ---- eight bytes at a time (SWAR): a mask with the high bit of each matching byte; the lowest set bit is exact
// (a borrow can only mark bytes above a true match), so ctz / 8 is the index of the first match ----

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** The bytes of w equal to the byte b (broadcast in bb = b * ONES). */
// @ts-ignore: decorator
@inline function bytesEqual(w: u64, bb: u64): u64 {
  const x = w ^ bb;
  return (x - ONES) & ~x & HIGHS;
}

/** The bytes of w that are ASCII letters: (c | 0x20) in a..z, with no carry across bytes (x <= 0x7f). */
// @ts-ignore: decorator
@inline function letterBytes(w: u64): u64 {
  const v = w | 0x2020202020202020;
  const x = v & 0x7f7f7f7f7f7f7f7f;
  return (x + 0x1f1f1f1f1f1f1f1f) & ~(x + 0x0505050505050505) & ~v & HIGHS;
}

/** The end of the run of letters from s (bounded by n). */
function letterEnd(p: usize, n: usize, s: usize): usize {
  while (s + 8 <= n) {
    const r = <usize>ctz(~letterBytes(load<u64>(p + s)) & HIGHS) >> 3; // 8 when all are letters
    s += r;
    if (r < 8) return s;
  }
  while (s < n && isLetter(at(p, s))) s++;
  return s;
}

/** The first '"' or backslash at or after j (bounded by n), or n. */
// @ts-ignore: decorator
@inline function quoteOrBackslash(p: usize, n: usize, j: usize): usize {
  while (j + 8 <= n) {
    const w = load<u64>(p + j);
    const m = bytesEqual(w, 0x2222222222222222) | bytesEqual(w, 0x5c5c5c5c5c5c5c5c);
    if (m != 0) return j + (<usize>ctz(m) >> 3);
    j += 8;
  }
  while (j < n) {
    const c = at(p, j);
    if (c == 0x22 || c == 0x5c) break;
    j++;
  }
  return j;
}

/** i at a '"': just past the closing quote (a backslash escapes the next byte), or 0 when unterminated. */
function stringEnd(p: usize, n: usize, i: usize): usize {
  let j = i + 1;
  while (true) {
    j = quoteOrBackslash(p, n, j);
    if (j >= n) return 0;
    if (at(p, j) == 0x22) return j + 1;
    j += 2;
  }
  return 0;
}

/** The first ' ', '\t' or '"' at or after j (bounded by n), or n: the end of an unquoted logfmt value. */
function bareValueEnd(p: usize, n: usize, j: usize): usize {
  while (j + 8 <= n) {
    const w = load<u64>(p + j);
    const m = bytesEqual(w, 0x2020202020202020) | bytesEqual(w, 0x0909090909090909) |
      bytesEqual(w, 0x2222222222222222);
    if (m != 0) return j + (<usize>ctz(m) >> 3);
    j += 8;
  }
  while (j < n && !isBlank(at(p, j)) && at(p, j) != 0x22) j++;
  return j;
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
  // every form starts `dd-`, `dd:` or `dddd` (and has at least 8 bytes): one combined test turns the usual
  // digit-led line (an address, a number) away without a branch per byte
  if (i + 8 > n) return 0;
  const c2 = at(p, i + 2);
  if (!(isDigit(at(p, i)) & isDigit(at(p, i + 1)) &
    (<bool>(c2 == 0x2d) | <bool>(c2 == 0x3a) | (isDigit(c2) & isDigit(at(p, i + 3)))))) return 0;
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
  const e = letterEnd(p, n, s);
  const j = skipBlanks(p, n, e);
  if (j >= n || at(p, j) != 0x5d) return LEVEL_NONE;
  return wordLevelAt(p, n, s, e - s);
}

// @ts-ignore: decorator
@inline function isWordEnd(c: u32): bool {
  return isBlank(c) || c == 0x3a || c == 0x7c || c == 0x2c || c == 0x3b;
}

/** A bare WORD at i, followed by the end or one of ` \t:|,;`: its level, else LEVEL_NONE. */
function bareWord(p: usize, n: usize, i: usize): u8 {
  const e = letterEnd(p, n, i);
  if (e < n && !isWordEnd(at(p, e))) return LEVEL_NONE;
  return wordLevelAt(p, n, i, e - i);
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

/** logfmt pairs from i, the first `KEY=` ending at ke (just after its '='): the first level key whose value maps. */
function logfmtLevel(p: usize, n: usize, i: usize, ke: usize): u8 {
  while (true) {
    if (DEBUG) assert(ke > i + 1 && ke <= n && at(p, ke - 1) == 0x3d);
    const isLevel = isLevelKey(p, n, i, ke - 1 - i, false);
    let vs = ke;
    let ve: usize;
    let j: usize;
    if (vs < n && at(p, vs) == 0x22) {
      j = stringEnd(p, n, vs);
      if (j == 0) return LEVEL_NONE; // unterminated
      vs++;
      ve = j - 1;
    } else {
      j = bareValueEnd(p, n, vs);
      ve = j;
    }
    if (isLevel) {
      const l = wordLevelAt(p, n, vs, ve - vs);
      if (l != LEVEL_NONE) return l;
    }
    if (j >= n || !isBlank(at(p, j))) return LEVEL_NONE;
    i = skipBlanks(p, n, j);
    ke = logfmtKeyEnd(p, n, i);
    if (ke == 0) return LEVEL_NONE;
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
function jsonValueLevel(p: usize, n: usize, s: usize, e: usize): u8 {
  if (DEBUG) assert(e <= n && e > s);
  // a string: no separate escape check (a backslash is no letter, so a value with one never maps)
  if (at(p, s) == 0x22) return wordLevelAt(p, n, s + 1, e - s - 2);
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
 *  jsonFailed). The outer object accepts log.level and is entered once more for "log":{…}: a loop with a
 *  `top` flag, not a recursive call (the Fluent Bit module's call graph has no cycle: test/fluent-bit). */
function scanMembers(p: usize, n: usize, i: usize): u8 {
  if (DEBUG) assert(at(p, i) == 0x7b);
  let top = true;
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
    if (top && at(p, j) == 0x7b && kl == 3 && fold(p, n, ks, 3) == K_LOG) {
      // into "log":{…}: its members next, then back to the outer object's after its '}'
      j = skipJsonSpace(p, n, j + 1);
      if (j < n && at(p, j) == 0x7d) {
        ve = j + 1;
      } else {
        top = false;
        continue;
      }
    } else {
      ve = valueEnd(p, n, j);
      if (ve == 0) break;
      if (isLevelKey(p, n, ks, kl, top)) {
        const l = jsonValueLevel(p, n, j, ve);
        if (l != LEVEL_NONE) return l;
      }
    }
    j = skipJsonSpace(p, n, ve);
    if (j >= n) break;
    let c = at(p, j);
    if (c == 0x7d && !top) {
      // the end of "log":{…}: on with the outer object
      top = true;
      j = skipJsonSpace(p, n, j + 1);
      if (j >= n) break;
      c = at(p, j);
    }
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
  // the two most common headers, exactly as loggers write them, first: `{"level":"WORD"` and `level=WORD`; the
  // rules below give the same answer for them (a value that does not map falls through to them)
  if (n >= 16) {
    const head = load<u64>(p);
    if (head == JSON_LEVEL_HEAD && load<u16>(p, 8) == JSON_LEVEL_TAIL) {
      const e = letterEnd(p, n, 10);
      if (e < n && at(p, e) == 0x22) {
        const l = wordLevelAt(p, n, 10, e - 10);
        if (l != LEVEL_NONE) return l;
      }
    } else if ((head & 0xffffffffffff) == LOGFMT_LEVEL_HEAD) {
      const e = letterEnd(p, n, 6);
      if (e == n || isBlank(at(p, e)) || at(p, e) == 0x22) {
        const l = wordLevelAt(p, n, 6, e - 6);
        if (l != LEVEL_NONE) return l;
      }
    }
  }
  const i = skipBlanks(p, n, 0);
  if (i >= n) return LEVEL_NONE;
  const c = at(p, i);
  // one dispatch on the first byte: the rules' first bytes are disjoint ({, a klog letter, a digit or '[' for
  // a timestamp), and without a timestamp the header is at i
  let h = i;
  if (c == 0x7b) {
    // 1. JSON
    jsonFailed = false;
    return scanMembers(p, n, i);
  } else if (isDigit(c)) {
    // 3./4. a bare timestamp
    const te = timestampEnd(p, n, i);
    if (te != 0 && te < n && isBlank(at(p, te))) h = skipBlanks(p, n, te);
  } else if (c == 0x5b) {
    // 3./4. a bracketed timestamp, or [<timestamp> WORD]
    const te = timestampEnd(p, n, i + 1);
    if (te != 0 && te < n) {
      if (at(p, te) == 0x5d) h = skipBlanks(p, n, te + 1);
      else if (isBlank(at(p, te))) {
        const l = serilog(p, n, te);
        if (l != LEVEL_NONE) return l;
      }
    }
  } else if ((c == 0x49 || c == 0x57 || c == 0x45 || c == 0x46) && i + 14 <= n && isDigit(at(p, i + 1)) &&
    isDigit(at(p, i + 2)) && isDigit(at(p, i + 3)) && isDigit(at(p, i + 4)) && at(p, i + 5) == 0x20 &&
    timeEnd(p, i + 14, i + 6) != 0) {
    // 2. klog: Lmmdd hh:mm:ss
    return c == 0x49 ? LEVEL_INFO : c == 0x57 ? LEVEL_WARN : c == 0x45 ? LEVEL_ERROR : LEVEL_FATAL;
  }
  if (h >= n) return LEVEL_NONE;
  return header(p, n, h);
}

/** 4. at the header position h (h < n), dispatched on its first byte: a letter or '_' starts a logcat tag,
 *  logfmt pairs or a bare word (the letters are scanned once for the last two); '[' a bracketed word or a
 *  thread; any other byte no rule. */
function header(p: usize, n: usize, h: usize): u8 {
  if (DEBUG) assert(h < n);
  const c = at(p, h);
  if (isKeyStart(c)) {
    // `X/`: only logcat can apply (a '/' ends neither a logfmt key nor a bare word)
    if (h + 1 < n && at(p, h + 1) == 0x2f) return logcat(p, n, h);
    const e = letterEnd(p, n, h);
    let k = e;
    while (k < n && isKeyByte(at(p, k))) k++;
    if (k < n && at(p, k) == 0x3d) return logfmtLevel(p, n, h, k + 1);
    // a bare word (none when c is '_'), else Monolog's `channel.WORD:`
    if (e < n && !isWordEnd(at(p, e))) return monolog(p, n, h, k);
    return wordLevelAt(p, n, h, e - h);
  }
  if (c != 0x5b) return LEVEL_NONE;
  const l = bracketWord(p, n, h);
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
  const w = bracketWord(p, n, j);
  if (w != LEVEL_NONE) return w;
  return bareWord(p, n, j);
}

/** Monolog's `CHANNEL.WORD:` at i (`local.ERROR: …`, Laravel / Symfony), CHANNEL = [A-Za-z_][A-Za-z0-9_-]*;
 *  k is where the run of key bytes from i ends (a key byte set that includes '.', so the channel ends earlier). */
function monolog(p: usize, n: usize, i: usize, k: usize): u8 {
  let c = i;
  while (c < k) {
    const b = at(p, c);
    if (!(isLetter(b) || isDigit(b) || b == 0x5f || b == 0x2d)) break;
    c++;
  }
  if (c == i || c >= n || at(p, c) != 0x2e) return LEVEL_NONE;
  const w = letterEnd(p, n, c + 1);
  if (w >= n || at(p, w) != 0x3a) return LEVEL_NONE;
  return wordLevelAt(p, n, c + 1, w - c - 1);
}

/** `[ \t]+WORD[ \t]*\]` at te (just after the timestamp inside `[`): the word's level. */
function serilog(p: usize, n: usize, te: usize): u8 {
  const s = skipBlanks(p, n, te);
  const e = letterEnd(p, n, s);
  const j = skipBlanks(p, n, e);
  if (j >= n || at(p, j) != 0x5d) return LEVEL_NONE;
  return wordLevelAt(p, n, s, e - s);
}
