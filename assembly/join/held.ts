// The join stage's state for one source: one holder per stream (stdout, stderr) for a record whose pieces are
// still coming (CRI `P`, Docker `log` without `\n`).
//
// Invariants:
//   - a Held is in join.ts's held age list exactly while it is active (`older`/`newer` are its links);
//   - buf and attrs are held buffers (their bytes count towards the engine-wide budget);
//   - buf.len <= maxRecordBytes between calls.
// Unmanaged: Helds are allocated when the source opens and freed when it closes; a JoinState is laid out
// inside the composing source's block (`initAt`) and frees its Helds in `release`.

import { ByteBuf } from "../mem/bytebuf";

@unmanaged
export class Held {
  older!: usize; // age list links (mem/age-list.ts): keep these two fields first and together
  newer!: usize;
  sourceId!: u32;
  stream!: u8;
  active!: bool;
  format!: u8;
  time!: i64;
  lines!: u32;
  start!: u64; // input offset of the held record's first line (docs/offsets.md)
  buf!: ByteBuf;
  attrs!: ByteBuf;

  static create(sourceId: u32, stream: u8): Held {
    const h = changetype<Held>(heap.alloc(offsetof<Held>()));
    h.older = 0;
    h.newer = 0;
    h.sourceId = sourceId;
    h.stream = stream;
    h.active = false;
    h.format = 0;
    h.time = 0;
    h.lines = 0;
    h.start = 0;
    h.buf = ByteBuf.createHeld();
    h.attrs = ByteBuf.createHeld();
    return h;
  }

  dispose(): void {
    this.buf.dispose();
    this.attrs.dispose();
    heap.free(changetype<usize>(this));
  }
}

@unmanaged
export class JoinState {
  out!: Held;
  err!: Held;

  /** Initialises the state in place at `at` (offsetof<JoinState>() bytes the caller owns). */
  static initAt(at: usize, sourceId: u32): JoinState {
    const j = changetype<JoinState>(at);
    j.out = Held.create(sourceId, 0);
    j.err = Held.create(sourceId, 1);
    return j;
  }

  // @ts-ignore: decorator
  @inline held(stream: u8): Held {
    return stream == 0 ? this.out : this.err;
  }

  /** Frees the holders (not the state's own bytes, which belong to the composing block). */
  release(): void {
    this.out.dispose();
    this.err.dispose();
  }
}
