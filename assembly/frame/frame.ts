// Framing: turns the bytes of one source into segments and hands each to `onSegment`.
// A segment is a whole physical line (without its '\n'), or, for a line longer than maxLineBytes, one
// maxLineBytes-long cut of it (endsLine = false) followed eventually by the rest (endsLine = true).
// Cut points depend only on the line, never on how the input was split into pushes.
//
// Invariants:
//   - bytes of an incomplete line are carried in src.tail, which never exceeds maxLineBytes;
//   - a segment handed on lives in the input window or in the batch arena (tail bytes are copied there),
//     so rows may point at it for the whole batch;
//   - one call of `frameStep` hands on at most one segment (the caller checks the row cap between steps).

import { findByte } from "../scan";
import { arenaCopy } from "../mem/arena";
import { maxLineBytes } from "../engine/config";
import { C_LINES_IN, count } from "../engine/counters";
import { Source } from "../engine/source";
import { onSegment } from "../engine/segment";

/** Processes from p towards end; returns the new position. */
export function frameStep(src: Source, p: usize, end: usize): usize {
  const tail = src.tail;
  const budget = maxLineBytes - tail.len; // bytes the current segment may still take
  const searchEnd = min(end, p + budget + 1);
  const nl = findByte(p, searchEnd, 0x0a);
  if (nl < searchEnd) {
    // the line ends inside the budget
    const n = nl - p;
    if (tail.len == 0) {
      onSegment(src, p, n, true);
    } else {
      tail.append(p, n);
      const copy = arenaCopy(tail.ptr, tail.len);
      const len = tail.len;
      tail.clear();
      onSegment(src, copy, len, true);
    }
    count(C_LINES_IN);
    return nl + 1;
  }
  if (searchEnd == p + budget + 1) {
    // more than a segment's worth and no '\n': cut
    if (tail.len == 0) {
      onSegment(src, p, budget, false);
    } else {
      tail.append(p, budget);
      const copy = arenaCopy(tail.ptr, tail.len);
      const len = tail.len;
      tail.clear();
      onSegment(src, copy, len, false);
    }
    return p + budget;
  }
  // the window ends inside the line: carry
  tail.append(p, end - p);
  return end;
}

/** At close: the carried bytes are the source's last line. */
export function frameFinish(src: Source): void {
  const tail = src.tail;
  if (tail.len == 0 && src.cutMode == 0) return;
  const copy = arenaCopy(tail.ptr, tail.len);
  const len = tail.len;
  tail.clear();
  onSegment(src, copy, len, true);
  count(C_LINES_IN);
}
