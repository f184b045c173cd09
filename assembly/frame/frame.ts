// Framing: turns the bytes of one source into segments and hands each to `onSegment`.
// A segment is a whole physical line (without its '\n'), or, for a line longer than maxLineBytes, one
// maxLineBytes-long cut of it (endsLine = false) followed eventually by the rest (endsLine = true).
// Cut points depend only on the line, never on how the input was split into pushes.
//
// Invariants:
//   - bytes of an incomplete line are carried in src.tail, which never exceeds maxLineBytes;
//   - a segment handed on lives in the input window or in the batch arena (tail bytes are copied there),
//     so rows may point at it for the whole batch;
//   - one call of `frameStep` hands on at most one segment (the caller checks the row cap between steps);
//   - a source is in `tailAges` exactly while its tail is non-empty. Before a tail grows, the engine-wide
//     budget may cut the oldest tails (`frameCutTail`): their bytes go on as a cut segment, as if the line
//     had reached maxLineBytes there (engine/budget.ts).

import { findByte } from "../scan";
import { arenaAlloc, arenaCopy } from "../mem/arena";
import { maxLineBytes } from "../engine/config";
import { countLine } from "../engine/counters";
import { Source } from "../engine/source";
import { onSegment } from "../engine/segment";
import { makeRoom } from "../engine/budget";
import { AgeList, agePush, ageListNew, ageRemove } from "../mem/age-list";

/** Sources with a carried tail, oldest first. */
const tailAges: AgeList = ageListNew();

/** The source with the oldest carried tail, or 0. */
export function oldestTail(): usize {
  return tailAges.oldest;
}

function tailAppend(src: Source, p: usize, n: usize): void {
  if (n == 0) return;
  const wasEmpty = src.tail.len == 0;
  src.tail.append(p, n);
  if (wasEmpty) agePush(tailAges, changetype<usize>(src), offsetof<Source>("tailOlder"));
}

function tailClear(src: Source): void {
  if (src.tail.len == 0) return;
  src.tail.clear();
  ageRemove(tailAges, changetype<usize>(src), offsetof<Source>("tailOlder"));
}

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
    carry(src, p, end);
    return end;
  }
  let seg = p;
  if (tail.len != 0) {
    seg = joinTail(src, p, n);
    n = tail.len + n;
    tailClear(src);
  }
  onSegment(src, seg, n, endsLine);
  return next;
}

// Out of line: once per window at most, and kept out of the per-line loop's code.

/** The window ends inside a line: its bytes wait in the tail (the budget may make room first). */
function carry(src: Source, p: usize, end: usize): void {
  makeRoom(end - p);
  tailAppend(src, p, end - p);
}

/** The tail's bytes and the rest of their line, together in the arena (no held growth); the tail is kept. */
function joinTail(src: Source, p: usize, n: usize): usize {
  const held = src.tail.len;
  const seg = arenaAlloc(held + n);
  memory.copy(seg, src.tail.ptr, held);
  memory.copy(seg + held, p, n);
  return seg;
}

/** At close: the carried bytes are the source's last line. */
export function frameFinish(src: Source): void {
  const tail = src.tail;
  if (tail.len == 0 && src.cutMode == 0) return;
  const copy = arenaCopy(tail.ptr, tail.len);
  const len = tail.len;
  tailClear(src);
  onSegment(src, copy, len, true);
  countLine();
}

/** Budget pressure: the carried bytes of src go on now as a cut segment of their line (more may follow). */
export function frameCutTail(src: Source): void {
  const len = src.tail.len;
  const copy = arenaCopy(src.tail.ptr, len);
  tailClear(src);
  onSegment(src, copy, len, false);
}
