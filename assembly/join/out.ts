// Join's hand-off: the records one join call completed or released, in order, for the caller to pass on
// (engine/sink.ts). Join never writes rows itself. The caller drains the queue right after each join call,
// so it holds the records of one call only: at most maxRecordBytes cuts of one piece plus one.
//
// Record layout (40 bytes): 0 i64 time | 8 u32 ptr | 12 u32 len | 16 u32 attrsPtr | 20 u32 attrsLen |
// 24 u32 source id | 28 u32 lines | 32 u8 stream | 33 u8 flags | 34 u8 format.
// The bytes a record points at live in the input window or the batch arena (never in a Held buffer).

export const OUT_SIZE: usize = 40;

let outPtr: usize = 0;
let outCap: i32 = 0;
export let outCount: i32 = 0;

export function joinOutReset(): void {
  outCount = 0;
}

export function joinOut(
  time: i64, ptr: usize, len: usize, attrsPtr: usize, attrsLen: usize, sourceId: u32, lines: u32, stream: u8,
  flags: u8, format: u8,
): void {
  if (outCount >= outCap) {
    const cap = outCap == 0 ? 16 : outCap * 2;
    outPtr = outCap == 0 ? heap.alloc(<usize>cap * OUT_SIZE) : heap.realloc(outPtr, <usize>cap * OUT_SIZE);
    outCap = cap;
  }
  const r = outPtr + <usize>outCount * OUT_SIZE;
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
  outCount++;
}

/** Address of record i (0 <= i < outCount). */
// @ts-ignore: decorator
@inline export function joinOutAt(i: i32): usize {
  return outPtr + <usize>i * OUT_SIZE;
}
