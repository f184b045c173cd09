// Join: partial pieces (CRI `P`, Docker `log` without `\n`) are held per (source, stream) and concatenated
// with no separator; the next full piece completes the record, which keeps the first piece's time and
// attrs. A record is cut only when adding bytes would exceed maxRecordBytes: the held record is filled to
// exactly the cap and emitted `truncated`, and the rest goes on as a new record with the same time.
//
// Hand-off: records go to the `joinOut` queue (mem/record-queue.ts), never straight to rows; the caller
// drains it after each call.
// Content handed to `joinPiece` must stay valid for the whole batch (input window or arena): records of
// pieces that need no holding point straight at it. Held bytes live in the Held buffer, which is reused,
// so records made from it point at an arena copy.
//
// Budget: the caller makes room in the engine-wide held-bytes budget before a piece is held (join itself
// never releases other sources' records). Active Helds sit in `heldAges`, oldest first, so the caller's
// budget can find and release the oldest (`oldestHeld`, `releaseHeld`).

import { arenaAlloc } from "../mem/arena";
import { AgeList, agePush, ageListNew, ageRemove } from "../mem/age-list";
import { FLAG_PARTIAL, FLAG_TRUNCATED } from "../common/record";
import { maxRecordBytes } from "../common/config";
import { C_PIECES_JOINED, count } from "../common/counters";
import { Held, JoinState } from "./held";
import { RecordQueue } from "../mem/record-queue";

/** The records join completed or released in the current call (drained by the caller right after it). */
export const joinOut: RecordQueue = RecordQueue.create();

/** Active held records, oldest first. */
const heldAges: AgeList = ageListNew();

/** The oldest active held record, or 0. */
export function oldestHeld(): usize {
  return heldAges.oldest;
}

function activate(h: Held): void {
  h.active = true;
  agePush(heldAges, changetype<usize>(h), offsetof<Held>("older"));
}

function deactivate(h: Held): void {
  h.active = false;
  ageRemove(heldAges, changetype<usize>(h), offsetof<Held>("older"));
}

/** Queues the held bytes plus [extra, extra+extraLen) as one record (arena copy), then empties the holder. */
function emitHeld(h: Held, extra: usize, extraLen: usize, flags: u8): void {
  const heldLen = h.buf.len;
  let ptr = extra;
  if (heldLen != 0) {
    ptr = arenaAlloc(heldLen + extraLen);
    memory.copy(ptr, h.buf.ptr, heldLen);
    memory.copy(ptr + heldLen, extra, extraLen);
  }
  const attrsLen = h.attrs.len;
  let attrsPtr: usize = 0;
  if (attrsLen != 0) {
    attrsPtr = arenaAlloc(attrsLen);
    memory.copy(attrsPtr, h.attrs.ptr, attrsLen);
  }
  joinOut.push(h.time, ptr, heldLen + extraLen, attrsPtr, attrsLen, h.sourceId, h.lines, h.stream, flags, h.format, 0, 1, h.start);
  h.lines = 0;
  h.buf.truncate(0);
}

/**
 * One piece of content for (js, stream); queues the records it completes (0 or more).
 *   endsLine  the piece's physical line ends here (false for the leading segments of a cut line)
 *   partial   more pieces of the same record follow
 *   start     the input offset of the piece's line
 */
export function joinPiece(
  js: JoinState, stream: u8, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize,
  endsLine: bool, partial: bool, format: u8, start: u64,
): void {
  const h = js.held(stream);
  const cap = maxRecordBytes;
  if (!h.active) {
    // a full line with nothing held: the record points at the content itself
    if (!partial && n <= cap) {
      joinOut.push(time, p, n, attrsPtr, attrsLen, h.sourceId, endsLine ? 1 : 0, stream, 0, format, 0, 1, start);
      return;
    }
    activate(h);
    h.start = start;
    h.time = time;
    h.lines = 0;
    h.format = format;
    h.buf.truncate(0);
    h.attrs.set(attrsPtr, attrsLen);
  }
  if (partial) count(C_PIECES_JOINED);
  // cut while the record would exceed the cap
  while (h.buf.len + n > cap) {
    const take = cap - h.buf.len;
    emitHeld(h, p, take, FLAG_TRUNCATED);
    h.start = start; // the rest begins inside this line (a restart re-reads the line: docs/offsets.md)
    p += take;
    n -= take;
  }
  if (endsLine) h.lines++;
  if (partial) {
    h.buf.append(p, n);
    return;
  }
  emitHeld(h, p, n, 0);
  deactivate(h);
  h.attrs.clear();
  if (h.buf.cap > (256 << 10)) h.buf.clear();
}

/** Queues what is held for one stream as a record flagged partial (flush, close, the budget). */
export function releaseHeld(h: Held): void {
  if (!h.active) return;
  emitHeld(h, 0, 0, FLAG_PARTIAL);
  deactivate(h);
  h.lines = 0;
  h.buf.clear();
  h.attrs.clear();
}
