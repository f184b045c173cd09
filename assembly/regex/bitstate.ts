// Bounded backtracker ("BitState", as RE2 has): leftmost-first search with captures for small
// program × input products, much faster than the Pike VM on short inputs such as log lines.
//
// Invariants:
// - Linear: a bitmap marks every (pc, position) visited; each pair is explored at most once per search
//   (across all start positions: a pair that was explored and did not lead to a match cannot lead to one
//   later, whatever the capture values), so the work is O(ninst × input). Used only when
//   ninst × (len - start + 1) <= MAX_BITS; otherwise the caller runs the Pike VM.
// - The bitmap is position-major (bit (pos - start) * ninst + pc) and all zero between searches: a search
//   clears only the rows of the positions it reached, when it ends. So a search that stops early (find over a
//   long line, or each step of findAll) costs what it examined, not ninst × the rest of the input. A search
//   that did not end (its job stack could not grow: out of memory, a trap) leaves B_DIRTY set, and the next
//   search clears the whole bitmap first.
// - Depth-first in priority order (SPLIT's x before y) from each start position in increasing order: the first
//   MATCH reached is the leftmost-first match, with its captures.
// - No recursion: an explicit job stack in linear memory holds "explore (pc, pos)" and "restore slot" jobs; it
//   grows by doubling (it cannot exceed 2 × the visited pairs + 1). No managed objects.
// - Like the Pike VM, a search starts only at `start` or at code point boundaries.

import { deadBranch, I_ASSERT, I_BYTE, I_JMP, I_MATCH, I_SAVE, I_SET, I_SPLIT, instAccepts, instW0, instX, instY } from "./prog";
import { assertHolds, NONE } from "./pikevm";
import { countSearch } from "./work";

export const MAX_BITS: usize = 256 * 1024;
const B_BITMAP: usize = 0; // MAX_BITS / 8 bytes
const B_STACKPTR: usize = MAX_BITS / 8;
const B_STACKCAP: usize = B_STACKPTR + 4;
const B_DIRTY: usize = B_STACKCAP + 4; // a search is running (or was interrupted by a trap)
const B_SIZE: usize = B_DIRTY + 4;
const RESTORE: u32 = 0x80000000;

export function bitstateNew(): usize {
  const b = heap.alloc(B_SIZE);
  memory.fill(b + B_BITMAP, 0, MAX_BITS / 8);
  store<u32>(b + B_DIRTY, 0);
  const cap: u32 = 1024;
  store<u32>(b + B_STACKPTR, <u32>heap.alloc(<usize>cap << 3));
  store<u32>(b + B_STACKCAP, cap);
  return b;
}

export function bitstateFree(b: usize): void {
  heap.free(<usize>load<u32>(b + B_STACKPTR));
  heap.free(b);
}

/** Can the backtracker take this search? */
// @ts-ignore: decorator
@inline export function bitstateFits(ninst: u32, len: usize, start: usize): bool {
  return <u64>ninst * <u64>(len - start + 1) <= <u64>MAX_BITS;
}

/** Makes room for `need` more jobs above sp; returns the (possibly moved) stack. */
function reserve(b: usize, sp: u32, need: u32): usize {
  let cap = load<u32>(b + B_STACKCAP);
  let st = <usize>load<u32>(b + B_STACKPTR);
  if (sp + need <= cap) return st;
  while (sp + need > cap) cap *= 2;
  st = heap.realloc(st, <usize>cap << 3);
  store<u32>(b + B_STACKPTR, <u32>st);
  store<u32>(b + B_STACKCAP, cap);
  return st;
}

/**
 * Leftmost-first search of hay[start..len) (the caller checked bitstateFits). Writes nsl slots to out (the
 * capture array during the search) and returns true on a match.
 */
