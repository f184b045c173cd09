// The candidate map of one call's input window: start.ts's scan for candidate bytes done once, in one pass, for
// every byte the host pushed (candidates.ts markCandidates), instead of line by line. A line whose content lies
// inside the marked window and holds no marked byte has no candidate (the map is a superset of every line's
// own candidates), so its start-state scan finds nothing: the group stage passes such a line without running
// the detector when nothing else could apply (index.ts plainLine).
//
// State: the marked window [winPtr, winPtr + winLen) and the candidate kinds it was marked for (winKeep); winLen
// is 0 outside a call that marked one. The engine forgets the map at the start of every call (the window's bytes
// change between calls) and marks it in `begin` for a source with detectors on.
// Memory: one bit per window byte (an eighth of the input window), kept and grown like the window itself.

import { markCandidates, nextCandidate } from "./candidates";

let winPtr: usize = 0;
let winLen: usize = 0;
let winKeep: u32 = 0;
let bits: usize = 0;
let bitsCap: usize = 0;

/** Marks the candidates of kinds `keep` in [p, p+n), the call's input window. */
export function windowMark(p: usize, n: usize, keep: u32): void {
  const need = ((n + 63) >> 6) << 3; // whole u64 words (anyMarked reads words)
  if (need > bitsCap) {
    if (bitsCap != 0) heap.free(bits);
    let cap: usize = 1 << 12;
    while (cap < need) cap <<= 1;
    bits = heap.alloc(cap);
    bitsCap = cap;
  }
  if (need != 0) store<u64>(bits + need - 8, 0); // the last word's bits above n read as unmarked
  markCandidates(p, n, keep, bits);
  winPtr = p;
  winLen = n;
  winKeep = keep;
}

/** Forgets the map (the window's bytes are about to change). */
export function windowForget(): void {
  winLen = 0;
}

/** Does the line [p, p+n) hold no candidate of kinds `keep`? Read from the map when the line lies wholly inside
 *  the window marked for those kinds; else (a joined record, a call without a map) the line is scanned. */
export function windowClear(p: usize, n: usize, keep: u32): bool {
  const from = p - winPtr;
  if (keep != winKeep || from > winLen || n > winLen - from) return nextCandidate(p, n, 0, keep) == n; // (p < winPtr wraps: from > winLen)
  return !anyMarked(from, from + n);
}

/** Is any bit in [from, to) of the map set? Reads whole u64 words of the map, from the word holding bit `from` to
 *  the one holding bit to-1 (windowMark pads the map to a whole word). */
function anyMarked(from: usize, to: usize): bool {
  if (from >= to) return false;
  let w = from >> 6;
  const last = (to - 1) >> 6;
  let m = load<u64>(bits + (w << 3)) & (<u64>-1 << <u64>(from & 63));
  while (w < last) {
    if (m != 0) return true;
    w++;
    m = load<u64>(bits + (w << 3));
  }
  return (m & (<u64>-1 >> <u64>(63 - ((to - 1) & 63)))) != 0;
}
