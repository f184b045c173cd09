// Parser: RE2 syntax over a UTF-8 pattern in linear memory → ast.Node tree.
//
// Invariants:
// - No recursion: groups and alternations live on an explicit stack of nodes, where the pseudo nodes LParen
//   (an open group; it remembers the flags to restore at its ')') and VBar (an alternation bar) mark frames,
//   as in Go's regexp/syntax. Nesting depth is bounded only by memory.
// - Flags are resolved while parsing (see ast.ts); `(?flags)` changes the flags until the end of the
//   enclosing group, `(?flags:re)` only inside.
// - Every rejection calls setError(position, message) with the byte offset of the offending construct and
//   makes parse() return null; parse() never traps on any byte sequence.
// - Linear time in the pattern length (limits.ts bounds the length and the group count): every byte is read a
//   bounded number of times; the search for a POSIX class's closing ":]" is cached because it only moves
//   forward, group names are checked for duplicates in a set, and names are decoded in one pass.

import { Assert, Node, Op, newAssert, newClass, newLit } from "./ast";
import { negate, normalize, perlClass, posixClass } from "./charclass";
import { foldRanges, litRanges } from "./fold";
import { hasError, setError } from "./errors";
import { MAX_GROUPS, MAX_PATTERN_BYTES, MAX_REPEAT } from "./limits";
import { countCompile } from "./work";

export const FLAG_FOLD: i32 = 1; // i
export const FLAG_MULTI: i32 = 2; // m
export const FLAG_DOTNL: i32 = 4; // s
export const FLAG_UNGREEDY: i32 = 8; // U

export class ParseResult {
  root: Node;
  ncap: i32; // capture groups, not counting group 0
  names: Array<string | null>; // index 0..ncap (0 unused)
  groupPos: Array<i32>; // index 0..ncap: byte position of each group's '(' (0 for group 0)
  constructor(root: Node, ncap: i32, names: Array<string | null>, groupPos: Array<i32>) {
    this.root = root;
    this.ncap = ncap;
    this.names = names;
    this.groupPos = groupPos;
  }
}

class Parser {
  base: usize;
  len: i32;
  i: i32 = 0;
  flags: i32;
  stack: Array<Node> = [];
  ncap: i32 = 0;
  names: Array<string | null> = [null];
  nameSet: Set<string> = new Set<string>();
  foldCache: Map<i32, Array<i32>> = new Map<i32, Array<i32>>();
  groupPos: Array<i32> = [0];
  lastRepeat: bool = false;
  // cache of the last search for ":]": the first one at or after colonFrom is at colonAt (-1: none)
  colonFrom: i32 = -1;
  colonAt: i32 = -1;

  constructor(base: usize, len: i32, flags: i32) {
    this.base = base;
    this.len = len;
    this.flags = flags;
  }

  byte(k: i32): i32 {
    return k < this.len ? <i32>load<u8>(this.base + <usize>k) : -1;
  }

  /** Decodes one UTF-8 code point at this.i and advances; -1 (and an error) when invalid. */
  rune(): i32 {
    const i = this.i;
    const b0 = this.byte(i);
    if (b0 < 0x80) {
      this.i = i + 1;
      return b0;
    }
    let n = 0;
    let cp = 0;
    let min = 0;
    if (b0 >= 0xc2 && b0 <= 0xdf) { n = 1; cp = b0 & 0x1f; min = 0x80; }
    else if (b0 >= 0xe0 && b0 <= 0xef) { n = 2; cp = b0 & 0x0f; min = 0x800; }
    else if (b0 >= 0xf0 && b0 <= 0xf4) { n = 3; cp = b0 & 0x07; min = 0x10000; }
    else { setError(i, "invalid UTF-8 in pattern"); return -1; }
    for (let k = 1; k <= n; k++) {
      const b = this.byte(i + k);
      if (b < 0x80 || b > 0xbf) { setError(i, "invalid UTF-8 in pattern"); return -1; }
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      setError(i, "invalid UTF-8 in pattern");
      return -1;
    }
    this.i = i + 1 + n;
    return cp;
  }

  push(n: Node): void {
    this.stack.push(n);
  }

