// The start state's rules and the lead-line words, found in ONE forward pass over the line (plus anchored checks
// dispatched on the first / last byte). The pass reads the line a block at a time (candidates.ts nextCandidate:
// 16 bytes with SIMD, 8 with SWAR) and stops only at candidate bytes: a ':', '\'' or '\r' whose neighbours can
// make it a start rule's byte, a lead word's first letter followed by its second; a line without any costs one
// classification per block and nothing else.
//
// Rule priority when several start rules match the same line (first wins; docs/multiline.md):
//   1 PHP   `PHP (Notice|Parse error|Fatal error|Warning):` | `exception '…' with message '`   (anywhere)
//           `Fatal error: ` + spaces + `Uncaught `                                              (line start)
//   2 Ruby  standard `file:N:in '…` first token                                                 (line start)
//   3 Python `Traceback (most recent call last):`                                              (whole line)
//   4 Go    `\bpanic: `, then `http: panic serving` (anywhere), `fatal error: ` (line start)
//   5 Ruby  Rails `Error (…):` ending the line, or `Const::Name (…):` (the whole line)
//   6 Dart  `Unhandled exception:`                                                             (whole line)
//   7 JVM   `(Exception|Error|Throwable|V8 errors stack trace)` + ':' / '\r' / end of line       (anywhere)
//           JS `(Error|Exception) [CODE]:` (anywhere), C# `Unhandled exception.` (line start),
//           JS origin `node:…:N` / `x.js:N` (whole line)
// Upstream order is JVM, Python, PHP, Go, Ruby, Dart; here the JVM header, the most general rule (a keyword
// anywhere), comes last so that it only takes what no other language recognises: `PHP Fatal error:  Uncaught
// Exception: …` is PHP's, `x.rb:1:in 'm': Error: … (E)` Ruby's, `panic: Error: x` Go's.
//
// startScan(langs, p, n, lead) → the state the first matching start rule leads to (bits 0..7), or START_NONE;
// plus START_LEAD when `lead` was asked, no start rule matched, and the line is a lead line (lead.ts: a level
// word or a klog header; the caller has already dropped a final '\r'). With lead false, START_LEAD is never set;
// with langs 0 no start rule is tried (the lead-line matcher alone: index.ts isLeadLine).
// Contract: reads only [p, p+n) (blocks wholly inside it; the last block overlaps the one before instead of
// reading past n); allocates nothing; no globals, no recursion; O(n).

import { DEBUG } from "../../common/debug";
import { at, isDigit } from "./bytes";
import { candKeep, isLeadLetter, nextCandidate } from "./candidates";
import { klogHeader, levelWordAt } from "./lead";
import { goFatal, goHttpPanicAt, goPanicAt } from "./go";
import { jsCodedHeaderAt, jsOrigin } from "./js";
import { jvmKeywordEndsAt, jvmTarget } from "./jvm";
import { LANG_CSHARP, LANG_DART, LANG_GO, LANG_JS, LANG_JVM, LANG_PHP, LANG_PYTHON, LANG_RUBY } from "./lang";
import { CS_UNHANDLED, CS_UNHANDLED_N } from "./literals";
import { phpExceptionAt, phpFatalUncaught, phpLevelAt } from "./php";
import { pyTraceback } from "./python";
import { rbInAt, rbRailsConstStart, rbRailsStart, rbStdStart } from "./ruby";
import { dartStart } from "./dart";
import {
  S_DART_EXC, S_GO_AFTER_PANIC, S_GO_GOROUTINE, S_J_AFTER_EXC, S_JS_SRC1, S_PHP_BEGIN, S_PY_TB,
  S_RB_RAILS_BEFORE, S_RB_STD,
} from "./states";

/** startScan's "no start rule matched" (in bits 0..7). */
export const START_NONE: u32 = 0xff;
/** startScan's "the line is a lead line" bit. */
export const START_LEAD: u32 = 0x100;

// What the scan saw (bits), decided by priority afterwards. FOUND_PHP: priority 1 matched, stop.
const SEEN_JVM: u32 = 1;
const SEEN_PANIC: u32 = 2;
const SEEN_HTTP_PANIC: u32 = 4;
const SEEN_RB_IN: u32 = 8; // `:in ` + quote somewhere: the Ruby standard start may match
const SEEN_LEAD: u32 = 16; // a lead word (lead.ts levelWordAt)
const FOUND_PHP: u32 = 0x80000000;

