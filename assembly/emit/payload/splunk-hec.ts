// Splunk HTTP Event Collector, JSON events (POST /services/collector/event, docs/payloads.md): one object per
// record, each followed by '\n' (HEC takes events one after another in one body):
//   {"time":<seconds.nanoseconds>,"source":"<file>","sourcetype":"logsieve","event":"<line>",
//    "fields":{"namespace":…,"pod":…,"container":…,"stream":…,"level":…,"error":…,"partial":"true",…}}
// `fields` are index-time fields: flat string values only (HEC refuses objects there).

import { KubeMeta } from "../../enrich/kube";
import { levelNameLen, levelNamePtr } from "../../common/levels";
import { reasonNameLen, reasonNamePtr } from "../../common/reasons";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../../common/record";
import { quoted, stringMember } from "./fields";
import { writeSeconds } from "./out";

const K_NAMESPACE = memory.data<u8>([0x6e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65]); // namespace
const K_POD = memory.data<u8>([0x70, 0x6f, 0x64]); // pod
const K_CONTAINER = memory.data<u8>([0x63, 0x6f, 0x6e, 0x74, 0x61, 0x69, 0x6e, 0x65, 0x72]); // container
const K_STREAM = memory.data<u8>([0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]); // stream
const K_LEVEL = memory.data<u8>([0x6c, 0x65, 0x76, 0x65, 0x6c]); // level
const K_ERROR = memory.data<u8>([0x65, 0x72, 0x72, 0x6f, 0x72]); // error
const K_PARTIAL = memory.data<u8>([0x70, 0x61, 0x72, 0x74, 0x69, 0x61, 0x6c]); // partial
const K_TRUNCATED = memory.data<u8>([0x74, 0x72, 0x75, 0x6e, 0x63, 0x61, 0x74, 0x65, 0x64]); // truncated
const V_TRUE = memory.data<u8>([0x74, 0x72, 0x75, 0x65]); // true
const STDOUT = memory.data<u8>([0x73, 0x74, 0x64, 0x6f, 0x75, 0x74]);
const STDERR = memory.data<u8>([0x73, 0x74, 0x64, 0x65, 0x72, 0x72]);

// @ts-ignore: decorator
@inline function lit(o: usize, s: string): usize {
  const n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) store<u8>(o + i, <u8>s.charCodeAt(<i32>i));
  return o + n;
}

export function hecEvent(
  o: usize, ns: i64, p: usize, n: usize, level: u32, stream: u8, flags: u8, reason: u8, m: KubeMeta,
  pathPtr: usize, pathLen: usize,
): usize {
  // no time for an error line before any good line (time 0): HEC then uses the time it receives the event
  store<u8>(o++, 0x7b);
  if (ns != 0) {
    o = lit(o, '"time":');
    o = writeSeconds(o, ns);
    store<u8>(o++, 0x2c);
  }
  if (pathLen != 0) {
    o = lit(o, '"source":');
    o = quoted(o, pathPtr, pathLen);
  }
  if (pathLen != 0) store<u8>(o++, 0x2c);
  o = lit(o, '"sourcetype":"logsieve","event":');
  o = quoted(o, p, n);
  o = lit(o, ',"fields":{');
  const start = o;
  o = stringMember(o, o == start, K_NAMESPACE, 9, m.namespacePtr, m.namespaceLen);
  o = stringMember(o, o == start, K_POD, 3, m.podPtr, m.podLen);
  o = stringMember(o, o == start, K_CONTAINER, 9, m.containerPtr, m.containerLen);
  if (stream < 2) o = stringMember(o, o == start, K_STREAM, 6, stream == 0 ? STDOUT : STDERR, 6);
  if (level != 0) o = stringMember(o, o == start, K_LEVEL, 5, levelNamePtr(level), levelNameLen(level));
  if ((flags & FLAG_ERROR) != 0 && reasonNameLen(reason) != 0) o = stringMember(o, o == start, K_ERROR, 5, reasonNamePtr(reason), reasonNameLen(reason));
  if (flags & FLAG_PARTIAL) o = stringMember(o, o == start, K_PARTIAL, 7, V_TRUE, 4);
  if (flags & FLAG_TRUNCATED) o = stringMember(o, o == start, K_TRUNCATED, 9, V_TRUE, 4);
  return lit(o, "}}\n");
}
