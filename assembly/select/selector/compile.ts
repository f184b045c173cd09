// Compiling a label selector: text [p, p + n) → a program block (program.ts), or 0 with the error's byte
// position and kubectl's message recorded in select/error.ts. Compile time may use managed objects; the program
// is unmanaged and independent of the text (the host may free the text right away).

import { filterFail, filterOk } from "../error";
import { parseSelector, parseErrMsg, parseErrPos } from "./parse";
import { buildProgram, sortByKey } from "./program";

/** The longest selector text compile accepts (kubectl has no limit; see docs/select.md, "Limits"). */
export const MAX_SELECTOR_BYTES: usize = 64 << 10;

/** A program (never 0: the empty selector's matches everything), or 0 with the error set. */
export function selectorCompile(p: usize, n: usize): usize {
  if (n > MAX_SELECTOR_BYTES) {
    return filterFail(<i32>MAX_SELECTOR_BYTES, "selector is longer than " + MAX_SELECTOR_BYTES.toString() + " bytes");
  }
  const reqs = parseSelector(p, <i32>n);
  if (reqs == null) return filterFail(parseErrPos, parseErrMsg);
  const prog = buildProgram(p, sortByKey(p, reqs));
  filterOk();
  return prog;
}
