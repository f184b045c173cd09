// Stream labels of a record, as LogQL sees them (docs/logql.md "Stream labels"):
//   namespace, pod, container   from KubeMeta (enrich/kube.ts); absent when the path gave none
//   stream                      "stdout" | "stderr" (absent for STREAM_UNKNOWN, error records)
//   level                       the level name (common/levels.ts); absent for LEVEL_NONE
//   <sanitised pod label key>   each KubeMeta.labels key with every code point outside [A-Za-z0-9_] turned
//                               into `_` (and a leading digit prefixed by `_`), as Loki users see them:
//                               app.kubernetes.io/name → app_kubernetes_io_name
// The five fixed names win over a pod label that sanitises to the same name; among pod labels the first in
// key order wins. Also the key sanitiser shared by json.ts and logfmt.ts (Loki's sanitizeLabelKey: trim ASCII
// whitespace, prefix a leading digit with `_`, one `_` per other code point, one per invalid UTF-8 byte).
//
// Reads raw memory only (no allocation); results in labelPtr / labelLen.

import { KubeMeta } from "../../enrich/kube";
import { labelCount, labelKeyLen, labelKeyPtr, labelValueLen, labelValuePtr } from "../../enrich/labels";
import { levelNameLen, levelNamePtr } from "../../common/levels";
import { STREAM_STDERR, STREAM_STDOUT } from "../../common/record";

export let labelPtr: usize = 0;
export let labelLen: usize = 0;

const STDOUT = memory.data<u8>([0x73, 0x74, 0x64, 0x6f, 0x75, 0x74]);
const STDERR = memory.data<u8>([0x73, 0x74, 0x64, 0x65, 0x72, 0x72]);

/** Byte length of the code point at p (< end): its length when it is valid UTF-8, else 1 (Go's DecodeRune). */
export function runeLen(p: usize, end: usize): usize {
  const c = <u32>load<u8>(p);
  if (c < 0x80) return 1;
  let need: usize = 0;
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  if (c - 0xc2 < 30) need = 1;
  else if (c == 0xe0) {
    need = 2;
    lo = 0xa0;
  } else if (c - 0xe1 < 12 && c != 0xed) need = 2;
  else if (c == 0xed) {
    need = 2;
    hi = 0x9f;
  } else if (c == 0xf0) {
    need = 3;
    lo = 0x90;
  } else if (c - 0xf1 < 3) need = 3;
  else if (c == 0xf4) {
    need = 3;
    hi = 0x8f;
  } else return 1;
  if (end - p <= need) return 1;
  const c1 = <u32>load<u8>(p + 1);
  if (c1 < lo || c1 > hi) return 1;
  for (let i: usize = 2; i <= need; i++) {
    if ((<u32>load<u8>(p + i) & 0xc0) != 0x80) return 1;
  }
  return need + 1;
}

// @ts-ignore: decorator
@inline export function isLabelChar(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c - 0x30 < 10 || c == 0x5f;
}

// @ts-ignore: decorator
@inline export function isAsciiSpace(c: u32): bool {
  return c == 0x20 || c - 9 < 5;
}

/** Does the raw key [kp, kp + kl) sanitise to exactly [np, np + nl)? */
export function sanitizedEquals(kp: usize, kl: usize, np: usize, nl: usize): bool {
  let s = kp;
  let e = kp + kl;
  while (s < e && isAsciiSpace(load<u8>(s))) s++;
  while (e > s && isAsciiSpace(load<u8>(e - 1))) e--;
  if (s == e) return nl == 0;
  let j: usize = 0;
  if (<u32>load<u8>(s) - 0x30 < 10) {
    if (nl == 0 || load<u8>(np) != 0x5f) return false;
    j = 1;
  }
  while (s < e) {
    if (j >= nl) return false;
    const c = <u32>load<u8>(s);
    const want = <u32>load<u8>(np + j);
    if (c < 0x80 && isLabelChar(c)) {
      if (c != want) return false;
      s++;
    } else {
      if (want != 0x5f) return false;
      s += runeLen(s, e);
    }
    j++;
  }
  return j == nl;
}

function nameIs(np: usize, nl: usize, word: string): bool {
  if (nl != <usize>word.length) return false;
  for (let i: usize = 0; i < nl; i++) {
    if (<u32>load<u8>(np + i) != <u32>word.charCodeAt(<i32>i)) return false;
  }
  return true;
}

/** Looks the stream label [np, np + nl) up; true (and labelPtr/labelLen) when present. kube may be 0. */
export function streamLabel(kube: usize, stream: u8, level: u8, np: usize, nl: usize): bool {
  if (nl == 0) return false;
  const k = changetype<KubeMeta>(kube);
  // fixed names first (they win over pod labels)
  const c0 = load<u8>(np);
  if (c0 == 0x6e && nameIs(np, nl, "namespace")) {
    if (kube == 0 || k.namespacePtr == 0 && k.namespaceLen == 0) return false;
    labelPtr = k.namespacePtr;
    labelLen = k.namespaceLen;
    return true;
  }
  if (c0 == 0x70 && nameIs(np, nl, "pod")) {
    if (kube == 0 || k.podPtr == 0 && k.podLen == 0) return false;
    labelPtr = k.podPtr;
    labelLen = k.podLen;
    return true;
  }
  if (c0 == 0x63 && nameIs(np, nl, "container")) {
    if (kube == 0 || k.containerPtr == 0 && k.containerLen == 0) return false;
    labelPtr = k.containerPtr;
    labelLen = k.containerLen;
    return true;
  }
  if (c0 == 0x73 && nameIs(np, nl, "stream")) {
    if (stream == STREAM_STDOUT) labelPtr = STDOUT;
    else if (stream == STREAM_STDERR) labelPtr = STDERR;
    else return false;
    labelLen = 6;
    return true;
  }
  if (c0 == 0x6c && nameIs(np, nl, "level")) {
    const n = levelNameLen(level);
    if (n == 0) return false;
    labelPtr = levelNamePtr(level);
    labelLen = n;
    return true;
  }
  if (kube == 0) return false;
  const set = k.labels;
  const count = labelCount(set);
  for (let i: u32 = 0; i < count; i++) {
    if (sanitizedEquals(labelKeyPtr(set, i), labelKeyLen(set, i), np, nl)) {
      labelPtr = labelValuePtr(set, i);
      labelLen = labelValueLen(set, i);
      return true;
    }
  }
  return false;
}