  pushLiteral(cp: i32, pos: i32): void {
    let n: Node;
    if ((this.flags & FLAG_FOLD) != 0) {
      // one ranges array per folded code point, shared by its nodes (ranges are never mutated), so a long
      // case-insensitive literal allocates per distinct letter, not per letter
      let r: Array<i32>;
      if (this.foldCache.has(cp)) r = this.foldCache.get(cp);
      else {
        r = litRanges(cp, true);
        this.foldCache.set(cp, r);
      }
      if (r.length > 2) n = newClass(r);
      else n = newLit(cp);
    } else {
      n = newLit(cp);
    }
    n.pos = pos;
    this.push(n);
  }

  pushAssert(kind: i32, pos: i32): void {
    const n = newAssert(kind);
    n.pos = pos;
    this.push(n);
  }

  pushClass(r: Array<i32>, pos: i32): void {
    const n = newClass(r);
    n.pos = pos;
    this.push(n);
  }

  /** Pops the items above the nearest frame marker into one node (Empty, the item, or a Concat). */
  concatTop(): Node {
    const st = this.stack;
    let k = st.length;
    while (k > 0 && st[k - 1].op != Op.LParen && st[k - 1].op != Op.VBar) { k--; countCompile(1); }
    const cnt = st.length - k;
    let out: Node;
    if (cnt == 0) {
      out = new Node(Op.Empty);
    } else if (cnt == 1) {
      out = st.pop();
    } else {
      out = new Node(Op.Concat);
      const subs = new Array<Node>(cnt);
      for (let j = cnt - 1; j >= 0; j--) subs[j] = st.pop();
      out.subs = subs;
    }
    return out;
  }

  /** Collapses the alternatives of the current frame (up to its LParen or the bottom) into one node. */
  collapse(): Node {
    const last = this.concatTop();
    const st = this.stack;
    if (st.length == 0 || st[st.length - 1].op != Op.VBar) return last;
    const alts = new Array<Node>();
    alts.push(last);
    while (st.length > 0 && st[st.length - 1].op == Op.VBar) {
      countCompile(1);
      st.pop();
      alts.push(st.pop());
    }
    alts.reverse();
    const n = new Node(Op.Alt);
    n.subs = alts;
    return n;
  }

  repeat(min: i32, max: i32, pos: i32, after: i32): void {
    // `after` is the index just past the operator (before any lazy '?')
    const st = this.stack;
    if (st.length == 0 || st[st.length - 1].op == Op.LParen || st[st.length - 1].op == Op.VBar) {
      setError(pos, "missing argument to repetition operator");
      return;
    }
    if (this.lastRepeat) {
      setError(pos, "invalid nested repetition operator");
      return;
    }
    this.i = after;
    let greedy = true;
    if (this.byte(this.i) == 0x3f) { // '?'
      greedy = false;
      this.i++;
    }
    const c = this.byte(this.i);
    if (c == 0x2b) { // '+'
      setError(this.i, "possessive quantifiers are not supported");
      return;
    }
    if ((this.flags & FLAG_UNGREEDY) != 0) greedy = !greedy;
    const sub = st.pop();
    const n = new Node(Op.Repeat);
    n.pos = pos;
    n.subs = [sub];
    n.min = min;
    n.max = max;
    n.greedy = greedy;
    st.push(n);
    this.lastRepeat = true;
  }

  /** Parses `{n}`, `{n,}`, `{n,m}` at this.i. Returns false (nothing consumed) when it is a literal '{'. */
  braces(pos: i32): bool {
    let k = this.i + 1;
    let min = 0;
    let digits = 0;
    let big = false;
    while (this.byte(k) >= 0x30 && this.byte(k) <= 0x39) {
      min = min * 10 + (this.byte(k) - 0x30);
      if (min > 100000) { big = true; min = 100000; }
      k++;
      digits++;
    }
    if (digits == 0) return false;
    let max = min;
    if (this.byte(k) == 0x2c) { // ','
      k++;
      if (this.byte(k) == 0x7d) {
        max = -1;
      } else {
        let d2 = 0;
        max = 0;
        while (this.byte(k) >= 0x30 && this.byte(k) <= 0x39) {
          max = max * 10 + (this.byte(k) - 0x30);
          if (max > 100000) { big = true; max = 100000; }
          k++;
          d2++;
        }
        if (d2 == 0) return false;
      }
    }
    if (this.byte(k) != 0x7d) return false;
    k++;
    if (big || min > MAX_REPEAT || max > MAX_REPEAT) {
      setError(pos, "repetition count over 1000");
      return true;
    }
    if (max != -1 && max < min) {
      setError(pos, "invalid repeat count (min > max)");
      return true;
    }
    this.repeat(min, max, pos, k);
    return true;
  }

