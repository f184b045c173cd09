// Python rules: `Traceback (most recent call last):`, `File` lines each followed by a code line, 3.11+ caret /
// tilde lines, the final `dotted.Name: message` line, and chained exceptions (the final line, one blank line,
// "During handling of the above exception, another exception occurred:" or "The above exception was the direct
// cause of the following exception:", one blank line, the next `Traceback`) kept in ONE trace.
// Because a chain may follow, the final line does not end the trace (upstream: end_trace); the next line that
// matches no rule ends it (docs/multiline.md, departures).
// Contract: functions read only [p, p+n), allocate nothing, return a state id or NO_MATCH.

import { at, hasNonIndent, isIndent, isSpace, skipIndent } from "./bytes";
import { FILE_, FILE__N, PY_CAUSE, PY_CAUSE_N, PY_DURING, PY_DURING_N, PY_REPEATED, PY_REPEATED_N, TRACEBACK, TRACEBACK_N } from "./literals";
import {
  NO_MATCH, S_PY_CHAIN, S_PY_CHAIN_BLANK, S_PY_CODE, S_PY_FINAL, S_PY_FINAL_BLANK, S_PY_TB,
} from "./states";

/** The start rule: the whole line is `Traceback (most recent call last):`. */
@inline export function pyTraceback(p: usize, n: usize): bool {
  return n == TRACEBACK_N && at(p, n, 0, TRACEBACK, TRACEBACK_N);
}

/** `^[\t ]+File ` */
function fileLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  return i > 0 && at(p, n, i, FILE_, FILE__N);
}

/**
 * The final line `^(?:[^\s.():]+\.)*[^\s.():]+:` (upstream), or the same dotted name alone on the line
 * (`KeyboardInterrupt`: Python prints no ':' when the message is empty).
 */
function finalLine(p: usize, n: usize): bool {
  let seg: usize = 0; // bytes in the current segment
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (c == 0x3a) return seg > 0; // ':'
    if (c == 0x2e) { // '.'
      if (seg == 0) return false;
      seg = 0;
      continue;
    }
    if (isSpace(c) || c == 0x28 || c == 0x29) return false; // ( )
    seg++;
  }
  return seg > 0;
}

/** A 3.11+ caret / tilde line: indentation, then only '^', '~' and indentation, at least one '^' or '~'. */
function caretLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  if (i == 0 || i >= n) return false;
  for (let j = i; j < n; j++) {
    const c = load<u8>(p + j);
    if (c != 0x5e && c != 0x7e && !isIndent(c)) return false;
  }
  return true;
}

/** A source line Python prints under a `File` line: indented by at least four spaces (3.13 prints several). */
@inline function codeLine(p: usize, n: usize): bool {
  return n > 4 && load<u32>(p) == 0x20202020 && hasNonIndent(p, n);
}

/** `  [Previous line repeated N more times]` (RecursionError). */
function repeatedLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  return i > 0 && at(p, n, i, PY_REPEATED, PY_REPEATED_N);
}

function chainLine(p: usize, n: usize): bool {
  return (n == PY_DURING_N && at(p, n, 0, PY_DURING, PY_DURING_N)) || (n == PY_CAUSE_N && at(p, n, 0, PY_CAUSE, PY_CAUSE_N));
}

/** One transition from a Python state (S_PY_*); NO_MATCH when no rule of that state matches. */
export function pyStep(state: u32, p: usize, n: usize): i32 {
  if (state == S_PY_TB) {
    if (fileLine(p, n)) return S_PY_CODE;
    if (caretLine(p, n) || codeLine(p, n) || repeatedLine(p, n)) return S_PY_TB;
    return finalLine(p, n) ? S_PY_FINAL : NO_MATCH;
  }
  if (state == S_PY_CODE) {
    if (fileLine(p, n)) return S_PY_CODE; // a frame without source (`File "<frozen …>"`): no code line
    if (n > 0 && !isIndent(load<u8>(p)) && finalLine(p, n)) return S_PY_FINAL; // ditto, last frame
    return hasNonIndent(p, n) ? S_PY_TB : NO_MATCH; // upstream `[^\t ]`
  }
  if (state == S_PY_FINAL) {
    if (n == 0) return S_PY_FINAL_BLANK;
    return chainLine(p, n) ? S_PY_CHAIN : NO_MATCH;
  }
  if (state == S_PY_FINAL_BLANK) return chainLine(p, n) ? S_PY_CHAIN : NO_MATCH;
  if (state == S_PY_CHAIN) {
    if (n == 0) return S_PY_CHAIN_BLANK;
    return pyTraceback(p, n) ? S_PY_TB : NO_MATCH;
  }
  // S_PY_CHAIN_BLANK
  return pyTraceback(p, n) ? S_PY_TB : NO_MATCH;
}
