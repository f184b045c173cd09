// Compiler: ast.Node tree → Thompson NFA program (prog.ts layout), built in managed arrays then copied to
// linear memory by the caller.
//
// Invariants:
// - No recursion: a task stack drives a post-order walk; each finished node leaves one fragment (start pc +
//   the list of unpatched exits, "holes": pc * 2 + 0 for x, pc * 2 + 1 for y) on a fragment stack.
// - Hole lists are linked through the unpatched fields themselves (as RE2's PatchList): each hole's field
//   holds the next hole (0 ends the list: pc 0 is FAIL, never a hole), and a list keeps its head and tail, so
//   joining two lists is O(1) and patching is O(holes). Every list is used once. Compile work is therefore
//   linear in the program size, whatever the nesting of alternations and optionals.
// - Counted repetition is expanded by compiling the child again for every copy (x{2,4} = x x (x (x)?)?);
//   the walk aborts with an error (at the position of the node being compiled) as soon as the program would
//   exceed MAX_INST instructions, so a nested repetition like ((a{1000}){1000}) costs at most O(MAX_INST) work
//   before it is rejected.
// - The program is: pc 0 FAIL, then the body wrapped as SAVE 0, body, SAVE 1, MATCH; then the unanchored
//   prefix used by the DFA, a lazy `(?s:.)*?` over bytes that restarts only at code point boundaries:
//   `G: ASSERT(CpBoundary) → anchoredStart; L: SPLIT(G, L+1); L+1: BYTE 00-ff → L` (unanchoredStart = L).
//   The CpBoundary assertion is not counted in assertMask.
// - Classes: surrogates dropped; ASCII members become one BYTE or SET instruction; multi-byte members become
//   UTF-8 byte-range chains that share identical suffixes; all chains end at one JMP (the class exit).

import { Assert, Node, Op } from "./ast";
import { setError } from "./errors";
import { I_ASSERT, I_BYTE, I_FAIL, I_JMP, I_MATCH, I_SAVE, I_SET, I_SPLIT } from "./prog";
import { utf8Bytes, utf8Sequences } from "./utf8";
import { countCompile } from "./work";
import { MAX_INST } from "./limits";
export { MAX_INST };

const NO_HOLES: i32 = 0;

class Frag {
  start: i32;
  head: i32; // first and last hole of its list (NO_HOLES when empty); the links are in the program
  tail: i32;
  nullable: bool; // can match without consuming (used for empty-loop handling)
  constructor(start: i32, head: i32, tail: i32, nullable: bool) {
    this.start = start;
    this.head = head;
    this.tail = tail;
    this.nullable = nullable;
  }
}

// the list made by Program.join
let joinedHead: i32 = NO_HOLES;
let joinedTail: i32 = NO_HOLES;

const T_VISIT: i32 = 0;
const T_CAPTURE: i32 = 1;
const T_CONCAT: i32 = 2;
const T_ALT: i32 = 3;
const T_REPEAT: i32 = 4;

export class Program {
  insts: Array<u32> = []; // 4 words per instruction
  sets: Array<u8> = []; // 32 bytes per set
  anchoredStart: i32 = 0;
  unanchoredStart: i32 = 0;
  nslots: i32 = 2;
  assertMask: i32 = 0; // bit (1 << kind) for every assertion kind used
  tooBig: bool = false;

  get ninst(): i32 {
    return this.insts.length >> 2;
  }

  emit(op: u32, lo: u32, hi: u32, x: u32, y: u32): i32 {
    const pc = this.insts.length >> 2;
    countCompile(1);
    if (pc >= MAX_INST) {
      this.tooBig = true;
      return 0;
    }
    this.insts.push(op | (lo << 8) | (hi << 16));
    this.insts.push(x);
    this.insts.push(y);
    this.insts.push(0);
    return pc;
  }

  /** The field of hole h (x or y of its instruction). */
  field(h: i32): i32 {
    return ((h >> 1) << 2) + 1 + (h & 1);
  }

  /** A fragment starting at `start` whose one hole is a field (x when side 0, y when side 1) of pc, which
   *  must hold 0. */
  frag1(start: i32, pc: i32, side: i32, nullable: bool): Frag {
    const h = this.tooBig ? NO_HOLES : pc * 2 + side;
    return new Frag(start, h, h, nullable);
  }

