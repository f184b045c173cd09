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
import { countLine } from "../engine/counters";
import { Source } from "../engine/source";
import { onSegment } from "../engine/segment";

/** Processes from p towards end; returns the new position. */
// @ts-ignore: decorator
@inline export function frameStep(src: Source, p: usize, end: usize): usize {
  const tail = src.tail;
  const budget = maxLineBytes - tail.len; // bytes the current segment may still take
  const searchEnd = min(end, p + budget + 1);
  const nl = findByte(p, searchEnd, 0x0a);
  let n: usize, endsLine: bool, next: usize;
  if (nl < searchEnd) {
    // the line ends inside the budget
    n = nl - p;
    endsLine = true;
    next = nl + 1;
    countLine();
  } else if (searchEnd == p + budget + 1) {
    // more than a segment's worth and no '\n': cut
    n = budget;
    endsLine = false;
    next = p + budget;
  } else {
    // the window ends inside the line: carry
    tail.append(p, end - p);
    return end;
  }
  let seg = p;
  if (tail.len != 0) {
    tail.append(p, n);
    n = tail.len;
    seg = arenaCopy(tail.ptr, n);
    tail.clear();
  }
  onSegment(src, seg, n, endsLine);
  return next;
}

/** At close: the carried bytes are the source's last line. */
export function frameFinish(src: Source): void {
  const tail = src.tail;
  if (tail.len == 0 && src.cutMode == 0) return;
  const copy = arenaCopy(tail.ptr, tail.len);
  const len = tail.len;
  tail.clear();
  onSegment(src, copy, len, true);
  countLine();
}
