// Splunk HTTP Event Collector, JSON events (POST /services/collector/event, docs/payloads.md): one object per
// record, each followed by '\n' (HEC takes events one after another in one body):
//   {"time":<seconds.nanoseconds>,"source":"<file>","sourcetype":"logsieve","event":"<line>",
//    "fields":{"namespace":…,"pod":…,"container":…,"stream":…,"level":…,"error":…,"partial":"true",…}}
// `fields` are index-time fields: flat string values only (HEC refuses objects there).

import { KubeMeta } from "../../enrich/kube";
import { K_CONTAINER, K_NAMESPACE, K_POD, K_STREAM, STDERR, STDOUT, levelAndFlags, quoted, stringMember } from "./fields";
import { writeSeconds } from "./out";


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
  o = levelAndFlags(o, start, level, flags, reason);
  return lit(o, "}}\n");
}
