// Literal extraction (compile time): which literal strings a pattern is made of, or must contain.
//
// A literal is an Array<u16>: one entry per byte; bit 0x100 marks an ASCII letter matched without regard to
// case (the byte is then stored lowercase). A literal set is a small array of literals (at most MAX_SET).
//
// For every node the walk computes (post-order over an explicit stack, no recursion):
// - exact:    the complete set of strings the node matches, in leftmost-first priority order, or null;
// - required: a set such that every match of the node contains at least one member, or null;
// - nullable: the node can match the empty string without passing an assertion.
// Invariants: an exact set of a node containing an assertion is null; an exact set never has more than
// MAX_SET members; a required set never contains the empty string. If exact(root) is non-null and has no
// empty member, the pattern matches exactly those strings (the literal fast path is then exact, including
// leftmost-first spans: at the leftmost position, the first member in priority order that matches wins).
//
// Linear time: no member is ever longer than MAX_LITERAL_BYTES (a longer concatenation is split into runs for
// the required set and has no exact set); a concatenation's sets are materialized once, as the product of its
// children's sets (never by appending to copies of prefixes child after child); and the whole analysis has a
// work budget proportional to the pattern length (limits.ts), past which it stops tracking literals (every
// set null: no prefilter, no literal-only path) rather than copying members through deep nests.

import { Assert, Node, Op } from "./ast";
import { size } from "./charclass";
import { utf8Bytes } from "./utf8";
import { countCompile } from "./work";
import { LITERAL_WORK_BASE, LITERAL_WORK_PER_BYTE, MAX_LITERAL_BYTES } from "./limits";

export const MAX_SET: i32 = 16;
const CI: u16 = 0x100;

export class LitAnalysis {
  exact: Array<Array<u16>> | null = null;
  required: Array<Array<u16>> | null = null;
  alwaysTrue: bool = false;
  beginAnchored: bool = false;
}

class Info {
  exact: Array<Array<u16>> | null = null;
  req: Array<Array<u16>> | null = null;
  nullable: bool = false;
}

// Sets are never mutated once built (products and unions make new arrays of the same members), so the sets of
// the empty string and of each ASCII byte are shared instead of being built for every node.
const EMPTY_SET: Array<Array<u16>> = [[]];
const asciiSets = new Array<Array<Array<u16>> | null>(128);

function litSet(cp: i32): Array<Array<u16>> {
  if (cp >= 0x80) return [single(utf8Bytes(cp))];
  let s = asciiSets[cp];
  if (s == null) {
    s = [[<u16>cp]];
    asciiSets[cp] = s;
  }
  return changetype<Array<Array<u16>>>(s);
}

function single(bytes: Array<i32>): Array<u16> {
  const out = new Array<u16>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = <u16>bytes[i];
  return out;
}

function hasEmpty(s: Array<Array<u16>>): bool {
  for (let i = 0; i < s.length; i++) if (s[i].length == 0) return true;
  return false;
}

function minLen(s: Array<Array<u16>>): i32 {
  let m = 0x7fffffff;
  for (let i = 0; i < s.length; i++) if (s[i].length < m) m = s[i].length;
  return m;
}

/** Better prefilter set: longer shortest member first, then fewer members. */
function better(a: Array<Array<u16>> | null, b: Array<Array<u16>> | null): Array<Array<u16>> | null {
  if (a == null || a.length == 0 || hasEmpty(a)) return b != null && b.length > 0 && !hasEmpty(b) ? b : null;
  if (b == null || b.length == 0 || hasEmpty(b)) return a;
  const ma = minLen(a) < 8 ? minLen(a) : 8;
  const mb = minLen(b) < 8 ? minLen(b) : 8;
  if (ma != mb) return ma > mb ? a : b;
  return b.length < a.length ? b : a;
}

/** Bytes the analysis may still copy into sets; below zero it has given up (see the file comment). */
let budget: i64 = 0;

function maxLen(s: Array<Array<u16>>): i32 {
  let m = 0;
  for (let i = 0; i < s.length; i++) if (s[i].length > m) m = s[i].length;
  return m;
}

/**
 * Every concatenation of one member of each of sets[from..to), first set most significant (priority order),
 * or null when that would exceed MAX_SET members, MAX_LITERAL_BYTES per member or the budget. Each member is
 * written once: O(members × length).
 */
