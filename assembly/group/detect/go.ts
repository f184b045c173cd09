// Go rules: `panic: ` (word boundary before, anywhere in the line), `http: panic serving`, and `fatal error: `
// at line start (runtime fatal errors: deadlock, concurrent map writes); then an optional `[signal …` line,
// blank lines, goroutine headers (`goroutine N [state]:`, also Go 1.21+ `goroutine N gp=0x… m=… mp=0x… [state]:`
// and `runtime stack:`), alternating function and indented file lines, `created by …`, and re-panics
// (`panic: … [recovered]` followed by an indented `panic: …`).
// Contract: functions read only [p, p+n), allocate nothing, return a state id / bool without side effects.

import { at, endsAt, isSpace, isWord, skipDigits, skipIndent } from "./bytes";
import {
  CREATED_BY, CREATED_BY_N, FRAMES_ELIDED, FRAMES_ELIDED_N, GOROUTINE_, GOROUTINE__N, GO_FATAL, GO_FATAL_N, HTTP_PANIC,
  HTTP_PANIC_N, PANIC, PANIC_N, PANIC_, PANIC__N, RUNTIME_STACK, RUNTIME_STACK_N, SIGNAL, SIGNAL_N,
} from "./literals";
import { NO_MATCH, S_GO_AFTER_PANIC, S_GO_AFTER_SIGNAL, S_GO_FRAME1, S_GO_FRAME2, S_GO_GOROUTINE } from "./states";

/** At the ':' at `colon`: `\bpanic: ` (`panic` ends there, a space follows, no word byte precedes it). */
export function goPanicAt(p: usize, n: usize, colon: usize): bool {
  if (colon + 1 >= n || load<u8>(p + colon + 1) != 0x20 || !endsAt(p, colon, PANIC, PANIC_N)) return false;
  const s = colon - PANIC_N;
  return s == 0 || !isWord(load<u8>(p + s - 1));
}

/** At the ':' at `colon`: does `http: panic serving` start 4 bytes before it? */
@inline export function goHttpPanicAt(p: usize, n: usize, colon: usize): bool {
  return colon >= 4 && at(p, n, colon - 4, HTTP_PANIC, HTTP_PANIC_N);
}

/** `fatal error: ` at line start. */
@inline export function goFatal(p: usize, n: usize): bool {
  return at(p, n, 0, GO_FATAL, GO_FATAL_N);
}

/**
 * `goroutine <digits> ` then optional fields ending in a space, then `[state]:` ending the line (the state is
 * one or more bytes, none of them ']'). Upstream: `^goroutine \d+ \[[^\]]+\]:$` (no fields).
 */
function goroutineHeader(p: usize, n: usize): bool {
  if (!at(p, n, 0, GOROUTINE_, GOROUTINE__N)) return false;
  const d = skipDigits(p, n, GOROUTINE__N);
  if (d == GOROUTINE__N || d >= n || load<u8>(p + d) != 0x20) return false;
  const fields = d + 1;
  if (n < fields + 4 || load<u8>(p + n - 1) != 0x3a || load<u8>(p + n - 2) != 0x5d) return false; // `]:`
  let k = n - 3; // scan back from the byte before ']' to the '['
  while (k > fields && load<u8>(p + k) != 0x5b && load<u8>(p + k) != 0x5d) k--;
  if (load<u8>(p + k) != 0x5b || k == n - 3) return false; // '[' with a non-empty state
  return k == fields || load<u8>(p + k - 1) == 0x20;
}

/**
 * A function line: `^(?:[^\s.:]+\.)*[^\s.():]+\(` — dot-separated non-empty segments (no whitespace, no ':'),
 * the last one without parentheses, followed by '('. Single forward pass: a segment that contains '(' or ')'
 * can only be a leading one.
 */
function funcLine(p: usize, n: usize): bool {
  let seg: usize = 0;
  let paren = false;
  for (let i: usize = 0; i < n; i++) {
    const c = <u32>load<u8>(p + i);
    if (isSpace(c) || c == 0x3a) return false;
    if (c == 0x2e) {
      if (seg == 0) return false;
      seg = 0;
      paren = false;
      continue;
    }
    if (c == 0x28 && seg > 0 && !paren) return true;
    if (c == 0x28 || c == 0x29) paren = true;
    seg++;
  }
  return false;
}

/** One transition from a Go state (S_GO_*); NO_MATCH when no rule of that state matches. */
export function goStep(state: u32, p: usize, n: usize): i32 {
  if (state == S_GO_AFTER_PANIC || state == S_GO_AFTER_SIGNAL) {
    if (n == 0) return S_GO_GOROUTINE;
    if (state == S_GO_AFTER_PANIC) {
      if (at(p, n, 0, SIGNAL, SIGNAL_N)) return S_GO_AFTER_SIGNAL;
      const i = skipIndent(p, n, 0);
      if (i > 0 && at(p, n, i, PANIC_, PANIC__N)) return S_GO_AFTER_PANIC; // re-panic under `[recovered]`
    }
    return goroutineHeader(p, n) ? S_GO_FRAME1 : NO_MATCH; // header without the blank line before it
  }
  if (state == S_GO_GOROUTINE) {
    return goroutineHeader(p, n) || (n == RUNTIME_STACK_N && at(p, n, 0, RUNTIME_STACK, RUNTIME_STACK_N)) ? S_GO_FRAME1 : NO_MATCH;
  }
  if (state == S_GO_FRAME1) {
    if (n == 0) return S_GO_GOROUTINE;
    if (funcLine(p, n) || at(p, n, 0, CREATED_BY, CREATED_BY_N)) return S_GO_FRAME2;
    return n == FRAMES_ELIDED_N && at(p, n, 0, FRAMES_ELIDED, FRAMES_ELIDED_N) ? S_GO_FRAME1 : NO_MATCH;
  }
  // S_GO_FRAME2: `^\s`
  return n > 0 && isSpace(load<u8>(p)) ? S_GO_FRAME1 : NO_MATCH;
}