  /** After a backslash at this.i - 1 ... returns a literal code point for escapes valid in and out of
   *  classes, or -1 when it is not one of those (this.i unchanged then), or -2 after an error. */
  literalEscape(start: i32): i32 {
    const c = this.byte(this.i);
    if (c < 0) { setError(start, "trailing backslash at end of pattern"); return -2; }
    // octal: \0, \0oo, \1oo-\7oo
    if (c >= 0x30 && c <= 0x37) {
      const c1 = this.byte(this.i + 1);
      if (c != 0x30 && !(c1 >= 0x30 && c1 <= 0x37)) {
        setError(start, "backreferences are not supported");
        return -2;
      }
      let v = 0;
      let k = 0;
      while (k < 3 && this.byte(this.i) >= 0x30 && this.byte(this.i) <= 0x37) {
        v = v * 8 + (this.byte(this.i) - 0x30);
        this.i++;
        k++;
      }
      return v;
    }
    if (c == 0x38 || c == 0x39) { setError(start, "backreferences are not supported"); return -2; }
    if (c == 0x78) { // x
      this.i++;
      let v = 0;
      if (this.byte(this.i) == 0x7b) { // {
        this.i++;
        let nd = 0;
        while (true) {
          const h = hexVal(this.byte(this.i));
          if (h < 0) break;
          v = v * 16 + h;
          if (v > 0x10ffff) { setError(start, "invalid escape sequence (code point out of range)"); return -2; }
          this.i++;
          nd++;
        }
        if (nd == 0 || this.byte(this.i) != 0x7d) { setError(start, "invalid escape sequence \\x{...}"); return -2; }
        this.i++;
        if (v >= 0xd800 && v <= 0xdfff) { setError(start, "invalid escape sequence (surrogate code point)"); return -2; }
        return v;
      }
      const h1 = hexVal(this.byte(this.i));
      const h2 = hexVal(this.byte(this.i + 1));
      if (h1 < 0 || h2 < 0) { setError(start, "invalid escape sequence \\x"); return -2; }
      this.i += 2;
      return h1 * 16 + h2;
    }
    let r = -1;
    if (c == 0x61) r = 7; // \a
    else if (c == 0x66) r = 12; // \f
    else if (c == 0x74) r = 9; // \t
    else if (c == 0x6e) r = 10; // \n
    else if (c == 0x72) r = 13; // \r
    else if (c == 0x76) r = 11; // \v
    else if (c < 0x80 && !isAlnum(c)) r = c; // escaped punctuation
    if (r >= 0) this.i++;
    return r;
  }

  escapeError(start: i32, c: i32): void {
    if (c == 0x70 || c == 0x50) setError(start, "Unicode classes (\\p, \\P) are not supported");
    else if (c == 0x6b || c == 0x67) setError(start, "backreferences are not supported");
    else if (c == 0x43) setError(start, "\\C (any byte) is not supported");
    else if (c == 0x5a) setError(start, "\\Z is not supported (use \\z)");
    else if (c == 0x62 || c == 0x42) setError(start, "\\b and \\B are not allowed inside a class");
    else setError(start, "invalid escape sequence");
  }

  /** One class member after '\\' inside brackets or outside: Perl class ranges, or null. */
  perl(c: i32): Array<i32> | null {
    if (c == 0x64 || c == 0x73 || c == 0x77) return perlClass(c);
    if (c == 0x44 || c == 0x53 || c == 0x57) return negate(normalize(perlClass(c | 0x20)));
    return null;
  }

