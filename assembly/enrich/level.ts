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
// Cost (it runs on every record written as NDJSON): layers that give the same answers (docs/enrich.md "Cost"):
// levelFast (a memo of answers by the shape of the first 16 bytes, digits made '0', and a table test for
// digit-led lines); levelShape for a slot whose shape goes on to byte 32 (a timestamp: its header position, then
// the bare word there); letterLevel for letter-led lines (ids, bare words); then quickLevel (the common forms,
// branch-free), then the rules (detectByRules), after which shapeFill keeps what the rules' first steps gave for
// the line's shape. In the rules: one dispatch on
// the first byte (the rules start with disjoint bytes), then on the header's first byte; words and keys are
// compared as folded u64 (a perfect-hash slot for the table, u64 constants for the keys); runs of letters, string
// bodies and logfmt values are found eight bytes at a time (SWAR) and each is scanned once; a digit-led line
// without a timestamp is turned away after three bytes.
//
// Invariants: no allocation, no managed object, no recursion (scanMembers enters "log":{…} once, in its own
// loop); every read is bounded by min(n, LOOK) (u64 loads only where 8 bytes fit, byte loads otherwise; the
// quick layers read bytes [0, QUICK_MIN) of content at least that long, the shape layer [0, SHAPE_MIN)); linear in
// LOOK at worst (each rule scans forward once). Never traps on any byte sequence. The memo is the one state kept
// between calls: it holds only answers (or header positions) that are functions of the shape of at most 32 bytes,
// so no call's answer depends on the calls before it.

import { DEBUG } from "../common/debug";
import { LEVEL_DEBUG, LEVEL_ERROR, LEVEL_FATAL, LEVEL_INFO, LEVEL_NONE, LEVEL_TRACE, LEVEL_WARN } from "../common/levels";

// `{"level` `":"` and `level=` as little-endian words, for detectLevel's first check
const JSON_LEVEL_HEAD: u64 = 0x226c6576656c227b; // {"level"
const JSON_LEVEL_TAIL: u16 = 0x223a; // :"
const LOGFMT_LEVEL_HEAD: u64 = 0x3d6c6576656c; // level=
const LOGFMT_LEVEL_LO: u32 = 0x6576656c; // leve
const LOGFMT_LEVEL_HI: u16 = 0x3d6c; // l=

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

// ---- the quick forms: most records, decided without a branch on their bytes ----

/** quickLevel's answer when the quick forms do not decide (the rules must run). */
export const QUICK_MISS: u32 = 0xff;
/** quickLevel reads bytes [0, QUICK_MIN) only, and only when the content is at least that long. */
export const QUICK_MIN: usize = 20;

// Byte classes for quickLevel: what may follow a quick form's word (1 after a JSON string's word: '"'; 2 after
// logfmt's: blank or '"'; 4 after a bare word: blank : | , ;), 8 a timestamp's third byte ('-' ':'), 16 a letter,
// 32 a digit.
const QUICK_CLASS = memory.data(256);
for (let c: usize = 0; c < 256; c++) {
  store<u8>(QUICK_CLASS + c, (c == 0x22 ? 1 | 2 : 0) | (isBlank(<u32>c) ? 2 | 4 : 0) |
    (c == 0x3a || c == 0x7c || c == 0x2c || c == 0x3b ? 4 : 0) | (c == 0x2d || c == 0x3a ? 8 : 0) |
    (isLetter(<u32>c) ? 16 : 0) | (isDigit(<u32>c) ? 32 : 0));
}

// After a digit at byte 0 (index 32 +), a run of len digits (index 2 * len +), its end a '-' or ':' (index 1):
// 1 when no timestamp can start there (timestampEnd's first test), else 0 (and 0 without a digit at byte 0).
const QUICK_NO_TIMESTAMP = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);

