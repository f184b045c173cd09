// The label-selector parser (the `kubectl -l` grammar), compile time only: text → requirements, or a
// kubectl error message with a byte position (the caller reports it with filterFail).
//
//   selector    := "" | requirement ("," requirement)*
//   requirement := "!" KEY | KEY | KEY ("=" | "==" | "!=") VALUE? | KEY ("in" | "notin") "(" VALUE? ("," VALUE?)* ")"
//                | KEY (">" | "<") VALUE                  (VALUE must then be a base-10 int64)
//
// One token of lookahead (lex.ts), no recursion, linear in the text. Contract: parseSelector(base, len)
// returns the requirements in text order (in/notin values sorted and deduplicated), or null with parseErrPos /
// parseErrMsg set. Error positions are byte offsets: the offending token's start (the end of the text, or the
// NUL that ended it, for "found ''"); for key or value rule errors, the key's or the value's start (an empty
// value stands where the token after the operator starts).

import "../../common/debug";
import { asValueKind, lexNext, tokKind, tokLen, tokStart, TOK_CLOSE, TOK_COMMA, TOK_EOS, TOK_EQ, TOK_EQEQ, TOK_GT, TOK_IDENT, TOK_IN, TOK_LT, TOK_NEQ, TOK_NOT, TOK_NOTIN, TOK_OPEN } from "./lex";
import { Req, problemPos, requirementProblems } from "./requirement";
import { Text } from "./text";
import { keyProblems } from "./validate";
import { sortRanges } from "./sort";
import { compareBytes } from "../../enrich/labels";
import { OP_EQ, OP_EQEQ, OP_EXISTS, OP_GT, OP_IN, OP_LT, OP_NEQ, OP_NOT_EXISTS, OP_NOTIN } from "./program";

export let parseErrPos: i32 = 0;
export let parseErrMsg: string = "";

// the cursor: the current (lookahead) token, and where the one after it starts
let base: usize = 0;
let textLen: i32 = 0;
let curKind: i32 = TOK_EOS;
let curStart: i32 = 0;
let curLen: i32 = 0;
let nextPos: i32 = 0;

function advance(): void {
  if (curKind == TOK_EOS && nextPos > 0) return; // the end stays the end (past a NUL too)
  nextPos = lexNext(base, textLen, nextPos);
  curKind = tokKind;
  curStart = tokStart;
  curLen = tokLen;
}

const IN_REQUIREMENT = "unable to parse requirement: ";

/** "found '<token>'" + rest, at the token; inRequirement adds kubectl's wrapper. */
function fail(at: i32, atLen: i32, rest: string, inRequirement: bool): void {
  const t = new Text();
  if (inRequirement) t.ascii(IN_REQUIREMENT);
  t.ascii("found '").raw(base + <usize>at, <usize>atLen).ascii(rest);
  parseErrPos = at;
  parseErrMsg = t.toString();
}

export function parseSelector(p: usize, n: i32): Array<Req> | null {
  base = p;
  textLen = n;
  nextPos = 0;
  curKind = TOK_IDENT; // anything but EOS, so the first advance lexes
  advance();
  const reqs = new Array<Req>();
  while (true) {
    const k = asValueKind(curKind);
    if (k == TOK_EOS) return reqs;
    if (k != TOK_IDENT && k != TOK_NOT) {
      fail(curStart, curLen, "', expected: !, identifier, or 'end of string'", false);
      return null;
    }
    const r = parseRequirement();
    if (r == null) return null;
    reqs.push(r);
    // after a requirement: the end, or ',' and another requirement
    const after = curKind;
    const afterStart = curStart;
    const afterLen = curLen;
    advance();
    if (after == TOK_EOS) return reqs;
    if (after != TOK_COMMA) {
      fail(afterStart, afterLen, "', expected: ',' or 'end of string'", false);
      return null;
    }
    const k2 = asValueKind(curKind);
    if (k2 != TOK_IDENT && k2 != TOK_NOT) {
      fail(curStart, curLen, "', expected: identifier after ','", false);
      return null;
    }
  }
  return null;
}

