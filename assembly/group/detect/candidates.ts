// The detector's candidate bytes, found block by block in the single pass of start.ts (startScan): the bytes at
// which a start rule or a lead word (lead.ts) may be recognised. Everything else in the line is skipped whole.
//
//   ':'   after c e g n p r ] (`panic:` `Exception:` `Error:` `Throwable:` `trace:` `Warning:` `http:` `[CODE]:`)
//         or before 'i' (Ruby `:in `): start.ts triggerAt's tests on a ':' each need one of these;
//   '\''  after ' ' (PHP `exception '`);   '\r' (inside the line: a JVM keyword before it) always;
//   C E F S before A E R (the lead words ERROR FATAL SEVERE CRITICAL).
// Each kind only when asked for (`keep`, candKeep). Ordinary ':' (`"level":`, `10:00`, `key: v`) and capitals
// (`GET`, `DELETE`) stop nothing.
//
// nextCandidate(p, n, i, keep) → the offset of the first candidate at or after i, or n. Never a false negative;
// a false positive is possible (the caller re-checks the byte, as triggerAt and levelWordAt do).
//
// Backends chosen at compile time as in scan/index.ts (the scalar wasm has no v128 instruction):
//  - SIMD: 16 bytes a turn, branch-free: three nibble-table classifications (two i8x16.swizzle each, as simdjson
//    classifies its structural bytes: class = LO[c & 15] & HI[c >> 4]) of the byte itself, the byte before and
//    the byte after (unaligned loads inside the line, shuffles at its ends); a candidate is cur & (before | after).
//    Exact but for U and V standing in for E and F.
//  - SWAR: 8 bytes a turn, a cheap plain test of the byte itself (six byte values, borrow-style: no false negative,
//    at most a false positive above a true match); only a word that holds one gets the neighbour tests (swarRefine).
// Contract: reads only [p, p+n); allocates nothing; no globals written; O(n).

import { DEBUG } from "../../common/debug";

const K_COLON: u32 = 0x01;
const K_QUOTE: u32 = 0x02;
const K_CR: u32 = 0x04;
const K_LEAD: u32 = 0x80;

/** The kinds of candidate wanted: start-rule triggers for these languages' rules, lead-word letters if `lead`. */
// @ts-ignore: decorator
@inline export function candKeep(colon: bool, quote: bool, cr: bool, lead: bool): u32 {
  return (colon ? K_COLON : 0) | (quote ? K_QUOTE : 0) | (cr ? K_CR : 0) | (lead ? K_LEAD : 0);
}

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

// @ts-ignore: decorator
@inline function zeroBytes(x: u64): u64 {
  return (x - ONES) & ~x & HIGHS;
}

/** 0 or all ones (u64), branch-free. */
// @ts-ignore: decorator
@inline function all(on: u32): u64 {
  return 0 - <u64>(on != 0);
}

/** Is byte c a candidate of a kind in `keep`? (exact: for short lines and re-checks) */
// @ts-ignore: decorator
@inline export function candByte(c: u32, keep: u32): bool {
  if (c == 0x3a) return (keep & K_COLON) != 0;
  if (c == 0x27) return (keep & K_QUOTE) != 0;
  if (c == 0x0d) return (keep & K_CR) != 0;
  return (keep & K_LEAD) != 0 && isLeadLetter(c);
}

/** Is byte k of the line [p, p+n) a candidate of a kind in `keep`, by the exact rules of the header (a missing
 *  neighbour is byte 0, which enables nothing)? Reads only inside the line. */
function candAt(p: usize, n: usize, k: usize, keep: u32): bool {
  const c = <u32>load<u8>(p + k);
  const before: u32 = k > 0 ? load<u8>(p + k - 1) : 0;
  const after: u32 = k + 1 < n ? load<u8>(p + k + 1) : 0;
  if (c == 0x3a) {
    return (keep & K_COLON) != 0 && (after == 0x69 || before == 0x63 || before == 0x65 || before == 0x67 ||
      before == 0x6e || before == 0x70 || before == 0x72 || before == 0x5d);
  }
  if (c == 0x27) return (keep & K_QUOTE) != 0 && before == 0x20;
  if (c == 0x0d) return (keep & K_CR) != 0;
  return (keep & K_LEAD) != 0 && isLeadLetter(c) && (after == 0x41 || after == 0x45 || after == 0x52);
}