  parseClass(): void {
    const start = this.i;
    this.i++;
    let neg = false;
    if (this.byte(this.i) == 0x5e) { neg = true; this.i++; }
    const acc = new Array<i32>();
    let first = true;
    while (true) {
      if (hasError()) return;
      countCompile(1);
      const c = this.byte(this.i);
      if (c < 0) { setError(start, "missing closing ]"); return; }
      if (c == 0x5d && !first) { this.i++; break; }
      first = false;
      const itemPos = this.i;
      if (c == 0x5b && this.byte(this.i + 1) == 0x3a) { // [:name:]
        const k = this.closingColonBracket(this.i + 2);
        if (k >= 0) {
          let pneg = false;
          let s = this.i + 2;
          if (this.byte(s) == 0x5e) { pneg = true; s++; }
          // every valid name is at most 6 bytes: anything longer is invalid without decoding it
          const name = k - s <= 6 ? this.ascii(s, k) : "";
          const r = posixClass(name);
          if (r == null) { setError(itemPos, "invalid POSIX class name"); return; }
          const rr = pneg ? negate(normalize(r)) : r;
          for (let q = 0; q < rr.length; q++) acc.push(rr[q]);
          this.i = k + 2;
          continue;
        }
      }
      if (c == 0x5c) { // backslash: maybe a Perl class
        const e = this.byte(this.i + 1);
        const p = this.perl(e);
        if (p != null) {
          for (let q = 0; q < p.length; q++) acc.push(p[q]);
          this.i += 2;
          continue;
        }
      }
      const lo = this.classChar();
      if (lo < 0) return;
      let hi = lo;
      if (this.byte(this.i) == 0x2d && this.byte(this.i + 1) != 0x5d && this.byte(this.i + 1) >= 0) {
        this.i++;
        if (this.byte(this.i) == 0x5c && this.perl(this.byte(this.i + 1)) != null) {
          setError(itemPos, "invalid character class range");
          return;
        }
        hi = this.classChar();
        if (hi < 0) return;
        if (hi < lo) { setError(itemPos, "invalid character class range"); return; }
      }
      acc.push(lo);
      acc.push(hi);
    }
    let r = normalize(acc);
    if ((this.flags & FLAG_FOLD) != 0) r = foldRanges(r);
    if (neg) r = negate(r);
    this.pushClass(r, start);
  }

  /** Position of the first ":]" at or after k, or -1. Callers ask with increasing k, so the answer of the
   *  last search is reused while it lies at or after k: the pattern is scanned once in total. */
  closingColonBracket(k: i32): i32 {
    if (this.colonFrom >= 0 && k >= this.colonFrom && (this.colonAt < 0 || this.colonAt >= k)) return this.colonAt;
    let q = k;
    while (q + 1 < this.len && !(this.byte(q) == 0x3a && this.byte(q + 1) == 0x5d)) { q++; countCompile(1); }
    this.colonFrom = k;
    this.colonAt = q + 1 < this.len ? q : -1;
    return this.colonAt;
  }

  /** The pattern bytes [from, to) as a string (ASCII: names were checked byte by byte). */
  ascii(from: i32, to: i32): string {
    countCompile(to - from);
    return String.UTF8.decodeUnsafe(this.base + <usize>from, <usize>(to - from));
  }

  /** Counts a new capture group opened at `pos`; false (error set) over MAX_GROUPS. */
  newGroup(name: string | null, pos: i32): bool {
    if (this.ncap >= MAX_GROUPS) {
      setError(pos, "too many capture groups (over " + MAX_GROUPS.toString() + ")");
      return false;
    }
    this.ncap++;
    this.names.push(name);
    this.groupPos.push(pos);
    return true;
  }

  classChar(): i32 {
    const c = this.byte(this.i);
    if (c == 0x5c) {
      const start = this.i;
      this.i++;
      const v = this.literalEscape(start);
      if (v == -1) { this.escapeError(start, this.byte(this.i)); return -1; }
      return v < 0 ? -1 : v;
    }
    return this.rune();
  }

