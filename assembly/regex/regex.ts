// A compiled regex: one header block in linear memory that owns every block the matchers use, and the
// AssemblyScript API that the filter and multiline stages call on (ptr, len).
//
// Header (u32 fields, offsets below):
//   PROG      program base (prog.ts layout)          NINST, ASTART, USTART  instruction count, start pcs
//   NSLOTS    2 * (groups + 1)                      FLAGS  F_* bits
//   LIT       literal table (scan/literals.ts) of the pure-literal fast path or of the prefilter, or 0
//   PIKE      Pike VM scratch for find/test (lazy), PIKECAP  the same with every slot (captures, lazy)
//   DFA       lazy-DFA cache (lazy)             NCONS  BYTE/SET/MATCH instruction count
//   NCAP      capture groups (without group 0)      NAMES/NAMESLEN  group-name table (see groupName)
//
// Invariants:
// - Compiling may allocate managed objects; matching never does: it reads the header and the blocks it owns.
// - regexFree releases every block the header owns, then the header; a freed handle must not be used again.
// - Every matcher agrees with the Pike VM (the reference): the literal fast path only when the pattern is
//   exactly an alternation of literals, the prefilter only rejects inputs that contain none of the literals
//   every match must contain, and the DFA (which models every assertion) only decides yes/no.

import { clearError, hasError, setError } from "./errors";
import { parse, ParseResult } from "./parse";
import { compile } from "./compile";
import { INST_SIZE, I_BYTE, I_MATCH, I_SET } from "./prog";
import { NONE, pikeScratchSize, pikeSearch } from "./pikevm";
import { analyze } from "./literal";
import { buildLiteralTable, freeLiteralTable, literalFind } from "./prefilter";
import { Assert } from "./ast";
import { dfaFree, dfaNew, dfaTest, DFA_FAIL } from "./dfa";
import { countCompile } from "./work";
import { MAX_CAPTURE_WORDS } from "./limits";
import { bitstateFits, bitstateFree, bitstateNew, bitstateSearch } from "./bitstate";

export const H_PROG: usize = 0;
export const H_NINST: usize = 4;
export const H_ASTART: usize = 8;
export const H_USTART: usize = 12;
export const H_NSLOTS: usize = 16;
export const H_FLAGS: usize = 20;
export const H_LIT: usize = 24;
export const H_PIKE: usize = 28;
export const H_DFA: usize = 32;
export const H_NCAP: usize = 36;
export const H_NAMES: usize = 40;
export const H_NAMESLEN: usize = 44;
export const H_SLOTBUF: usize = 48;
export const H_NCONS: usize = 52; // BYTE/SET/MATCH instructions: the most Pike VM threads at one position
export const H_PIKECAP: usize = 56; // Pike VM scratch with every slot (captures), lazy
export const H_ASSERTS: usize = 60; // bit (1 << kind) for every assertion kind in the program
export const H_PAT: usize = 64; // literal-only regexes: a copy of the pattern (for ensureProgram), its length
export const H_PATLEN: usize = 68;
export const H_CFLAGS: usize = 72; // the compile flags
export const H_BITSTATE: usize = 76; // bounded backtracker scratch (lazy)
export const H_CFLAGS2: usize = 80; // the compile flags, for every regex (H_CFLAGS is set for literal-only ones)
export const HEADER_SIZE: usize = 96;

export const F_DFA_OK: u32 = 1; // test/fullMatch may use the DFA (always, unless compiled with C_NO_DFA)
export const F_ALWAYS: u32 = 2; // matches the empty string with no assertion: test() is always true
export const F_LITERAL: u32 = 4; // the pattern is exactly an alternation of literals (LIT holds them)
export const F_PREFILTER: u32 = 8; // LIT holds literals one of which every match contains
export const F_BEGIN: u32 = 16; // every match starts at \A

const BIG_PATTERN: i32 = 16384;

export const C_NO_LITERALS: i32 = 16; // compile flag: no literal fast path, prefilter or always-true shortcut
export const C_NO_DFA: i32 = 32; // compile flag: never use the DFA (Pike VM only)
export const C_NO_BITSTATE: u32 = 64; // compile flag: never use the bounded backtracker (Pike VM only)