function parseRequirement(): Req | null {
  const r = new Req();
  let k = asValueKind(curKind);
  if (k == TOK_NOT) {
    r.op = OP_NOT_EXISTS;
    advance();
    k = asValueKind(curKind);
  }
  if (k != TOK_IDENT) {
    fail(curStart, curLen, "', expected: identifier", true);
    return null;
  }
  r.keyStart = curStart;
  r.keyLen = curLen;
  const keyErr = keyProblems(base + <usize>curStart, <usize>curLen);
  if (keyErr.length > 0) {
    const t = new Text().ascii(IN_REQUIREMENT).ascii("<nil>: Invalid value: ").goQuoted(base + <usize>curStart, <usize>curLen).ascii(": ").ascii(keyErr);
    parseErrPos = curStart;
    parseErrMsg = t.toString();
    return null;
  }
  advance();
  if (r.op == OP_NOT_EXISTS) return r;
  if (curKind == TOK_EOS || curKind == TOK_COMMA) {
    r.op = OP_EXISTS;
    return r;
  }
  // the operator: here `in` and `notin` are keywords
  const op = curKind;
  if (op == TOK_IN) r.op = OP_IN;
  else if (op == TOK_NOTIN) r.op = OP_NOTIN;
  else if (op == TOK_EQ) r.op = OP_EQ;
  else if (op == TOK_EQEQ) r.op = OP_EQEQ;
  else if (op == TOK_NEQ) r.op = OP_NEQ;
  else if (op == TOK_GT) r.op = OP_GT;
  else if (op == TOK_LT) r.op = OP_LT;
  else {
    fail(curStart, curLen, "', expected: in, notin, =, ==, !=, gt, lt", true);
    return null;
  }
  advance();
  if (r.op == OP_IN || r.op == OP_NOTIN) {
    if (!parseValueSet(r)) return null;
  } else {
    // one value; nothing before ',' or the end is the empty value
    const v = asValueKind(curKind);
    if (v == TOK_EOS || v == TOK_COMMA) {
      r.valStarts.push(curStart);
      r.valLens.push(0);
    } else if (v == TOK_IDENT) {
      r.valStarts.push(curStart);
      r.valLens.push(curLen);
      advance();
    } else {
      fail(curStart, curLen, "', expected: identifier", true);
      return null;
    }
  }
  const problems = requirementProblems(base, r, false);
  if (problems.bytes.length > 0) {
    parseErrPos = problemPos;
    parseErrMsg = new Text().ascii(IN_REQUIREMENT).text(problems).toString();
    return null;
  }
  return r;
}

/** "(" VALUE? ("," VALUE?)* ")": every comma separates two values, either of which may be empty. */
function parseValueSet(r: Req): bool {
  if (curKind != TOK_OPEN) {
    fail(curStart, curLen, "' expected: '('", true);
    return false;
  }
  advance();
  let k = asValueKind(curKind);
  if (k == TOK_CLOSE) {
    r.valStarts.push(curStart); // "()" is the set {""}
    r.valLens.push(0);
    advance();
    return true;
  }
  if (k != TOK_IDENT && k != TOK_COMMA) {
    fail(curStart, curLen, "', expected: ',', ')' or identifier", true);
    return false;
  }
  const starts = r.valStarts;
  const lens = r.valLens;
  // state: `expectValue` — just after "(" or ","; otherwise just after a value
  let expectValue = true;
  while (true) {
    k = asValueKind(curKind);
    if (expectValue) {
      if (k == TOK_IDENT) {
        starts.push(curStart);
        lens.push(curLen);
        expectValue = false;
        advance();
        continue;
      }
      if (k == TOK_COMMA || k == TOK_CLOSE) {
        starts.push(curStart); // an empty value before this ',' or ')'
        lens.push(0);
        expectValue = false;
        continue;
      }
      fail(curStart, curLen, "', expected: ',', or identifier", true);
      return false;
    }
    if (k == TOK_COMMA) {
      expectValue = true;
      advance();
      continue;
    }
    if (k == TOK_CLOSE) {
      advance();
      break;
    }
    fail(curStart, curLen, "', expected: ',' or ')'", true);
    return false;
  }
  sortUnique(r);
  return true;
}

/** Sorts the values (unsigned bytes) and keeps the first of equal ones. */
function sortUnique(r: Req): void {
  const order = sortRanges(base, r.valStarts, r.valLens);
  const starts = new Array<i32>();
  const lens = new Array<i32>();
  for (let i = 0; i < order.length; i++) {
    const s = r.valStarts[order[i]];
    const n = r.valLens[order[i]];
    const last = starts.length - 1;
    if (last >= 0 && compareBytes(base + <usize>starts[last], <usize>lens[last], base + <usize>s, <usize>n) == 0) continue;
    starts.push(s);
    lens.push(n);
  }
  r.valStarts = starts;
  r.valLens = lens;
}
