// The engine-wide budget for held bytes (carried tails, held pieces and their attrs of every source).
// Per-source limits (maxLineBytes, maxRecordBytes) bound one source; this bounds all of them together, so
// thousands of sources each holding a large piece cannot exhaust linear memory.
//
// Policy: before held bytes grow by `need`, while heldBytes + need > maxHeldBytes, release the oldest held
// record (a record flagged partial, through the sink; counted in partialReleased and budgetReleases); when
// no record is held, the oldest open group (as it is, unflagged); then cut the oldest carried tail into a segment (its bytes go on as if the line had been
// cut at maxLineBytes there). Nothing is dropped. Only the bytes being added may exceed the budget, by at
// most one piece (maxLineBytes), and only when nothing else is held.
//
// The stages only keep their holders in age order (join: oldestHeld, frame: oldestTail); releasing is
// decided here, and the engine calls `makeRoom` before it lets a stage hold more.
//
// Re-entrancy: releasing emits records and cutting a tail decodes a segment, which may hold bytes and ask
// for room again; that inner call returns at once and the outer loop goes on until the budget holds.

import { heldBytes } from "../mem/held-bytes";
import { maxHeldBytes } from "../common/config";
import { C_BUDGET_RELEASES, count } from "../common/counters";
import { Held } from "../join/held";
import { oldestHeld, releaseHeld } from "../join/join";
import { FrameState } from "../frame/state";
import { frameCutTail, oldestTail, segLen, segPtr } from "../frame/frame";
import { drainGroups, drainJoin } from "./sink";
import { Group } from "../group/state";
import { groupRelease, oldestGroup } from "../group/group";
import { Source } from "./source";

let releasing = false;

/** Decodes a cut tail's segment: engine/segment.ts's onSegment, set by engine.ts when the module starts.
 *  A function reference rather than an import: the budget runs inside onSegment, which is inlined into
 *  the engine's loop and so cannot be inlined into itself. Until set, a cut would be a bug: trap loudly. */
export let cutTailSegment: (src: Source, p: usize, n: usize, endsLine: bool) => void = notSet;

function notSet(src: Source, p: usize, n: usize, endsLine: bool): void {
  unreachable();
}

export function setCutTailSegment(f: (src: Source, p: usize, n: usize, endsLine: bool) => void): void {
  cutTailSegment = f;
}

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
      releaseHeld(changetype<Held>(h));
      drainJoin();
      count(C_BUDGET_RELEASES);
      continue;
    }
    const g = oldestGroup();
    if (g != 0) {
      groupRelease(changetype<Group>(g));
      drainGroups();
      count(C_BUDGET_RELEASES);
      continue;
    }
    const t = oldestTail();
    if (t == 0) break;
    const fs = changetype<FrameState>(t);
    frameCutTail(fs);
    cutTailSegment(Source.ofFrame(fs), segPtr, segLen, false);
    count(C_BUDGET_RELEASES);
  }
  releasing = false;
}