function product(sets: Array<Array<Array<u16>>>, from: i32, to: i32): Array<Array<u16>> | null {
  let count = 1;
  let len = 0;
  for (let i = from; i < to; i++) {
    count *= sets[i].length;
    len += maxLen(sets[i]);
    if (count > MAX_SET || len > MAX_LITERAL_BYTES) return null;
  }
  countCompile(to - from + count * len);
  budget -= <i64>(count * len + to - from);
  if (budget < 0) return null;
  const out = new Array<Array<u16>>(count);
  for (let r = 0; r < count; r++) {
    const s = new Array<u16>();
    // member r: mixed-radix digits of r, the last set varying fastest
    let rest = r;
    let radix = count;
    for (let i = from; i < to; i++) {
      radix /= sets[i].length;
      const m = sets[i][rest / radix];
      rest %= radix;
      for (let k = 0; k < m.length; k++) s.push(m[k]);
    }
    out[r] = s;
  }
  return out;
}

/** classExact results by ranges array (the parser shares one array between the nodes of a folded letter). */
let classSets = new Map<usize, Array<Array<u16>> | null>();

function classExactShared(r: Array<i32>): Array<Array<u16>> | null {
  const key = changetype<usize>(r);
  if (classSets.has(key)) return classSets.get(key);
  const e = classExact(r);
  classSets.set(key, e);
  return e;
}

function classExact(r: Array<i32>): Array<Array<u16>> | null {
  if (size(r) > 4) return null;
  const cps = new Array<i32>();
  for (let i = 0; i < r.length; i += 2) for (let c = r[i]; c <= r[i + 1]; c++) cps.push(c);
  const out = new Array<Array<u16>>();
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i];
    if (c >= 0x41 && c <= 0x5a && cps.includes(c | 0x20)) {
      out.push([<u16>(c | 0x20) | CI]);
      continue;
    }
    if (c >= 0x61 && c <= 0x7a && cps.includes(c & ~0x20)) continue;
    out.push(single(utf8Bytes(c)));
  }
  return out;
}

function eitherExactOrReq(i: Info): Array<Array<u16>> | null {
  const e = i.exact;
  if (e != null && e.length > 0 && !hasEmpty(e)) return e;
  return i.req;
}

