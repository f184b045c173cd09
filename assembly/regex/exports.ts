// Host exports of the regex engine (issue 3). Every name is prefixed regex_.
//
// Protocol: the host allocates a block with regex_alloc, copies the UTF-8 pattern (or an input) into it,
// calls regex_compile / a matcher, and frees its blocks with regex_dealloc. A compiled regex is a handle
// (a pointer) valid until regex_free. Spans are byte offsets. Nothing here traps on any pattern or input.

import { errorMessage, errorPos } from "./errors";
import { H_NINST, regexCaptures, regexCompile, regexFind, regexFree, regexFullMatch, regexGroupCount, regexGroupName, regexInfo, regexSlotCount, regexTest } from "./regex";
import { findByteOverread } from "../scan/literals";
import { compileWorkTotal, resetWork, searchWorkTotal } from "./work";
import { MAX_PATTERN_BYTES } from "./limits";

let errBuf: ArrayBuffer = new ArrayBuffer(0);

export function regex_alloc(len: usize): usize {
  return heap.alloc(len > 0 ? len : 1);
}

export function regex_dealloc(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/**
 * flags: 1 = case-insensitive, 2 = multi-line, 4 = dot matches \n, 8 = swap greedy (the i m s U flags);
 * testing only: 16 = no literal fast paths / prefilter, 32 = no DFA, 64 = no bounded backtracker
 * (16 | 32 | 64: the Pike VM alone).
 */
export function regex_compile(pat: usize, len: i32, flags: i32): usize {
  const h = regexCompile(pat, len, flags & 127);
  if (h == 0) errBuf = String.UTF8.encode(errorMessage());
  return h;
}

export function regex_error_pos(): i32 {
  return errorPos();
}

export function regex_error_message_ptr(): usize {
  return changetype<usize>(errBuf);
}

export function regex_error_message_len(): i32 {
  return errBuf.byteLength;
}

export function regex_free(h: usize): void {
  regexFree(h);
}

export function regex_test(h: usize, p: usize, len: usize): i32 {
  return regexTest(h, p, len) ? 1 : 0;
}

export function regex_full_match(h: usize, p: usize, len: usize): i32 {
  return regexFullMatch(h, p, len) ? 1 : 0;
}

/** Writes [start, end] (u32) at out. */
export function regex_find(h: usize, p: usize, len: usize, start: usize, anchored: i32, out: usize): i32 {
  return regexFind(h, p, len, start, anchored != 0, out) ? 1 : 0;
}

/** Writes regex_slot_count(h) u32 at out: [start0, end0, start1, end1, ...], 0xffffffff for unset groups. */
export function regex_captures(h: usize, p: usize, len: usize, start: usize, anchored: i32, out: usize): i32 {
  return regexCaptures(h, p, len, start, anchored != 0, out) ? 1 : 0;
}

export function regex_slot_count(h: usize): u32 {
  return regexSlotCount(h);
}

export function regex_group_count(h: usize): u32 {
  return regexGroupCount(h);
}

export function regex_group_name_ptr(h: usize, i: u32): usize {
  return <usize>(regexGroupName(h, i) >> 32);
}

export function regex_group_name_len(h: usize, i: u32): u32 {
  return <u32>(regexGroupName(h, i) & 0xffffffff);
}

/**
 * Runs test over every line of p[0..len) (lines end at '\n'; a last line without one counts when non-empty)
 * and returns how many lines match. mode 0: test (search), 1: full match of the line.
 */
export function regex_count_lines(h: usize, p: usize, len: usize, mode: i32): u32 {
  const end = p + len;
  let count: u32 = 0;
  let s = p;
  while (s < end) {
    const nl = findByteOverread(s, end, 0x0a);
    const ok = mode == 1 ? regexFullMatch(h, s, nl - s) : regexTest(h, s, nl - s);
    if (ok) count++;
    s = nl + 1;
  }
  return count;
}

/** Diagnostics: 1 DFA usable, 2 always true, 4 literal-only, 8 prefilter, 16 anchored at \A,
 *  0x100 the NFA program was built, 0x200 the DFA cache exists. */
export function regex_info(h: usize): u32 {
  return regexInfo(h);
}

/** Diagnostics: the NFA program's instruction count (0 if it was not built). */
export function regex_program_size(h: usize): u32 {
  return load<u32>(h + H_NINST);
}

/** Diagnostics (work.ts): compile steps since the last reset, as f64 (exact below 2^53). */
export function regex_debug_compile_work(): f64 {
  return <f64>compileWorkTotal();
}

/** Diagnostics (work.ts): search steps since the last reset, as f64 (exact below 2^53). */
export function regex_debug_search_work(): f64 {
  return <f64>searchWorkTotal();
}

export function regex_debug_reset_work(): void {
  resetWork();
}

/** The longest pattern (assembly/regex/limits.ts); the bindings' MAX_PATTERN_BYTES is tested against it. */
export function regex_max_pattern_bytes(): i32 {
  return MAX_PATTERN_BYTES;
}
