// The engine-wide budget for held bytes (carried tails, held pieces and their attrs of every source).
// Per-source limits (maxLineBytes, maxRecordBytes) bound one source; this bounds all of them together, so
// thousands of sources each holding a large piece cannot exhaust linear memory.
//
// Policy: before held bytes grow by `need`, while heldBytes + need > maxHeldBytes, release the oldest held
// record (a row flagged partial, counted in partialReleased and budgetReleases); when no record is held,
// cut the oldest carried tail into a segment (its bytes go on as if the line had been cut at
// maxLineBytes there). Nothing is dropped. Only the bytes being added may exceed the budget, by at most
// one piece (maxLineBytes), and only when nothing else is held.
//
// Re-entrancy: releasing emits rows and cutting a tail decodes a segment, which may hold bytes and ask
// for room again; that inner call returns at once and the outer loop goes on until the budget holds.

import { heldBytes } from "../mem/held-bytes";
import { maxHeldBytes } from "./config";
import { C_BUDGET_RELEASES, count } from "./counters";
import { Held, Source } from "./source";
import { oldestHeld, releaseHeldRecord } from "../join/join";
import { frameCutTail, oldestTail } from "../frame/frame";

let releasing = false;

export function makeRoom(need: usize): void {
  if (heldBytes + need > maxHeldBytes) releaseOldest(need);
}

/** Called at the start of every host call: a call that trapped (memory could not grow) left it set. */
export function budgetCallStart(): void {
  releasing = false;
}

function releaseOldest(need: usize): void {
  if (releasing) return;
  releasing = true;
  while (heldBytes + need > maxHeldBytes) {
    const h = oldestHeld();
    if (h != 0) {
      releaseHeldRecord(changetype<Held>(h));
      count(C_BUDGET_RELEASES);
      continue;
    }
    const s = oldestTail();
    if (s == 0) break;
    frameCutTail(changetype<Source>(s));
    count(C_BUDGET_RELEASES);
  }
  releasing = false;
}
