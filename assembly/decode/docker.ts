// Docker json-file lines: `{"log":"…","stream":"stdout|stderr","time":"RFC3339Nano"[,"attrs":{…}]}`.
// Keys in any order, matched byte for byte; the last of a repeated key wins; other keys are validated and
// ignored; `attrs` is kept as the raw JSON text, repaired only where it is not valid JSON text
// (json-repair.ts). Fast path: Docker writes `log` as `"text\n"` with no other escape, so the content is
// the raw slice before the `\n` escape and nothing is copied.
// Check order (ARCHITECTURE.md): syntax as met, then log, stream, time.

import { arenaAlloc, arenaTrim } from "../mem/arena";
import { findQuoteOrBackslash } from "../scan";
import { STREAM_STDERR, STREAM_STDOUT } from "../common/record";
import { ERR_BAD_JSON, ERR_BAD_STREAM, ERR_BAD_TIMESTAMP, ERR_MISSING_LOG } from "../common/reasons";
import { decodeString, decodedLen, jsonError, skipString } from "./json-string";
import { skipSpace, skipValue } from "./json-skip";
import { decoded, fail } from "./line";
import { parseRfc3339, parsedNs, scanRfc3339 } from "./time";
import { repairJsonValue, repairedLen, repairedPtr } from "./json-repair";

const STREAM_NONE: i32 = -1;

// results of readString
let strPtr: usize = 0;
let strLen: usize = 0;
let strTemp: usize = 0; // arena block to give back after use, 0 when the raw slice was used

/** Reads the string value whose opening quote is at q; the value is [strPtr, strPtr + strLen). */
function readString(q: usize, end: usize): usize {
  const s = findQuoteOrBackslash(q + 1, end);
  if (s < end && load<u8>(s) == 0x22) {
    strPtr = q + 1;
    strLen = s - q - 1;
    strTemp = 0;
    return s + 1;
  }
  const out = arenaAlloc(end - q);
  const after = decodeString(q + 1, end, out);
  if (after == 0) {
    arenaTrim(out, 0);
    return 0;
  }
  arenaTrim(out, decodedLen);
  strPtr = out;
  strLen = decodedLen;
  strTemp = out;
  return after;
}

// @ts-ignore: decorator
@inline function keyIs(k: usize, n: usize, word: u64, wordLen: usize): bool {
  if (n != wordLen) return false;
  // compare up to 6 key bytes; keys here are 3..6 bytes long
  let v: u64 = 0;
  for (let i: usize = 0; i < n; i++) v |= <u64>load<u8>(k + i) << (<u64>i * 8);
  return v == word;
}

const K_LOG: u64 = 0x676f6c;             // "log"
const K_TIME: u64 = 0x656d6974;          // "time"
const K_ATTRS: u64 = 0x7372747461;       // "attrs"
const K_STREAM: u64 = 0x6d6165727473;    // "stream"

// The exact layout moby's json-file driver writes: {"log":"…","stream":"…"[,"attrs":{…}],"time":"…"}
const L_LOG: u64 = 0x223a22676f6c227b;    // {"log":"
const L_STREAM: u64 = 0x6d6165727473222c; // ,"stream
const L_ATTRS: u64 = 0x7372747461222c;    // ,"attrs   (7 bytes; then ":)
const L_TIME: u64 = 0x3a22656d6974222c;   // ,"time":  (then ")

/**
 * The fast path for lines in exactly the layout Docker writes (key order, no spaces). Returns false when the
 * line is anything else, and the general parser decides: both paths agree on every line the fast path takes,
 * since it only takes lines that are valid in every respect.
 */
function decodeDockerFast(p: usize, end: usize): bool {
  if (p + 48 > end || load<u64>(p) != L_LOG) return false;
  let logPtr = p + 8;
  const s = findQuoteOrBackslash(logPtr, end);
  if (s >= end) return false;
  let logLen = s - logPtr;
  let partial = true;
  let q: usize;
  if (load<u8>(s) == 0x22) {
    q = s + 1;
  } else if (s + 3 <= end && load<u16>(s + 1) == 0x226e) {
    partial = false; // the usual `…\n"`: content is the raw slice
    q = s + 3;
  } else {
    // other escapes: decode into the arena
    const out = arenaAlloc(end - logPtr);
    q = decodeString(logPtr, end, out);
    if (q == 0) {
      arenaTrim(out, 0);
      return false;
    }
    arenaTrim(out, decodedLen);
    logPtr = out;
    logLen = decodedLen;
    if (logLen > 0 && load<u8>(out + logLen - 1) == 0x0a) {
      partial = false;
      logLen--;
    }
  }
  // ,"stream":"stdout" | ,"stream":"stderr"   (18 bytes)
  if (q + 19 > end || load<u64>(q) != L_STREAM || load<u32>(q + 8) != 0x73223a22 /* ":"s */) return false;
  const w = load<u64>(q + 11) & 0xffffffffffffff; // 7 bytes: stdout" or stderr"
  let stream: u8;
  if (w == 0x2274756f647473) stream = STREAM_STDOUT;
  else if (w == 0x22727265647473) stream = STREAM_STDERR;
  else return false;
  q += 18;
  let attrsPtr: usize = 0, attrsLen: usize = 0;
  if (q + 10 <= end && (load<u64>(q) & 0xffffffffffffff) == L_ATTRS && load<u16>(q + 7) == 0x3a22) {
    const v = skipSpace(q + 9, end);
    const after = skipValue(v, end);
    if (after == 0) return false;
    attrsPtr = v;
    attrsLen = after - v;
    q = after;
  }
  if (q + 9 > end || load<u64>(q) != L_TIME || load<u8>(q + 8) != 0x22) return false;
  const t = scanRfc3339(q + 9, end);
  if (t == 0 || t + 2 != end || load<u16>(t) != 0x7d22 /* "} */) return false;
  if (attrsLen != 0) {
    repairJsonValue(attrsPtr, attrsLen);
    attrsPtr = repairedPtr;
    attrsLen = repairedLen;
  }
  decoded(parsedNs, stream, partial, logPtr, logLen, attrsPtr, attrsLen);
  return true;
}