/**
 * Compiles a UTF-8 pattern. flags: parse.ts FLAG_* (bits 0-3) | C_NO_LITERALS | C_NO_DFA (the last two are for
 * tests that compare the fast paths with the automaton). Returns the handle, or 0 with the error set.
 */
export function regexCompile(pat: usize, len: i32, flags: i32): usize {
  clearError();
  const pr = parse(pat, len, flags & 15);
  if (pr == null || hasError()) return 0;
  // a large pattern leaves much garbage per phase: collect it now so memory is reused, not grown and touched
  if (len > BIG_PATTERN) __collect();
  const an = analyze(pr.root, len);
  if (len > BIG_PATTERN) __collect();
  const literalOnly = an.exact != null && (flags & C_NO_LITERALS) == 0 && literalBytes(changetype<Array<Array<u16>>>(an.exact)) <= 4096;
  const h = header(pr.ncap, pr.names);
  store<u32>(h + H_CFLAGS2, <u32>flags);
  let hflags: u32 = 0;
  if (literalOnly) {
    // The pattern is exactly an alternation of literals: test, find and full match are literal scans and the
    // NFA program is not built; only captures() builds it, from the saved pattern (see ensureProgram).
    store<u32>(h + H_LIT, <u32>buildLiteralTable(changetype<Array<Array<u16>>>(an.exact)));
    hflags |= F_LITERAL;
    const copy = heap.alloc(len > 0 ? <usize>len : 1);
    memory.copy(copy, pat, <usize>len);
    store<u32>(h + H_PAT, <u32>copy);
    store<u32>(h + H_PATLEN, <u32>len);
    store<u32>(h + H_CFLAGS, <u32>flags);
    store<u32>(h + H_FLAGS, hflags);
    return h;
  }
  if (!attachProgram(h, pr)) {
    regexFree(h);
    return 0;
  }
  if ((flags & C_NO_DFA) == 0) hflags |= F_DFA_OK;
  if (an.alwaysTrue && (flags & C_NO_LITERALS) == 0) hflags |= F_ALWAYS;
  if (an.beginAnchored) hflags |= F_BEGIN;
  if ((flags & C_NO_LITERALS) == 0 && an.required != null) {
    store<u32>(h + H_LIT, <u32>buildLiteralTable(changetype<Array<Array<u16>>>(an.required)));
    hflags |= F_PREFILTER;
  }
  store<u32>(h + H_FLAGS, hflags);
  return h;
}

function literalBytes(set: Array<Array<u16>>): i32 {
  let n = 0;
  for (let i = 0; i < set.length; i++) n += set[i].length;
  return n;
}


/** Compiles the parsed pattern into the header's program fields. False (error set) when it is too large. */
function attachProgram(h: usize, pr: ParseResult): bool {
  const p = compile(pr.root, pr.ncap);
  if (p == null || hasError()) return false;
  const ninst = p.ninst;
  let ncons = 0;
  countCompile(2 * ninst + p.sets.length);
  for (let pc = 0; pc < ninst; pc++) {
    const op = p.insts[pc * 4] & 0xff;
    if (op == I_BYTE || op == I_SET || op == I_MATCH) ncons++;
  }
  if (<u64>ncons * <u64>p.nslots > MAX_CAPTURE_WORDS) {
    // reported at the first group past what the bound allows with this many consuming instructions
    const over = <i32>(MAX_CAPTURE_WORDS / (<u64>ncons * 2)); // groups 1..over-1 fit
    const at = over >= 1 && over <= pr.ncap ? pr.groupPos[over] : 0;
    setError(at, "pattern too large (" + pr.ncap.toString() + " capture groups over " + ncons.toString() +
      " consuming instructions)");
    return false;
  }
  const setsOff = <usize>ninst * INST_SIZE;
  const progSize = setsOff + <usize>p.sets.length;
  const progPtr = heap.alloc(progSize);
  for (let pc = 0; pc < ninst; pc++) {
    const at = progPtr + (<usize>pc << 4);
    const w0 = p.insts[pc * 4];
    store<u32>(at, w0);
    store<u32>(at, p.insts[pc * 4 + 1], 4);
    let y = p.insts[pc * 4 + 2];
    if ((w0 & 0xff) == I_SET) y += <u32>setsOff;
    store<u32>(at, y, 8);
    store<u32>(at, 0, 12);
  }
  for (let i = 0; i < p.sets.length; i++) store<u8>(progPtr + setsOff + <usize>i, p.sets[i]);
  store<u32>(h + H_NINST, <u32>ninst);
  store<u32>(h + H_ASTART, <u32>p.anchoredStart);
  store<u32>(h + H_USTART, <u32>p.unanchoredStart);
  store<u32>(h + H_NCONS, <u32>ncons);
  store<u32>(h + H_ASSERTS, <u32>p.assertMask);
  store<u32>(h + H_PROG, <u32>progPtr);
  return true;
}

