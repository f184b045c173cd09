// The abstract syntax tree of a parsed pattern (managed objects: built and used only while compiling).
//
// Invariants:
// - Code points, never bytes: a Lit holds one code point; a Class holds sorted, non-overlapping, non-adjacent
//   inclusive ranges [lo0, hi0, lo1, hi1, ...] of code points, already case-folded and negated by the parser.
// - Flags are resolved by the parser: there is no "case-insensitive" or "multi-line" node; `(?i)a` is the
//   class [Aa], `(?m)^` is Assert(BEGIN_LINE), `.` is a Class, `(?U)` swaps greedy.
// - Repeat: min >= 0, max == -1 (unbounded) or min <= max <= 1000.
// - Capture indexes are 1.. in order of their opening parenthesis; 0 is the whole match.
// - Nothing here recurses: every walk over a tree uses an explicit stack.

export const enum Op {
  Empty = 0,    // matches the empty string
  Lit = 1,      // one code point
  Class = 2,    // one code point from a set
  Assert = 3,   // an empty-width assertion (kind)
  Capture = 4,  // subs[0], recorded as group `cap`
  Concat = 5,   // subs in sequence
  Alt = 6,      // subs, first one preferred
  Repeat = 7,   // subs[0] repeated min..max times
  NoMatch = 8,  // matches nothing (an empty class)
  // parser-only pseudo nodes (never in a finished tree)
  LParen = 100,
  VBar = 101,
}

export const enum Assert {
  BeginText = 1,  // \A, ^ without (?m)
  EndText = 2,    // \z, $ without (?m)
  BeginLine = 3,  // (?m)^
  EndLine = 4,    // (?m)$
  WordB = 5,      // \b (ASCII word characters)
  NotWordB = 6,   // \B
  CpBoundary = 7, // internal: the next byte is not a UTF-8 continuation byte (or the end); guards the DFA's
                  // unanchored restart so that it, like the Pike VM, starts matches only at code point boundaries
}

/** The children of every leaf (one shared empty array: leaves are most nodes, so this halves allocations). */
const NO_SUBS = new Array<Node>(0);

export class Node {
  op: i32;
  pos: i32 = 0;            // byte position in the pattern (for messages)
  cp: i32 = 0;             // Lit
  ranges: Array<i32> | null = null; // Class
  kind: i32 = 0;           // Assert
  cap: i32 = 0;            // Capture index
  name: string | null = null; // Capture name
  subs: Array<Node> = NO_SUBS; // shared by every leaf: never mutated, only replaced
  min: i32 = 0;            // Repeat
  max: i32 = 0;
  greedy: bool = true;
  flags: i32 = 0;          // LParen: flags to restore
  constructor(op: i32) {
    this.op = op;
  }
}

export function newLit(cp: i32): Node {
  const n = new Node(Op.Lit);
  n.cp = cp;
  return n;
}

export function newClass(ranges: Array<i32>): Node {
  if (ranges.length == 0) return new Node(Op.NoMatch);
  const n = new Node(Op.Class);
  n.ranges = ranges;
  return n;
}

export function newAssert(kind: i32): Node {
  const n = new Node(Op.Assert);
  n.kind = kind;
  return n;
}