  group(): void {
    const start = this.i;
    if (this.byte(this.i + 1) != 0x3f) { // plain capture
      this.i++;
      if (!this.newGroup(null, start)) return;
      this.openFrame(this.ncap, null, start);
      return;
    }
    let k = this.i + 2;
    let c = this.byte(k);
    if (c == 0x50 || c == 0x3c) { // P or <
      if (c == 0x50) {
        k++;
        const c2 = this.byte(k);
        if (c2 == 0x3d) { setError(start, "backreferences are not supported"); return; }
        if (c2 == 0x3e) { setError(start, "recursion is not supported"); return; }
        if (c2 != 0x3c) { setError(start, "invalid named capture"); return; }
      } else {
        const c2 = this.byte(k + 1);
        if (c2 == 0x3d || c2 == 0x21) { setError(start, "lookbehind is not supported"); return; }
      }
      k++; // past '<'
      const nameStart = k;
      while (k < this.len && this.byte(k) != 0x3e) {
        countCompile(1);
        const b = this.byte(k);
        if (!(isAlnum(b) || b == 0x5f)) { setError(start, "invalid named capture"); return; }
        k++;
      }
      if (k >= this.len || k == nameStart) { setError(start, "invalid named capture"); return; }
      const name = this.ascii(nameStart, k);
      if (this.nameSet.has(name)) { setError(start, "duplicate capture group name"); return; }
      this.nameSet.add(name);
      this.i = k + 1;
      if (!this.newGroup(name, start)) return;
      this.openFrame(this.ncap, name, start);
      return;
    }
    if (c == 0x3d || c == 0x21) { setError(start, "lookahead is not supported"); return; }
    if (c == 0x3e) { setError(start, "atomic groups are not supported"); return; }
    if (c == 0x28) { setError(start, "conditionals are not supported"); return; }
    if (c == 0x52 || c == 0x26 || c == 0x2b || (c >= 0x30 && c <= 0x39) ||
        (c == 0x2d && this.byte(k + 1) >= 0x30 && this.byte(k + 1) <= 0x39)) {
      setError(start, "recursion is not supported");
      return;
    }
    if (c == 0x23) { setError(start, "comments (?#...) are not supported"); return; }
    // flags
    let f = this.flags;
    let negm = false;
    let sawFlag = false;
    while (true) {
      c = this.byte(k);
      let bit = 0;
      if (c == 0x69) bit = FLAG_FOLD;
      else if (c == 0x6d) bit = FLAG_MULTI;
      else if (c == 0x73) bit = FLAG_DOTNL;
      else if (c == 0x55) bit = FLAG_UNGREEDY;
      if (bit != 0) {
        f = negm ? f & ~bit : f | bit;
        sawFlag = true;
        k++;
        continue;
      }
      if (c == 0x2d) {
        if (negm) { setError(start, "invalid or unsupported Perl syntax"); return; }
        negm = true;
        sawFlag = false;
        k++;
        continue;
      }
      if (c == 0x3a || c == 0x29) {
        if (negm && !sawFlag) { setError(start, "invalid or unsupported Perl syntax"); return; }
        break;
      }
      if (c < 0) { setError(start, "missing closing )"); return; }
      setError(start, "invalid or unsupported Perl syntax");
      return;
    }
    this.i = k + 1;
    if (c == 0x3a) {
      this.openFrame(0, null, start);
    }
    this.flags = f;
  }

  openFrame(cap: i32, name: string | null, pos: i32): void {
    const m = new Node(Op.LParen);
    m.cap = cap;
    m.name = name;
    m.flags = this.flags;
    m.pos = pos;
    this.stack.push(m);
  }

  closeFrame(): void {
    const pos = this.i;
    const body = this.collapse();
    const st = this.stack;
    if (st.length == 0 || st[st.length - 1].op != Op.LParen) {
      setError(pos, "unexpected )");
      return;
    }
    const m = st.pop();
    this.flags = m.flags;
    this.i++;
    if (m.cap > 0) {
      const n = new Node(Op.Capture);
      n.cap = m.cap;
      n.name = m.name;
      n.subs = [body];
      n.pos = m.pos;
      st.push(n);
    } else {
      st.push(body);
    }
  }