/** Builds the program of a literal-only regex on first need (captures). False if that fails. */
function ensureProgram(h: usize): bool {
  if (load<u32>(h + H_PROG) != 0) return true;
  const pat = <usize>load<u32>(h + H_PAT);
  if (pat == 0) return false;
  clearError();
  const pr = parse(pat, <i32>load<u32>(h + H_PATLEN), <i32>load<u32>(h + H_CFLAGS) & 15);
  if (pr == null || hasError()) return false;
  return attachProgram(h, pr);
}

/** A header with no program, no literals, group count and names. */
function header(ncap: i32, names: Array<string | null>): usize {
  const nslots = 2 * (ncap + 1);
  const h = heap.alloc(HEADER_SIZE);
  memory.fill(h, 0, HEADER_SIZE);
  store<u32>(h + H_NSLOTS, <u32>nslots);
  store<u32>(h + H_NCAP, <u32>ncap);
  store<u32>(h + H_SLOTBUF, <u32>heap.alloc(<usize>nslots << 2));

  // group names: table of (offset, len) per group 0..ncap, then the UTF-8 bytes
  countCompile(2 * ncap);
  let total = 0;
  const enc = new Array<ArrayBuffer | null>(ncap + 1);
  for (let i = 1; i <= ncap; i++) {
    const nm = names[i];
    if (nm != null) {
      const b = String.UTF8.encode(nm);
      enc[i] = b;
      total += b.byteLength;
    }
  }
  const tsize = <usize>(ncap + 1) * 8 + <usize>total;
  const tab = heap.alloc(tsize);
  memory.fill(tab, 0, tsize);
  let off = <usize>(ncap + 1) * 8;
  for (let i = 1; i <= ncap; i++) {
    const b = enc[i];
    if (b == null) continue;
    store<u32>(tab + <usize>i * 8, <u32>off);
    store<u32>(tab + <usize>i * 8, <u32>b.byteLength, 4);
    memory.copy(tab + off, changetype<usize>(b), <usize>b.byteLength);
    off += <usize>b.byteLength;
  }
  store<u32>(h + H_NAMES, <u32>tab);
  store<u32>(h + H_NAMESLEN, <u32>tsize);
  return h;
}

export function regexFree(h: usize): void {
  if (h == 0) return;
  const prog = <usize>load<u32>(h + H_PROG);
  if (prog != 0) heap.free(prog);
  const pat = <usize>load<u32>(h + H_PAT);
  if (pat != 0) heap.free(pat);
  const lit = <usize>load<u32>(h + H_LIT);
  if (lit != 0) freeLiteralTable(lit);
  const pike = <usize>load<u32>(h + H_PIKE);
  if (pike != 0) heap.free(pike);
  const pikecap = <usize>load<u32>(h + H_PIKECAP);
  if (pikecap != 0) heap.free(pikecap);
  const bs = <usize>load<u32>(h + H_BITSTATE);
  if (bs != 0) bitstateFree(bs);
  const dfa = <usize>load<u32>(h + H_DFA);
  if (dfa != 0) dfaFree(dfa);
  heap.free(<usize>load<u32>(h + H_NAMES));
  heap.free(<usize>load<u32>(h + H_SLOTBUF));
  heap.free(h);
}

