// JavaScript / Node-only rules (gated on LANG_JS), added to the JVM-family machine:
//  - `Error [ERR_CODE]: msg` headers (Node's coded errors; upstream needs ':' right after `Error`);
//  - the uncaught-exception / unhandled-rejection block Node prints on exit:
//      node:internal/process/promises:289        (origin: `node:…:N` or `<path>.js|.mjs|.cjs:N`)
//                  triggerUncaughtException(err, true /* fromPromise */);   (code line)
//                  ^                             (caret line)
//      <blank>
//      Error: connect ECONNREFUSED …             (header; `[UnhandledPromiseRejection: …] {` too)
//          at … {                                (a header or frame ending in '{' opens an inspected object)
//        errno: -111,                            (indented object lines)
//      }                                         (closing brace)
//      <blank>
//      Node.js v20.10.0                          (ends the trace)
// Contract: functions read only [p, p+n), allocate nothing, return a state id or NO_MATCH.

import { at, endsAt, hasNonIndent, isDigit, isIndent, isSpace, lastByte, skipIndent } from "./bytes";
import { jvmHeader, jvmTarget } from "./jvm";
import { CJS_EXT, CJS_EXT_N, ERROR, ERROR_N, EXCEPTION, EXCEPTION_N, JS_EXT, JS_EXT_N, MJS_EXT, MJS_EXT_N, NODE_, NODE__N, NODE_VERSION, NODE_VERSION_N } from "./literals";
import { NO_MATCH, S_J_AFTER_EXC, S_JS_OBJ, S_JS_SRC1, S_JS_SRC2, S_JS_SRC3, S_JS_TAIL, S_START } from "./states";

/**
 * `Error [CODE]:` / `Exception [CODE]:` ending at the ':' at offset `colon`: CODE is 1..64 bytes, none of them
 * '[', ']' or whitespace. Looks back at most 66 bytes, so the start scan stays linear.
 */
export function jsCodedHeaderAt(p: usize, colon: usize): bool {
  if (colon < 3 || load<u8>(p + colon - 1) != 0x5d) return false; // ]
  let i = colon - 1; // the ']'
  const stop: usize = i > 65 ? i - 65 : 0;
  while (i > stop) {
    i--;
    const c = <u32>load<u8>(p + i);
    if (c == 0x5b) break; // [
    if (c == 0x5d || isSpace(c)) return false;
  }
  if (load<u8>(p + i) != 0x5b || i + 2 == colon || i == 0 || load<u8>(p + i - 1) != 0x20) return false;
  return endsAt(p, i - 1, ERROR, ERROR_N) || endsAt(p, i - 1, EXCEPTION, EXCEPTION_N);
}

/**
 * The origin line Node prints above an uncaught error: no space or tab in the line, it ends in `:<digits>`,
 * and the part before that colon starts with `node:` or ends in `.js`, `.mjs` or `.cjs`.
 */
export function jsOrigin(p: usize, n: usize): bool {
  if (n < 3 || !isDigit(lastByte(p, n))) return false;
  let i = n - 1;
  while (i > 0 && isDigit(load<u8>(p + i - 1))) i--;
  if (i < 2 || load<u8>(p + i - 1) != 0x3a) return false; // ':'
  const end = i - 1; // end of the path
  if (!(at(p, n, 0, NODE_, NODE__N) || endsAt(p, end, JS_EXT, JS_EXT_N) || endsAt(p, end, MJS_EXT, MJS_EXT_N) || endsAt(p, end, CJS_EXT, CJS_EXT_N))) {
    return false;
  }
  for (let j: usize = 0; j < end; j++) if (isIndent(load<u8>(p + j))) return false;
  return true;
}

/** A caret line: optional indentation, then one or more '^' and nothing else but '^', ' ' or '\t'. */
function caretLine(p: usize, n: usize): bool {
  const i = skipIndent(p, n, 0);
  if (i >= n || load<u8>(p + i) != 0x5e) return false;
  for (let j = i + 1; j < n; j++) {
    const c = load<u8>(p + j);
    if (c != 0x5e && !isIndent(c)) return false;
  }
  return true;
}

/** One transition from a JS state (S_JS_*); NO_MATCH when no rule of that state matches. */
export function jsStep(langs: u32, state: u32, p: usize, n: usize): i32 {
  if (state == S_JS_SRC1) return n > 0 ? S_JS_SRC2 : NO_MATCH;
  if (state == S_JS_SRC2) return caretLine(p, n) ? S_JS_SRC3 : NO_MATCH;
  if (state == S_JS_SRC3) {
    if (n == 0) return S_JS_SRC3;
    if (load<u8>(p) == 0x5b || jvmHeader(langs, p, n)) return <i32>jvmTarget(langs, p, n, S_J_AFTER_EXC); // '[' or header
    return NO_MATCH;
  }
  if (state == S_JS_OBJ) {
    if (n == 1 && load<u8>(p) == 0x7d) return S_JS_TAIL; // }
    if (n > 0 && isIndent(load<u8>(p)) && hasNonIndent(p, n)) return S_JS_OBJ;
    return NO_MATCH;
  }
  // S_JS_TAIL
  if (n == 0) return S_JS_TAIL;
  if (at(p, n, 0, NODE_VERSION, NODE_VERSION_N) && n > NODE_VERSION_N && isDigit(load<u8>(p + NODE_VERSION_N))) return S_START;
  return NO_MATCH;
}