/** What the trigger byte at offset i tells (SEEN_* bits, or FOUND_PHP); 0 for any other byte. */
// @ts-ignore: decorator
@inline function triggerAt(langs: u32, p: usize, n: usize, i: usize): u32 {
  const c = load<u8>(p + i);
  if (c == 0x3a) { // ':'
    const b = load<u8>(p + i - (i > 0 ? 1 : 0)); // the byte before (the ':' itself at offset 0: no keyword)
    if ((langs & LANG_PHP) != 0 && (b == 0x65 || b == 0x72 || b == 0x67) && phpLevelAt(p, i)) return FOUND_PHP;
    if ((langs & LANG_JVM) != 0 && jvmKeywordEndsAt(p, i)) return SEEN_JVM;
    if ((langs & LANG_JS) != 0 && b == 0x5d && jsCodedHeaderAt(p, i)) return SEEN_JVM;
    if ((langs & LANG_GO) != 0) {
      if (b == 0x63 && goPanicAt(p, n, i)) return SEEN_PANIC;
      if (b == 0x70 && goHttpPanicAt(p, n, i)) return SEEN_HTTP_PANIC;
    }
    if ((langs & LANG_RUBY) != 0 && rbInAt(p, n, i)) return SEEN_RB_IN;
    return 0;
  }
  if (c == 0x27) return (langs & LANG_PHP) != 0 && phpExceptionAt(p, n, i) != 0 ? FOUND_PHP : 0; // '\''
  if (c == 0x0d) return (langs & LANG_JVM) != 0 && jvmKeywordEndsAt(p, i) ? SEEN_JVM : 0; // '\r' inside the line
  return 0;
}

/** One candidate byte at offset i: the start rules' trigger, or (when `lead` and none found yet) a lead word. */
// @ts-ignore: decorator
@inline function candidateAt(langs: u32, p: usize, n: usize, i: usize, lead: bool, seen: u32): u32 {
  if (lead && (seen & SEEN_LEAD) == 0 && isLeadLetter(load<u8>(p + i))) return levelWordAt(p, n, i) ? SEEN_LEAD : 0;
  return triggerAt(langs, p, n, i);
}

// The first bytes the anchored rules below need: F (PHP `Fatal error:`, klog F), T (Python `Traceback`),
// f (Go `fatal error:`), U (Dart `Unhandled exception:`, C# `Unhandled exception.`), E (klog E).
const ANCHOR_FIRST = memory.data(256);
store<u8>(ANCHOR_FIRST + 0x46, 1);
store<u8>(ANCHOR_FIRST + 0x54, 1);
store<u8>(ANCHOR_FIRST + 0x66, 1);
store<u8>(ANCHOR_FIRST + 0x55, 1);
store<u8>(ANCHOR_FIRST + 0x45, 1);
// The JVM keywords' endings in the line's last eight bytes (little-endian): `Exception` (its last 8), `Error` (the
// top 5), `Throwable` (the top 7 of `hrowable`), `V8 errors stack trace` (its last 8); and `):` (Ruby Rails) in
// the top 2.
const TAIL_EXCEPTION: u64 = 0x6e6f697470656378; // xception
const TAIL_ERROR: u64 = 0x726f727245; // Error (>> 24)
const TAIL_THROWABLE: u64 = 0x656c6261776f7268; // hrowable
const TAIL_STACK_TRACE: u64 = 0x6563617274206b63; // ck trace
const TAIL_PAREN_COLON: u64 = 0x3a29; // `):` (>> 48)

/**
 * May one of startScan's anchored rules (those tested after its scan) match the line? A superset, never a miss:
 * each of those rules needs its first byte in ANCHOR_FIRST, a last digit (JS origin), a final `):` (Ruby Rails)
 * or a JVM keyword ending the line. Computed without a branch on the line's bytes; lines under 8 bytes are
 * left to the rules.
 */
