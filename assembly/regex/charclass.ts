// Code point sets for character classes: sorted arrays of inclusive ranges [lo0, hi0, lo1, hi1, ...].
// Managed arrays (compile time only).
//
// Invariants:
// - normalize() returns ranges sorted by lo, non-overlapping and non-adjacent (hi_i + 1 < lo_{i+1}).
// - Every function that takes ranges takes them normalized unless it says otherwise, and returns normalized.
// - Code points are 0..0x10FFFF; surrogates may appear in a set (negation produces them) and are dropped when
//   the set is compiled to UTF-8 (they have no UTF-8 encoding).
// - Case folding of sets is in fold.ts.

import { countCompile } from "./work";

export const MAX_RUNE: i32 = 0x10ffff;

/** Sorts and merges ranges given in any order (pairs may overlap). */
export function normalize(r: Array<i32>): Array<i32> {
  const n = r.length >> 1;
  countCompile(n);
  if (n == 0) return [];
  const keys = new Array<i64>(n);
  for (let i = 0; i < n; i++) {
    keys[i] = (<i64>r[2 * i] << 24) | <i64>r[2 * i + 1];
  }
  keys.sort((a: i64, b: i64): i32 => (a < b ? -1 : a > b ? 1 : 0));
  const out = new Array<i32>();
  let lo = <i32>(keys[0] >> 24);
  let hi = <i32>(keys[0] & 0xffffff);
  for (let i = 1; i < n; i++) {
    const l = <i32>(keys[i] >> 24);
    const h = <i32>(keys[i] & 0xffffff);
    if (l <= hi + 1) {
      if (h > hi) hi = h;
    } else {
      out.push(lo);
      out.push(hi);
      lo = l;
      hi = h;
    }
  }
  out.push(lo);
  out.push(hi);
  return out;
}

export function negate(r: Array<i32>): Array<i32> {
  const out = new Array<i32>();
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) {
      out.push(next);
      out.push(r[i] - 1);
    }
    next = r[i + 1] + 1;
  }
  if (next <= MAX_RUNE) {
    out.push(next);
    out.push(MAX_RUNE);
  }
  return out;
}

export function contains(r: Array<i32>, cp: i32): bool {
  let lo = 0;
  let hi = (r.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < r[2 * mid]) hi = mid - 1;
    else if (cp > r[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

// ASCII Perl classes (RE2: \d \s \w are ASCII-only).
export function perlClass(c: i32): Array<i32> {
  if (c == 0x64) return [0x30, 0x39]; // d
  if (c == 0x73) return [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20]; // s: \t \n \f \r space
  return [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a]; // w
}

/** POSIX class by name, or null when the name is unknown. */
export function posixClass(name: string): Array<i32> | null {
  if (name == "alnum") return [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a];
  if (name == "alpha") return [0x41, 0x5a, 0x61, 0x7a];
  if (name == "ascii") return [0x00, 0x7f];
  if (name == "blank") return [0x09, 0x09, 0x20, 0x20];
  if (name == "cntrl") return [0x00, 0x1f, 0x7f, 0x7f];
  if (name == "digit") return [0x30, 0x39];
  if (name == "graph") return [0x21, 0x7e];
  if (name == "lower") return [0x61, 0x7a];
  if (name == "print") return [0x20, 0x7e];
  if (name == "punct") return [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e];
  if (name == "space") return [0x09, 0x0d, 0x20, 0x20];
  if (name == "upper") return [0x41, 0x5a];
  if (name == "word") return [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
  if (name == "xdigit") return [0x30, 0x39, 0x41, 0x46, 0x61, 0x66];
  return null;
}

/** Number of code points in the set (saturating at 0x7fffffff). */
export function size(r: Array<i32>): i32 {
  let n = 0;
  for (let i = 0; i < r.length; i += 2) n += r[i + 1] - r[i] + 1;
  return n;
}
