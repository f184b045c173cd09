// What a decoder found in one line: module globals instead of an object per line.
// A decoder sets every field; `dError` != 0 means the line is malformed and the rest is meaningless.

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