// @ts-ignore: decorator
@inline export function anchorsMayMatch(p: usize, n: usize, first: u32): bool {
  if (n < 8) return true;
  const tail = load<u64>(p + n - 8);
  const hit = <u32>load<u8>(ANCHOR_FIRST + first)
    | <u32>(<u32>(tail >> 56) - 0x30 < 10)
    | <u32>((tail >> 48) == TAIL_PAREN_COLON)
    | <u32>(tail == TAIL_EXCEPTION) | <u32>((tail >> 24) == TAIL_ERROR) | <u32>(tail == TAIL_THROWABLE)
    | <u32>(tail == TAIL_STACK_TRACE);
  return hit != 0;
}

/** The candidate kinds startScan looks for: ':' for every language with an unanchored rule, '\'' for PHP, '\r' for
 *  the JVM header, the lead words' letters when `lead`. */
// @ts-ignore: decorator
@inline export function scanKeep(langs: u32, lead: bool): u32 {
  return candKeep((langs & (LANG_JVM | LANG_GO | LANG_RUBY | LANG_PHP)) != 0, (langs & LANG_PHP) != 0,
    (langs & LANG_JVM) != 0, lead);
}

/** One transition from the start state (see the header): the target of the first (by priority) start rule
 *  matching the line, or START_NONE; START_LEAD when asked for and the line is a lead line. */
export function startScan(langs: u32, p: usize, n: usize, lead: bool): u32 {
  const jvm = (langs & LANG_JVM) != 0;
  const js = (langs & LANG_JS) != 0;
  const go = (langs & LANG_GO) != 0;
  const first: u32 = n > 0 ? load<u8>(p) : 0;
  // which candidates: ':' for every language with an unanchored rule, '\'' for PHP, '\r' for the JVM header
  const keep = scanKeep(langs, lead);

  // PHP (priority 1) returns from inside the scan; the other unanchored rules are noted in `seen` and decided
  // by priority after it (each candidate only ORs bits in, so the order candidates are seen in does not matter).
  let seen: u32 = 0;
  if (keep != 0) {
    let i = nextCandidate(p, n, 0, keep);
    while (i < n) {
      const r = candidateAt(langs, p, n, i, lead, seen);
      if (r == FOUND_PHP) return S_PHP_BEGIN;
      seen |= r;
      const from = i + 1;
      i = nextCandidate(p, n, from, keep);
      if (DEBUG) assert(i >= from && i <= n); // forward only and inside the line: one pass, O(n)
    }
  }
  // most lines: nothing seen, and no anchored rule below can match (one branch instead of a chain of
  // unpredictable ones on the line's first and last bytes)
  if (seen == 0 && !anchorsMayMatch(p, n, first)) return START_NONE;
  if (jvm && jvmKeywordEndsAt(p, n)) seen |= SEEN_JVM; // keyword at end of line: upstream's `[\r\n]`

  if ((langs & LANG_PHP) != 0 && first == 0x46 && phpFatalUncaught(p, n)) return S_PHP_BEGIN;
  if ((seen & SEEN_RB_IN) != 0 && rbStdStart(p, n)) return S_RB_STD;
  if ((langs & LANG_PYTHON) != 0 && first == 0x54 && pyTraceback(p, n)) return S_PY_TB;
  if (go) {
    if ((seen & SEEN_PANIC) != 0) return S_GO_AFTER_PANIC;
    if ((seen & SEEN_HTTP_PANIC) != 0) return S_GO_GOROUTINE;
    if (first == 0x66 && goFatal(p, n)) return S_GO_AFTER_PANIC;
  }
  if ((langs & LANG_RUBY) != 0 && (rbRailsStart(p, n) || rbRailsConstStart(p, n))) return S_RB_RAILS_BEFORE;
  if ((langs & LANG_DART) != 0 && first == 0x55 && dartStart(p, n)) return S_DART_EXC;
  if (jvm) {
    if ((seen & SEEN_JVM) != 0) return jvmTarget(langs, p, n, S_J_AFTER_EXC);
    if ((langs & LANG_CSHARP) != 0 && first == 0x55 && at(p, n, 0, CS_UNHANDLED, CS_UNHANDLED_N)) return S_J_AFTER_EXC;
    if (js && n > 0 && isDigit(load<u8>(p + n - 1)) && jsOrigin(p, n)) return S_JS_SRC1;
  }
  if (lead && ((seen & SEEN_LEAD) != 0 || klogHeader(p, n))) return START_NONE | START_LEAD;
  return START_NONE;
}
