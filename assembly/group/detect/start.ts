// The start state's rules, found in ONE forward pass over the line (plus anchored checks dispatched on the
// first / last byte), so a line that starts nothing costs about one read of each byte.
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
// Contract: reads only [p, p+n); allocates nothing; returns the state a matching start rule leads to, or
// NO_MATCH.

import { at, isDigit } from "./bytes";
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
  NO_MATCH, S_DART_EXC, S_GO_AFTER_PANIC, S_GO_GOROUTINE, S_J_AFTER_EXC, S_JS_SRC1, S_PHP_BEGIN, S_PY_TB,
  S_RB_RAILS_BEFORE, S_RB_STD,
} from "./states";

// What the scan saw (bits), decided by priority afterwards. FOUND_PHP: priority 1 matched, stop.
const SEEN_JVM: u32 = 1;
const SEEN_PANIC: u32 = 2;
const SEEN_HTTP_PANIC: u32 = 4;
const SEEN_RB_IN: u32 = 8; // `:in ` + quote somewhere: the Ruby standard start may match
const FOUND_PHP: u32 = 0x80000000;

// SWAR: does any byte of v equal ':', '\'' or '\r' (the scan's trigger bytes)? May report a false positive
// for the byte above a true match, never a false negative; the 8 bytes are then looked at one by one.
const LO: u64 = 0x0101010101010101;
const HI: u64 = 0x8080808080808080;
@inline function hasZeroByte(x: u64): u64 {
  return (x - LO) & ~x & HI;
}
@inline function triggerMask(v: u64): u64 {
  return hasZeroByte(v ^ (LO * 0x3a)) | hasZeroByte(v ^ (LO * 0x27)) | hasZeroByte(v ^ (LO * 0x0d));
}

/** What the trigger byte at offset i tells (SEEN_* bits, or FOUND_PHP); 0 for any other byte. */
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

/** One transition from the start state: the target of the first (by priority) start rule matching the line. */
export function startStep(langs: u32, p: usize, n: usize): i32 {
  const jvm = (langs & LANG_JVM) != 0;
  const js = (langs & LANG_JS) != 0;
  const go = (langs & LANG_GO) != 0;
  const first: u32 = n > 0 ? load<u8>(p) : 0;

  // PHP (priority 1) returns from inside the scan; the other unanchored rules are noted in `seen` and decided
  // by priority after it. Words of 8 bytes without a trigger byte are skipped whole.
  let seen: u32 = 0;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    let m = triggerMask(load<u64>(p + i));
    while (m != 0) { // bit 8k+7 set: byte k may be a trigger (triggerAt re-checks the byte itself)
      const r = triggerAt(langs, p, n, i + <usize>(ctz(m) >> 3));
      if (r == FOUND_PHP) return S_PHP_BEGIN;
      seen |= r;
      m &= m - 1;
    }
  }
  for (; i < n; i++) {
    const r = triggerAt(langs, p, n, i);
    if (r == FOUND_PHP) return S_PHP_BEGIN;
    seen |= r;
  }
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
    if ((seen & SEEN_JVM) != 0) return <i32>jvmTarget(langs, p, n, S_J_AFTER_EXC);
    if ((langs & LANG_CSHARP) != 0 && first == 0x55 && at(p, n, 0, CS_UNHANDLED, CS_UNHANDLED_N)) return S_J_AFTER_EXC;
    if (js && n > 0 && isDigit(load<u8>(p + n - 1)) && jsOrigin(p, n)) return S_JS_SRC1;
  }
  return NO_MATCH;
}