function pikeScratch(h: usize, stride: u32): usize {
  const field = stride == 2 ? H_PIKE : H_PIKECAP;
  let s = <usize>load<u32>(h + field);
  if (s == 0) {
    s = heap.alloc(pikeScratchSize(load<u32>(h + H_NINST), load<u32>(h + H_NCONS), stride));
    store<u32>(h + field, <u32>s);
  }
  return s;
}

function dfaOf(h: usize): usize {
  let d = <usize>load<u32>(h + H_DFA);
  if (d == 0) {
    d = dfaNew(<usize>load<u32>(h + H_PROG), load<u32>(h + H_NINST), load<u32>(h + H_USTART), load<u32>(h + H_ASTART),
      load<u32>(h + H_ASSERTS));
    store<u32>(h + H_DFA, <u32>d);
  }
  return d;
}

function pike(h: usize, hay: usize, len: usize, start: usize, anchored: bool, earliest: bool, mustEnd: bool,
              nsl: u32, out: usize): bool {
  const ninst = load<u32>(h + H_NINST);
  if (!earliest && (load<u32>(h + H_CFLAGS2) & C_NO_BITSTATE) == 0 && bitstateFits(ninst, len, start)) {
    let b = <usize>load<u32>(h + H_BITSTATE);
    if (b == 0) {
      b = bitstateNew();
      store<u32>(h + H_BITSTATE, <u32>b);
    }
    return bitstateSearch(b, <usize>load<u32>(h + H_PROG), ninst, load<u32>(h + H_ASTART), hay, len, start,
      anchored, mustEnd, nsl, out);
  }
  return pikeSearch(<usize>load<u32>(h + H_PROG), load<u32>(h + H_NINST), load<u32>(h + H_NCONS),
    load<u32>(h + H_ASTART), pikeScratch(h, nsl), hay, len, start, anchored, earliest, mustEnd, nsl, out);
}

/**
 * Before a Pike VM search from 0: false when the DFA proves there is no match at all (the usual case for
 * find/captures on lines that do not match, at DFA speed); true otherwise (or when the DFA cannot say).
 */
function mayMatch(h: usize, flags: u32, hay: usize, len: usize, start: usize, anchored: bool): bool {
  if (start != 0 || (flags & F_DFA_OK) == 0) return true;
  return dfaTest(dfaOf(h), hay, len, anchored || (flags & F_BEGIN) != 0, false) != 0;
}

/** Is there a match anywhere in hay[0..len)? The filter stages' hot call. */
export function regexTest(h: usize, hay: usize, len: usize): bool {
  const flags = load<u32>(h + H_FLAGS);
  if ((flags & F_ALWAYS) != 0) return true;
  const lit = <usize>load<u32>(h + H_LIT);
  if ((flags & F_LITERAL) != 0) return literalFind(lit, hay, hay + len, 0) != hay + len;
  if ((flags & F_PREFILTER) != 0) {
    if (literalFind(lit, hay, hay + len, 0) == hay + len) return false;
  }
  if ((flags & F_DFA_OK) != 0) {
    const r = dfaTest(dfaOf(h), hay, len, (flags & F_BEGIN) != 0, false);
    if (r != DFA_FAIL) return r == 1;
  }
  return pike(h, hay, len, 0, false, true, false, 2, <usize>load<u32>(h + H_SLOTBUF));
}

/** Does the whole of hay[0..len) match (an anchored match at both ends)? */
export function regexFullMatch(h: usize, hay: usize, len: usize): bool {
  const flags = load<u32>(h + H_FLAGS);
  if ((flags & F_LITERAL) != 0) return literalWhole(<usize>load<u32>(h + H_LIT), hay, len);
  if ((flags & F_DFA_OK) != 0) {
    const r = dfaTest(dfaOf(h), hay, len, true, true);
    if (r != DFA_FAIL) return r == 1;
  }
  return pike(h, hay, len, 0, true, true, true, 2, <usize>load<u32>(h + H_SLOTBUF));
}

