// Decode's hand-off: what a decoder found in one line, as module globals instead of an object per line.
// Contract: decodeCri / decodeDocker set every field before returning; `dError` != 0 means the line is
// malformed and the other fields are meaningless; [dLogPtr, dLogPtr + dLogLen) and the attrs range live in the
// input window or the batch arena, valid for the whole batch. Read them before decoding another line.
// Globals, not a struct: this is the hottest hand-off (once per line), and wasm globals need no address.

import { ERR_NONE } from "../common/reasons";

export let dError: u8 = 0;
export let dTime: i64 = 0;
export let dStream: u8 = 0;
export let dPartial: bool = false;
export let dLogPtr: usize = 0;
export let dLogLen: usize = 0;
export let dAttrsPtr: usize = 0;
export let dAttrsLen: usize = 0;

// @ts-ignore: decorator
@inline export function fail(reason: u8): void {
  dError = reason;
}

// @ts-ignore: decorator
@inline export function decoded(time: i64, stream: u8, partial: bool, logPtr: usize, logLen: usize,
    attrsPtr: usize, attrsLen: usize): void {
  dError = ERR_NONE;
  dTime = time;
  dStream = stream;
  dPartial = partial;
  dLogPtr = logPtr;
  dLogLen = logLen;
  dAttrsPtr = attrsPtr;
  dAttrsLen = attrsLen;
}
