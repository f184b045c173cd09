// Input offsets, for a host that checkpoints where it is in a file (docs/offsets.md). An offset counts the
// bytes given to a source since it opened, plus the offset `resume` started it at.
//
// doneThrough(s): every line of stream s (0 stdout, 1 stderr, 2 error lines) that ends at or before it
// belongs to a record the engine has already handed on (written as a row, or dropped by a filter). It is the
// first byte of whatever still holds a line of s — the carried tail or the line being cut, a held piece,
// an open group — or the end of the input given so far. heldFrom = the smallest of the three: reading again
// from there loses nothing the engine still holds.
//
// Offsets are valid after any `next` step, not only after a whole window: a host that seals batches between the
// steps of one window (the agent) checkpoints per step.
//
// Within one stream, records are handed on in the order of their lines (join and group are per stream), so
// a host that knows which rows the outputs acknowledged can restart exactly: from the heldFrom it read before
// the first unacknowledged call, with each stream's doneThrough of the last acknowledged call, and `resume`
// then skips the lines of records already acknowledged (counted as resumeSkipped).

import { Source, sourceAt } from "./source";
import { windowRest } from "./engine";

// @ts-ignore: decorator
@inline function min64(a: u64, b: u64): u64 {
  return a < b ? a : b;
}

function doneThrough(s: Source, stream: u32): u64 {
  // between two steps of a window, its bytes after the step's end are not handed on yet
  let d = min64(s.frame.handedThrough, s.frame.consumed - windowRest(s));
  if (stream < 2) {
    const h = s.join.held(<u8>stream);
    if (h.active) d = min64(d, h.start);
    const g = s.group.group(<u8>stream);
    if (g.active) d = min64(d, g.start);
  }
  return d;
}

/** doneThrough of source id's stream (0 stdout, 1 stderr, 2 error lines; 3: heldFrom), or -1 for an unknown source. */
export function sourceDoneThrough(id: u32, stream: u32): f64 {
  const s = sourceAt(id);
  if (s === null || stream > 3) return -1;
  if (stream == 3) return <f64>min64(doneThrough(s, 0), min64(doneThrough(s, 1), doneThrough(s, 2)));
  return <f64>doneThrough(s, stream);
}

/** The offset after the last byte given to source id, or -1 for an unknown source. */
export function sourceConsumed(id: u32): f64 {
  const s = sourceAt(id);
  return s === null ? -1 : <f64>s.frame.consumed;
}

/**
 * Starts a source that has been given nothing yet at input offset `at`, skipping the lines of each stream
 * that end at or before its `done` offset. 0, or -1 for an unknown source or one already given bytes.
 */
export function resume(id: u32, at: f64, doneOut: f64, doneErr: f64, doneUnknown: f64): i32 {
  const s = sourceAt(id);
  if (s === null || s.frame.consumed != 0 || !(at >= 0)) return -1;
  s.frame.consumed = <u64>at;
  s.doneOut = <u64>max(doneOut, 0);
  s.doneErr = <u64>max(doneErr, 0);
  s.doneUnknown = <u64>max(doneUnknown, 0);
  s.resuming = true;
  return 0;
}
