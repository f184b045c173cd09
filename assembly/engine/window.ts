// The input window: one buffer in linear memory the host copies bytes into before a call — a push's bytes
// (begin), a source path (openSource), a pod or filter text (engine/metadata.ts). Reused across calls; it
// moves when it grows, so the host re-reads its address from inputReserve every time.

import { MAX_WINDOW_BYTES } from "../common/config";

export let inputPtr: usize = 0;
export let inputCap: usize = 0;

/** Makes the input window at least len bytes; returns its address (it may move), or 0 when len is above
 *  MAX_WINDOW_BYTES (the bindings split bigger inputs or refuse them first). */
export function inputReserve(len: u32): usize {
  if (<usize>len > MAX_WINDOW_BYTES) return 0;
  if (<usize>len > inputCap || inputCap == 0) {
    if (inputCap != 0) heap.free(inputPtr);
    let cap: usize = 1 << 16;
    while (cap < <usize>len) cap <<= 1;
    inputPtr = heap.alloc(cap);
    inputCap = cap;
  }
  return inputPtr;
}

