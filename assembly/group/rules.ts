// The user's multiline rules (Alloy's `firstline`, Fluent Bit's `start_state`/`cont`, OTel's
// `is_first_entry`/`is_last_entry`): a `start` regex begins a record, an optional `continue` regex says which
// lines append (without it every line does), an optional `end` regex appends the line and ends the record.
// One rule set per engine, held as compiled regex handles (regex/regex.ts; 0 = not set). Precedence with the
// detectors (docs/multiline.md): while a user record is held the rules decide; otherwise a `start` match wins
// over the detectors' start rules; while a trace is held the detector decides first.

import { regexFree, regexTest } from "../regex/regex";

let startRule: usize = 0;
let continueRule: usize = 0;
let endRule: usize = 0;

/** Installs compiled handles (0 = none); frees the ones they replace. */
export function setRules(start: usize, cont: usize, end: usize): void {
  if (startRule != 0 && startRule != start) regexFree(startRule);
  if (continueRule != 0 && continueRule != cont) regexFree(continueRule);
  if (endRule != 0 && endRule != end) regexFree(endRule);
  startRule = start;
  continueRule = cont;
  endRule = end;
}

// @ts-ignore: decorator
@inline export function rulesOn(): bool {
  return startRule != 0;
}

export function isStart(p: usize, n: usize): bool {
  return startRule != 0 && regexTest(startRule, p, n);
}

/** Does the line continue a user record (every line does when there is no `continue` rule)? */
export function continues(p: usize, n: usize): bool {
  return continueRule == 0 || regexTest(continueRule, p, n);
}

export function isEnd(p: usize, n: usize): bool {
  return endRule != 0 && regexTest(endRule, p, n);
}
