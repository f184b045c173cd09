// Loki's push API, JSON form (POST /loki/api/v1/push, docs/payloads.md):
//   {"streams":[{"stream":{<labels>},"values":[["<ns>","<line>",{<structured metadata>}],…]},…]}
// Labels of a stream (lokiLabels): namespace, pod, container, stream, then the pod's labels with their keys
// sanitised as LogQL sees them in logsieve (select/logql/labels.ts: app.kubernetes.io/name →
// app_kubernetes_io_name; a fixed name wins over a pod label that sanitises to it, the first pod label in key
// order wins among them); empty values are left out (Loki drops them). The level and the record's flags are
// structured metadata (not labels: a label per level would split every stream). An entry's time is the
// record's; an error line before any good line has none, and takes the host's clock of the call (Loki needs one).

import { KubeMeta } from "../../enrich/kube";
import { labelCount, labelKeyLen, labelKeyPtr, labelValueLen, labelValuePtr } from "../../enrich/labels";
import { isAsciiSpace, isLabelChar, runeLen, sanitizedEquals } from "../../select/logql/labels";
import { escapeJson } from "../json-escape";
import { K_CONTAINER, K_LEVEL, K_NAMESPACE, K_POD, K_STREAM, STDERR, STDOUT, levelAndFlags, put, quoted, stringMember } from "./fields";
import { writeI64 } from "./out";


/** Bytes lokiLabels may write at most. */
export function lokiLabelsRoom(m: KubeMeta): usize {
  let n: usize = 128 + (m.namespaceLen + m.podLen + m.containerLen) * 6;
  const l = m.labels;
  for (let i: u32 = 0, c = labelCount(l); i < c; i++) n += 8 + labelKeyLen(l, i) * 3 + labelValueLen(l, i) * 6;
  return n;
}

/** The stream's labels as a JSON object. */
export function lokiLabels(o: usize, m: KubeMeta, stream: u8): usize {
  store<u8>(o++, 0x7b);
  const start = o;
  o = stringMember(o, o == start, K_NAMESPACE, 9, m.namespacePtr, m.namespaceLen);
  o = stringMember(o, o == start, K_POD, 3, m.podPtr, m.podLen);
  o = stringMember(o, o == start, K_CONTAINER, 9, m.containerPtr, m.containerLen);
  if (stream < 2) o = stringMember(o, o == start, K_STREAM, 6, stream == 0 ? STDOUT : STDERR, 6);
  const l = m.labels;
  const count = labelCount(l);
  for (let i: u32 = 0; i < count; i++) {
    const kp = labelKeyPtr(l, i), kl = labelKeyLen(l, i);
    const vl = labelValueLen(l, i);
    if (vl == 0 || taken(l, i, kp, kl)) continue;
    const before = o;
    if (o != start) store<u8>(o++, 0x2c);
    store<u8>(o++, 0x22);
    const name = o;
    o = sanitize(o, kp, kl);
    if (o == name) { // no name left: not a label
      o = before;
      continue;
    }
    store<u16>(o, 0x3a22); // ":
    o += 2;
    o = quoted(o, labelValuePtr(l, i), vl);
  }
  store<u8>(o++, 0x7d);
  return o;
}

/** True when pod label i's sanitised key is a fixed name or the sanitised key of an earlier non-empty label. */
function taken(l: usize, i: u32, kp: usize, kl: usize): bool {
  if (sanitizedEquals(kp, kl, K_NAMESPACE, 9) || sanitizedEquals(kp, kl, K_POD, 3)
    || sanitizedEquals(kp, kl, K_CONTAINER, 9) || sanitizedEquals(kp, kl, K_STREAM, 6) || sanitizedEquals(kp, kl, K_LEVEL, 5)) return true;
  const scratch = memory.data(1024);
  if (kl > 1000) return false;
  const end = sanitize(scratch, kp, kl);
  for (let j: u32 = 0; j < i; j++) {
    if (labelValueLen(l, j) != 0 && sanitizedEquals(labelKeyPtr(l, j), labelKeyLen(l, j), scratch, end - scratch)) return true;
  }
  return false;
}

/** A label key as a Loki label name, as select/logql/labels.ts names it: ASCII whitespace trimmed, `_` for
 *  every code point outside [A-Za-z0-9_], `_` before a leading digit (empty when only whitespace). */
function sanitize(o: usize, kp: usize, kl: usize): usize {
  let end = kp + kl;
  while (kp < end && isAsciiSpace(load<u8>(kp))) kp++;
  while (end > kp && isAsciiSpace(load<u8>(end - 1))) end--;
  if (kp < end && <u32>load<u8>(kp) - 0x30 < 10) store<u8>(o++, 0x5f);
  for (let p = kp; p < end; ) {
    const c = <u32>load<u8>(p);
    if (c < 0x80 && isLabelChar(c)) {
      store<u8>(o++, <u8>c);
      p++;
    } else {
      store<u8>(o++, 0x5f);
      p += runeLen(p, end);
    }
  }
  return o;
}

/** One value entry: `["<ns>","<escaped line>"` then `,{…}` when there is structured metadata, then `]`. */
export function lokiEntry(o: usize, ns: i64, p: usize, n: usize, level: u32, flags: u8, reason: u8): usize {
  store<u16>(o, 0x225b); // ["
  o = writeI64(o + 2, ns);
  store<u16>(o, 0x2c22); // ",
  o = quoted(o + 2, p, n);
  if (level != 0 || flags != 0) {
    store<u16>(o, 0x7b2c); // ,{
    o += 2;
    const start = o;
    o = levelAndFlags(o, start, level, flags, reason);
    store<u8>(o++, 0x7d);
  }
  store<u8>(o++, 0x5d);
  return o;
}

export { escapeJson, put };
