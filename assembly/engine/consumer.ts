// The engine's consumer of frame's segments (frame/frame.ts is generic over it, so the calls are resolved
// at compile time and inlined into the engine's loop): a view of a Source, no state of its own.

import { frameCarry } from "../frame/frame";
import { makeRoom } from "./budget";
import { onSegment } from "./segment";
import { Source } from "./source";

@final @unmanaged
export class SegmentConsumer {
  /** A segment: decode → join → sink. */
  // @ts-ignore: decorator
  @inline segment(p: usize, n: usize, endsLine: bool): void {
    onSegment(changetype<Source>(this), p, n, endsLine);
  }

  /** The window ends inside a line: room in the budget first, then the frame keeps the bytes. */
  carry(p: usize, n: usize): void {
    makeRoom(n);
    frameCarry(changetype<Source>(this).frame, p, n);
  }
}

/** The consumer view of a source (the same address). */
// @ts-ignore: decorator
@inline export function consumerOf(s: Source): SegmentConsumer {
  return changetype<SegmentConsumer>(changetype<usize>(s));
}
