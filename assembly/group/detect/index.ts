// Exception-trace detector: a per-line classifier that the group stage calls once per line of a (source,
// stream), as upstream fluent-plugin-detect-exceptions' ExceptionDetector#update does, with the departures
// listed in docs/multiline.md (the spec: rule tables per language, actions, departures).
//
// detectStep(languages, state, p, n) → (action << 16) | newState
//  - reads only the line's bytes [p, p+n) (content without the trailing '\n'; any bytes, NUL and invalid UTF-8
//    included); a final '\r' is ignored (CRLF output);
//  - `state` is this stream's previous newState (0 = start state; an invalid value counts as 0);
//  - pure: no allocation, no globals, no recursion, O(n) per line;
//  - semantics: try the current state's rules in order; on a match go to the rule's target, with action
//    ACT_INSIDE, or ACT_END when the target is the start state. Otherwise fall back to the start state and
//    try the start rules: ACT_START if one matches (or ACT_INSIDE when the state already was the start state,
//    as upstream), else ACT_NO_TRACE with newState 0.
// Group stage: INSIDE → append; END → append, flush; START → flush, begin with the line; NO_TRACE → flush,
// the line alone.
//
// detectLine(languages, state, p, n, lead) is detectStep plus, when `lead` is true, the bit DETECT_LEAD on a
// NO_TRACE result whose line is a lead line (isLeadLine): the group stage asks both questions of a line in one
// pass (start.ts startScan reads the line once for the start rules and the lead words). With lead false it is
// detectStep exactly. isLeadLine(p, n) is the lead question alone (lead.ts; a final '\r' ignored).

import { dartStep } from "./dart";
import { goStep } from "./go";
import { jsStep } from "./js";
import { jvmStep } from "./jvm";
import { LANG_DART, LANG_GO, LANG_JS, LANG_JVM, LANG_PHP, LANG_PYTHON, LANG_RUBY } from "./lang";
import { phpStep } from "./php";
import { pyStep } from "./python";
import { rbStep } from "./ruby";
import { START_LEAD, START_NONE, anchorsMayMatch, scanKeep, startScan } from "./start";
import { windowClear, windowMark } from "./window";
import {
  NO_MATCH, S_DART_EXC, S_GO_AFTER_PANIC, S_JS_SRC1, S_PHP_BEGIN, S_PY_TB, S_RB_RAILS_BEFORE, STATE_COUNT,
} from "./states";

export { LANG_JAVA, LANG_JS, LANG_CSHARP, LANG_PYTHON, LANG_GO, LANG_RUBY, LANG_PHP, LANG_DART, LANG_ALL } from "./lang";
export { STATE_COUNT } from "./states";

export const ACT_NO_TRACE: u32 = 0;
export const ACT_INSIDE: u32 = 1;
export const ACT_END: u32 = 2;
export const ACT_START: u32 = 3;

/** The rules of a non-start state (dispatched on its id range), or NO_MATCH; disabled languages match nothing. */
function stateStep(langs: u32, state: u32, p: usize, n: usize): i32 {
  if (state < S_JS_SRC1) return (langs & LANG_JVM) != 0 ? jvmStep(langs, state, p, n) : NO_MATCH;
  if (state < S_PY_TB) return (langs & LANG_JS) != 0 ? jsStep(langs, state, p, n) : NO_MATCH;
  if (state < S_PHP_BEGIN) return (langs & LANG_PYTHON) != 0 ? pyStep(state, p, n) : NO_MATCH;
  if (state < S_GO_AFTER_PANIC) return (langs & LANG_PHP) != 0 ? phpStep(state, p, n) : NO_MATCH;
  if (state < S_RB_RAILS_BEFORE) return (langs & LANG_GO) != 0 ? goStep(state, p, n) : NO_MATCH;
  if (state < S_DART_EXC) return (langs & LANG_RUBY) != 0 ? rbStep(state, p, n) : NO_MATCH;
  return (langs & LANG_DART) != 0 ? dartStep(state, p, n) : NO_MATCH;
}

/** detectLine's "NO_TRACE, and the line is a lead line" bit (above the action). */
export const DETECT_LEAD: u32 = 1 << 24;

/** The start rules' result as detectLine's: `act` (START or INSIDE) when one matched, else NO_TRACE (+ lead). */
// @ts-ignore: decorator
@inline function fromStart(s: u32, act: u32): u32 {
  const target = s & START_NONE;
  if (target != START_NONE) return (act << 16) | target;
  return (ACT_NO_TRACE << 16) | ((s & START_LEAD) != 0 ? DETECT_LEAD : 0);
}

// @ts-ignore: decorator
@inline export function detectLine(languages: u32, state: u32, p: usize, n: usize, lead: bool): u32 {
  if (n > 0 && load<u8>(p + n - 1) == 0x0d) n--; // CRLF: the '\r' is part of the line end
  if (state != 0 && state < STATE_COUNT) {
    const next = stateStep(languages, state, p, n);
    if (next != NO_MATCH) return ((next == 0 ? ACT_END : ACT_INSIDE) << 16) | <u32>next;
    return fromStart(startScan(languages, p, n, lead), ACT_START);
  }
  return fromStart(startScan(languages, p, n, lead), ACT_INSIDE);
}

/**
 * Is the line [p, p+n) one that detectLine from the start state (state 0) would class NO_TRACE without the lead
 * bit, decided without the detector? True only when the call's candidate map (window.ts) shows no candidate in
 * the line and no anchored start rule can match; false means "ask detectLine" (never a wrong true).
 */
// @ts-ignore: decorator
@inline export function plainLine(languages: u32, p: usize, n: usize, lead: bool): bool {
  if (n > 0 && load<u8>(p + n - 1) == 0x0d) n--; // as detectLine
  if (n < 8) return false; // short lines: the detector decides (anchorsMayMatch needs 8 bytes)
  const keep = scanKeep(languages, lead);
  return !anchorsMayMatch(p, n, load<u8>(p)) && (keep == 0 || windowClear(p, n, keep));
}

/** Marks the call's input window [p, p+n) for plainLine (window.ts), for a source with these languages. Only the
 *  SIMD build marks: its one pass costs less than scanning line by line, while the scalar build's SWAR test
 *  stops at every ':' and capital of the CRI headers too (measured: more instructions than the line scans it
 *  saves), so there plainLine scans each line (window.ts windowClear's fallback). */
export function markWindow(languages: u32, p: usize, n: usize, lead: bool): void {
  const keep = scanKeep(languages, lead);
  if (ASC_FEATURE_SIMD && keep != 0) windowMark(p, n, keep);
}

export { windowForget } from "./window";

export function detectStep(languages: u32, state: u32, p: usize, n: usize): u32 {
  return detectLine(languages, state, p, n, false);
}

/** Is [p, p+n) a lead line (lead.ts; a final '\r' ignored)? The same pass as detectLine's, with no start rule. */
export function isLeadLine(p: usize, n: usize): bool {
  if (n > 0 && load<u8>(p + n - 1) == 0x0d) n--;
  return (startScan(0, p, n, true) & START_LEAD) != 0;
}
