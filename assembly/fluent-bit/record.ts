// Reads the top-level members of the JSON record Fluent Bit passes (JSON event format): a record from `tail`
// without a parser is {"log":"<raw line>"}; a record Fluent Bit parsed has "stream", "time", "_p" and "log"
// (`multiline.parser cri` or `docker`), and Fluent Bit's kubernetes filter adds a "kubernetes" map. A tick
// from a `dummy` input is {"logsieve":"tick"}.
//
// Contract: readRecord reads only [p, p+n); the spans it sets point inside it (strings without their quotes,
// still escaped; the kubernetes map with its braces). Any byte sequence gives a result, never a trap: a record
// that is not one JSON object reads as "not an object".

import { skipSpace, skipValue } from "../decode/json-skip";
import { decodeString, decodedLen, decodedPlainPrefix, decodedRoundTrips } from "../decode/json-string";
import { memberKey, memberKeyLen, memberValue, membersEnd, membersNext, membersOpen } from "./json-members";

export let isObject: bool = false;
export let logAt: usize = 0;   // 0: no string "log"
export let logEnd: usize = 0;
export let streamAt: usize = 0; // 0: no string "stream"
export let streamEnd: usize = 0;
export let timeAt: usize = 0;  // 0: no string "time"
export let timeEnd: usize = 0;
export let partialAt: usize = 0; // 0: no string "_p"
export let partialEnd: usize = 0;
export let kubeAt: usize = 0;  // 0: no object "kubernetes"
export let kubeEnd: usize = 0;
export let isTick: bool = false;
/** The "log" string decoded while reading (a raw record's only member: one pass instead of skip + decode), at
 *  the `decodeTo` given to readRecord; -1 when it was not (a "stream" came first, or it does not decode). */
export let logDecodedLen: isize = -1;
/** When it was decoded: is the "log" string's text exactly escapeJson's form of the decoded bytes, and how many
 *  decoded bytes come before its first escape (decode/json-string.ts decodedRoundTrips, decodedPlainPrefix)? */
export let logRoundTrips: bool = false;
export let logPlainPrefix: usize = 0;

// key words as little-endian integers
const OPEN_LOG: u64 = 0x223a22676f6c227b; // {"log":"
const K_LOG: u32 = 0x676f6c;          // log
const K_STREAM_0: u32 = 0x65727473;   // stre
const K_STREAM_1: u16 = 0x6d61;       // am
const K_TIME: u32 = 0x656d6974;       // time
const K_P: u16 = 0x705f;              // _p
const K_KUBE_0: u64 = 0x74656e726562756b; // kubernet
const K_KUBE_1: u16 = 0x7365;         // es
const K_LOGSIEVE: u64 = 0x6576656973676f6c; // logsieve
const V_TICK: u32 = 0x6b636974;       // tick

/** Reads the record [p, p+n); sets the spans above. decodeTo has room for n bytes. */
export function readRecord(p: usize, n: usize, decodeTo: usize): void {
  isObject = false;
  isTick = false;
  logDecodedLen = -1;
  logAt = streamAt = timeAt = partialAt = kubeAt = 0;
  const end = p + n;
  // the record of `tail` without a parser, as Fluent Bit writes it: exactly {"log":"…"} (no space, one member)
  if (n >= 10 && load<u64>(p) == OPEN_LOG) {
    const q = decodeString(p + 8, end, decodeTo);
    if (q != 0 && q + 1 == end && load<u8>(q) == 0x7d) {
      logAt = p + 8;
      logEnd = q - 1;
      logDecodedLen = <isize>decodedLen;
      logRoundTrips = decodedRoundTrips;
      logPlainPrefix = decodedPlainPrefix;
      isObject = true;
      return;
    }
  }
  let r = membersOpen(p, end);
  while (r > 0) {
    const k = memberKey, kn = memberKeyLen, v = memberValue;
    let q: usize = 0;
    if (kn == 3 && streamAt == 0 && load<u8>(v) == 0x22 && (load<u32>(k) & 0xffffff) == K_LOG) {
      q = decodeString(v + 1, end, decodeTo);
      if (q != 0) {
        logDecodedLen = <isize>decodedLen;
        logRoundTrips = decodedRoundTrips;
        logPlainPrefix = decodedPlainPrefix;
      }
    }
    if (q == 0) q = skipValue(v, end);
    if (q == 0) return;
    member(k, kn, v, q);
    r = membersNext(q);
  }
  isObject = r == 0 && skipSpace(membersEnd, end) == end;
}

/** Notes member key [k, k+kn) with value [v, ve). */
function member(k: usize, kn: usize, v: usize, ve: usize): void {
  const isString = load<u8>(v) == 0x22;
  if (kn == 3 && isString) {
    if ((load<u32>(k) & 0xffffff) == K_LOG) {
      logAt = v + 1;
      logEnd = ve - 1;
    }
  } else if (kn == 6 && isString) {
    if (load<u32>(k) == K_STREAM_0 && load<u16>(k, 4) == K_STREAM_1) {
      streamAt = v + 1;
      streamEnd = ve - 1;
    }
  } else if (kn == 4 && isString) {
    if (load<u32>(k) == K_TIME) {
      timeAt = v + 1;
      timeEnd = ve - 1;
    }
  } else if (kn == 2 && isString) {
    if (load<u16>(k) == K_P) {
      partialAt = v + 1;
      partialEnd = ve - 1;
    }
  } else if (kn == 10 && load<u8>(v) == 0x7b) {
    if (load<u64>(k) == K_KUBE_0 && load<u16>(k, 8) == K_KUBE_1) {
      kubeAt = v;
      kubeEnd = ve;
    }
  } else if (kn == 8 && isString && ve - v == 6) {
    isTick = load<u64>(k) == K_LOGSIEVE && load<u32>(v + 1) == V_TICK;
  }
}