  run(): Node | null {
    while (this.i < this.len && !hasError()) {
      countCompile(1);
      const start = this.i;
      const c = this.byte(start);
      const wasRepeat = this.lastRepeat;
      this.lastRepeat = false;
      if (c == 0x28) { this.group(); continue; }
      if (c == 0x29) { this.closeFrame(); continue; }
      if (c == 0x7c) { // |
        const n = this.concatTop();
        this.stack.push(n);
        this.stack.push(new Node(Op.VBar));
        this.i++;
        continue;
      }
      if (c == 0x2a || c == 0x2b || c == 0x3f) {
        this.lastRepeat = wasRepeat;
        if (c == 0x2a) this.repeat(0, -1, start, start + 1);
        else if (c == 0x2b) this.repeat(1, -1, start, start + 1);
        else this.repeat(0, 1, start, start + 1);
        continue;
      }
      if (c == 0x7b) {
        this.lastRepeat = wasRepeat;
        if (this.braces(start)) continue;
        this.lastRepeat = false;
        this.i++;
        this.pushLiteral(c, start);
        continue;
      }
      if (c == 0x5e) {
        this.pushAssert((this.flags & FLAG_MULTI) != 0 ? Assert.BeginLine : Assert.BeginText, start);
        this.i++;
        continue;
      }
      if (c == 0x24) {
        this.pushAssert((this.flags & FLAG_MULTI) != 0 ? Assert.EndLine : Assert.EndText, start);
        this.i++;
        continue;
      }
      if (c == 0x2e) {
        if ((this.flags & FLAG_DOTNL) != 0) this.pushClass([0, 0x10ffff], start);
        else this.pushClass([0, 9, 11, 0x10ffff], start);
        this.i++;
        continue;
      }
      if (c == 0x5b) { this.parseClass(); continue; }
      if (c == 0x5c) {
        const e = this.byte(start + 1);
        if (e == 0x41) { this.pushAssert(Assert.BeginText, start); this.i += 2; continue; }
        if (e == 0x7a) { this.pushAssert(Assert.EndText, start); this.i += 2; continue; }
        if (e == 0x62) { this.pushAssert(Assert.WordB, start); this.i += 2; continue; }
        if (e == 0x42) { this.pushAssert(Assert.NotWordB, start); this.i += 2; continue; }
        if (e == 0x51) { // \Q...\E
          this.i += 2;
          while (this.i < this.len && !hasError()) {
            // as Go: everything up to the first \E is literal, backslashes included
            if (this.byte(this.i) == 0x5c && this.byte(this.i + 1) == 0x45) { this.i += 2; break; }
            countCompile(1);
            const p = this.i;
            const cp = this.rune();
            if (cp < 0) break;
            this.pushLiteral(cp, p);
          }
          continue;
        }
        const p = this.perl(e);
        if (p != null) {
          this.pushClass(normalize(p), start);
          this.i += 2;
          continue;
        }
        this.i = start + 1;
        const v = this.literalEscape(start);
        if (v == -2) continue;
        if (v == -1) { this.escapeError(start, e); continue; }
        this.pushLiteral(v, start);
        continue;
      }
      const cp = this.rune();
      if (cp < 0) continue;
      this.pushLiteral(cp, start);
    }
    if (hasError()) return null;
    const root = this.collapse();
    if (this.stack.length > 0) {
      // an unclosed group: report the innermost one
      let pos = 0;
      for (let k = this.stack.length - 1; k >= 0; k--) {
        if (this.stack[k].op == Op.LParen) { pos = this.stack[k].pos; break; }
      }
      setError(pos, "missing closing )");
      return null;
    }
    return root;
  }
}

function hexVal(c: i32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function isAlnum(c: i32): bool {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function parse(base: usize, len: i32, flags: i32): ParseResult | null {
  if (len > MAX_PATTERN_BYTES) {
    setError(MAX_PATTERN_BYTES, "pattern too long (over " + MAX_PATTERN_BYTES.toString() + " bytes)");
    return null;
  }
  const p = new Parser(base, len, flags);
  const root = p.run();
  if (root == null) return null;
  return new ParseResult(root, p.ncap, p.names, p.groupPos);
}
