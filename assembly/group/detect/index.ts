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

import { dartStep } from "./dart";
import { goStep } from "./go";
import { jsStep } from "./js";
import { jvmStep } from "./jvm";
import { LANG_DART, LANG_GO, LANG_JS, LANG_JVM, LANG_PHP, LANG_PYTHON, LANG_RUBY } from "./lang";
import { phpStep } from "./php";
import { pyStep } from "./python";
import { rbStep } from "./ruby";
import { startStep } from "./start";
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

export function detectStep(languages: u32, state: u32, p: usize, n: usize): u32 {
  if (n > 0 && load<u8>(p + n - 1) == 0x0d) n--; // CRLF: the '\r' is part of the line end
  if (state != 0 && state < STATE_COUNT) {
    const next = stateStep(languages, state, p, n);
    if (next != NO_MATCH) return ((next == 0 ? ACT_END : ACT_INSIDE) << 16) | <u32>next;
    const s = startStep(languages, p, n);
    return s != NO_MATCH ? (ACT_START << 16) | <u32>s : ACT_NO_TRACE << 16;
  }
  const s = startStep(languages, p, n);
  return s != NO_MATCH ? (ACT_INSIDE << 16) | <u32>s : ACT_NO_TRACE << 16;
}
export { isLeadLine } from "./lead";