/**
 * Where a search from `start` may first begin a match, or -1 for none. Matches begin only at code point
 * boundaries: the start or the end of the input, or a byte that is not a UTF-8 continuation byte (10xxxxxx), as
 * the Pike VM seeds them; so a start offset inside a code point moves to the next boundary, and an anchored
 * search there has no match.
 */
function firstStart(hay: usize, len: usize, start: usize, anchored: bool): isize {
  if (start > len) return -1;
  let s = start;
  while (s > 0 && s < len && (load<u8>(hay + s) & 0xc0) == 0x80) {
    if (anchored) return -1;
    s++;
  }
  return <isize>s;
}

/**
 * Leftmost-first match in hay[start..len) (assertions see all of hay). anchored: it must start at `start`.
 * Writes [matchStart, matchEnd] (u32) to out and returns true, or returns false.
 */
export function regexFind(h: usize, hay: usize, len: usize, start0: usize, anchored: bool, out: usize): bool {
  const fs = firstStart(hay, len, start0, anchored);
  if (fs < 0) return false;
  const start = <usize>fs;
  const flags = load<u32>(h + H_FLAGS);
  const lit = <usize>load<u32>(h + H_LIT);
  if ((flags & F_LITERAL) != 0) {
    let hit = hay + len;
    if (anchored) {
      const k = firstLiteralAt(lit, hay + start, hay + len);
      if (k < 0) return false;
      store<u32>(out, <u32>k);
      hit = hay + start;
    } else {
      hit = literalFind(lit, hay + start, hay + len, out);
      if (hit == hay + len) return false;
    }
    // literalFind wrote the index of the literal to out; turn it into the span
    const litLen = literalLength(lit, load<u32>(out));
    store<u32>(out, <u32>(hit - hay));
    store<u32>(out, <u32>(hit - hay + litLen), 4);
    return true;
  }
  if ((flags & F_PREFILTER) != 0 && !anchored) {
    if (literalFind(lit, hay + start, hay + len, 0) == hay + len) return false;
  }
  if (!mayMatch(h, flags, hay, len, start, anchored)) return false;
  return pike(h, hay, len, start, anchored, false, false, 2, out);
}

/** Like regexFind, with every group: writes NSLOTS u32 (NONE = 0xffffffff for a group that did not take part). */
export function regexCaptures(h: usize, hay: usize, len: usize, start0: usize, anchored: bool, out: usize): bool {
  const fs = firstStart(hay, len, start0, anchored);
  if (fs < 0) return false;
  const start = <usize>fs;
  const flags = load<u32>(h + H_FLAGS);
  if ((flags & F_PREFILTER) != 0 || (flags & F_LITERAL) != 0) {
    if (!anchored && literalFind(<usize>load<u32>(h + H_LIT), hay + start, hay + len, 0) == hay + len) return false;
  }
  if (!ensureProgram(h)) return false;
  if (!mayMatch(h, flags, hay, len, start, anchored)) return false;
  return pike(h, hay, len, start, anchored, false, false, load<u32>(h + H_NSLOTS), out);
}

export function regexSlotCount(h: usize): u32 {
  return load<u32>(h + H_NSLOTS);
}

export function regexGroupCount(h: usize): u32 {
  return load<u32>(h + H_NCAP);
}

/** Name of group i as (ptr, len) packed in a u64 (len 0: unnamed). */
export function regexGroupName(h: usize, i: u32): u64 {
  if (i > load<u32>(h + H_NCAP)) return 0;
  const tab = <usize>load<u32>(h + H_NAMES);
  const off = load<u32>(tab + <usize>i * 8);
  const n = load<u32>(tab + <usize>i * 8, 4);
  if (n == 0) return 0;
  return (<u64>(tab + <usize>off) << 32) | <u64>n;
}

import { literalLength, literalWhole } from "./prefilter";
import { firstLiteralAt } from "../scan/literals";
export { NONE };

/** For tests and diagnostics: the F_* flags | 0x100 if the NFA program exists | 0x200 if the DFA cache exists. */
export function regexInfo(h: usize): u32 {
  return load<u32>(h + H_FLAGS) | (load<u32>(h + H_PROG) != 0 ? 0x100 : 0) | (load<u32>(h + H_DFA) != 0 ? 0x200 : 0);
}
