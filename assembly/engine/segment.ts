// One segment of one source, through decode and join to the sink: decode it (or continue a cut line), hold
// or complete its piece, or make an error record carrying the raw bytes. See ARCHITECTURE.md "Record
// semantics". The budget is asked for room before a piece is held (join never asks it itself).

import { decodeCri } from "../decode/cri";
import { decodeDocker } from "../decode/docker";
import { autoMiss, guessFormat, sourceStart } from "../decode/detect";
import { dAttrsLen, dAttrsPtr, dError, dLogLen, dLogPtr, dPartial, dStream, dTime } from "../decode/line";
import { ERR_LINE_TOO_LONG } from "../common/reasons";
import { FLAG_ERROR, FORMAT_AUTO, FORMAT_CRI, FORMAT_DOCKER, STREAM_UNKNOWN } from "../common/record";
import { C_LINES_CUT, count } from "../common/counters";
import { maxRecordBytes } from "../common/config";
import { CUT_CRI, CUT_ERROR, CUT_NONE, FrameState } from "../frame/state";
import { joinPiece } from "../join/join";
import { makeRoom } from "./budget";
import { drainJoin, sink } from "./sink";
import { Source } from "./source";
import { inputCap, inputPtr } from "./window";
import { C_RESUME_SKIPPED } from "../common/counters";
import { groupingUsed } from "./sink";

function emitError(src: Source, p: usize, n: usize, reason: u8, endsLine: bool, format: u8): void {
  sink(src.decode.lastTime, p, n, 0, 0, src.id, endsLine ? 1 : 0, STREAM_UNKNOWN, FLAG_ERROR, reason, format, 0);
}

/** A piece for join: room in the budget first when it will be held, then the records it completes. */
function join(
  src: Source, stream: u8, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize, endsLine: bool,
  partial: bool, format: u8, start: u64,
): void {
  if (partial) makeRoom(n + attrsLen);
  joinPiece(src.join, stream, time, p, n, attrsPtr, attrsLen, endsLine, partial, format, start);
  drainJoin();
}

/** The input offset where segment p starts: in the window, its own; else it begins with the carried tail. */
// @ts-ignore: decorator
@inline function segStart(fs: FrameState, p: usize): u64 {
  return p - inputPtr < inputCap ? <u64>(fs.delta + <i64>p) : fs.tailStart;
}

/** After `resume`: true when this segment's line ends at or before the offset its stream was done through. */
function resumeSkips(src: Source, fs: FrameState, p: usize, n: usize, endsLine: bool, stream: u8): bool {
  let e = segStart(fs, p) + <u64>n;
  if (endsLine && e < fs.consumed) e++; // its '\n' (a last line without one ends at the input's end)
  const done = stream == 0 ? src.doneOut : stream == 1 ? src.doneErr : src.doneUnknown;
  if (e > done) return false;
  if (endsLine) count(C_RESUME_SKIPPED);
  return true;
}

function cutError(fs: FrameState, reason: u8, format: u8): void {
  fs.cutMode = CUT_ERROR;
  fs.cutReason = reason;
  fs.cutFormat = format;
}

// @ts-ignore: decorator
@inline export function onSegment(src: Source, p: usize, n: usize, endsLine: bool): void {
  const fs = src.frame;
  const ds = src.decode;
  if (fs.cutMode != CUT_NONE) {
    // a later segment of a cut line
    if (src.resuming && resumeSkips(src, fs, p, n, endsLine, fs.cutMode == CUT_CRI ? fs.cutStream : STREAM_UNKNOWN)) {
      // skipped
    } else if (fs.cutMode == CUT_CRI) {
      join(src, fs.cutStream, ds.lastTime, p, n, 0, 0, endsLine, endsLine ? fs.cutPartial : true, FORMAT_CRI, fs.cutStart);
    } else {
      emitError(src, p, n, fs.cutReason, endsLine, fs.cutFormat);
    }
    if (endsLine) fs.cutMode = CUT_NONE;
    return;
  }
  const p0 = p;
  let format = ds.format;
  let undecided = false;
  let guess: u8 = 0;
  if (<u32>format - FORMAT_CRI > <u32>(FORMAT_DOCKER - FORMAT_CRI)) {
    // rare: the source's first segment (a BOM is skipped) or an undecided `auto` source; one compare per line
    const bom = sourceStart(ds, p, n);
    p += bom;
    n -= bom;
    format = ds.format;
    if (format == FORMAT_AUTO) {
      undecided = true;
      guess = guessFormat(p, n);
      format = guess == 0 ? FORMAT_CRI : guess;
    }
  }
  if (!endsLine) count(C_LINES_CUT);
  if (format == FORMAT_DOCKER) {
    if (!endsLine) {
      // a JSON line cannot be decoded in pieces
      fs.cutStart = segStart(fs, p0);
      if (!src.resuming || !resumeSkips(src, fs, p0, n, false, STREAM_UNKNOWN)) emitError(src, p, n, ERR_LINE_TOO_LONG, false, format);
      cutError(fs, ERR_LINE_TOO_LONG, format);
      if (undecided) autoMiss(ds, guess);
      return;
    }
    decodeDocker(p, n);
  } else {
    decodeCri(p, n);
  }
  if (dError != 0) {
    if (!endsLine) fs.cutStart = segStart(fs, p0);
    if (!src.resuming || !resumeSkips(src, fs, p0, n, endsLine, STREAM_UNKNOWN)) emitError(src, p, n, dError, endsLine, format);
    if (!endsLine) cutError(fs, dError, format);
    if (undecided) autoMiss(ds, guess);
    return;
  }
  if (undecided) ds.format = format;
  ds.lastTime = dTime;
  if (!endsLine) {
    fs.cutStart = segStart(fs, p0);
    fs.cutMode = CUT_CRI;
    fs.cutStream = dStream;
    fs.cutPartial = dPartial;
  }
  if (src.resuming && resumeSkips(src, fs, p0, n, endsLine, dStream)) return;
  // common case inline: a whole full line with nothing held for its stream is one record pointing at the content
  if (endsLine && !dPartial && dLogLen <= maxRecordBytes && !src.join.held(dStream).active) {
    sink(dTime, dLogPtr, dLogLen, dAttrsPtr, dAttrsLen, src.id, 1, dStream, 0, 0, format, groupingUsed ? segStart(fs, p0) : 0);
    return;
  }
  join(src, dStream, dTime, dLogPtr, dLogLen, dAttrsPtr, dAttrsLen, endsLine, endsLine ? dPartial : true, format, segStart(fs, p0));
}

/** onSegment as a call, for the budget (which runs inside onSegment: it cannot be inlined into itself). */
export function onSegmentCall(src: Source, p: usize, n: usize, endsLine: bool): void {
  onSegment(src, p, n, endsLine);
}
