// Framing: turns the bytes of one source into segments. A segment is a whole physical line (without its
// '\n'), or, for a line longer than maxLineBytes, one maxLineBytes-long cut of it (endsLine = false)
// followed eventually by the rest (endsLine = true). Cut points depend only on the line, never on how the
// input was split into pushes (except when the engine's budget cuts a tail early: `frameCutTail`).
//
// Hand-off: frame imports no later stage. `frameStep` and `frameFinish` are generic over a consumer C, any
// class with the two methods below (the engine's SegmentConsumer), resolved at compile time and inlined:
//   c.segment(p, n, endsLine)  a segment [p, p + n) for the next stages;
//   c.carry(p, n)              the window ends inside a line: the consumer makes room in its budget, then
//                              calls `frameCarry(fs, p, n)` (the budget is the engine's; frame never calls it).
// (Passing the segment through globals or a struct instead cost ~5 % on the CRI table bench: V8 keeps wasm
// globals in memory.) `frameCutTail`, the budget's rare path, hands its segment over in segPtr/segLen.
//
// Invariants:
//   - bytes of an incomplete line are carried in fs.tail, which never exceeds maxLineBytes;
//   - a segment handed on lives in the input window or in the batch arena (tail bytes are copied there),
//     so rows may point at it for the whole batch;
//   - one call of `frameStep` hands on at most one segment (the caller checks the row cap between steps);
//   - a FrameState is in `tailAges` exactly while its tail is non-empty.

import { findByte } from "../scan";
import { arenaAlloc, arenaCopy } from "../mem/arena";
import { AgeList, agePush, ageListNew, ageRemove } from "../mem/age-list";
import { maxLineBytes } from "../common/config";
import { countLine } from "../common/counters";
import { FrameState } from "./state";
import { DEBUG } from "../common/debug";

/** frameCutTail's segment. */
export let segPtr: usize = 0;
export let segLen: usize = 0;

/** A host's promise for the current call, in the interpreted build only (engine beginLine: the Fluent Bit module
 *  passes one record a call): the window [lineFrom, lineEnd) is one line whose only '\n' is its last byte, so
 *  the search for it is skipped (there a host call). lineFrom 0: no promise. */
let lineFrom: usize = 0;
let lineEnd: usize = 0;

/** Notes the promise for the window [p, e) (see lineFrom); the caller checked e - 1 holds the only '\n'. */
export function frameOneLine(p: usize, e: usize): void {
  lineFrom = p;
  lineEnd = e;
}

/** Forgets the promise (a new window). */
export function frameAnyLines(): void {
  lineFrom = 0;
}

/** Frame states with a carried tail, oldest first. */
const tailAges: AgeList = ageListNew();

/** The frame state with the oldest carried tail, or 0. */
export function oldestTail(): usize {
  return tailAges.oldest;
}

function tailClear(fs: FrameState): void {
  if (fs.tail.len == 0) return;
  fs.tail.clear();
  ageRemove(tailAges, changetype<usize>(fs), offsetof<FrameState>("older"));
}

/** Processes from p towards end, handing at most one segment (or a carry) to c; returns the new position. */
// @ts-ignore: decorator
@inline export function frameStep<C>(c: C, fs: FrameState, p: usize, end: usize): usize {
  const tail = fs.tail;
  const budget = maxLineBytes - tail.len; // bytes the current segment may still take
  const searchEnd = min(end, p + budget + 1);
  const nl = HOST_INTERPRETED && p == lineFrom && searchEnd == lineEnd ? lineEnd - 1 : findByte(p, searchEnd, 0x0a);
  if (DEBUG) assert(nl == findByte(p, searchEnd, 0x0a));
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
    // the window ends inside the line: the consumer carries it
    // @ts-ignore: C has carry()
    c.carry(p, end - p);
    return end;
  }
  let seg = p;
  if (tail.len != 0) {
    seg = joinTail(fs, p, n);
    n += tail.len;
    tailClear(fs);
  }
  // @ts-ignore: C has segment()
  c.segment(seg, n, endsLine);
  return next;
}

/** Keeps [p, p + n) in the tail (the consumer's carry, after it made room in the budget). */
export function frameCarry(fs: FrameState, p: usize, n: usize): void {
  if (n == 0) return;
  const wasEmpty = fs.tail.len == 0;
  if (wasEmpty) fs.tailStart = <u64>(fs.delta + <i64>p);
  fs.tail.append(p, n);
  if (wasEmpty) agePush(tailAges, changetype<usize>(fs), offsetof<FrameState>("older"));
}

/** The tail's bytes and the rest of their line, together in the arena (no held growth); the tail is kept. */
function joinTail(fs: FrameState, p: usize, n: usize): usize {
  const held = fs.tail.len;
  const seg = arenaAlloc(held + n);
  memory.copy(seg, fs.tail.ptr, held);
  memory.copy(seg + held, p, n);
  return seg;
}

/** At close: the carried bytes are the source's last line, handed to c (nothing when none is left). */
export function frameFinish<C>(c: C, fs: FrameState): void {
  const tail = fs.tail;
  if (tail.len == 0 && fs.cutMode == 0) return;
  const copy = arenaCopy(tail.ptr, tail.len);
  const len = tail.len;
  tailClear(fs);
  countLine();
  // @ts-ignore: C has segment()
  c.segment(copy, len, true);
}

/** Budget pressure: the carried bytes go on now as a cut segment of their line ([segPtr, segPtr + segLen),
 *  not the end of the line: more may follow). */
export function frameCutTail(fs: FrameState): void {
  segPtr = arenaCopy(fs.tail.ptr, fs.tail.len);
  segLen = fs.tail.len;
  tailClear(fs);
}
