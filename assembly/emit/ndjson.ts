// NDJSON encoder: the rows of the current table → bytes in the output buffer, one object per line:
// {"time":"…","stream":"…","log":"…"} then, only when set, "attrs", "truncated", "partial", "error",
// "multiline" and "logLines", "level", "__error__" (LogQL kept it with an error), and the source's members
// "file" and "kubernetes" (emit/members.ts).
// The output buffer grows to fit a batch and is reused; `outPtr()` is read after each call.

import { ROW_SIZE, rowCount, tablePtr } from "./table";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../common/record";
import { reasonNameLen, reasonNamePtr } from "../common/reasons";
import { escapeJson } from "./json-escape";
import { escapedTwinOf, twinEnd } from "./escaped-twin";
import { writeTime } from "./time-format";
import { membersOf } from "./members";
import { writeDecimal } from "./decimal";
import { LEVEL_COUNT, LEVEL_LAZY, levelNameLen, levelNamePtr } from "../common/levels";
import { recordLevelInline } from "../enrich/record-level";
import { showLevels } from "../common/config";
import { detectorNameLen, detectorNamePtr } from "../common/detectors";
import { ByteBuf } from "../mem/bytebuf";
import { copyBytes, copyShort } from "../mem/copy";
import { DEBUG } from "../common/debug";

export let outPtr: usize = 0;
let outCap: usize = 0;

/** Makes room for `extra` more bytes at o; returns o (moved if the buffer moved). The check is inline. */
// @ts-ignore: decorator
@inline function reserve(o: usize, extra: usize): usize {
  return o + extra <= outPtr + outCap ? o : grow(o, extra);
}

function grow(o: usize, extra: usize): usize {
  const used = o - outPtr;
  const need = used + extra;
  if (need <= outCap) return o;
  let cap = outCap == 0 ? <usize>(1 << 20) : outCap;
  while (cap < need) cap <<= 1;
  outPtr = outCap == 0 ? heap.alloc(cap) : heap.realloc(outPtr, cap);
  outCap = cap;
  return outPtr + used;
}

// literal pieces, written with memory.copy
const S_TIME = memory.data<u8>([0x7b, 0x22, 0x74, 0x69, 0x6d, 0x65, 0x22, 0x3a, 0x22]); // {"time":"
// `","stream":"<stream>","log":"` as one piece per stream (stdout, stderr: 27 bytes; unknown: 28)
const S_MIDDLE = memory.data<u8>([
  0x22, 0x2c, 0x22, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x22, 0x3a, 0x22, 0x73, 0x74, 0x64, 0x6f, 0x75, 0x74,
  0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x22, 0x3a, 0x22, 0,
  0x22, 0x2c, 0x22, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x22, 0x3a, 0x22, 0x73, 0x74, 0x64, 0x65, 0x72, 0x72,
  0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x22, 0x3a, 0x22, 0,
  0x22, 0x2c, 0x22, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x22, 0x3a, 0x22, 0x75, 0x6e, 0x6b, 0x6e, 0x6f, 0x77,
  0x6e, 0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x22, 0x3a, 0x22,
]);
const S_ATTRS = memory.data<u8>([0x2c, 0x22, 0x61, 0x74, 0x74, 0x72, 0x73, 0x22, 0x3a]); // ,"attrs":
const S_TRUNC = memory.data<u8>([0x2c, 0x22, 0x74, 0x72, 0x75, 0x6e, 0x63, 0x61, 0x74, 0x65, 0x64, 0x22, 0x3a, 0x74, 0x72, 0x75, 0x65]); // ,"truncated":true
const S_PARTIAL = memory.data<u8>([0x2c, 0x22, 0x70, 0x61, 0x72, 0x74, 0x69, 0x61, 0x6c, 0x22, 0x3a, 0x74, 0x72, 0x75, 0x65]); // ,"partial":true
const S_ERROR = memory.data<u8>([0x2c, 0x22, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x22, 0x3a, 0x22]); // ,"error":"
// ,"__error__":"LabelFilterErr" / ,"__error__":"JSONParserErr" (Loki's names), by query error code 1, 2
const S_QERR_LABEL = memory.data<u8>([0x2c, 0x22, 0x5f, 0x5f, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x5f, 0x5f, 0x22, 0x3a, 0x22,
  0x4c, 0x61, 0x62, 0x65, 0x6c, 0x46, 0x69, 0x6c, 0x74, 0x65, 0x72, 0x45, 0x72, 0x72, 0x22]);
const S_QERR_JSON = memory.data<u8>([0x2c, 0x22, 0x5f, 0x5f, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x5f, 0x5f, 0x22, 0x3a, 0x22,
  0x4a, 0x53, 0x4f, 0x4e, 0x50, 0x61, 0x72, 0x73, 0x65, 0x72, 0x45, 0x72, 0x72, 0x22]);
const S_LEVEL = memory.data<u8>([0x2c, 0x22, 0x6c, 0x65, 0x76, 0x65, 0x6c, 0x22, 0x3a, 0x22]); // ,"level":"
// `,"level":"<name>"` per level code in 16-byte slots (at most 16 bytes), and its length (0 for LEVEL_NONE): the
// member is two u64 stores and an advance, with no branch on the level (records of mixed levels mispredict)
const LEVEL_MEMBER = memory.data(<i32>LEVEL_COUNT * 16);
const LEVEL_MEMBER_LEN = memory.data(<i32>LEVEL_COUNT);
for (let code: u32 = 1; code < <u32>LEVEL_COUNT; code++) {
  const m = LEVEL_MEMBER + <usize>code * 16;
  const len = levelNameLen(code);
  copyShort(m, S_LEVEL, 10);
  copyShort(m + 10, levelNamePtr(code), len);
  store<u8>(m + 10 + len, 0x22);
  store<u8>(LEVEL_MEMBER_LEN + <usize>code, <u8>(11 + len));
}