// The table words of at most 8 letters, by a perfect hash of the folded word alone (zero above its length, so
// equal packed words are equal words): 64 slots of the word, and its level. An empty slot holds all ones, which
// no packed run of letters equals (the empty run packs to 0).
const QUICK_MUL: u64 = 0x9cdf7cf76a99b725; // found offline: no two of those words collide in 64 slots
const QUICK_WORDS = memory.data(<i32>WORD_SLOTS * 8);
const QUICK_LEVELS = memory.data(<i32>WORD_SLOTS);
for (let i: usize = 0; i < WORD_SLOTS; i++) store<u64>(QUICK_WORDS + i * 8, <u64>-1);
for (let i: usize = 0; i < WORD_SLOTS; i++) {
  const e = WORDS + i * 24;
  const len = <usize>load<u32>(e, 16);
  if (len == 0 || len > 8) continue;
  const lo = load<u64>(e);
  const slot = <usize>((lo * QUICK_MUL) >> 58);
  if (DEBUG) assert(load<u64>(QUICK_WORDS + slot * 8) == <u64>-1);
  store<u64>(QUICK_WORDS + slot * 8, lo);
  store<u8>(QUICK_LEVELS + slot, <u8>load<u32>(e, 20));
}

/**
 * The level when the content [p, p + n) (n >= QUICK_MIN) starts with one of the forms that decide it outright,
 * else QUICK_MISS. The forms, each giving what the rules below give for it (test/enrich/level.test.ts checks
 * them against the oracle):
 *  - `{"level":"WORD"` or `level=WORD` followed by blank or '"' (logfmt), WORD a table word: what detectLevel's
 *    first check returns (a WORD that does not map is left to the rules: a later key may have a level);
 *  - a first WORD of letters at byte 0 followed by ` \t:|,;`: header rule 4's bare word, whatever it maps to
 *    (after a letter no klog digit or logcat '/' follows; the terminator ends any logfmt key or Monolog
 *    channel);
 *  - a digit at byte 0 that no timestamp can start (timestampEnd's first test: not two digits then '-', ':' or
 *    two more digits): no level.
 * Everything is computed, then selected: records of mixed forms cost no mispredicted branch here. One u64 load
 * gives the run of letters (or, after a digit, of digits) at the word's start and the run's end, a hashed slot
 * the word's level. Returns the answer in the low byte and, above it, where the run ends (s + len): the answer
 * depends on no byte after max(9, that end), which is what lets levelMemo keep it.
 */
// @ts-ignore: decorator
@inline export function quickLevel(p: usize, n: usize): u32 {
  if (DEBUG) assert(n >= QUICK_MIN);
  const head = load<u64>(p);
  const c0 = <u32>load<u8>(QUICK_CLASS + (<u32>head & 0xff));
  const isJson = <u32>(head == JSON_LEVEL_HEAD) & <u32>(load<u16>(p, 8) == JSON_LEVEL_TAIL);
  const isLogfmt = <u32>((head << 16) == (LOGFMT_LEVEL_HEAD << 16));
  // the form: 1 JSON, 2 logfmt, 4 a bare word (a letter at byte 0, not logfmt's), 0 none; s: where its word is
  const bare = (c0 >> 2) & 4 & (isLogfmt - 1);
  const form = isJson | (isLogfmt << 1) | bare;
  const s = <usize>(isJson * 10 | isLogfmt * 6);
  // the run at s: nl has the high bit of each byte that is not in it. Letters: (b | 0x20) + 0x1f reaches 0x80 and
  // + 0x05 does not; after a digit at byte 0, digits (+ 0x50 and + 0x46; with the 0x20 folded in, bytes 0x10..0x19
  // count as digits too, which can only turn "no timestamp" into QUICK_MISS). Without ASCII masks a byte above
  // 0x7f may carry into the next byte, but it is outside the run itself, and only the run's end is used.
  const digit = (c0 & 32) != 0;
  const v = load<u64>(p + s) | 0x2020202020202020;
  const nl = ((v + select<u64>(0x5050505050505050, 0x1f1f1f1f1f1f1f1f, digit)) &
    ~(v + select<u64>(0x4646464646464646, 0x0505050505050505, digit)) & HIGHS) ^ HIGHS;
  const len = <usize>ctz(nl) >> 3; // 8 when all eight are in the run (then byte s + 8 decides)
  const lo = v & (((nl & (0 - nl)) >> 7) - 1); // fold(): the low len bytes
  const slot = <usize>((lo * QUICK_MUL) >> 58);
  // no table word: JSON and logfmt leave it to the rules (a later key may have a level), a bare word has none
  const r = select<u32>(<u32>load<u8>(QUICK_LEVELS + slot), 0xff & ((bare >> 2) - 1),
    load<u64>(QUICK_WORDS + (slot << 3)) == lo);
  // the word must end where its form says, else QUICK_MISS
  const end = <u32>load<u8>(QUICK_CLASS + at(p, s + len));
  const ended = <u32>((end & form) != 0);
  // after a digit: no timestamp when the digits run 1 or 3 bytes, or 2 not followed by '-' ':'
  const noTimestamp = <u32>load<u8>(QUICK_NO_TIMESTAMP + ((<usize>c0 & 32) | (len << 1) | ((<usize>end >> 3) & 1)));
  return ((r | ((ended - 1) & 0xff)) & (noTimestamp - 1)) | <u32>((s + len) << 8);
}

