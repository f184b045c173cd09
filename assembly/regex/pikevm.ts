// Pike VM: the always-correct, linear-time matcher (O(input × program)), with capture slots.
//
// Invariants:
// - No managed objects: the VM works on a scratch block in linear memory owned by the regex (allocated on
//   first use, freed with the regex; one block per slot stride: 2 for find/test, all slots for captures).
//   Layout (u32 words): two lists, each [count, sparse[ninst], dense[ninst], tcount, tpc[ncons],
//   slots[ncons * stride]] (sparse/dense: the pcs visited at this position; tpc: the threads, i.e. the visited
//   BYTE/SET/MATCH pcs in priority order, ncons = how many such instructions the program has), then the epsilon
//   stack (2 words per entry, at most 2 * ninst + 2 entries), then temp slots [stride], then match slots [stride].
// - A thread list is a sparse set over pcs: every pc is added at most once per input position, which bounds
//   the work per byte by the program size and makes empty loops terminate.
// - Leftmost-first: threads are kept in priority order; a new search thread is seeded after all carried
//   threads (lowest priority), and once a thread reaches MATCH every lower-priority thread is cut.
// - Matches start only at code point boundaries (a byte that is not 10xxxxxx, or the end), so an empty match
//   never splits a UTF-8 sequence.
// - Slots hold positions or NONE (0xffffffff). Only the first `nsl` slots are tracked (2 for find, all for
//   captures); SAVEs of other slots are followed without recording.

import { deadBranch, I_ASSERT, I_BYTE, I_JMP, I_MATCH, I_SAVE, I_SET, I_SPLIT, instAccepts, instW0, instX, instY, isWordByte } from "./prog";
import { Assert } from "./ast";
import { countSearch } from "./work";

export const NONE: u32 = 0xffffffff;
const RESTORE: u32 = 0x80000000;

export function pikeScratchSize(ninst: u32, ncons: u32, stride: u32): usize {
  return (listSize(ninst, ncons, stride) << 1) + (<usize>(2 * ninst + 2) << 3) + (<usize>(2 * stride) << 2);
}

// @ts-ignore: decorator
@inline function listSize(ninst: u32, ncons: u32, stride: u32): usize {
  return <usize>(2 + 2 * <usize>ninst + <usize>ncons + <usize>ncons * <usize>stride) << 2;
}

export function assertHolds(kind: u32, hay: usize, len: usize, pos: usize): bool {
  switch (kind) {
    case Assert.BeginText: return pos == 0;
    case Assert.EndText: return pos == len;
    case Assert.BeginLine: return pos == 0 || load<u8>(hay + pos - 1) == 0x0a;
    case Assert.EndLine: return pos == len || load<u8>(hay + pos) == 0x0a;
    case Assert.CpBoundary: return pos >= len || (load<u8>(hay + pos) & 0xc0) != 0x80;
    case Assert.WordB:
    case Assert.NotWordB: {
      const a = pos > 0 && isWordByte(load<u8>(hay + pos - 1));
      const b = pos < len && isWordByte(load<u8>(hay + pos));
      return (a != b) == (kind == Assert.WordB);
    }
  }
  return false;
}

// @ts-ignore: decorator
@inline function contains(list: usize, ninst: u32, pc: u32): bool {
  const i = load<u32>(list + 4 + (<usize>pc << 2));
  return i < load<u32>(list) && load<u32>(list + 4 + (<usize>ninst << 2) + (<usize>i << 2)) == pc;
}

