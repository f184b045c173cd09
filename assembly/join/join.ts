// Join: partial pieces (CRI `P`, Docker `log` without `\n`) are held per (source, stream) and concatenated
// with no separator; the next full piece completes the record, which keeps the first piece's time and
// attrs. A record is cut only when adding bytes would exceed maxRecordBytes: the held record is filled to
// exactly the cap and emitted `truncated`, and the rest goes on as a new record with the same time.
//
// Content handed to `joinPiece` must stay valid for the whole batch (input window or arena): rows of
// pieces that need no holding point straight at it. Held bytes live in the Held buffer, which is reused,
// so rows made from it point at an arena copy.
//
// Budget: before a piece is held, the engine-wide budget may release the oldest held records (this one
// included) as rows flagged partial (engine/budget.ts). Active Helds sit in `heldAges`, oldest first.

import { arenaAlloc } from "../mem/arena";
import { FLAG_PARTIAL, FLAG_TRUNCATED, emitRow } from "../emit/table";
import { maxRecordBytes } from "../engine/config";
import { C_PIECES_JOINED, count } from "../engine/counters";
import { Held, Source } from "../engine/source";
import { makeRoom } from "../engine/budget";
import { AgeList, agePush, ageListNew, ageRemove } from "../mem/age-list";

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

/** Emits the held bytes plus [extra, extra+extraLen) as one row (arena copy), then resets the holder. */
function emitHeld(src: Source, stream: u8, h: Held, extra: usize, extraLen: usize, flags: u8): void {
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
  emitRow(h.time, ptr, heldLen + extraLen, attrsPtr, attrsLen, src.id, h.lines, stream, flags, 0, h.format);
  h.lines = 0;
  h.buf.truncate(0);
}

/**
 * One piece of content for (src, stream).
 *   endsLine  the piece's physical line ends here (false for the leading segments of a cut line)
 *   partial   more pieces of the same record follow
 */
export function joinPiece(
  src: Source, stream: u8, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize,
  endsLine: bool, partial: bool, format: u8,
): void {
  const h = src.held(stream);
  const cap = maxRecordBytes;
  if (partial) makeRoom(n + attrsLen);
  if (!h.active) {
    // common case: a full line with nothing held — the row points at the content itself
    if (!partial && n <= cap) {
      emitRow(time, p, n, attrsPtr, attrsLen, src.id, endsLine ? 1 : 0, stream, 0, 0, format);
      return;
    }
    activate(h);
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
    emitHeld(src, stream, h, p, take, FLAG_TRUNCATED);
    p += take;
    n -= take;
  }
  if (endsLine) h.lines++;
  if (partial) {
    h.buf.append(p, n);
    return;
  }
  emitHeld(src, stream, h, p, n, 0);
  deactivate(h);
  h.attrs.clear();
  if (h.buf.cap > (256 << 10)) h.buf.clear();
}

/** Releases what is held for one stream as a row flagged partial (flush / close). */
export function releaseHeld(src: Source, stream: u8): void {
  const h = src.held(stream);
  if (!h.active) return;
  emitHeld(src, stream, h, 0, 0, FLAG_PARTIAL);
  deactivate(h);
  h.reset();
}

/** Releases one held record (the budget's oldest) as a row flagged partial. */
export function releaseHeldRecord(h: Held): void {
  releaseHeld(changetype<Source>(h.owner), h.stream);
}