// ---- the rules ----

// ---- the memo: answers by the shape of the content's first bytes ----
// Lines of one logger share their first bytes (`{"level":"info",`, `level=warn msg=`, `ERROR\t[main] `), or at
// least their shape: a klog header (`E1124 10:11:12.123456 …`) or an application timestamp (`2026-11-24
// 10:00:00.123 INFO …`) makes the first 16 bytes of nearly every line new, but outside JSON the rules treat
// digits only as digits (isDigit), never by value, and so do the quick forms. So the answer is looked up by the
// shape of the first 16 bytes (every digit made '0') before it is computed again: a direct-mapped table of 1024
// slots of 32 bytes (and 32 more beside each, in MEMO_EXT). A slot holds what was computed for a shape, when it
// read only bytes below 32:
//  - an answer that depends on the shape of bytes [0, 16) alone: quickLevel's, when its run ends before byte 16;
//    a klog header's (its letter and the shape of bytes 0..13): levelFast returns it;
//  - QUICK_SHAPE: what the rules' first steps give for the shape of bytes [0, H), 16 < H <= 32 (kept with its
//    mask): no level (a digit-led line that no timestamp then blank starts), or a header position h after a
//    timestamp (bare or bracketed) and blanks, H = h. The rules' answer is then header rule 4 at h, which the slot
//    does not hold (the level word differs from line to line); wordAt tries the bare-word form there (letters,
//    then one of ` \t:|,;`), which decides most lines; anything else goes to the rules.
// Slots are filled after quickLevel (its answers) or the rules ran (shapeFill), so a hit is what quickLevel, and so
// the rules, would answer: the memo changes no level, only its cost. It is shared by every source (it holds no
// state of one), never needs clearing, and starts all zero: 16 zero bytes (and no more) have no level, which is
// what a zero slot says. Slot: the shape of bytes 0..15 (0, 8), the answer or QUICK_SHAPE (16), for QUICK_SHAPE
// the answer or QUICK_MISS (17) and h (18); in MEMO_EXT: the shape of bytes 16..31 and'ed with the mask of bytes
// [16, H) (0, 8), that mask (16, 24).
//
// A line that starts with letters and misses is decided without a memo (letterLevel): a bare word (rule 4), or,
// when the run of letters, digits, '_' and '-' at byte 0 ends in none of '.', '=', '/' (Monolog, logfmt, logcat)
// and the line is no klog candidate, no level at all (`fa9c0d1e2b4 INFO …`, `ab12-cd34 …`).

const MEMO_SLOTS_LOG: u64 = 10;
const MEMO = memory.data((1 << <i32>MEMO_SLOTS_LOG) * 32);
const MEMO_EXT = memory.data((1 << <i32>MEMO_SLOTS_LOG) * 32); // per slot: the shape of bytes 16..31 masked, the mask
const MEMO_MUL: u64 = 0x9e3779b97f4a7c15;
/** levelFast's answer for a slot whose shape goes on past byte 16: levelShape checks the rest (memoEntry). */
export const QUICK_SHAPE: u32 = 0xfe;
/** QUICK_SHAPE slots are filled from, and apply to, content of SHAPE_MIN bytes or more: levelShape reads bytes
 *  [0, 40) of it. */
export const SHAPE_MIN: usize = 48;

let memoEntry: usize = 0; // the slot levelFast looked at (levelShape's and levelSlow's)

// By (the run of digits at byte 0, counted in bytes 0..3: 0..4) * 256 + the byte that ends it (byte 4 for a run
// of 4): 1 when the content starts with a digit that no timestamp can start, else 0. timestampEnd's tests: two
// digits then '-' or ':', or four digits then '-' or '/' (a date); any other start is no timestamp.
const NO_TIMESTAMP = memory.data(5 * 256);
for (let c: usize = 0; c < 256; c++) {
  store<u8>(NO_TIMESTAMP + 256 + c, 1);
  store<u8>(NO_TIMESTAMP + 512 + c, c == 0x2d || c == 0x3a ? 0 : 1);
  store<u8>(NO_TIMESTAMP + 768 + c, 1);
  store<u8>(NO_TIMESTAMP + 1024 + c, c == 0x2d || c == 0x2f ? 0 : 1);
}

