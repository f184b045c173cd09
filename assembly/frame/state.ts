// The frame stage's state for one source: the carried bytes of an incomplete line, and whether a line longer
// than maxLineBytes is being cut into segments (and what its later segments are).
//
// Invariants:
//   - tail.len <= maxLineBytes; tail is a held buffer (its bytes count towards the engine-wide budget);
//   - the state is in frame.ts's tail age list exactly while tail.len != 0 (`older`/`newer` are its links);
//   - cutMode != CUT_NONE only between the first and the last segment of one over-long line.
// Unmanaged: laid out inside the composing source's block (`initAt`), its buffers freed by `release`.

import { ByteBuf } from "../mem/bytebuf";

export const CUT_NONE: u8 = 0;
export const CUT_CRI: u8 = 1;    // later segments are content of the same CRI piece
export const CUT_ERROR: u8 = 2;  // later segments are error records with cutReason

@unmanaged
export class FrameState {
  older!: usize; // tail age list links (mem/age-list.ts): keep these two fields first and together
  newer!: usize;
  tail!: ByteBuf;
  cutMode!: u8;
  cutStream!: u8;
  cutPartial!: bool;
  cutReason!: u8;
  cutFormat!: u8;
  // Input offsets (bytes given to the source since it opened, plus the host's starting offset; docs/offsets.md):
  consumed!: u64;   // after the current window
  delta!: i64;      // offset of a window address p = delta + p
  tailStart!: u64;  // offset of the carried tail's first byte (kept after the tail is used: the segment that
                    // completes it starts there)
  cutStart!: u64;   // offset of the line being cut (valid while cutMode != CUT_NONE)

  /** Initialises the state in place at `at` (offsetof<FrameState>() bytes the caller owns). */
  static initAt(at: usize): FrameState {
    const f = changetype<FrameState>(at);
    f.older = 0;
    f.newer = 0;
    f.tail = ByteBuf.createHeld();
    f.cutMode = CUT_NONE;
    f.cutStream = 0;
    f.cutPartial = false;
    f.cutReason = 0;
    f.cutFormat = 0;
    f.consumed = 0;
    f.delta = 0;
    f.tailStart = 0;
    f.cutStart = 0;
    return f;
  }

  /** The window [p, p + len) comes next in the source's input. */
  // @ts-ignore: decorator
  @inline window(p: usize, len: usize): void {
    this.delta = <i64>this.consumed - <i64>p;
    this.consumed += <u64>len;
  }

  /** The offset after which no byte has been handed on (bytes before it: complete lines, or a cut line's
   *  earlier segments). */
  get handedThrough(): u64 {
    if (this.cutMode != CUT_NONE) return this.cutStart;
    return this.tail.len != 0 ? this.tailStart : this.consumed;
  }

  /** Frees what the state owns (not its own bytes, which belong to the composing block). */
  release(): void {
    this.tail.dispose();
  }
}
