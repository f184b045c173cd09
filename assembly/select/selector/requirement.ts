// One requirement of a selector at compile time (a managed object: compile time only) and kubectl's
// NewRequirement checks on it, shared by the parser and the requirement-constructor conformance entry (aux.ts).
//
// Byte ranges are offsets from `base` (the selector text, or the aux input block). An empty value has length 0
// and the offset where it stands in the text (so an error about it can point there).
//
// requirementProblems returns the aggregated message ("" when valid) and leaves in problemPos the offset of the
// first problem's text. Aggregation is kubectl's: one message alone, several as "[m1, m2]", in kubectl's
// order: key, operator/value count, Gt/Lt integers, then each value's label rules.

import "../../common/debug";
import { Text } from "./text";
import { keyProblems, valueProblems } from "./validate";
import { parseInt64 } from "./int64";
import { OP_EQ, OP_EQEQ, OP_EXISTS, OP_GT, OP_IN, OP_LT, OP_NEQ, OP_NOT_EXISTS, OP_NOTIN, OP_UNSUPPORTED } from "./program";

export class Req {
  op: i32 = 0;
  keyStart: i32 = 0;
  keyLen: i32 = 0;
  valStarts: Array<i32> = new Array<i32>();
  valLens: Array<i32> = new Array<i32>();
  /** For OP_UNSUPPORTED (aux only): the operator text. */
  opStart: i32 = 0;
  opLen: i32 = 0;
}

export let problemPos: i32 = 0;

/** At most this many problems are spelled out in one message (a bound on its size). */
export const MAX_LISTED: i32 = 100;

const SUPPORTED = "supported values: \"in\", \"notin\", \"=\", \"==\", \"!=\", \"gt\", \"lt\", \"exists\", \"!\"";

function valueList(base: usize, r: Req): Text {
  const t = new Text().byte(0x5b);
  for (let i = 0; i < r.valStarts.length; i++) {
    if (i > 0) t.byte(0x2c);
    t.jsonQuoted(base + <usize>r.valStarts[i], <usize>r.valLens[i]);
  }
  return t.byte(0x5d);
}

function indexText(i: i32): string {
  return "values[" + i.toString() + "]";
}

/** checkKey: validate the key too, under the field name `key` (the parser has checked it already). */
export function requirementProblems(base: usize, r: Req, checkKey: bool): Text {
  const msgs = new Array<Text>();
  const poss = new Array<i32>();
  const kp = base + <usize>r.keyStart;
  const kn = <usize>r.keyLen;
  if (checkKey) {
    const k = keyProblems(kp, kn);
    if (k.length > 0) {
      msgs.push(new Text().ascii("key: Invalid value: ").goQuoted(kp, kn).ascii(": ").ascii(k));
      poss.push(r.keyStart);
    }
  }
  const count = r.valStarts.length;
  const op = r.op;
  let unlisted = 0; // problems past MAX_LISTED: counted, not spelled out (bounds the message and its cost)
  let countRule = "";
  if (op == OP_IN || op == OP_NOTIN) {
    if (count == 0) countRule = "for 'in', 'notin' operators, values set can't be empty";
  } else if (op == OP_EQ || op == OP_EQEQ || op == OP_NEQ) {
    if (count != 1) countRule = "exact-match compatibility requires one single value";
  } else if (op == OP_EXISTS || op == OP_NOT_EXISTS) {
    if (count != 0) countRule = "values set must be empty for exists and does not exist";
  } else if (op == OP_GT || op == OP_LT) {
    if (count != 1) countRule = "for 'Gt', 'Lt' operators, exactly one value is required";
  } else {
    if (DEBUG) assert(op == OP_UNSUPPORTED);
    msgs.push(new Text().ascii("operator: Unsupported value: ").goQuoted(base + <usize>r.opStart, <usize>r.opLen).ascii(": ").ascii(SUPPORTED));
    poss.push(r.opStart);
  }
  if (countRule.length > 0) {
    msgs.push(new Text().ascii("values: Invalid value: ").text(valueList(base, r)).ascii(": ").ascii(countRule));
    poss.push(r.keyStart);
  }
  if (op == OP_GT || op == OP_LT) {
    for (let i = 0; i < count; i++) {
      const vp = base + <usize>r.valStarts[i];
      const vn = <usize>r.valLens[i];
      if (!parseInt64(vp, vn)) {
        if (msgs.length >= MAX_LISTED) {
          unlisted++;
          continue;
        }
        msgs.push(new Text().ascii(indexText(i)).ascii(": Invalid value: ").goQuoted(vp, vn).ascii(": for 'Gt', 'Lt' operators, the value must be an integer"));
        poss.push(r.valStarts[i]);
      }
    }
  }
  for (let i = 0; i < count; i++) {
    const vp = base + <usize>r.valStarts[i];
    const vn = <usize>r.valLens[i];
    const v = valueProblems(vp, vn);
    if (v.length > 0) {
      if (msgs.length >= MAX_LISTED) {
        unlisted++;
        continue;
      }
      msgs.push(new Text().ascii(indexText(i)).byte(0x5b).raw(kp, kn).ascii("]: Invalid value: ").goQuoted(vp, vn).ascii(": ").ascii(v));
      poss.push(r.valStarts[i]);
    }
  }
  const out = new Text();
  if (msgs.length == 0) return out;
  problemPos = poss[0];
  if (msgs.length == 1) return msgs[0];
  // several: "[m1, m2, ...]". kubectl lists each distinct message once; ours are always distinct (each names
  // its field and index). Past MAX_LISTED problems we stop listing (see docs/select.md, "Limits").
  if (DEBUG) assert(msgs.length <= MAX_LISTED);
  out.byte(0x5b);
  for (let i = 0; i < msgs.length; i++) {
    if (i > 0) out.ascii(", ");
    out.text(msgs[i]);
  }
  if (unlisted > 0) out.ascii(", and ").ascii(unlisted.toString()).ascii(" more");
  return out.byte(0x5d);
}