/** The high bit of each byte of w that is an ASCII digit (exact: no carry crosses a byte). */
// @ts-ignore: decorator
@inline function digitBytes(w: u64): u64 {
  const x = w & 0x7f7f7f7f7f7f7f7f;
  return (x + 0x5050505050505050) & ~(x + 0x4646464646464646) & ~w & HIGHS;
}

/** The high bit of each byte of w equal to the byte broadcast in bb (exact for every byte, unlike bytesEqual). */
// @ts-ignore: decorator
@inline function exactEqual(w: u64, bb: u64): u64 {
  const x = w ^ bb;
  return ~(((x & 0x7f7f7f7f7f7f7f7f) + 0x7f7f7f7f7f7f7f7f) | x) & HIGHS;
}

/** w with every digit byte made '0' (its low nibble cleared): its shape. */
// @ts-ignore: decorator
@inline function shapeOf(w: u64): u64 {
  return w & ~((digitBytes(w) >> 7) * 0x0f);
}

// @ts-ignore: decorator
@inline function memoSlot(sa: u64, sb: u64): usize {
  return MEMO + (<usize>(((sa ^ sb) * MEMO_MUL) >> (64 - MEMO_SLOTS_LOG)) << 5);
}

// The SIMD layers' constants, loaded from memory: inside the encoder's loop V8 builds a splat constant again at
// every use (three instructions), while a load is one. Offsets into SIMD_CONSTS:
const C_ZERO: usize = 0; // '0'
const C_9: usize = 16;
const C_0F: usize = 32;
const C_20: usize = 48;
const C_A: usize = 64; // 'a'
const C_25: usize = 80;
const C_UNDERSCORE: usize = 96;
const C_DASH: usize = 112;
const SIMD_CONSTS = memory.data(128, 16);
for (let k: usize = 0; k < 16; k++) {
  store<u8>(SIMD_CONSTS + C_ZERO + k, 0x30);
  store<u8>(SIMD_CONSTS + C_9 + k, 9);
  store<u8>(SIMD_CONSTS + C_0F + k, 0x0f);
  store<u8>(SIMD_CONSTS + C_20 + k, 0x20);
  store<u8>(SIMD_CONSTS + C_A + k, 0x61);
  store<u8>(SIMD_CONSTS + C_25 + k, 25);
  store<u8>(SIMD_CONSTS + C_UNDERSCORE + k, 0x5f);
  store<u8>(SIMD_CONSTS + C_DASH + k, 0x2d);
}

/** All ones in every lane of v in [lo, lo + span] (unsigned, wrapping): x = v - lo is at most span exactly when
 *  min(x, span) == x (two instructions; V8 lowers i8x16.lt_u to four). */
// @ts-ignore: decorator
@inline function inRange(v: v128, lo: v128, span: v128): v128 {
  const x = i8x16.sub(v, lo);
  return i8x16.eq(i8x16.min_u(x, span), x);
}

/** All ones in every lane of v that holds an ASCII digit. */
// @ts-ignore: decorator
@inline function digitLanes(v: v128): v128 {
  return inRange(v, v128.load(SIMD_CONSTS, C_ZERO), v128.load(SIMD_CONSTS, C_9));
}

/**
 * The level of content [p, p + n) (n >= QUICK_MIN) when the shape of its first 16 bytes is in the memo with an
 * answer, or when it starts with a digit that no timestamp can start (the IP addresses, numbers and ids that no
 * memo would hold); QUICK_SHAPE when the slot's shape goes on past byte 16 (then levelShape); else QUICK_MISS
 * (then levelSlow). Branch-free: about forty instructions (the shape is three SIMD operations in the SIMD build).
 */