export function bitstateSearch(b: usize, prog: usize, ninst: u32, startPc: u32, hay: usize, len: usize,
                               start: usize, anchored: bool, mustEnd: bool, nsl: u32, out: usize): bool {
  const bitmap = b + B_BITMAP;
  if (load<u32>(b + B_DIRTY) != 0) memory.fill(bitmap, 0, MAX_BITS / 8);
  store<u32>(b + B_DIRTY, 1);
  let maxPos = start; // the furthest position any thread reached: the rows to clear at the end
  let visits: usize = 0;
  memory.fill(out, 0xff, <usize>nsl << 2);
  let st = <usize>load<u32>(b + B_STACKPTR);
  for (let s = start; s <= len; s++) {
    if (s != start) {
      if (anchored) break;
      if (s < len && (load<u8>(hay + s) & 0xc0) == 0x80) continue;
    }
    if (s > maxPos) maxPos = s;
    let sp: u32 = 0;
    st = reserve(b, sp, 1);
    store<u32>(st, startPc);
    store<u32>(st, <u32>s, 4);
    sp = 1;
    while (sp > 0) {
      sp--;
      let pc = load<u32>(st + (<usize>sp << 3));
      let pos = <usize>load<u32>(st + (<usize>sp << 3), 4);
      if ((pc & RESTORE) != 0) {
        store<u32>(out + (<usize>(pc & ~RESTORE) << 2), <u32>pos);
        continue;
      }
      while (true) {
        const bit = (pos - start) * <usize>ninst + <usize>pc;
        const byteAt = bitmap + (bit >> 3);
        const mask = <u8>(1 << <u8>(bit & 7));
        const v = load<u8>(byteAt);
        if ((v & mask) != 0) break;
        store<u8>(byteAt, v | mask);
        visits++;
        const op = instW0(prog, pc) & 0xff;
        if (op == I_BYTE || op == I_SET) {
          if (pos < len && instAccepts(prog, pc, <u32>load<u8>(hay + pos))) {
            pos++;
            if (pos > maxPos) maxPos = pos;
            pc = instX(prog, pc);
            continue;
          }
          break;
        }
        if (op == I_SPLIT) {
          const x = instX(prog, pc);
          const y = instY(prog, pc);
          if (deadBranch(prog, x, hay, len, pos)) { pc = y; continue; } // e.g. the UTF-8 alternatives of '.'
          if (!deadBranch(prog, y, hay, len, pos)) {
            st = reserve(b, sp, 1);
            store<u32>(st + (<usize>sp << 3), y);
            store<u32>(st + (<usize>sp << 3), <u32>pos, 4);
            sp++;
          }
          pc = x;
          continue;
        }
        if (op == I_JMP) {
          pc = instX(prog, pc);
          continue;
        }
        if (op == I_SAVE) {
          const slot = instY(prog, pc);
          if (slot < nsl) {
            st = reserve(b, sp, 1);
            store<u32>(st + (<usize>sp << 3), slot | RESTORE);
            store<u32>(st + (<usize>sp << 3), load<u32>(out + (<usize>slot << 2)), 4);
            sp++;
            store<u32>(out + (<usize>slot << 2), <u32>pos);
          }
          pc = instX(prog, pc);
          continue;
        }
        if (op == I_ASSERT) {
          if (assertHolds(instY(prog, pc), hay, len, pos)) {
            pc = instX(prog, pc);
            continue;
          }
          break;
        }
        if (op == I_MATCH) {
          if (mustEnd && pos != len) break;
          countSearch(visits + clearRows(bitmap, ninst, maxPos - start + 1));
          store<u32>(b + B_DIRTY, 0);
          return true; // slots 0/1 and the groups are in out
        }
        break; // FAIL
      }
    }
  }
  memory.fill(out, 0xff, <usize>nsl << 2);
  countSearch(visits + clearRows(bitmap, ninst, maxPos - start + 1));
  store<u32>(b + B_DIRTY, 0);
  return false;
}

/** Zeroes the bitmap rows of the first `rows` positions; returns the bytes cleared. */
function clearRows(bitmap: usize, ninst: u32, rows: usize): usize {
  const bytes = (rows * <usize>ninst + 7) >> 3;
  memory.fill(bitmap, 0, bytes);
  return bytes;
}
