// Fluent Bit's `kubernetes` map (added by its kubernetes filter) → what the host knows about a source, in the
// encoding engine/metadata.ts setSourceMeta reads: the override block (namespace, pod, pod uid, container,
// docker id as `u32 len, bytes`, 0xFFFFFFFF for "not given", then an i32 restart count, -2 not given), the
// labels and the annotations (`u32 keyLen, key, u32 valueLen, value` pairs), each block as `u32 len, bytes`.
// Only string values are read (Fluent Bit's labels and annotations are strings); other members are skipped.
//
// Contract: reads only [p, e) (an object, braces included); writes at most kubeEncodingCapacity(e - p) bytes at
// out; returns the encoding's length, or 0 when the map is not a well-formed object.

import { skipValue } from "../decode/json-skip";
import { decodeString, decodedLen } from "../decode/json-string";
import { memberKey, memberKeyLen, memberValue, membersNext, membersOpen } from "./json-members";

export function kubeEncodingCapacity(n: usize): usize {
  return 2 * n + 64;
}

// the five fields in the override block's order
const F_NAMESPACE = 0, F_POD = 1, F_POD_ID = 2, F_CONTAINER = 3, F_DOCKER_ID = 4, F_LABELS = 5, F_ANNOTATIONS = 6;
const NOT_GIVEN: u32 = 0xffffffff;

const spans: usize = memory.data(7 * 8); // value start, value end per field (0: absent)

function keyIs(k: usize, kn: usize, s: string): bool {
  if (kn != <usize>s.length) return false;
  for (let i = 0; i < s.length; i++) if (<i32>load<u8>(k + i) != s.charCodeAt(i)) return false;
  return true;
}

function fieldOf(k: usize, kn: usize): i32 {
  if (keyIs(k, kn, "namespace_name")) return F_NAMESPACE;
  if (keyIs(k, kn, "pod_name")) return F_POD;
  if (keyIs(k, kn, "pod_id")) return F_POD_ID;
  if (keyIs(k, kn, "container_name")) return F_CONTAINER;
  if (keyIs(k, kn, "docker_id")) return F_DOCKER_ID;
  if (keyIs(k, kn, "labels")) return F_LABELS;
  if (keyIs(k, kn, "annotations")) return F_ANNOTATIONS;
  return -1;
}

/** Notes the value spans of the known fields of object [p, e) in `spans`; false when it is malformed. */
function noteFields(p: usize, e: usize): bool {
  let r = membersOpen(p, e);
  while (r > 0) {
    const v = memberValue;
    const q = skipValue(v, e);
    if (q == 0) return false;
    const f = fieldOf(memberKey, memberKeyLen);
    if (f >= 0) {
      store<u32>(spans + <usize>f * 8, <u32>v);
      store<u32>(spans + <usize>f * 8 + 4, <u32>q);
    }
    r = membersNext(q);
  }
  return r == 0;
}

/** Writes the string members of object [p, e) at o as `u32 keyLen, key, u32 valueLen, value` pairs (a pair that
 *  does not decode is left out); returns the end, or 0 when the object is malformed. */
function writePairs(p: usize, e: usize, o: usize): usize {
  let r = membersOpen(p, e);
  while (r > 0) {
    const v = memberValue;
    const q = skipValue(v, e);
    if (q == 0) return 0;
    const ko = o + 4;
    if (load<u8>(v) == 0x22 && decodeString(memberKey, e, ko) != 0) {
      const kl = decodedLen;
      const vo = ko + kl + 4;
      if (decodeString(v + 1, e, vo) != 0) {
        store<u32>(o, <u32>kl);
        store<u32>(ko + kl, <u32>decodedLen);
        o = vo + decodedLen;
      }
    }
    r = membersNext(q);
  }
  return r == 0 ? o : 0;
}

/** The encoding described at the top, at out; its length, or 0 when the map is malformed. */
export function kubeEncoding(out: usize, p: usize, e: usize): usize {
  memory.fill(spans, 0, 7 * 8);
  if (!noteFields(p, e)) return 0;
  // the override block
  let o = out + 4;
  for (let f = F_NAMESPACE; f <= F_DOCKER_ID; f++) {
    const v = <usize>load<u32>(spans + <usize>f * 8);
    if (v != 0 && load<u8>(v) == 0x22 && decodeString(v + 1, e, o + 4) != 0) {
      store<u32>(o, <u32>decodedLen);
      o += 4 + decodedLen;
    } else {
      store<u32>(o, NOT_GIVEN);
      o += 4;
    }
  }
  store<i32>(o, -2);
  o += 4;
  store<u32>(out, <u32>(o - out - 4));
  // labels, annotations
  for (let f = F_LABELS; f <= F_ANNOTATIONS; f++) {
    const v = <usize>load<u32>(spans + <usize>f * 8);
    let n: usize = 0;
    if (v != 0 && load<u8>(v) == 0x7b) {
      const w = writePairs(v, <usize>load<u32>(spans + <usize>f * 8 + 4), o + 4);
      if (w != 0) n = w - o - 4;
    }
    store<u32>(o, <u32>n);
    o += 4 + n;
  }
  return o - out;
}