// @ts-ignore: decorator
@inline export function levelFast(p: usize, n: usize): u32 {
  if (DEBUG) assert(n >= QUICK_MIN);
  const a = load<u64>(p);
  let e: usize;
  let hit: bool;
  // the run of digits at byte 0 (0..4 bytes) and the byte that ends it decide whether a timestamp can start there
  let run: usize;
  if (ASC_FEATURE_SIMD) {
    const v = v128.load(p);
    const digits = digitLanes(v);
    const shape = v128.andnot(v, v128.and(digits, v128.load(SIMD_CONSTS, C_0F)));
    e = memoSlot(i64x2.extract_lane(shape, 0), i64x2.extract_lane(shape, 1));
    hit = !v128.any_true(v128.xor(v128.load(e), shape));
    run = <usize>ctz(~i8x16.bitmask(digits) | 0x10);
  } else {
    const sa = shapeOf(a);
    const sb = shapeOf(load<u64>(p, 8));
    e = memoSlot(sa, sb);
    hit = ((load<u64>(e) ^ sa) | (load<u64>(e, 8) ^ sb)) == 0;
    // the high bit of each byte of bytes 0..3 that is no digit, as in quickLevel
    const h = <u32>a;
    run = <usize>ctz(((h + 0x50505050) & ~(h + 0x46464646) & 0x80808080) ^ 0x80808080) >> 3;
  }
  memoEntry = e;
  const noTimestamp = <u32>load<u8>(NO_TIMESTAMP + ((run << 8) | (<usize>(a >> (<u64>run << 3)) & 0xff)));
  return select<u32>(<u32>load<u8>(e, 16), select<u32>(0, QUICK_MISS, <bool>noTimestamp), hit);
}

/** Rule 4's bare-word form at h: letters (1..7) then one of ` \t:|,;`: the word's level (none when it is no table
 *  word); else QUICK_MISS (the rules decide). Reads bytes [h, h + 8]. */
// @ts-ignore: decorator
@inline function wordAt(p: usize, h: usize): u32 {
  const w = load<u64>(p + h);
  const nl = ~letterBytes(w) & HIGHS;
  const len = <usize>ctz(nl) >> 3; // 8: all letters
  const lo = (w | 0x2020202020202020) & (((nl & (0 - nl)) >> 7) - 1);
  const slot = <usize>((lo * QUICK_MUL) >> 58);
  const r = select<u32>(<u32>load<u8>(QUICK_LEVELS + slot), <u32>LEVEL_NONE, load<u64>(QUICK_WORDS + (slot << 3)) == lo);
  const ended = (<u32>load<u8>(QUICK_CLASS + at(p, h + len)) & 4) != 0;
  return select<u32>(r, QUICK_MISS, ended & <bool>(len - 1 < 7));
}

/** The letter test, after levelFast missed (n >= QUICK_MIN): for content that starts with a letter and no klog
 *  header, its level when the test decides it; else QUICK_MISS (then levelSlow). Reads bytes [0, 16]. */
function letterLevel(p: usize, n: usize): u32 {
  // only for a letter that starts no klog header (those go to the rules)
  const b0 = <u32>load<u8>(p);
  if (!isLetter(b0) || ((b0 == 0x49 || b0 == 0x57 || b0 == 0x45 || b0 == 0x46) && isDigit(at(p, 1)))) return QUICK_MISS;
  // the run of [A-Za-z0-9_-] at byte 0 (Monolog's channel bytes) and where it ends (c; 16: no end in 16 bytes),
  // and the run of letters (e)
  let c: usize, e: usize;
  if (ASC_FEATURE_SIMD) {
    // the same classes as the SWAR tests below, 16 bytes at once (measured: about a fifth of their instructions)
    const v = v128.load(p);
    const letters = inRange(v128.or(v, v128.load(SIMD_CONSTS, C_20)), v128.load(SIMD_CONSTS, C_A), v128.load(SIMD_CONSTS, C_25));
    const digits = digitLanes(v);
    const run = v128.or(v128.or(letters, digits),
      v128.or(i8x16.eq(v, v128.load(SIMD_CONSTS, C_UNDERSCORE)), i8x16.eq(v, v128.load(SIMD_CONSTS, C_DASH))));
    c = <usize>ctz(~i8x16.bitmask(run) | 0x10000);
    e = <usize>ctz(~i8x16.bitmask(letters) | 0x10000);
  } else {
    const w0 = load<u64>(p);
    const w1 = load<u64>(p, 8);
    const l0 = letterBytes(w0);
    const l1 = letterBytes(w1);
    const n0 = ~(l0 | digitBytes(w0) | exactEqual(w0, 0x5f5f5f5f5f5f5f5f) | exactEqual(w0, 0x2d2d2d2d2d2d2d2d)) & HIGHS;
    const n1 = ~(l1 | digitBytes(w1) | exactEqual(w1, 0x5f5f5f5f5f5f5f5f) | exactEqual(w1, 0x2d2d2d2d2d2d2d2d)) & HIGHS;
    c = select<usize>(<usize>ctz(n0) >> 3, 8 + (<usize>ctz(n1) >> 3), n0 != 0);
    const m0 = ~l0 & HIGHS;
    e = select<usize>(<usize>ctz(m0) >> 3, 8 + (<usize>ctz(~l1 & HIGHS) >> 3), m0 != 0);
  }
  if (c >= 16) return QUICK_MISS;
  const t = at(p, c);
  // a klog candidate (I W E F alone) or an end that Monolog, logfmt or logcat read: the rules
  const klog = e == 1 && (b0 == 0x49 || b0 == 0x57 || b0 == 0x45 || b0 == 0x46);
  if (klog || t == 0x2e || t == 0x3d || t == 0x2f) return QUICK_MISS;
  // letters then a word end: the bare word; anything else: no level (no rule applies)
  if (e == c && (<u32>load<u8>(QUICK_CLASS + t) & 4) != 0) return wordAt(p, 0);
  return LEVEL_NONE;
}

