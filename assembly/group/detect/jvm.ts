// JVM-family rules (Java; also JavaScript and C#, as upstream): header lines, `at` frames, `Caused by:` /
// `Suppressed:`, `... N more` / `... N common frames omitted`, `nested exception is:`, blank lines after a
// header, C#'s `--->` / `--- End of … ---` markers, and (JS) Node's `Emitted 'error' event … at:` line. docs/multiline.md has the table.
// Contract: every function reads only [p, p+n) (n already without a trailing '\r'), allocates nothing, and
// returns a state id (or NO_MATCH) without side effects.

import { at, endsAt, lastByte, skipDigits, skipIndent } from "./bytes";
import { jsCodedHeaderAt } from "./js";
import { LANG_CSHARP, LANG_JS } from "./lang";
import {
  AT_, CAUSED_BY, CAUSED_BY_N, COMMON_OMITTED, COMMON_OMITTED_N, CS_END_INNER, CS_END_INNER_N, CS_END_PREV,
  CS_END_PREV_N, CS_INNER, CS_INNER_N, DOTS_, DOTS__N, ERROR, ERROR_N, EVAL_, EVAL__N, AT__N, EXCEPTION,
  EXCEPTION_N, MORE, MORE_N, NESTED_IS, NESTED_IS_N, SUPPRESSED, SUPPRESSED_N, THROWABLE, THROWABLE_N,
  V8_TRACE, V8_TRACE_N, _DASHES, _DASHES_N, EMITTED, EMITTED_N, _AT_COLON, _AT_COLON_N,
} from "./literals";
import { NO_MATCH, S_J_AFTER_EXC, S_J_FRAMES, S_J_START_EXC, S_JS_OBJ, S_JS_TAIL } from "./states";

/** Does `Exception`, `Error`, `Throwable` or `V8 errors stack trace` end exactly at offset `end`? */
export function jvmKeywordEndsAt(p: usize, end: usize): bool {
  if (end == 0) return false;
  const c = load<u8>(p + end - 1);
  if (c == 0x6e) return endsAt(p, end, EXCEPTION, EXCEPTION_N); // n
  if (c == 0x72) return endsAt(p, end, ERROR, ERROR_N); // r
  if (c == 0x65) return endsAt(p, end, THROWABLE, THROWABLE_N) || endsAt(p, end, V8_TRACE, V8_TRACE_N); // e
  return false;
}

/**
 * The JVM header rule on its own (for S_J_START_EXC; the start state finds it in start.ts's single scan):
 * a keyword followed by ':' or '\r', or ending the line; with JS enabled also `Error [CODE]:`.
 */
export function jvmHeader(langs: u32, p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x3a || c == 0x0d) {
      if (jvmKeywordEndsAt(p, i)) return true;
      if (c == 0x3a && (langs & LANG_JS) != 0 && jsCodedHeaderAt(p, i)) return true;
    }
  }
  return jvmKeywordEndsAt(p, n);
}

/** Where a header or frame line leads: with JS enabled, a line ending in '{' opens an inspected object. */
@inline export function jvmTarget(langs: u32, p: usize, n: usize, plain: u32): u32 {
  return (langs & LANG_JS) != 0 && lastByte(p, n) == 0x7b ? S_JS_OBJ : plain;
}

/** The rules shared by S_J_AFTER_EXC and S_J_FRAMES (upstream order; they exclude each other by first byte). */
function frameRules(langs: u32, p: usize, n: usize): i32 {
  const i = skipIndent(p, n, 0);
  if (i >= n) return NO_MATCH;
  const c = load<u8>(p + i);
  if (c == 0x61 || c == 0x65) { // a, e: `^[\t ]+(?:eval )?at `
    if (i == 0) return NO_MATCH;
    if (at(p, n, i, AT_, AT__N) || (at(p, n, i, EVAL_, EVAL__N) && at(p, n, i + EVAL__N, AT_, AT__N))) {
      return <i32>jvmTarget(langs, p, n, S_J_FRAMES);
    }
    return NO_MATCH;
  }
  if (c == 0x2d) { // -
    if (at(p, n, i, CS_END_INNER, CS_END_INNER_N) && i + CS_END_INNER_N == n) return S_J_FRAMES;
    if (at(p, n, i, CS_END_PREV, CS_END_PREV_N) && n - i >= CS_END_PREV_N + _DASHES_N && endsAt(p, n, _DASHES, _DASHES_N)) {
      return S_J_FRAMES;
    }
    if ((langs & LANG_CSHARP) != 0 && at(p, n, i, CS_INNER, CS_INNER_N)) return S_J_AFTER_EXC;
    return NO_MATCH;
  }
  if (c == 0x45) { // E: (JS) `^Emitted '…' … at:$`, Node's unhandled 'error' event line before the emitter's frames
    return (langs & LANG_JS) != 0 && i == 0 && n >= EMITTED_N + _AT_COLON_N && at(p, n, 0, EMITTED, EMITTED_N) &&
      endsAt(p, n, _AT_COLON, _AT_COLON_N) ? S_J_AFTER_EXC : NO_MATCH;
  }
  if (c == 0x43) return at(p, n, i, CAUSED_BY, CAUSED_BY_N) ? S_J_AFTER_EXC : NO_MATCH; // C
  if (c == 0x53) return at(p, n, i, SUPPRESSED, SUPPRESSED_N) ? S_J_AFTER_EXC : NO_MATCH; // S
  if (c == 0x2e && at(p, n, i, DOTS_, DOTS__N)) { // `... N more` / `... N common frames omitted`
    const d = i + DOTS__N;
    const e = skipDigits(p, n, d);
    if (e == d || e >= n || load<u8>(p + e) != 0x20) return NO_MATCH;
    if (at(p, n, e + 1, MORE, MORE_N) || at(p, n, e + 1, COMMON_OMITTED, COMMON_OMITTED_N)) return S_J_FRAMES;
  }
  return NO_MATCH;
}

/** One transition from a JVM-family state (S_J_*); NO_MATCH when no rule of that state matches. */
export function jvmStep(langs: u32, state: u32, p: usize, n: usize): i32 {
  if (state == S_J_START_EXC) {
    return jvmHeader(langs, p, n) ? <i32>jvmTarget(langs, p, n, S_J_AFTER_EXC) : NO_MATCH;
  }
  if (state == S_J_AFTER_EXC) {
    const i = skipIndent(p, n, 0);
    if (at(p, n, i, NESTED_IS, NESTED_IS_N)) return S_J_START_EXC;
    if (n == 0) return S_J_AFTER_EXC;
    return frameRules(langs, p, n);
  }
  // S_J_FRAMES
  const r = frameRules(langs, p, n);
  if (r != NO_MATCH) return r;
  if (n == 0 && (langs & LANG_JS) != 0) return S_JS_TAIL; // Node prints a blank line, then `Node.js vNN`
  return NO_MATCH;
}
