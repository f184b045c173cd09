// PHP rules: `PHP (Notice|Parse error|Fatal error|Warning):` or `exception '…' with message '` (both anywhere
// in the line; found by start.ts's scan, which calls the two matchers below at its trigger bytes), or
// `Fatal error: Uncaught ` at the line start (stdout form), then
// `Stack trace:`, `#N` frames, and `<ws>thrown in ` which ends the trace. Chained exceptions (a blank line,
// then `Next …`, then their own `Stack trace:`) stay in the trace.
// Contract: functions read only [p, p+n), allocate nothing, return a state id / bool without side effects.

import { at, endsAt, findByte, isDigit, isSpace } from "./bytes";
import {
  EXCEPTION_, EXCEPTION__N, FATAL_ERROR, FATAL_ERROR_N, FATAL_ERROR_, FATAL_ERROR__N, UNCAUGHT_, UNCAUGHT__N, NEXT_, NEXT__N, NOTICE, NOTICE_N, PARSE_ERROR, PARSE_ERROR_N,
  PHP_, PHP__N, STACK_TRACE, STACK_TRACE_N, THROWN_IN, THROWN_IN_N, WARNING, WARNING_N, WITH_MESSAGE, WITH_MESSAGE_N,
} from "./literals";
import { NO_MATCH, S_PHP_BEGIN, S_PHP_BLANK, S_PHP_FRAMES, S_START } from "./states";

/** At the ':' at `colon`: does `PHP Notice`, `PHP Parse error`, `PHP Fatal error` or `PHP Warning` end there? */
export function phpLevelAt(p: usize, colon: usize): bool {
  let len: usize = 0;
  const c = colon > 0 ? load<u8>(p + colon - 1) : 0;
  if (c == 0x65 && endsAt(p, colon, NOTICE, NOTICE_N)) len = NOTICE_N; // e
  else if (c == 0x72) { // r
    if (endsAt(p, colon, FATAL_ERROR, FATAL_ERROR_N)) len = FATAL_ERROR_N;
    else if (endsAt(p, colon, PARSE_ERROR, PARSE_ERROR_N)) len = PARSE_ERROR_N;
  } else if (c == 0x67 && endsAt(p, colon, WARNING, WARNING_N)) len = WARNING_N; // g
  return len > 0 && endsAt(p, colon - len, PHP_, PHP__N);
}

/**
 * `^Fatal error: ` + spaces + `Uncaught `: the form PHP prints to stdout (display_errors) without the `PHP ` prefix
 * of its log line (`Fatal error: Uncaught Exception: boom in /app/x.php:3`).
 */
export function phpFatalUncaught(p: usize, n: usize): bool {
  if (!at(p, n, 0, FATAL_ERROR_, FATAL_ERROR__N)) return false;
  let i = FATAL_ERROR__N;
  while (i < n && load<u8>(p + i) == 0x20) i++;
  return at(p, n, i, UNCAUGHT_, UNCAUGHT__N);
}

/**
 * At the quote at `q`: is it `exception '[^']+' with message '`? Returns the offset after the match, or 0.
 * The scan from `q` stops at the next quote, so calls at successive quotes never rescan bytes.
 */
export function phpExceptionAt(p: usize, n: usize, q: usize): usize {
  if (!endsAt(p, q, EXCEPTION_, EXCEPTION__N)) return 0;
  const close = findByte(p, n, q + 1, 0x27);
  if (close >= n || close == q + 1) return 0;
  return at(p, n, close + 1, WITH_MESSAGE, WITH_MESSAGE_N) ? close + 1 + WITH_MESSAGE_N : 0;
}

/** One transition from a PHP state (S_PHP_*); NO_MATCH when no rule of that state matches. */
export function phpStep(state: u32, p: usize, n: usize): i32 {
  if (state == S_PHP_BEGIN) return at(p, n, 0, STACK_TRACE, STACK_TRACE_N) ? S_PHP_FRAMES : NO_MATCH;
  if (state == S_PHP_FRAMES) {
    if (n >= 2 && load<u8>(p) == 0x23 && isDigit(load<u8>(p + 1))) return S_PHP_FRAMES; // #N
    let i: usize = 0;
    while (i < n && isSpace(load<u8>(p + i))) i++;
    if (i > 0 && at(p, n, i, THROWN_IN, THROWN_IN_N)) return S_START; // ends the trace
    return n == 0 ? S_PHP_BLANK : NO_MATCH;
  }
  // S_PHP_BLANK
  return at(p, n, 0, NEXT_, NEXT__N) ? S_PHP_BEGIN : NO_MATCH;
}