/** C, E, F or S: the first letter of a lead word. */
// @ts-ignore: decorator
@inline export function isLeadLetter(c: u32): bool {
  return c == 0x45 || c == 0x46 || c == 0x53 || c == 0x43;
}

// SIMD classes: the byte itself gets the neighbour bits it needs (R_*), the byte before P_* bits, the byte after
// N_* bits. Each class is a product of a high-nibble set and a low-nibble set, so the tables are exact.
const P_CEGN: i8 = 0x01; // c e g n (hi 6 × lo 3 5 7 e)
const P_PR: i8 = 0x02; // p r (hi 7 × lo 0 2)
const P_BRACKET: i8 = 0x04; // ] (hi 5 × lo d)
const P_SPACE: i8 = 0x08; // ' ' (hi 2 × lo 0)
const N_I: i8 = 0x10; // i (hi 6 × lo 9)
const N_AE: i8 = 0x20; // A E (hi 4 × lo 1 5)
const N_R: i8 = 0x40; // R (hi 5 × lo 2)
const ALWAYS: i8 = -128; // 0x80: set in every `after` class, so a byte that needs it ('\r') is always a candidate
const R_COLON: i8 = P_CEGN | P_PR | P_BRACKET | N_I;
const R_QUOTE: i8 = P_SPACE;
const R_LEAD: i8 = N_AE | N_R;

// The six tables, 16 bytes each (lo then hi nibble; the byte itself, the byte before, the byte after), loaded
// into locals once per call so the block loop does not rebuild constants.
//   the byte itself: ':' (hi 3 × lo a) → R_COLON; '\'' (hi 2 × lo 7) → R_QUOTE; C E F S U V (hi 4 5 × lo 3 5 6)
//   → R_LEAD; '\r' (hi 0 × lo d) → ALWAYS (four disjoint bit sets, so no other byte gets a bit);
//   before: lo 0 is ' ' (hi 2) and p (hi 7), lo 2 is r (hi 7); hi 2 and hi 7 share no other bit, so exact;
//   after: every entry has ALWAYS.
const A: i8 = ALWAYS;
const TABLES = memory.data<i8>([
  0, 0, 0, R_LEAD, 0, R_LEAD, R_LEAD, R_QUOTE, 0, 0, R_COLON, 0, 0, ALWAYS, 0, 0,
  ALWAYS, 0, R_QUOTE, R_COLON, R_LEAD, R_LEAD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  P_SPACE | P_PR, 0, P_PR, P_CEGN, 0, P_CEGN, 0, P_CEGN, 0, 0, 0, 0, 0, P_BRACKET, P_CEGN, 0,
  0, 0, P_SPACE, 0, 0, P_BRACKET, P_CEGN, P_PR, 0, 0, 0, 0, 0, 0, 0, 0,
  A, A | N_AE, A | N_R, A, A, A | N_AE, A, A, A, A | N_I, A, A, A, A, A, A,
  A, A, A, A, A | N_AE, A | N_R, A | N_I, A, A, A, A, A, A, A, A, A,
], 16);

/** The neighbour class (before bits | after bits) of every byte value, for the one byte after a block. */
const NB_OF = memory.data(256);
for (let c = 0; c < 256; c++) {
  const lo = c & 15, hi = c >> 4;
  store<u8>(NB_OF + c, (load<u8>(TABLES + 32 + lo) & load<u8>(TABLES + 48 + hi)) | (load<u8>(TABLES + 64 + lo) & load<u8>(TABLES + 80 + hi)));
}

// @ts-ignore: decorator
@inline function nibbles(v: v128, lo: v128, hi: v128, f: v128): v128 {
  // f = 0x0f in every byte (i16x8 shift + mask: the high nibble of every byte, no cross-byte bits)
  return v128.and(i8x16.swizzle(lo, v128.and(v, f)), i8x16.swizzle(hi, v128.and(i16x8.shr_u(v, 4), f)));
}

/** The refined candidate mask (bit k: byte k) of the block v = [p+i, p+i+16), whose neighbours are read only
 *  inside the line [p, p+n) (a missing neighbour is byte 0, which enables nothing). curLo is the byte-itself
 *  low table already masked by the kinds wanted. */