/** Stores in the memo what the rules' first steps give for the shape of content [p, p + n) (n >= SHAPE_MIN;
 *  called after the rules gave `level`), when they read only bytes [0, 32) and treat digits only by class: a
 *  klog header (its level), a digit-led line (a timestamp then blanks: its header position; else none), a
 *  bracketed timestamp then blanks (its header position). Anything else is not stored. */
function shapeFill(p: usize, n: usize, level: u8): void {
  if (DEBUG) assert(n >= SHAPE_MIN);
  const c = at(p, 0);
  let answer: u32 = QUICK_MISS; // QUICK_MISS: a header position h
  let h: usize = 0;
  let horizon: usize = 0; // the shape of bytes [0, horizon) decides
  if (isDigit(c)) {
    const te = timestampEnd(p, n, 0);
    if (te == 0) {
      // timestampEnd reads at most bytes 0..18 to say no
      answer = LEVEL_NONE;
      horizon = 19;
    } else if (isBlank(at(p, te))) {
      // timeEnd reads nothing past te when a blank is there; byte h is the word's (wordAt checks it)
      h = skipBlanks(p, n, te);
      horizon = h;
    } else {
      // past te: at most two bytes (a '.' and a non-digit; a zone's sign and two more)
      answer = LEVEL_NONE;
      horizon = te + 3;
    }
  } else if (c == 0x5b) {
    const te = timestampEnd(p, n, 1);
    if (te == 0 || at(p, te) != 0x5d) return;
    h = skipBlanks(p, n, te + 1);
    horizon = h;
  } else if ((c == 0x49 || c == 0x57 || c == 0x45 || c == 0x46) && level != LEVEL_NONE) {
    // a line starting with a klog letter got a level: klog's when the header is there (the rules' first check)
    if (!(isDigit(at(p, 1)) && isDigit(at(p, 2)) && isDigit(at(p, 3)) && isDigit(at(p, 4)) && at(p, 5) == 0x20 &&
      timeEnd(p, 14, 6) != 0)) return;
    answer = level;
    horizon = 14;
  } else {
    return;
  }
  if (horizon > 32 || (answer == QUICK_MISS && h > 31)) return;
  const sa = shapeOf(load<u64>(p));
  const sb = shapeOf(load<u64>(p, 8));
  const e = memoSlot(sa, sb);
  // the mask of bytes [16, horizon)
  const m0: u64 = horizon <= 16 ? 0 : horizon >= 24 ? <u64>-1 : lowBytes(horizon - 16);
  const m1: u64 = horizon <= 24 ? 0 : horizon >= 32 ? <u64>-1 : lowBytes(horizon - 24);
  store<u64>(e, sa);
  store<u64>(e, sb, 8);
  store<u8>(e, <u8>(horizon <= 16 ? answer : QUICK_SHAPE), 16);
  store<u8>(e, <u8>answer, 17);
  store<u8>(e, <u8>h, 18);
  const x = e - MEMO + MEMO_EXT;
  store<u64>(x, shapeOf(load<u64>(p, 16)) & m0);
  store<u64>(x, shapeOf(load<u64>(p, 24)) & m1, 8);
  store<u64>(x, m0, 16);
  store<u64>(x, m1, 24);
}

