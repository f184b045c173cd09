// Case folding of code point sets: foldRanges(S) = S plus every member of the case orbit (casefold.ts, Unicode
// simple case folding) of every member of S.
//
// Invariants:
// - Linear: the cost is O(ranges of S × (log F + 64) + F / 64) per set, F = FOLD_COUNT, never a sort of the
//   orbit members. The foldable code points are numbered by their rank in FOLD_PAIRS (sorted by code point), so
//   sets of foldable code points are bitmaps of F bits in rank order (= code point order). A range of S marks a
//   span of ranks with word fills; the closure under orbits is taken per 64-rank block, from a table of each
//   block's orbit closure when S covers the whole block, else member by member. Only the ranks the closure adds
//   outside S are then merged, in order, with the ranges of S.
// - The tables (rank of each member's next orbit member, closure of each block) are built once per instance,
//   on the first case-insensitive class, in O(F).

import { FOLD_COUNT, FOLD_PAIRS } from "./casefold";
import { normalize } from "./charclass";
import { countCompile } from "./work";

const WORDS: i32 = (FOLD_COUNT + 63) >> 6;

let nextRank: StaticArray<u16> = new StaticArray<u16>(0); // rank of the next member of each rank's orbit
// closure of block w: entries blockFrom[w]..blockFrom[w + 1] of (blockWord, blockMask)
let blockFrom: StaticArray<i32> = new StaticArray<i32>(0);
let blockWord: Array<i32> = [];
let blockMask: Array<u64> = [];
const base = new StaticArray<u64>(WORDS); // ranks in S
const closed = new StaticArray<u64>(WORDS); // ranks in the orbits of S's ranks

/** Rank of the first foldable code point >= c (FOLD_COUNT if none). */
function lowerRank(c: u32): i32 {
  let lo = 0;
  let hi = FOLD_COUNT;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (unchecked(FOLD_PAIRS[2 * mid]) < c) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next member of c's case orbit, or c itself when it has none. */
export function simpleFold(c: i32): i32 {
  const i = lowerRank(<u32>c);
  if (i < FOLD_COUNT && unchecked(FOLD_PAIRS[2 * i]) == <u32>c) return <i32>unchecked(FOLD_PAIRS[2 * i + 1]);
  return c;
}

// @ts-ignore: decorator
@inline function setBit(bm: StaticArray<u64>, r: i32): void {
  unchecked(bm[r >> 6] = bm[r >> 6] | (<u64>1 << <u64>(r & 63)));
}

// @ts-ignore: decorator
@inline function hasBit(bm: StaticArray<u64>, r: i32): bool {
  return (unchecked(bm[r >> 6]) & (<u64>1 << <u64>(r & 63))) != 0;
}

/** Marks the whole orbit of rank r in `closed` (nothing to do when r is marked: its orbit is). */
function markOrbit(r: i32): void {
  if (hasBit(closed, r)) return;
  let j = r;
  do {
    countCompile(1);
    setBit(closed, j);
    j = <i32>unchecked(nextRank[j]);
  } while (j != r);
}

function ensureTables(): void {
  if (nextRank.length != 0) return;
  const nr = new StaticArray<u16>(FOLD_COUNT);
  for (let i = 0; i < FOLD_COUNT; i++) unchecked(nr[i] = <u16>lowerRank(unchecked(FOLD_PAIRS[2 * i + 1])));
  nextRank = nr;
  const from = new StaticArray<i32>(WORDS + 1);
  for (let w = 0; w < WORDS; w++) {
    unchecked(from[w] = blockWord.length);
    for (let k = 0; k < WORDS; k++) unchecked(closed[k] = 0);
    const end = (w + 1) << 6 < FOLD_COUNT ? (w + 1) << 6 : FOLD_COUNT;
    for (let r = w << 6; r < end; r++) markOrbit(r);
    for (let k = 0; k < WORDS; k++) {
      if (unchecked(closed[k]) != 0) {
        blockWord.push(k);
        blockMask.push(unchecked(closed[k]));
      }
    }
  }
  unchecked(from[WORDS] = blockWord.length);
  blockFrom = from;
}

/** Sets ranks [r0, r1) in `base`. */
function markSpan(r0: i32, r1: i32): void {
  let r = r0;
  while (r < r1) {
    countCompile(1);
    const w = r >> 6;
    const bit = r & 63;
    const n = r1 - r < 64 - bit ? r1 - r : 64 - bit;
    const mask = n == 64 ? <u64>-1 : ((<u64>1 << <u64>n) - 1) << <u64>bit;
    unchecked(base[w] = base[w] | mask);
    r += n;
  }
}

/** Appends [lo, hi] to normalized ranges whose last range starts at or before lo, merging when they touch. */
function appendRange(out: Array<i32>, lo: i32, hi: i32): void {
  const n = out.length;
  if (n > 0 && lo <= out[n - 1] + 1) {
    if (hi > out[n - 1]) out[n - 1] = hi;
    return;
  }
  out.push(lo);
  out.push(hi);
}

/** Adds every case variant of every member of the normalized ranges r; returns normalized ranges. */
export function foldRanges(r: Array<i32>): Array<i32> {
  ensureTables();
  for (let k = 0; k < WORDS; k++) {
    unchecked(base[k] = 0);
    unchecked(closed[k] = 0);
  }
  countCompile(WORDS);
  for (let i = 0; i < r.length; i += 2) {
    countCompile(1);
    markSpan(lowerRank(<u32>r[i]), lowerRank(<u32>r[i + 1] + 1));
  }
  for (let w = 0; w < WORDS; w++) {
    const b = unchecked(base[w]);
    if (b == 0) continue;
    const full = (w + 1) << 6 <= FOLD_COUNT ? <u64>-1 : (<u64>1 << <u64>(FOLD_COUNT & 63)) - 1;
    if (b == full) {
      for (let e = unchecked(blockFrom[w]); e < unchecked(blockFrom[w + 1]); e++) {
        countCompile(1);
        const k = unchecked(blockWord[e]);
        unchecked(closed[k] = closed[k] | blockMask[e]);
      }
      continue;
    }
    let m = b;
    while (m != 0) {
      const bit = <i32>ctz(m);
      m &= m - 1;
      markOrbit((w << 6) + bit);
    }
  }
  // merge the ranges of S with the ranks the closure adds, both in code point order
  const out = new Array<i32>();
  let i = 0;
  for (let w = 0; w < WORDS; w++) {
    let m = unchecked(closed[w]) & ~unchecked(base[w]);
    while (m != 0) {
      countCompile(1);
      const bit = <i32>ctz(m);
      m &= m - 1;
      const c = <i32>unchecked(FOLD_PAIRS[2 * ((w << 6) + bit)]);
      while (i < r.length && r[i] <= c) {
        appendRange(out, r[i], r[i + 1]);
        i += 2;
      }
      appendRange(out, c, c);
    }
  }
  for (; i < r.length; i += 2) appendRange(out, r[i], r[i + 1]);
  countCompile(r.length);
  return out;
}

/** The class of one code point, with its case orbit when `fold`. */
export function litRanges(cp: i32, fold: bool): Array<i32> {
  const out: Array<i32> = [cp, cp];
  if (fold) {
    let f = simpleFold(cp);
    while (f != cp) {
      out.push(f);
      out.push(f);
      f = simpleFold(f);
    }
  }
  return normalize(out);
}