  /** Joins the hole lists of a then b into joinedHead/joinedTail, in O(1); a's and b's lists are used up. */
  join(aHead: i32, aTail: i32, bHead: i32, bTail: i32): void {
    if (aHead == NO_HOLES || this.tooBig) { joinedHead = bHead; joinedTail = bTail; return; }
    if (bHead == NO_HOLES) { joinedHead = aHead; joinedTail = aTail; return; }
    this.insts[this.field(aTail)] = <u32>bHead;
    joinedHead = aHead;
    joinedTail = bTail;
  }

  /** Points every hole of the list starting at `head` at target. */
  patch(head: i32, target: i32): void {
    if (this.tooBig) return; // pcs of a too-big program are not real: its lists are not walked
    let h = head;
    while (h != NO_HOLES) {
      countCompile(1);
      const f = this.field(h);
      h = <i32>this.insts[f];
      this.insts[f] = <u32>target;
    }
  }

  /** Sets the x field of pc (not a hole). */
  setX(pc: i32, target: i32): void {
    if (!this.tooBig) this.insts[(pc << 2) + 1] = <u32>target;
  }
}

function fragFail(p: Program): Frag {
  return new Frag(p.emit(I_FAIL, 0, 0, 0, 0), NO_HOLES, NO_HOLES, false);
}

function fragEmpty(p: Program): Frag {
  const pc = p.emit(I_JMP, 0, 0, 0, 0);
  return p.frag1(pc, pc, 0, true);
}

function fragLit(p: Program, cp: i32): Frag {
  if (cp < 0x80) {
    const pc = p.emit(I_BYTE, <u32>cp, <u32>cp, 0, 0);
    return p.frag1(pc, pc, 0, false);
  }
  const bytes = utf8Bytes(cp);
  let start = -1;
  let prev = -1;
  for (let i = 0; i < bytes.length; i++) {
    const pc = p.emit(I_BYTE, <u32>bytes[i], <u32>bytes[i], 0, 0);
    if (prev >= 0) p.setX(prev, pc);
    else start = pc;
    prev = pc;
  }
  return p.frag1(start, prev, 0, false);
}

function fragClass(p: Program, ranges: Array<i32>): Frag {
  // split off surrogates, gather the ASCII bitmap and the multi-byte sequences
  const bm = new StaticArray<u8>(32);
  let asciiCount = 0;
  let aLo = -1;
  let aHi = -1;
  let asciiRuns = 0;
  const seqs = new Array<i32>();
  for (let i = 0; i < ranges.length; i += 2) {
    let lo = ranges[i];
    const hi = ranges[i + 1];
    if (lo < 0x80) {
      const h = hi < 0x7f ? hi : 0x7f;
      for (let b = lo; b <= h; b++) { const bit: i32 = 1 << (b & 7); bm[b >> 3] = bm[b >> 3] | <u8>bit; }
      asciiCount += h - lo + 1;
      if (asciiRuns == 0) { aLo = lo; aHi = h; }
      asciiRuns++;
      lo = 0x80;
      if (hi < 0x80) continue;
    }
    // drop surrogates
    if (lo <= 0xdfff && hi >= 0xd800) {
      if (lo < 0xd800) utf8Sequences(lo, 0xd7ff, seqs);
      if (hi > 0xdfff) utf8Sequences(0xe000, hi, seqs);
    } else {
      utf8Sequences(lo, hi, seqs);
    }
  }
  let asciiPc = -1;
  if (asciiCount > 0) {
    if (asciiRuns == 1) {
      asciiPc = p.emit(I_BYTE, <u32>aLo, <u32>aHi, 0, 0);
    } else {
      const off = p.sets.length;
      for (let k = 0; k < 32; k++) p.sets.push(bm[k]);
      asciiPc = p.emit(I_SET, 0, 0, 0, <u32>off); // y is fixed up to a program-relative offset later
    }
  }
  if (seqs.length == 0) {
    if (asciiPc < 0) return fragFail(p);
    return p.frag1(asciiPc, asciiPc, 0, false);
  }
  const exit = p.emit(I_JMP, 0, 0, 0, 0);
  const starts = new Array<i32>();
  if (asciiPc >= 0) {
    p.setX(asciiPc, exit);
    starts.push(asciiPc);
  }
  const cache = new Map<i64, i32>();
  let k = 0;
  while (k < seqs.length) {
    const n = seqs[k];
    let next = exit;
    for (let j = n - 1; j >= 0; j--) {
      const lo = seqs[k + 1 + 2 * j];
      const hi = seqs[k + 2 + 2 * j];
      const key = (<i64>lo) | (<i64>hi << 8) | (<i64>next << 16);
      if (j > 0 && cache.has(key)) {
        next = cache.get(key);
        continue;
      }
      const pc = p.emit(I_BYTE, <u32>lo, <u32>hi, <u32>next, 0);
      if (j > 0) cache.set(key, pc);
      next = pc;
    }
    starts.push(next);
    k += 1 + 2 * n;
  }
  // SPLIT chain over the starts, in order
  let entry = starts[starts.length - 1];
  for (let i = starts.length - 2; i >= 0; i--) {
    entry = p.emit(I_SPLIT, 0, 0, <u32>starts[i], <u32>entry);
  }
  return p.frag1(entry, exit, 0, false);
}