// @ts-ignore: decorator
@inline function refinedMask(
  p: usize, n: usize, i: usize, curLo: v128, curHi: v128, preLo: v128, preHi: v128, postLo: v128, postHi: v128,
  f: v128,
): u64 {
  const v = v128.load(p + i);
  const zero = i8x16.splat(0);
  const prev = i > 0 ? v128.load(p + i - 1)
    : i8x16.shuffle(zero, v, 0, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
  const next = i + 17 <= n ? v128.load(p + i + 1)
    : i8x16.shuffle(v, zero, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  const cur = nibbles(v, curLo, curHi, f);
  const near = v128.or(nibbles(prev, preLo, preHi, f), nibbles(next, postLo, postHi, f));
  // candidates: the lanes where cur & (before | after) is not 0
  return <u64>(~i8x16.bitmask(i8x16.eq(v128.and(cur, near), zero)) & 0xffff);
}

/**
 * The scalar build's refinement (the same neighbour rules as refinedMask) of the word [p+i, p+i+8), asked only for
 * a word that holds a plain candidate: SWAR tests on the word, the word one byte back and one byte on (read only
 * inside [p, p+n); a missing neighbour is byte 0). Two tests cover two bytes each where they differ in one bit
 * (a/c/e/g before ':', the a is a harmless extra; p/r; A/E after a lead letter). Zero-byte tests may flag a byte
 * above a true match, never miss one, so the result is a superset of the exact candidates.
 */
// @ts-ignore: decorator
@inline function swarRefine(p: usize, n: usize, i: usize, keep: u32): u64 {
  const x = load<u64>(p + i);
  const xp = i > 0 ? load<u64>(p + i - 1) : x << 8;
  const xn = i + 9 <= n ? load<u64>(p + i + 1) : x >> 8;
  const y = x & ~(ONES * 0x10);
  const lead = zeroBytes(y ^ (ONES * 0x43)) | zeroBytes(y ^ (ONES * 0x45)) | zeroBytes(y ^ (ONES * 0x46));
  const prevKw = zeroBytes((xp & ~(ONES * 0x06)) ^ (ONES * 0x61)) | zeroBytes((xp & ~(ONES * 0x02)) ^ (ONES * 0x70))
    | zeroBytes(xp ^ (ONES * 0x6e)) | zeroBytes(xp ^ (ONES * 0x5d));
  const nextAer = zeroBytes((xn & ~(ONES * 0x04)) ^ (ONES * 0x41)) | zeroBytes(xn ^ (ONES * 0x52));
  return (zeroBytes(x ^ (ONES * 0x3a)) & (prevKw | zeroBytes(xn ^ (ONES * 0x69))) & all(keep & K_COLON))
    | (zeroBytes(x ^ (ONES * 0x27)) & zeroBytes(xp ^ (ONES * 0x20)) & all(keep & K_QUOTE))
    | (zeroBytes(x ^ (ONES * 0x0d)) & all(keep & K_CR))
    | (lead & nextAer & all(keep & K_LEAD));
}

/** The SWAR plain test of the word x: a high bit in every byte equal to one of the six values (C E F also as
 *  S U V), possibly also in a byte above such a byte; never missing one (see nextCandidate). */
// @ts-ignore: decorator
@inline function swarPlain(x: u64, cColon: u64, cQuote: u64, cCr: u64, cC: u64, cE: u64, cF: u64): u64 {
  const y = x & ~(ONES * 0x10);
  return (((x ^ cColon) - ONES) | ((x ^ cQuote) - ONES) | ((x ^ cCr) - ONES) | ((y ^ cC) - ONES)
    | ((y ^ cE) - ONES) | ((y ^ cF) - ONES)) & ~x & HIGHS;
}

/**
 * The offset of the first candidate byte (of a kind in `keep`) at or after `i` in the line [p, p+n), or n when
 * there is none. Whole blocks while they fit; then the block that ends at n (less the bytes before i) when the
 * line is at least a block long, else byte by byte: never a byte outside [p, p+n). A reported offset may be a
 * false positive; the caller re-checks the byte and calls again from the next offset.
 */
export function nextCandidate(p: usize, n: usize, i: usize, keep: u32): usize {
  if (DEBUG) assert(i <= n);
  if (ASC_FEATURE_SIMD) {
    const want = <i8>(((keep & K_COLON) != 0 ? R_COLON : 0) | ((keep & K_QUOTE) != 0 ? R_QUOTE : 0)
      | ((keep & K_LEAD) != 0 ? R_LEAD : 0) | ((keep & K_CR) != 0 ? ALWAYS : 0));
    const curLo = v128.and(v128.load(TABLES), i8x16.splat(want));
    const curHi = v128.load(TABLES, 16);
    const preLo = v128.load(TABLES, 32);
    const preHi = v128.load(TABLES, 48);
    const postLo = v128.load(TABLES, 64);
    const postHi = v128.load(TABLES, 80);
    const f = i8x16.splat(0x0f);
    while (i + 16 <= n) {
      const m = refinedMask(p, n, i, curLo, curHi, preLo, preHi, postLo, postHi, f);
      if (m != 0) return i + <usize>ctz(m);
      i += 16;
    }
    if (i >= n) return n;
    if (n >= 16) {
      const base = n - 16;
      const m = refinedMask(p, n, base, curLo, curHi, preLo, preHi, postLo, postHi, f) & (<u64>-1 << <u64>(i - base));
      return m != 0 ? base + <usize>ctz(m) : n;
    }
    for (; i < n; i++) if (candByte(load<u8>(p + i), keep)) return i;
    return n;
  }
  // SWAR: the plain test for six byte values (a kind not kept tests byte 0, which only a NUL or the byte above one
  // passes: a harmless false positive; non-ASCII bytes are masked out by ~x): (x ^ c) - ONES has the high bit of a
  // byte set where x == c, or above such a byte.
  const cColon = (keep & K_COLON) != 0 ? ONES * 0x3a : 0;
  const cQuote = (keep & K_QUOTE) != 0 ? ONES * 0x27 : 0;
  const cCr = (keep & K_CR) != 0 ? ONES * 0x0d : 0;
  const lead = (keep & K_LEAD) != 0;
  const cC = lead ? ONES * 0x43 : 0; // C S (bit 4 cleared)
  const cE = lead ? ONES * 0x45 : 0; // E U
  const cF = lead ? ONES * 0x46 : 0; // F V
  while (i + 8 <= n) {
    const plain = swarPlain(load<u64>(p + i), cColon, cQuote, cCr, cC, cE, cF);
    if (plain != 0) {
      if (HOST_INTERPRETED) {
        // the interpreted build checks each flagged byte with its neighbours (candAt) instead of refining the
        // word: flags are one or two a word, and in WAMR's interpreter swarRefine's ~70 instructions a word cost
        // more than a dozen a flagged byte (measured: instruction counts of the Fluent Bit bench's records)
        let m = plain;
        while (m != 0) {
          const k = i + <usize>(ctz(m) >> 3);
          if (candAt(p, n, k, keep)) return k;
          m &= m - 1;
        }
      } else {
        const m = swarRefine(p, n, i, keep);
        if (m != 0) return i + <usize>(ctz(m) >> 3);
      }
    }
    i += 8;
  }
  if (i >= n) return n;
  if (n >= 8) {
    // the word that ends at n, less the bytes before i: the plain test first, as for whole words
    const base = n - 8;
    const from = <u64>-1 << (<u64>(i - base) << 3);
    if ((swarPlain(load<u64>(p + base), cColon, cQuote, cCr, cC, cE, cF) & from) == 0) return n;
    const m = swarRefine(p, n, base, keep) & from;
    return m != 0 ? base + <usize>(ctz(m) >> 3) : n;
  }
  for (; i < n; i++) if (candByte(load<u8>(p + i), keep)) return i;
  return n;
}

/**
 * Marks the candidates of the whole block [p, p+n) (a call's input window) in a bit map: bit k of the map at
 * `out` (bytes out + k/8, little-endian) is set when byte p+k passes nextCandidate's test with its neighbours in
 * [p, p+n). For a line inside [p, p+n) that is a superset of the line's own candidates: the only neighbours that
 * differ are the line's missing ones, which enable nothing a real byte does not (a missing byte before enables
 * nothing; a missing byte after enables only what every byte after does).
 * Contract: reads only [p, p+n); writes only [out, out + ((n + 15) >> 4) * 2); O(n).
 */
export function markCandidates(p: usize, n: usize, keep: u32, out: usize): void {
  let i: usize = 0;
  if (ASC_FEATURE_SIMD) {
    // each block classified once, as itself (cur) and as a neighbour (nb: its "before" bits 0..3 and "after" bits
    // 4..7, disjoint, so one product table holds both); a byte's neighbours' classes are the nb of the blocks
    // shifted by one lane (concatenating shuffles), the missing byte before [p, p+n) nb 0, the one after it
    // ALWAYS only (as nextCandidate's missing neighbours).
    const want = <i8>(((keep & K_COLON) != 0 ? R_COLON : 0) | ((keep & K_QUOTE) != 0 ? R_QUOTE : 0)
      | ((keep & K_LEAD) != 0 ? R_LEAD : 0) | ((keep & K_CR) != 0 ? ALWAYS : 0));
    const curLo = v128.and(v128.load(TABLES), i8x16.splat(want));
    const curHi = v128.load(TABLES, 16);
    const nbLo = v128.or(v128.load(TABLES, 32), v128.load(TABLES, 64));
    const nbHi = v128.or(v128.load(TABLES, 48), v128.load(TABLES, 80));
    const f = i8x16.splat(0x0f);
    const beforeBits = i8x16.splat(0x0f);
    const afterBits = i8x16.splat(-16); // 0xf0
    if (n >= 16) {
      let nbPrev = i8x16.splat(0);
      let v = v128.load(p);
      let lo = v128.and(v, f);
      let hi = v128.and(i16x8.shr_u(v, 4), f);
      let cur = v128.and(i8x16.swizzle(curLo, lo), i8x16.swizzle(curHi, hi));
      let nb = v128.and(i8x16.swizzle(nbLo, lo), i8x16.swizzle(nbHi, hi));
      for (; i + 32 <= n; i += 16) {
        const v2 = v128.load(p + i + 16);
        const lo2 = v128.and(v2, f);
        const hi2 = v128.and(i16x8.shr_u(v2, 4), f);
        const nb2 = v128.and(i8x16.swizzle(nbLo, lo2), i8x16.swizzle(nbHi, hi2));
        const before = i8x16.shuffle(nbPrev, nb, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
        const after = i8x16.shuffle(nb, nb2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        const near = v128.or(v128.and(before, beforeBits), v128.and(after, afterBits));
        store<u16>(out + (i >> 3), <u16>(~i8x16.bitmask(i8x16.eq(v128.and(cur, near), i8x16.splat(0))) & 0xffff));
        nbPrev = nb;
        nb = nb2;
        cur = v128.and(i8x16.swizzle(curLo, lo2), i8x16.swizzle(curHi, hi2));
      }
      // the last whole block [i, i+16): its after-neighbour is the next block's first byte, or missing
      const nextNb = i + 16 < n ? <u32>load<u8>(NB_OF + <usize>load<u8>(p + i + 16)) : <u32>0x80;
      const before = i8x16.shuffle(nbPrev, nb, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
      const after = i8x16.replace_lane(i8x16.shuffle(nb, nb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0), 15, <i8>nextNb);
      const near = v128.or(v128.and(before, beforeBits), v128.and(after, afterBits));
      store<u16>(out + (i >> 3), <u16>(~i8x16.bitmask(i8x16.eq(v128.and(cur, near), i8x16.splat(0))) & 0xffff));
      i += 16;
      if (i < n) {
        // the rest: the block that ends at n, shifted to start at i
        const base = n - 16;
        const m = refinedMask(p, n, base, curLo, curHi, v128.load(TABLES, 32), v128.load(TABLES, 48),
          v128.load(TABLES, 64), v128.load(TABLES, 80), f) >> <u64>(i - base);
        store<u16>(out + (i >> 3), <u16>m);
      }
      return;
    }
  }
  // under 16 bytes (or, in the scalar build, which never calls this — index.ts markWindow — every byte): byte by
  // byte, a byte a candidate when it is one of the plain kinds (no neighbour test: a superset)
  for (; i < n; i += 16) {
    const e = min(n, i + 16);
    let b: u32 = 0;
    for (let k = i; k < e; k++) if (candByte(load<u8>(p + k), keep)) b |= 1 << <u32>(k - i);
    store<u16>(out + (i >> 3), <u16>b);
  }
}
