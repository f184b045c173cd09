// One segment of one source: decode it (or continue a cut line) and pass the result to join, or emit an
// error record carrying the raw bytes. See ARCHITECTURE.md "Record semantics".
//
// Format detection (`auto`): a UTF-8 BOM at the start of a source is skipped (in every format). While a
// source is undecided, each line is decoded in the format its first non-blank byte suggests (`{` Docker,
// else CRI); the first line valid in it decides the source. Blank lines do not count; after
// AUTO_LOOKAHEAD non-blank lines with no valid one, the first of them decides.

import { decodeCri } from "../decode/cri";
import { decodeDocker } from "../decode/docker";
import {
  ERR_LINE_TOO_LONG, dAttrsLen, dAttrsPtr, dError, dLogLen, dLogPtr, dPartial, dStream, dTime,
} from "../decode/line";
import { FLAG_ERROR, FORMAT_AUTO, FORMAT_CRI, FORMAT_DOCKER, STREAM_UNKNOWN, emitRow } from "../emit/table";
import { joinPiece } from "../join/join";
import { C_LINES_CUT, count } from "./counters";
import { maxRecordBytes } from "./config";
import { CUT_CRI, CUT_ERROR, CUT_NONE, FORMAT_AT_START, Source } from "./source";

/** Non-blank lines an `auto` source may see without a valid one before its format is fixed. */
export const AUTO_LOOKAHEAD: u32 = 100;

/** The format a line suggests, and 0 for a blank line (only spaces, tabs, '\r'). */
function guessFormat(p: usize, n: usize): u8 {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x20 || c == 0x09 || c == 0x0d) continue;
    return c == 0x7b ? FORMAT_DOCKER : FORMAT_CRI;
  }
  return 0;
}

/** At the source's first segment: clears FORMAT_AT_START; returns the length of a UTF-8 BOM there (0 or 3). */
function sourceStart(src: Source, p: usize, n: usize): usize {
  if ((src.format & FORMAT_AT_START) == 0) return 0;
  src.format &= ~FORMAT_AT_START;
  return n >= 3 && load<u16>(p) == 0xbbef && load<u8>(p, 2) == 0xbf ? 3 : 0;
}

/** An undecided source saw a line that is not valid in the format it suggested. */
function autoMiss(src: Source, guess: u8): void {
  if (guess == 0) return;
  if (src.autoGuess == 0) src.autoGuess = guess;
  if (++src.autoLines >= AUTO_LOOKAHEAD) src.format = src.autoGuess;
}

function emitError(src: Source, p: usize, n: usize, reason: u8, endsLine: bool, format: u8): void {
  emitRow(src.lastTime, p, n, 0, 0, src.id, endsLine ? 1 : 0, STREAM_UNKNOWN, FLAG_ERROR, reason, format);
}

// @ts-ignore: decorator
@inline export function onSegment(src: Source, p: usize, n: usize, endsLine: bool): void {
  if (src.cutMode != CUT_NONE) {
    // a later segment of a cut line
    if (src.cutMode == CUT_CRI) {
      joinPiece(src, src.cutStream, src.lastTime, p, n, 0, 0, endsLine, endsLine ? src.cutPartial : true, FORMAT_CRI);
    } else {
      emitError(src, p, n, src.cutReason, endsLine, src.cutFormat);
    }
    if (endsLine) src.cutMode = CUT_NONE;
    return;
  }
  let format = src.format;
  let undecided = false;
  let guess: u8 = 0;
  if (<u32>format - FORMAT_CRI > <u32>(FORMAT_DOCKER - FORMAT_CRI)) {
    // rare: the source's first segment (a BOM is skipped) or an undecided `auto` source; one compare per line
    const bom = sourceStart(src, p, n);
    p += bom;
    n -= bom;
    format = src.format;
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
      emitError(src, p, n, ERR_LINE_TOO_LONG, false, format);
      src.cutMode = CUT_ERROR;
      src.cutReason = ERR_LINE_TOO_LONG;
      src.cutFormat = format;
      if (undecided) autoMiss(src, guess);
      return;
    }
    decodeDocker(p, n);
  } else {
    decodeCri(p, n);
  }
  if (dError != 0) {
    emitError(src, p, n, dError, endsLine, format);
    if (!endsLine) {
      src.cutMode = CUT_ERROR;
      src.cutReason = dError;
      src.cutFormat = format;
    }
    if (undecided) autoMiss(src, guess);
    return;
  }
  if (undecided) src.format = format;
  src.lastTime = dTime;
  if (!endsLine) {
    src.cutMode = CUT_CRI;
    src.cutStream = dStream;
    src.cutPartial = dPartial;
  }
  // common case inline: a whole full line with nothing held for its stream is one row pointing at the content
  if (endsLine && !dPartial && dLogLen <= maxRecordBytes && !src.held(dStream).active) {
    emitRow(dTime, dLogPtr, dLogLen, dAttrsPtr, dAttrsLen, src.id, 1, dStream, 0, 0, format);
    return;
  }
  joinPiece(src, dStream, dTime, dLogPtr, dLogLen, dAttrsPtr, dAttrsLen, endsLine, endsLine ? dPartial : true, format);
}