function fragConcat(p: Program, a: Frag, b: Frag): Frag {
  p.patch(a.head, b.start);
  return new Frag(a.start, b.head, b.tail, a.nullable && b.nullable);
}

function fragQuest(p: Program, f: Frag, greedy: bool): Frag {
  const pc = greedy ? p.emit(I_SPLIT, 0, 0, <u32>f.start, 0) : p.emit(I_SPLIT, 0, 0, 0, <u32>f.start);
  const h = p.tooBig ? NO_HOLES : pc * 2 + (greedy ? 1 : 0);
  p.join(f.head, f.tail, h, h);
  return new Frag(pc, joinedHead, joinedTail, true);
}

function fragStar(p: Program, f: Frag, greedy: bool): Frag {
  if (f.nullable) {
    // (x*) with a nullable x compiles as (x+)? so an empty iteration is not preferred over skipping
    return fragQuest(p, fragPlus(p, f, greedy), greedy);
  }
  const pc = greedy ? p.emit(I_SPLIT, 0, 0, <u32>f.start, 0) : p.emit(I_SPLIT, 0, 0, 0, <u32>f.start);
  p.patch(f.head, pc);
  return p.frag1(pc, pc, greedy ? 1 : 0, true);
}

function fragPlus(p: Program, f: Frag, greedy: bool): Frag {
  const pc = greedy ? p.emit(I_SPLIT, 0, 0, <u32>f.start, 0) : p.emit(I_SPLIT, 0, 0, 0, <u32>f.start);
  p.patch(f.head, pc);
  return p.frag1(f.start, pc, greedy ? 1 : 0, f.nullable);
}

/** Number of child copies a Repeat node expands to. */
function copies(n: Node): i32 {
  if (n.max == -1) return n.min == 0 ? 1 : n.min;
  return n.max;
}

