// One segment of one source: decode it (or continue a cut line) and pass the result to join, or emit an
// error record carrying the raw bytes. See ARCHITECTURE.md "Record semantics".

import { decodeCri } from "../decode/cri";
import { decodeDocker } from "../decode/docker";
import {
  ERR_LINE_TOO_LONG, dAttrsLen, dAttrsPtr, dError, dLogLen, dLogPtr, dPartial, dStream, dTime,
} from "../decode/line";
import { FLAG_ERROR, FORMAT_AUTO, FORMAT_CRI, FORMAT_DOCKER, STREAM_UNKNOWN, emitRow } from "../emit/table";
import { joinPiece } from "../join/join";
import { C_LINES_CUT, count } from "./counters";
import { maxRecordBytes } from "./config";
import { CUT_CRI, CUT_ERROR, CUT_NONE, Source } from "./source";

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
  if (format == FORMAT_AUTO) {
    format = n > 0 && load<u8>(p) == 0x7b ? FORMAT_DOCKER : FORMAT_CRI;
    src.format = format;
  }
  if (!endsLine) count(C_LINES_CUT);
  if (format == FORMAT_DOCKER) {
    if (!endsLine) {
      // a JSON line cannot be decoded in pieces
      emitError(src, p, n, ERR_LINE_TOO_LONG, false, format);
      src.cutMode = CUT_ERROR;
      src.cutReason = ERR_LINE_TOO_LONG;
      src.cutFormat = format;
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
    return;
  }
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