export function decodeDocker(p: usize, len: usize): void {
  const end = p + len;
  if (decodeDockerFast(p, end)) return;
  let q = skipSpace(p, end);
  if (q >= end || load<u8>(q) != 0x7b) {
    fail(ERR_BAD_JSON);
    return;
  }
  q = skipSpace(q + 1, end);

  let hasLog = false;
  let logPtr: usize = 0, logLen: usize = 0, logNewline = false;
  let stream: i32 = STREAM_NONE;
  let timeOk = false;
  let time: i64 = 0;
  let attrsPtr: usize = 0, attrsLen: usize = 0;

  if (q < end && load<u8>(q) == 0x7d) {
    q++;
  } else {
    while (true) {
      if (q >= end || load<u8>(q) != 0x22) {
        fail(ERR_BAD_JSON);
        return;
      }
      const k = q + 1;
      q = skipString(k, end);
      if (q == 0) {
        fail(jsonError);
        return;
      }
      const kLen = q - 1 - k;
      q = skipSpace(q, end);
      if (q >= end || load<u8>(q) != 0x3a) {
        fail(ERR_BAD_JSON);
        return;
      }
      q = skipSpace(q + 1, end);
      if (q >= end) {
        fail(ERR_BAD_JSON);
        return;
      }
      const isString = load<u8>(q) == 0x22;
      if (keyIs(k, kLen, K_LOG, 3)) {
        if (isString) {
          q = readLog(q, end);
          if (q == 0) return;
          hasLog = true;
          logPtr = logValuePtr;
          logLen = logValueLen;
          logNewline = logValueNewline;
        } else {
          hasLog = false;
          q = skipValue(q, end);
        }
      } else if (keyIs(k, kLen, K_STREAM, 6)) {
        stream = STREAM_NONE;
        if (isString) {
          q = readString(q, end);
          if (q != 0) {
            if (strLen == 6 && load<u32>(strPtr) == 0x6f647473 && load<u16>(strPtr + 4) == 0x7475) stream = STREAM_STDOUT;
            else if (strLen == 6 && load<u32>(strPtr) == 0x65647473 && load<u16>(strPtr + 4) == 0x7272) stream = STREAM_STDERR;
            if (strTemp != 0) arenaTrim(strTemp, 0);
          }
        } else {
          q = skipValue(q, end);
        }
      } else if (keyIs(k, kLen, K_TIME, 4)) {
        timeOk = false;
        if (isString) {
          q = readString(q, end);
          if (q != 0) {
            timeOk = parseRfc3339(strPtr, strLen);
            time = parsedNs;
            if (strTemp != 0) arenaTrim(strTemp, 0);
          }
        } else {
          q = skipValue(q, end);
        }
      } else if (keyIs(k, kLen, K_ATTRS, 5)) {
        const v = q;
        q = skipValue(q, end);
        attrsPtr = v;
        attrsLen = q - v;
      } else {
        q = skipValue(q, end);
      }
      if (q == 0) {
        fail(jsonError);
        return;
      }
      q = skipSpace(q, end);
      if (q >= end) {
        fail(ERR_BAD_JSON);
        return;
      }
      const c = load<u8>(q);
      if (c == 0x2c) {
        q = skipSpace(q + 1, end);
        continue;
      }
      if (c == 0x7d) {
        q++;
        break;
      }
      fail(ERR_BAD_JSON);
      return;
    }
  }
  if (skipSpace(q, end) != end) {
    fail(ERR_BAD_JSON);
    return;
  }
  if (!hasLog) {
    fail(ERR_MISSING_LOG);
    return;
  }
  if (stream == STREAM_NONE) {
    fail(ERR_BAD_STREAM);
    return;
  }
  if (!timeOk) {
    fail(ERR_BAD_TIMESTAMP);
    return;
  }
  // a log value without its trailing newline is a partial piece; the newline is not content
  let partial = !logNewline;
  if (partial && logLen > 0 && load<u8>(logPtr + logLen - 1) == 0x0a) {
    partial = false;
    logLen--;
  }
  if (attrsLen != 0) {
    repairJsonValue(attrsPtr, attrsLen);
    attrsPtr = repairedPtr;
    attrsLen = repairedLen;
  }
  decoded(time, <u8>stream, partial, logPtr, logLen, attrsPtr, attrsLen);
}

let logValuePtr: usize = 0;
let logValueLen: usize = 0;
let logValueNewline = false; // the fast path consumed a final `\n` escape that is not in [ptr, ptr+len)

/** The `log` value: the raw slice when its only escape is a final `\n`; decoded into the arena otherwise. */
function readLog(q: usize, end: usize): usize {
  const s = findQuoteOrBackslash(q + 1, end);
  if (s + 2 < end && load<u8>(s) == 0x5c && load<u8>(s + 1) == 0x6e && load<u8>(s + 2) == 0x22) {
    logValuePtr = q + 1;
    logValueLen = s - q - 1;
    logValueNewline = true;
    return s + 3;
  }
  const after = readString(q, end);
  if (after == 0) {
    fail(jsonError);
    return 0;
  }
  logValuePtr = strPtr;
  logValueLen = strLen;
  logValueNewline = false;
  return after;
}