/** Literal analysis of a parsed pattern of patLen bytes (the work budget is proportional to patLen). */
export function analyze(root: Node, patLen: i32): LitAnalysis {
  budget = <i64>LITERAL_WORK_PER_BYTE * <i64>patLen + <i64>LITERAL_WORK_BASE;
  classSets = new Map<usize, Array<Array<u16>> | null>(); // keys are arrays of this tree only
  const work = new Array<Node>();
  const phase = new Array<i32>();
  const res = new Array<Info>();
  work.push(root);
  phase.push(0);
  while (work.length > 0) {
    const n = work.pop();
    const ph = phase.pop();
    countCompile(1);
    if (ph == 0 && n.subs.length > 0 && (n.op == Op.Capture || n.op == Op.Concat || n.op == Op.Alt || n.op == Op.Repeat)) {
      work.push(n);
      phase.push(1);
      for (let i = n.subs.length - 1; i >= 0; i--) {
        work.push(n.subs[i]);
        phase.push(0);
      }
      continue;
    }
    const info = new Info();
    if (budget < 0) { // given up: only nullability is still tracked
      let cnt = n.op == Op.Capture || n.op == Op.Concat || n.op == Op.Alt || n.op == Op.Repeat ? n.subs.length : 0;
      let nullable = n.op == Op.Empty || n.op == Op.Concat || (n.op == Op.Repeat && n.min == 0);
      for (let k = 0; k < cnt; k++) {
        const c = res.pop();
        if (n.op == Op.Concat) nullable = nullable && c.nullable;
        else nullable = nullable || c.nullable;
      }
      info.nullable = nullable;
      res.push(info);
      continue;
    }
    switch (n.op) {
      case Op.Empty: {
        info.exact = EMPTY_SET;
        info.nullable = true;
        break;
      }
      case Op.Lit: {
        info.exact = litSet(n.cp);
        break;
      }
      case Op.Class: {
        info.exact = classExactShared(changetype<Array<i32>>(n.ranges));
        break;
      }
      case Op.Capture: {
        const c = res.pop();
        info.exact = c.exact;
        info.req = c.req;
        info.nullable = c.nullable;
        break;
      }
      case Op.Concat: {
        // exact: the product of all the children's exact sets; required: the best of the children's sets and
        // of the products of maximal runs of children with exact sets (a run ends before a child without an
        // exact set, or where the product would grow too large; products are built once per run)
        const cnt = n.subs.length;
        const base = res.length - cnt;
        const sets = new Array<Array<Array<u16>>>(cnt);
        let exactOk = true;
        let best: Array<Array<u16>> | null = null;
        let nullable = true;
        let runFrom = 0;
        let runCount = 1;
        let runLen = 0;
        for (let i = 0; i < cnt; i++) {
          const c = res[base + i];
          nullable = nullable && c.nullable;
          best = better(best, eitherExactOrReq(c));
          const ce = c.exact;
          if (ce == null) {
            exactOk = false;
            if (i > runFrom) best = better(best, product(sets, runFrom, i));
            runFrom = i + 1;
            runCount = 1;
            runLen = 0;
            continue;
          }
          sets[i] = ce;
          const ml = maxLen(ce);
          if (runCount * ce.length > MAX_SET || runLen + ml > MAX_LITERAL_BYTES) {
            if (i > runFrom) best = better(best, product(sets, runFrom, i));
            runFrom = i;
            runCount = ce.length;
            runLen = ml;
          } else {
            runCount *= ce.length;
            runLen += ml;
          }
        }
        const run = cnt > runFrom ? product(sets, runFrom, cnt) : null;
        best = better(best, run);
        res.length = base;
        info.exact = !exactOk ? null : runFrom == 0 ? run : product(sets, 0, cnt);
        info.req = best;
        info.nullable = nullable;
        break;
      }
      case Op.Alt: {
        const cnt = n.subs.length;
        const base = res.length - cnt;
        let exact: Array<Array<u16>> | null = [];
        let req: Array<Array<u16>> | null = [];
        let nullable = false;
        for (let i = 0; i < cnt; i++) {
          const c = res[base + i];
          nullable = nullable || c.nullable;
          const ce = c.exact;
          if (exact != null) {
            if (ce == null || exact.length + ce.length > MAX_SET) exact = null;
            else for (let k = 0; k < ce.length; k++) exact.push(ce[k]);
          }
          const cr = eitherExactOrReq(c);
          if (req != null) {
            if (cr == null || req.length + cr.length > MAX_SET) req = null;
            else for (let k = 0; k < cr.length; k++) req.push(cr[k]);
          }
        }
        res.length = base;
        info.exact = exact;
        info.req = req;
        info.nullable = nullable;
        break;
      }
      case Op.Repeat: {
        const c = res.pop();
        info.nullable = n.min == 0 || c.nullable;
        const ce = c.exact;
        if (n.min >= 1) info.req = eitherExactOrReq(c);
        if (ce != null) {
          if (n.min == 0 && n.max == 1) {
            const e = new Array<Array<u16>>();
            if (!n.greedy) e.push([]);
            for (let k = 0; k < ce.length; k++) e.push(ce[k]);
            if (n.greedy) e.push([]);
            info.exact = e.length <= MAX_SET ? e : null;
          } else if (n.min == n.max && n.min <= MAX_SET) {
            const copies = new Array<Array<Array<u16>>>(n.min);
            for (let k = 0; k < n.min; k++) copies[k] = ce;
            const e = product(copies, 0, n.min);
            info.exact = e;
            if (e != null) info.req = better(info.req, e);
          }
        }
        break;
      }
      default: // Assert, NoMatch: no literal information
        break;
    }
    res.push(info);
  }
  const top = res[0];
  const out = new LitAnalysis();
  out.alwaysTrue = top.nullable;
  const e = top.exact;
  if (e != null && e.length > 0 && !hasEmpty(e)) out.exact = e;
  else {
    const r = top.req;
    if (r != null && r.length > 0 && !hasEmpty(r)) out.required = r;
  }
  // anchored at the beginning of the text?
  let n = root;
  while (true) {
    if (n.op == Op.Capture || (n.op == Op.Concat && n.subs.length > 0)) {
      n = n.subs[0];
      continue;
    }
    out.beginAnchored = n.op == Op.Assert && n.kind == Assert.BeginText;
    break;
  }
  return out;
}