/**
 * After levelFast gave QUICK_SHAPE (the shape of bytes [0, 16) matched a slot whose shape goes on): when the
 * shape of bytes [16, 32) matches too under the slot's mask, its answer, or the bare word at its header position
 * (wordAt); else QUICK_MISS (then levelSlow). QUICK_SHAPE is stored only for content of SHAPE_MIN bytes or more,
 * but this content may be shorter. Branch-free but for the length.
 */
// @ts-ignore: decorator
@inline export function levelShape(p: usize, n: usize): u32 {
  const e = memoEntry;
  const x = e - MEMO + MEMO_EXT;
  if (n < SHAPE_MIN) return QUICK_MISS;
  let same: bool;
  if (ASC_FEATURE_SIMD) {
    const v = v128.load(p, 16);
    const shape = v128.andnot(v, v128.and(digitLanes(v), v128.load(SIMD_CONSTS, C_0F)));
    same = !v128.any_true(v128.xor(v128.and(shape, v128.load(x, 16)), v128.load(x)));
  } else {
    same = ((shapeOf(load<u64>(p, 16)) & load<u64>(x, 16)) ^ load<u64>(x) |
      (shapeOf(load<u64>(p, 24)) & load<u64>(x, 24)) ^ load<u64>(x, 8)) == 0;
  }
  const r = <u32>load<u8>(e, 17);
  const w = wordAt(p, <usize>load<u8>(e, 18));
  return select<u32>(select<u32>(r, w, r != QUICK_MISS), QUICK_MISS, same);
}

/** What levelFast, levelShape and the letter test leave (f: levelFast's QUICK_SHAPE or QUICK_MISS; levelShape has
 *  already missed after QUICK_SHAPE): quickLevel (its answer kept in the memo when it depends on the first 16 bytes
 *  only); else the rules (then shapeFill, unless the slot's shape was this content's). */
export function levelSlow(p: usize, n: usize, f: u32): u8 {
  if (DEBUG) assert(n >= QUICK_MIN);
  const e = memoEntry;
  let matched = false;
  if (f == QUICK_SHAPE) {
    // when the whole shape matched and only the word at h did not decide, the slot stays
    const x = e - MEMO + MEMO_EXT;
    matched = n >= SHAPE_MIN && <u32>load<u8>(e, 17) == QUICK_MISS &&
      ((shapeOf(load<u64>(p, 16)) & load<u64>(x, 16)) ^ load<u64>(x) |
      (shapeOf(load<u64>(p, 24)) & load<u64>(x, 24)) ^ load<u64>(x, 8)) == 0;
  }
  const q = quickLevel(p, n);
  const level = q & 0xff;
  if (level == QUICK_MISS) {
    const l = detectByRules(p, n);
    if (n >= SHAPE_MIN && !matched) shapeFill(p, n, l);
    return l;
  }
  if ((q >> 8) < 16) {
    // quickLevel's answer depends on the shape of the first 16 bytes alone
    const sa = shapeOf(load<u64>(p));
    const sb = shapeOf(load<u64>(p, 8));
    const m = memoSlot(sa, sb);
    store<u64>(m, sa);
    store<u64>(m, sb, 8);
    store<u8>(m, <u8>level, 16);
  }
  return <u8>level;
}

/** The layers in order for content of at least QUICK_MIN bytes: the memo, the shape memo or the letter test, then
 *  levelSlow. */
// @ts-ignore: decorator
@inline export function levelLayers(p: usize, n: usize): u8 {
  const f = levelFast(p, n);
  if (f < QUICK_SHAPE) return <u8>f;
  if (f == QUICK_SHAPE) {
    const w = levelShape(p, n);
    if (w != QUICK_MISS) return <u8>w;
  } else {
    const l = letterLevel(p, n);
    if (l != QUICK_MISS) return <u8>l;
  }
  return levelSlow(p, n, f);
}

/** The level of the record content [p, p + n), LEVEL_NONE when no header rule finds one. */
export function detectLevel(p: usize, n: usize): u8 {
  return n >= QUICK_MIN ? levelLayers(p, n) : detectByRules(p, n);
}

/** The rules, in order (quickLevel's forms included): detectLevel when quickLevel does not decide. */
export function detectByRules(p: usize, n: usize): u8 {
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
