// OTLP/HTTP logs, JSON encoding (POST /v1/logs; the protobuf JSON mapping of
// opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest, docs/payloads.md):
//   {"resourceLogs":[{"resource":<otlpResource>,"scopeLogs":[{"scope":{"name":"logsieve"},"logRecords":[…]}]},…]}
// One resource per source: k8s.namespace.name, k8s.pod.name, k8s.pod.uid, k8s.container.name,
// k8s.container.restart_count, container.id, and k8s.pod.label.<key> per pod label (OpenTelemetry semantic
// conventions). A log record: timeUnixNano (int64 as a decimal string, as the JSON mapping writes 64-bit
// integers; 0 for an error line before any good line: unknown), observedTimeUnixNano (the host's clock of the
// call that read it), severityNumber/severityText from the level, body, and attributes log.iostream, log.file.path,
// and logsieve.* for the record's flags and grouping.

import { KubeMeta } from "../../enrich/kube";
import { labelCount, labelKeyLen, labelKeyPtr, labelValueLen, labelValuePtr } from "../../enrich/labels";
import { levelNameLen, levelNamePtr } from "../../common/levels";
import { reasonNameLen, reasonNamePtr } from "../../common/reasons";
import { detectorNameLen, detectorNamePtr } from "../../common/detectors";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../../common/record";
import { escapeJson } from "../json-escape";
import { put, quoted } from "./fields";
import { writeI64 } from "./out";

// severityNumber per level code (none, trace, debug, info, warn, error, fatal): the first of each range
const SEVERITY = memory.data<u8>([0, 1, 5, 9, 13, 17, 21]);

/** `{"key":"<key>","value":{"stringValue":"<escaped value>"}}` (key bytes written as they are: ASCII names). */
function stringAttr(o: usize, first: bool, key: string, p: usize, n: usize): usize {
  if (!first) store<u8>(o++, 0x2c);
  o = lit(o, '{"key":"');
  o = lit(o, key);
  o = lit(o, '","value":{"stringValue":');
  o = quoted(o, p, n);
  return lit(o, "}}");
}

function intAttr(o: usize, first: bool, key: string, v: i64): usize {
  if (!first) store<u8>(o++, 0x2c);
  o = lit(o, '{"key":"');
  o = lit(o, key);
  o = lit(o, '","value":{"intValue":"');
  o = writeI64(o, v);
  return lit(o, '"}}');
}

function boolAttr(o: usize, first: bool, key: string): usize {
  if (!first) store<u8>(o++, 0x2c);
  o = lit(o, '{"key":"');
  o = lit(o, key);
  return lit(o, '","value":{"boolValue":true}}');
}

/** An ASCII string literal (compile-time constant text). */
// @ts-ignore: decorator
@inline function lit(o: usize, s: string): usize {
  const n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) store<u8>(o + i, <u8>s.charCodeAt(<i32>i));
  return o + n;
}

/** Bytes otlpResource may write at most. */
export function otlpResourceRoom(m: KubeMeta): usize {
  let n: usize = 512 + (m.namespaceLen + m.podLen + m.podIdLen + m.containerLen + m.dockerIdLen) * 6;
  const l = m.labels;
  for (let i: u32 = 0, c = labelCount(l); i < c; i++) n += 96 + labelKeyLen(l, i) * 6 + labelValueLen(l, i) * 6;
  return n;
}

/** The source's resource: `{"attributes":[…]}`. */
export function otlpResource(o: usize, m: KubeMeta): usize {
  o = lit(o, '{"attributes":[');
  const start = o;
  if (m.namespaceLen != 0) o = stringAttr(o, o == start, "k8s.namespace.name", m.namespacePtr, m.namespaceLen);
  if (m.podLen != 0) o = stringAttr(o, o == start, "k8s.pod.name", m.podPtr, m.podLen);
  if (m.podIdLen != 0) o = stringAttr(o, o == start, "k8s.pod.uid", m.podIdPtr, m.podIdLen);
  if (m.containerLen != 0) o = stringAttr(o, o == start, "k8s.container.name", m.containerPtr, m.containerLen);
  if (m.restart >= 0) o = intAttr(o, o == start, "k8s.container.restart_count", m.restart);
  if (m.dockerIdLen != 0) o = stringAttr(o, o == start, "container.id", m.dockerIdPtr, m.dockerIdLen);
  const l = m.labels;
  for (let i: u32 = 0, c = labelCount(l); i < c; i++) {
    if (o != start) store<u8>(o++, 0x2c);
    o = lit(o, '{"key":"k8s.pod.label.');
    o = escapeJson(o, labelKeyPtr(l, i), labelKeyLen(l, i));
    o = lit(o, '","value":{"stringValue":');
    o = quoted(o, labelValuePtr(l, i), labelValueLen(l, i));
    o = lit(o, "}}");
  }
  return lit(o, "]}");
}

/** One log record (the caller reserves 6 bytes per content and path byte plus PER_RECORD_SLACK). */
export function otlpRecord(
  o: usize, ns: i64, observedNs: i64, p: usize, n: usize, level: u32, stream: u8, flags: u8, reason: u8, detector: u8, logLines: u32,
  pathPtr: usize, pathLen: usize,
): usize {
  o = lit(o, '{"timeUnixNano":"');
  o = writeI64(o, ns);
  o = lit(o, '","observedTimeUnixNano":"');
  o = writeI64(o, observedNs);
  o = lit(o, '"');
  if (level != 0) {
    o = lit(o, ',"severityNumber":');
    o = writeI64(o, <i64>load<u8>(SEVERITY + level));
    o = lit(o, ',"severityText":"');
    o = put(o, levelNamePtr(level), levelNameLen(level));
    o = lit(o, '"');
  }
  o = lit(o, ',"body":{"stringValue":');
  o = quoted(o, p, n);
  o = lit(o, '},"attributes":[');
  const start = o;
  if (stream == 0) o = lit(o, '{"key":"log.iostream","value":{"stringValue":"stdout"}}');
  else if (stream == 1) o = lit(o, '{"key":"log.iostream","value":{"stringValue":"stderr"}}');
  if (pathLen != 0) o = stringAttr(o, o == start, "log.file.path", pathPtr, pathLen);
  if ((flags & FLAG_ERROR) != 0 && reasonNameLen(reason) != 0) o = stringAttr(o, o == start, "logsieve.error", reasonNamePtr(reason), reasonNameLen(reason));
  if (flags & FLAG_PARTIAL) o = boolAttr(o, o == start, "logsieve.partial");
  if (flags & FLAG_TRUNCATED) o = boolAttr(o, o == start, "logsieve.truncated");
  if (detector != 0) {
    o = stringAttr(o, o == start, "logsieve.multiline", detectorNamePtr(detector), detectorNameLen(detector));
    o = intAttr(o, false, "logsieve.log_lines", logLines);
  }
  return lit(o, "]}");
}