// @ts-ignore: decorator
@inline function put(o: usize, lit: usize, n: usize): usize {
  copyShort(o, lit, n);
  return o + n;
}

/** Bytes at outPtr written by encodeNdjson and the appends after it. */
let outLen: usize = 0;

/** Encodes every row of the table; returns the number of bytes at outPtr. */
export function encodeNdjson(): u32 {
  outLen = 0;
  return encodeNdjsonAppend();
}

/**
 * Encodes every row of the table after the bytes already at outPtr (from encodeNdjson and earlier appends),
 * so the host copies a whole window's NDJSON out once instead of once per `next()` step; returns the total.
 */
export function encodeNdjsonAppend(): u32 {
  let o = reserve(outPtr + outLen, 0);
  // rows of one call come from one source (almost always): look its file member up once per change
  let lastId: u32 = <u32>-1;
  let fileJsonPtr: usize = 0, fileJsonLen: usize = 0;
  for (let i = 0; i < rowCount; i++) {
    const r = tablePtr + <usize>i * ROW_SIZE;
    const logPtr = <usize>load<u32>(r, 8);
    const logLen = <usize>load<u32>(r, 12);
    const attrsPtr = <usize>load<u32>(r, 16);
    const attrsLen = <usize>load<u32>(r, 20);
    const info = load<u32>(r, 32);
    const stream = info & 0xff;
    const flags = (info >> 8) & 0xff;
    const reason = (info >> 16) & 0xff;
    const id = load<u32>(r, 24);
    if (id != lastId) {
      lastId = id;
      const member = membersOf(id);
      fileJsonPtr = member !== null ? member.buf.ptr : 0;
      fileJsonLen = member !== null ? member.buf.len : 0;
    }
    // the level first: its result is only needed after the log is escaped, so detecting it overlaps that work
    // instead of delaying the next write (the output position waits for the level member's length)
    const detector = load<u8>(r, 36);
    let level = <u32>load<u8>(r, 37);
    if (level == <u32>LEVEL_LAZY) level = showLevels ? <u32>recordLevelInline(logPtr, logLen, <u8>stream, detector) : 0;
    else if (!showLevels) level = 0;
    if (DEBUG) assert(level < <u32>LEVEL_COUNT);
    o = reserve(o, 208 + logLen * 6 + attrsLen + fileJsonLen);
    o = put(o, S_TIME, 9);
    o = writeTime(o, load<i64>(r));
    o = put(o, S_MIDDLE + <usize>min(stream, 2) * 28, stream < 2 ? 27 : 28);
    const twin = HOST_INTERPRETED ? escapedTwinOf(logPtr, logLen) : 0;
    if (twin != 0) {
      // the host holds this text already escaped (emit/escaped-twin.ts); never longer than 2× the text
      memory.copy(o, twin, twinEnd() - twin);
      o += twinEnd() - twin;
    } else o = escapeJson(o, logPtr, logLen);
    store<u8>(o, 0x22);
    o++;
    if (attrsLen != 0) {
      o = put(o, S_ATTRS, 9);
      copyBytes(o, attrsPtr, attrsLen);
      o += attrsLen;
    }
    if (flags & FLAG_TRUNCATED) o = put(o, S_TRUNC, 17);
    if (flags & FLAG_PARTIAL) o = put(o, S_PARTIAL, 15);
    if ((flags & FLAG_ERROR) && reasonNameLen(reason) != 0) {
      o = put(o, S_ERROR, 10);
      o = put(o, reasonNamePtr(reason), reasonNameLen(reason));
      store<u8>(o, 0x22);
      o++;
    }
    if (detector != 0) o = writeGroup(o, detector, load<u32>(r, 40));
    const member = LEVEL_MEMBER + (<usize>level << 4);
    store<u64>(o, load<u64>(member));
    store<u64>(o, load<u64>(member, 8), 8);
    o += <usize>load<u8>(LEVEL_MEMBER_LEN + <usize>level);
    const qerr = load<u8>(r, 38);
    if (qerr != 0) o = qerr == 1 ? put(o, S_QERR_LABEL, 29) : put(o, S_QERR_JSON, 28);
    if (fileJsonLen != 0) {
      copyBytes(o, fileJsonPtr, fileJsonLen);
      o += fileJsonLen;
    }
    store<u16>(o, 0x0a7d); // "}\n"
    o += 2;
  }
  outLen = o - outPtr;
  return <u32>outLen;
}

const S_MULTILINE = memory.data<u8>([0x2c, 0x22, 0x6d, 0x75, 0x6c, 0x74, 0x69, 0x6c, 0x69, 0x6e, 0x65, 0x22, 0x3a, 0x22]); // ,"multiline":"
const S_LOG_LINES = memory.data<u8>([0x22, 0x2c, 0x22, 0x6c, 0x6f, 0x67, 0x4c, 0x69, 0x6e, 0x65, 0x73, 0x22, 0x3a]); // ","logLines":

/** `,"multiline":"<detector>","logLines":<n>` for a grouped record (at most 40 bytes). */
function writeGroup(o: usize, detector: u8, logLines: u32): usize {
  o = put(o, S_MULTILINE, 14);
  const len = detectorNameLen(detector);
  o = put(o, detectorNamePtr(detector), len);
  o = put(o, S_LOG_LINES, 13);
  return writeDecimal(o, logLines);
}
