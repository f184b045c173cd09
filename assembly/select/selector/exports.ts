// Host exports of the label-selector compiler (the `kubectl -l` language). Every name is prefixed selector_.
//
// Protocol: the host stages the UTF-8 selector text with regex_alloc (regex/exports.ts), calls
// selector_compile(ptr, len) and frees its block with regex_dealloc. A compiled selector is a handle (a pointer
// to program.ts's block) valid until selector_free; 0 means the text was refused, and the error's byte position
// and message are read through filter_error_pos / filter_error_message_ptr / _len (select/error.ts). Label sets
// come from labels_build (enrich/exports.ts). Nothing here traps on any input bytes.
//
// selector_lex and the aux entries exist for the conformance tests (test/conformance/k8s-selectors.test.ts).

import { filterFail } from "../error";
import { MAX_SELECTOR_BYTES, selectorCompile } from "./compile";
import { freeProgram, progCanonicalLen, progCanonicalPtr } from "./program";
import { selectorMatch } from "./match";
import { lexNext, tokKind, tokLen, tokStart, TOK_EOS } from "./lex";
import { auxResult, labelsMapCheck, requirementCheck } from "./aux";

// the label-set exports live with the label sets; re-exported here so index.ts needs one line for selectors
export { labels_build, labels_free } from "../../enrich/exports";

export function selector_compile(p: usize, n: usize): usize {
  return selectorCompile(p, n);
}

export function selector_free(prog: usize): void {
  freeProgram(prog);
}

/** 1 when the label set (a labels_build handle; 0 = no labels) satisfies the selector. A malformed set
 *  (labels_build's all-ones) and the handle 0 match nothing. */
export function selector_match(prog: usize, set: usize): i32 {
  if (set == <usize>-1) return 0;
  return selectorMatch(prog, set) ? 1 : 0;
}

/** The canonical text (requirements sorted by key, no spaces, set values sorted and deduplicated). */
export function selector_canonical_ptr(prog: usize): usize {
  return prog == 0 ? 0 : progCanonicalPtr(prog);
}

export function selector_canonical_len(prog: usize): u32 {
  return prog == 0 ? 0 : <u32>progCanonicalLen(prog);
}

let lexOut: usize = 0;

/** Conformance: lexes the whole text (up to the end-of-string token, not written) into 12-byte entries
 *  (u32 kind, u32 start, u32 length; lex.ts's TOK_*), read at selector_lex_ptr(). Returns the count, or -1
 *  for a text longer than MAX_SELECTOR_BYTES. */
export function selector_lex(p: usize, n: usize): i32 {
  if (n > MAX_SELECTOR_BYTES) return -1;
  const len = <i32>n;
  // every token but the end has at least one byte: n + 1 entries bound the count
  if (lexOut != 0) heap.free(lexOut);
  lexOut = heap.alloc((n + 1) * 12);
  let pos = 0;
  let count = 0;
  while (true) {
    pos = lexNext(p, len, pos);
    if (tokKind == TOK_EOS) break;
    const e = lexOut + <usize>count * 12;
    store<u32>(e, <u32>tokKind);
    store<u32>(e, <u32>tokStart, 4);
    store<u32>(e, <u32>tokLen, 8);
    count++;
  }
  return count;
}

export function selector_lex_ptr(): usize {
  return lexOut;
}

/** Conformance (aux.ts): NewRequirement; 1 valid (canonical text at selector_aux_ptr), 0 error, -1 malformed. */
export function selector_requirement(p: usize, n: usize): i32 {
  return requirementCheck(p, n);
}

/** Conformance (aux.ts): ConvertSelectorToLabelsMap; 1 valid (pairs at selector_aux_ptr), 0 error. */
export function selector_labels_map(p: usize, n: usize): i32 {
  if (n > MAX_SELECTOR_BYTES) return filterFail(0, "selector is longer than " + MAX_SELECTOR_BYTES.toString() + " bytes") as i32;
  return labelsMapCheck(p, n);
}

export function selector_aux_ptr(): usize {
  return auxResult.dataStart;
}

export function selector_aux_len(): u32 {
  return <u32>auxResult.length;
}
