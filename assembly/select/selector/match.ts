// Matching a compiled selector (program.ts) against a label set (enrich/labels.ts). No allocation, no managed
// objects: runs per record. Every requirement must hold (AND); the empty selector matches every set.
//
//   exists: key present                 !key: key absent
//   = and ==: key present, value equal   !=: key absent, or value different
//   in: key present, value in the set     notin: key absent, or value not in the set
//   > and <: key present and its value a base-10 int64 (int64.ts) greater / less than the requirement's
//
// Cost: one binary search per requirement in the set, plus one in the value table for in / notin.

import { compareBytes, labelFind, labelValueLen, labelValuePtr } from "../../enrich/labels";
import { parseInt64, parsedInt } from "./int64";
import { OP_EQ, OP_EQEQ, OP_EXISTS, OP_GT, OP_IN, OP_LT, OP_NEQ, OP_NOT_EXISTS, OP_NOTIN, PROG_ENTRY, PROG_HEAD } from "./program";

/** Is [vp, vp + vn) one of the requirement's values (its table is sorted)? */
function inValues(prog: usize, e: usize, vp: usize, vn: usize): bool {
  const table = prog + <usize>load<u32>(e, 16);
  let lo: i32 = 0;
  let hi: i32 = <i32>load<u32>(e, 12) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const t = table + (<usize>mid << 3);
    const c = compareBytes(prog + <usize>load<u32>(t), <usize>load<u32>(t, 4), vp, vn);
    if (c == 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** prog: a handle from selectorCompile (0, the failed compile, matches nothing); set: a label set handle. */
export function selectorMatch(prog: usize, set: usize): bool {
  if (prog == 0) return false;
  const count = <usize>load<u32>(prog);
  for (let i: usize = 0; i < count; i++) {
    const e = prog + PROG_HEAD + i * PROG_ENTRY;
    const op = <i32>load<u32>(e);
    const at = labelFind(set, prog + <usize>load<u32>(e, 4), <usize>load<u32>(e, 8));
    const present = at >= 0;
    let ok: bool;
    if (op == OP_EXISTS) ok = present;
    else if (op == OP_NOT_EXISTS) ok = !present;
    else if (!present) ok = op == OP_NEQ || op == OP_NOTIN; // the negative operators hold for a missing key
    else {
      const vp = labelValuePtr(set, <u32>at);
      const vn = labelValueLen(set, <u32>at);
      if (op == OP_EQ || op == OP_EQEQ || op == OP_NEQ) {
        const t = prog + <usize>load<u32>(e, 16);
        const equal = compareBytes(prog + <usize>load<u32>(t), <usize>load<u32>(t, 4), vp, vn) == 0;
        ok = op == OP_NEQ ? !equal : equal;
      } else if (op == OP_IN) ok = inValues(prog, e, vp, vn);
      else if (op == OP_NOTIN) ok = !inValues(prog, e, vp, vn);
      else if (parseInt64(vp, vn)) {
        const want = load<i64>(e, 24);
        ok = op == OP_GT ? parsedInt > want : parsedInt < want;
      } else ok = false;
    }
    if (!ok) return false;
  }
  return true;
}