export function compile(root: Node, ncap: i32): Program | null {
  const p = new Program();
  p.nslots = 2 * (ncap + 1);
  p.emit(I_FAIL, 0, 0, 0, 0); // pc 0
  const tNode = new Array<Node>();
  const tKind = new Array<i32>();
  const frags = new Array<Frag>();
  tNode.push(root);
  tKind.push(T_VISIT);
  let errPos = 0; // position of the node being compiled, for the "too large" error
  while (tNode.length > 0) {
    if (p.tooBig) break;
    const n = tNode.pop();
    const kind = tKind.pop();
    countCompile(1);
    if (kind == T_VISIT) {
      if (n.op != Op.Concat && n.op != Op.Alt) errPos = n.pos;
      switch (n.op) {
        case Op.Empty: frags.push(fragEmpty(p)); break;
        case Op.NoMatch: frags.push(fragFail(p)); break;
        case Op.Lit: frags.push(fragLit(p, n.cp)); break;
        case Op.Class: frags.push(fragClass(p, changetype<Array<i32>>(n.ranges))); break;
        case Op.Assert: {
          const pc = p.emit(I_ASSERT, 0, 0, 0, <u32>n.kind);
          p.assertMask |= 1 << n.kind;
          frags.push(p.frag1(pc, pc, 0, true));
          break;
        }
        case Op.Capture: {
          tNode.push(n); tKind.push(T_CAPTURE);
          tNode.push(n.subs[0]); tKind.push(T_VISIT);
          break;
        }
        case Op.Concat:
        case Op.Alt: {
          tNode.push(n); tKind.push(n.op == Op.Concat ? T_CONCAT : T_ALT);
          for (let i = n.subs.length - 1; i >= 0; i--) {
            tNode.push(n.subs[i]); tKind.push(T_VISIT);
          }
          break;
        }
        case Op.Repeat: {
          const k = copies(n);
          if (k == 0) {
            frags.push(fragEmpty(p));
            break;
          }
          tNode.push(n); tKind.push(T_REPEAT);
          for (let i = 0; i < k; i++) {
            tNode.push(n.subs[0]); tKind.push(T_VISIT);
          }
          break;
        }
        default: frags.push(fragEmpty(p));
      }
      continue;
    }
    if (kind == T_CAPTURE) {
      const f = frags.pop();
      const s0 = p.emit(I_SAVE, 0, 0, <u32>f.start, <u32>(2 * n.cap));
      const s1 = p.emit(I_SAVE, 0, 0, 0, <u32>(2 * n.cap + 1));
      p.patch(f.head, s1);
      frags.push(p.frag1(s0, s1, 0, f.nullable));
      continue;
    }
    if (kind == T_CONCAT || kind == T_ALT || kind == T_REPEAT) {
      const cnt = kind == T_REPEAT ? copies(n) : n.subs.length;
      const base = frags.length - cnt;
      if (kind == T_CONCAT) {
        let f = frags[base];
        for (let i = 1; i < cnt; i++) f = fragConcat(p, f, frags[base + i]);
        frags.length = base;
        frags.push(f);
      } else if (kind == T_ALT) {
        let f = frags[base + cnt - 1];
        for (let i = cnt - 2; i >= 0; i--) {
          const a = frags[base + i];
          const pc = p.emit(I_SPLIT, 0, 0, <u32>a.start, <u32>f.start);
          p.join(a.head, a.tail, f.head, f.tail);
          f = new Frag(pc, joinedHead, joinedTail, a.nullable || f.nullable);
        }
        frags.length = base;
        frags.push(f);
      } else {
        const g = n.greedy;
        let f: Frag;
        if (n.max == -1) {
          if (n.min == 0) {
            f = fragStar(p, frags[base], g);
          } else {
            f = fragPlus(p, frags[base + n.min - 1], g);
            for (let i = n.min - 2; i >= 0; i--) f = fragConcat(p, frags[base + i], f);
          }
        } else {
          // x{min,max} = x^min (x (x ...)?)?
          let opt: Frag | null = null;
          for (let i = n.max - 1; i >= n.min; i--) {
            const c = frags[base + i];
            opt = fragQuest(p, opt == null ? c : fragConcat(p, c, opt), g);
          }
          if (n.min == 0) {
            f = changetype<Frag>(opt);
          } else {
            f = opt == null ? frags[base + n.min - 1] : fragConcat(p, frags[base + n.min - 1], opt);
            for (let i = n.min - 2; i >= 0; i--) f = fragConcat(p, frags[base + i], f);
          }
        }
        frags.length = base;
        frags.push(f);
      }
      continue;
    }
  }
  if (p.tooBig || frags.length != 1) {
    setError(errPos, "pattern too large (compiled program over " + MAX_INST.toString() + " instructions)");
    return null;
  }
  const body = frags[0];
  const s0 = p.emit(I_SAVE, 0, 0, <u32>body.start, 0);
  const s1 = p.emit(I_SAVE, 0, 0, 0, 1);
  const m = p.emit(I_MATCH, 0, 0, 0, 0);
  p.patch(body.head, s1);
  p.setX(s1, m);
  p.anchoredStart = s0;
  const guard = p.emit(I_ASSERT, 0, 0, <u32>s0, <u32>Assert.CpBoundary);
  const l = p.emit(I_SPLIT, 0, 0, <u32>guard, 0);
  const any = p.emit(I_BYTE, 0, 255, <u32>l, 0);
  p.insts[(l << 2) + 2] = <u32>any;
  p.unanchoredStart = l;
  if (p.tooBig) {
    setError(errPos, "pattern too large (compiled program over " + MAX_INST.toString() + " instructions)");
    return null;
  }
  return p;
}
