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

import { Assert, Node, Op } from "./ast";
import { size } from "./charclass";
import { utf8Bytes } from "./utf8";
import { countCompile } from "./work";

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

function cross(a: Array<Array<u16>>, b: Array<Array<u16>>): Array<Array<u16>> | null {
  if (a.length * b.length > MAX_SET) return null;
  const out = new Array<Array<u16>>();
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const s = a[i].slice(0);
      const t = b[j];
      countCompile(s.length + t.length);
      for (let k = 0; k < t.length; k++) s.push(t[k]);
      out.push(s);
    }
  }
  return out;
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

export function analyze(root: Node): LitAnalysis {
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
    switch (n.op) {
      case Op.Empty: {
        info.exact = [[]];
        info.nullable = true;
        break;
      }
      case Op.Lit: {
        info.exact = [single(utf8Bytes(n.cp))];
        break;
      }
      case Op.Class: {
        info.exact = classExact(changetype<Array<i32>>(n.ranges));
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
        const cnt = n.subs.length;
        const base = res.length - cnt;
        let exact: Array<Array<u16>> | null = [[]];
        let run: Array<Array<u16>> | null = [[]];
        let best: Array<Array<u16>> | null = null;
        let nullable = true;
        for (let i = 0; i < cnt; i++) {
          const c = res[base + i];
          nullable = nullable && c.nullable;
          best = better(best, eitherExactOrReq(c));
          const ce = c.exact;
          if (ce == null) {
            exact = null;
            best = better(best, run);
            run = [[]];
            continue;
          }
          if (exact != null) exact = cross(changetype<Array<Array<u16>>>(exact), ce);
          const r2 = cross(changetype<Array<Array<u16>>>(run), ce);
          if (r2 == null) {
            best = better(best, run);
            run = ce;
          } else {
            run = r2;
          }
        }
        best = better(best, run);
        res.length = base;
        info.exact = exact;
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
          } else if (n.min == n.max && n.min <= 16) {
            let e: Array<Array<u16>> | null = [[]];
            for (let k = 0; k < n.min && e != null; k++) e = cross(changetype<Array<Array<u16>>>(e), ce);
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