/** Adds pc and its epsilon closure at `pos` to `list`, with the slot values in `tmp`. */
function addThread(prog: usize, ninst: u32, ncons: u32, nsl: u32, list: usize, stack: usize, tmp: usize,
                   pc0: u32, hay: usize, len: usize, pos: usize): void {
  const dense = list + 4 + (<usize>ninst << 2);
  const tcountP = dense + (<usize>ninst << 2);
  const tpc = tcountP + 4;
  const slots = tpc + (<usize>ncons << 2);
  let sp: usize = 0;
  store<u32>(stack, pc0);
  store<u32>(stack, 0, 4);
  sp = 1;
  while (sp > 0) {
    sp--;
    let pc = load<u32>(stack + (sp << 3));
    if ((pc & RESTORE) != 0) {
      store<u32>(tmp + (<usize>(pc & ~RESTORE) << 2), load<u32>(stack + (sp << 3), 4));
      continue;
    }
    while (true) {
      if (contains(list, ninst, pc)) break;
      const n = load<u32>(list);
      store<u32>(list + 4 + (<usize>pc << 2), n);
      store<u32>(dense + (<usize>n << 2), pc);
      store<u32>(list, n + 1);
      const w = instW0(prog, pc);
      const op = w & 0xff;
      if (op == I_JMP) {
        pc = instX(prog, pc);
        continue;
      }
      if (op == I_SPLIT) {
        const x = instX(prog, pc);
        const y = instY(prog, pc);
        if (deadBranch(prog, x, hay, len, pos)) { pc = y; continue; } // dies at the next byte anyway
        if (!deadBranch(prog, y, hay, len, pos)) {
          store<u32>(stack + (sp << 3), y);
          sp++;
        }
        pc = x;
        continue;
      }
      if (op == I_SAVE) {
        const s = instY(prog, pc);
        if (s < nsl) {
          store<u32>(stack + (sp << 3), s | RESTORE);
          store<u32>(stack + (sp << 3), load<u32>(tmp + (<usize>s << 2)), 4);
          sp++;
          store<u32>(tmp + (<usize>s << 2), <u32>pos);
        }
        pc = instX(prog, pc);
        continue;
      }
      if (op == I_ASSERT) {
        if (!assertHolds(instY(prog, pc), hay, len, pos)) break;
        pc = instX(prog, pc);
        continue;
      }
      if (op == I_BYTE || op == I_SET || op == I_MATCH) {
        const t = load<u32>(tcountP);
        if (t < ncons) { // always true: each such pc is added at most once per position
          store<u32>(tpc + (<usize>t << 2), pc);
          memory.copy(slots + (<usize>t * nsl << 2), tmp, <usize>nsl << 2);
          store<u32>(tcountP, t + 1);
        }
      }
      break;
    }
  }
}

/**
 * Searches hay[start..len) (assertions see the whole hay). anchored: the match must start at `start`.
 * earliest: stop at the first match found (test). mustEnd: only a match ending at len counts (full match). On a match returns true and writes nsl slots to out.
 */
export function pikeSearch(prog: usize, ninst: u32, ncons: u32, startPc: u32, scratch: usize,
                           hay: usize, len: usize, start: usize, anchored: bool, earliest: bool,
                           mustEnd: bool, nsl: u32, out: usize): bool {
  const lsz = listSize(ninst, ncons, nsl);
  const toff = (<usize>(1 + 2 * ninst)) << 2; // offset of tcount in a list
  let clist = scratch;
  let nlist = scratch + lsz;
  const stack = scratch + 2 * lsz;
  const tmp = stack + (<usize>(2 * ninst + 2) << 3);
  const msl = tmp + (<usize>nsl << 2);
  store<u32>(clist, 0);
  store<u32>(clist + toff, 0);
  store<u32>(nlist, 0);
  store<u32>(nlist + toff, 0);
  let matched = false;
  let pos = start;
  while (true) {
    if (!matched && (pos == start || !anchored)) {
      if (pos >= len || (load<u8>(hay + pos) & 0xc0) != 0x80 || pos == start) {
        memory.fill(tmp, 0xff, <usize>nsl << 2);
        addThread(prog, ninst, ncons, nsl, clist, stack, tmp, startPc, hay, len, pos);
      }
    }
    const cnt = load<u32>(clist + toff);
    countSearch(<usize>load<u32>(clist) + 1); // the pcs this position's closure visited, and the position
    if (cnt == 0) {
      if (matched || anchored || pos >= len) break;
      store<u32>(clist, 0); // forget the pcs the failed seed visited
      pos++;
      continue;
    }
    store<u32>(nlist, 0);
    store<u32>(nlist + toff, 0);
    const tpc = clist + toff + 4;
    const slots = tpc + (<usize>ncons << 2);
    const b: u32 = pos < len ? <u32>load<u8>(hay + pos) : 0x100;
    for (let i: u32 = 0; i < cnt; i++) {
      const pc = load<u32>(tpc + (<usize>i << 2));
      const op = instW0(prog, pc) & 0xff;
      if (op == I_MATCH) {
        if (mustEnd && pos != len) continue;
        memory.copy(msl, slots + (<usize>i * nsl << 2), <usize>nsl << 2);
        matched = true;
        if (earliest) {
          memory.copy(out, msl, <usize>nsl << 2);
          return true;
        }
        break; // cut lower-priority threads
      }
      if ((op == I_BYTE || op == I_SET) && b < 0x100 && instAccepts(prog, pc, b)) {
        memory.copy(tmp, slots + (<usize>i * nsl << 2), <usize>nsl << 2);
        addThread(prog, ninst, ncons, nsl, nlist, stack, tmp, instX(prog, pc), hay, len, pos + 1);
      }
    }
    if (pos >= len) break;
    pos++;
    const sw = clist;
    clist = nlist;
    nlist = sw;
  }
  if (matched) memory.copy(out, msl, <usize>nsl << 2);
  return matched;
}
