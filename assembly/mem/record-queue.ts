// A queue of records in linear memory: how a stage hands the records of one call to the next (join → sink,
// group → sink). The caller drains it right after each call, so it holds the records of one call only.
// Draining is not re-entrant: a drain that starts while one is running returns at once, and the running one
// also takes what was queued meanwhile (`head` < `count`), so records keep their order and none is taken
// twice. `reset` (at the start of every host call) clears a drain a trap interrupted.
//
// Record layout (48 bytes): 0 i64 time | 8 u32 ptr | 12 u32 len | 16 u32 attrsPtr | 20 u32 attrsLen |
// 24 u32 source id | 28 u32 lines | 32 u8 stream | 33 u8 flags | 34 u8 format | 35 u8 detector |
// 36 u32 logLines | 40 u64 start (input offset of the record's first line: docs/offsets.md; join's records
// only, group's carry 0).
// The bytes a record points at live in the input window or the batch arena (never in a held buffer).
// Unmanaged: one per stage, allocated once; its block grows by doubling and is kept.

export const REC_SIZE: usize = 48;

@unmanaged
export class RecordQueue {
  ptr!: usize;
  cap!: i32;
  count!: i32;
  head!: i32;     // the next record to drain
  draining!: bool;

  static create(): RecordQueue {
    const q = changetype<RecordQueue>(heap.alloc(offsetof<RecordQueue>()));
    q.ptr = 0;
    q.cap = 0;
    q.count = 0;
    q.head = 0;
    q.draining = false;
    return q;
  }

  push(
    time: i64, ptr: usize, len: usize, attrsPtr: usize, attrsLen: usize, sourceId: u32, lines: u32, stream: u8,
    flags: u8, format: u8, detector: u8, logLines: u32, start: u64,
  ): void {
    if (this.count >= this.cap) {
      const cap = this.cap == 0 ? 16 : this.cap * 2;
      this.ptr = this.cap == 0 ? heap.alloc(<usize>cap * REC_SIZE) : heap.realloc(this.ptr, <usize>cap * REC_SIZE);
      this.cap = cap;
    }
    const r = this.ptr + <usize>this.count * REC_SIZE;
    store<i64>(r, time, 0);
    store<u32>(r, <u32>ptr, 8);
    store<u32>(r, <u32>len, 12);
    store<u32>(r, <u32>attrsPtr, 16);
    store<u32>(r, <u32>attrsLen, 20);
    store<u32>(r, sourceId, 24);
    store<u32>(r, lines, 28);
    store<u8>(r, stream, 32);
    store<u8>(r, flags, 33);
    store<u8>(r, format, 34);
    store<u8>(r, detector, 35);
    store<u32>(r, logLines, 36);
    store<u64>(r, start, 40);
    this.count++;
  }

  /** Address of record i (0 <= i < count). */
  // @ts-ignore: decorator
  @inline at(i: i32): usize {
    return this.ptr + <usize>i * REC_SIZE;
  }

  reset(): void {
    this.count = 0;
    this.head = 0;
    this.draining = false;
  }
}
