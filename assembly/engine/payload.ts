// Payload encoders over the current table (emit/payload/, docs/payloads.md): the rows of one call as the
// entries of a Loki push, an OTLP logs request, an Elasticsearch _bulk body or Splunk HEC events, grouped by
// key (emit/payload/out.ts) so the host gathers the fragments of many calls into one request. The engine
// composes: each row's source gives its metadata and path; the encoders in emit/payload/ only write bytes.
//
// Contract: encodePayload(kind) reads the current table's rows (valid until the next engine call) and their
// sources; writes the payload buffer and its group index; returns the number of bytes. payloadHeader(kind,
// id, stream) writes a stream's labels (Loki) or a source's resource (OTLP) into the buffer instead (its
// bytes at payloadAddress(), 0 for an unknown source or a kind without headers).

import { ROW_SIZE, rowCount, tablePtr } from "../emit/table";
import { encodeNdjson, outPtr } from "../emit/ndjson";
import { LEVEL_LAZY } from "../common/levels";
import { showLevels } from "../common/config";
import { recordLevelInline } from "../enrich/record-level";
import { KubeMeta } from "../enrich/kube";
import { ANY_SOURCE, ANY_STREAM, addGroup, payPtr, payloadStart, reserve } from "../emit/payload/out";
import { PER_RECORD_SLACK } from "../emit/payload/fields";
import { lokiEntry, lokiLabels, lokiLabelsRoom } from "../emit/payload/loki";
import { otlpRecord, otlpResource, otlpResourceRoom } from "../emit/payload/otlp";
import { hecEvent } from "../emit/payload/splunk-hec";
import { PAYLOAD_ELASTICSEARCH, PAYLOAD_LOKI, PAYLOAD_OTLP, PAYLOAD_SPLUNK_HEC } from "../emit/payload/kinds";
import { freshen } from "./enrich";
import { callNowNs } from "./sink";
import { sourceAt } from "./source";

const EMPTY: KubeMeta = changetype<KubeMeta>(memory.data(offsetof<KubeMeta>()));
EMPTY.clear();

/** The level a row is written with (as the NDJSON encoder decides it). */
// @ts-ignore: decorator
@inline function rowLevel(r: usize): u32 {
  const level = <u32>load<u8>(r, 37);
  if (level == <u32>LEVEL_LAZY) {
    return showLevels ? <u32>recordLevelInline(<usize>load<u32>(r, 8), <usize>load<u32>(r, 12), load<u8>(r, 32), load<u8>(r, 36)) : 0;
  }
  return showLevels ? level : 0;
}

/** One byte per row of the table: 1 once encodeKeyed wrote it (the table itself is left as it is: the host
 *  may encode the same rows again, for another output). */
let written: usize = 0;
let writtenCap: i32 = 0;

export function encodePayload(kind: u32): u32 {
  let o = payloadStart();
  if (kind == PAYLOAD_ELASTICSEARCH) return encodeBulk(o);
  if (kind == PAYLOAD_SPLUNK_HEC) {
    for (let i = 0; i < rowCount; i++) {
      const r = tablePtr + <usize>i * ROW_SIZE;
      const id = load<u32>(r, 24);
      const s = sourceAt(id);
      const m = s === null ? EMPTY : s.enrich.kube;
      const pathPtr = s === null ? 0 : s.enrich.pathPtr, pathLen = s === null ? 0 : s.enrich.pathLen;
      const n = <usize>load<u32>(r, 12);
      o = reserve(o, PER_RECORD_SLACK + (n + pathLen + m.namespaceLen + m.podLen + m.containerLen) * 6);
      o = hecEvent(o, load<i64>(r), <usize>load<u32>(r, 8), n, rowLevel(r), load<u8>(r, 32), load<u8>(r, 33), load<u8>(r, 34), m, pathPtr, pathLen);
    }
    if (o != payPtr) addGroup(ANY_SOURCE, ANY_STREAM, payPtr, o);
    return <u32>(o - payPtr);
  }
  return encodeKeyed(o, kind);
}

/** Loki (key: source, stream) and OTLP (key: source): each key's rows as one comma-separated group. */
function encodeKeyed(o: usize, kind: u32): u32 {
  const byStream = kind == PAYLOAD_LOKI;
  if (rowCount > writtenCap) {
    if (written != 0) heap.free(written);
    writtenCap = rowCount * 2;
    written = heap.alloc(<usize>writtenCap);
  }
  memory.fill(written, 0, <usize>rowCount);
  let from = 0; // every row before `from` is written
  while (from < rowCount) {
    const first = tablePtr + <usize>from * ROW_SIZE;
    const id = load<u32>(first, 24);
    const stream = byStream ? <u32>load<u8>(first, 32) : ANY_STREAM;
    const s = sourceAt(id);
    const pathPtr = s === null ? 0 : s.enrich.pathPtr, pathLen = s === null ? 0 : s.enrich.pathLen;
    const startOff = o - payPtr; // (the buffer may move while it grows)
    let next = -1; // the first later row of another key
    for (let i = from; i < rowCount; i++) {
      const r = tablePtr + <usize>i * ROW_SIZE;
      if (load<u8>(written + <usize>i) != 0) continue;
      if (load<u32>(r, 24) != id || (byStream && <u32>load<u8>(r, 32) != stream)) {
        if (next < 0) next = i;
        continue;
      }
      store<u8>(written + <usize>i, 1);
      const n = <usize>load<u32>(r, 12);
      o = reserve(o, PER_RECORD_SLACK + (n + pathLen) * 6);
      if (o != payPtr + startOff) store<u8>(o++, 0x2c);
      if (byStream) {
        // Loki needs a time: an error line before any good line (time 0) gets the host's clock of this call
        const t = load<i64>(r);
        o = lokiEntry(o, t != 0 ? t : callNowNs, <usize>load<u32>(r, 8), n, rowLevel(r), load<u8>(r, 33), load<u8>(r, 34));
      } else {
        o = otlpRecord(o, load<i64>(r), callNowNs, <usize>load<u32>(r, 8), n, rowLevel(r), load<u8>(r, 32), load<u8>(r, 33),
          load<u8>(r, 34), load<u8>(r, 36), load<u32>(r, 40), pathPtr, pathLen);
      }
    }
    addGroup(id, stream, payPtr + startOff, o);
    if (next < 0) break;
    from = next;
  }
  return <u32>(o - payPtr);
}

/** Elasticsearch _bulk: the NDJSON record of each row as a document, `time` named `@timestamp`, each after a
 *  `{"create":{}}` action (the index is the request's: POST /<index>/_bulk; data streams take only create). */
function encodeBulk(o: usize): u32 {
  const len = <usize>encodeNdjson();
  const src = outPtr;
  const end = src + len;
  o = reserve(o, len + <usize>rowCount * 32);
  const start = o;
  let p = src;
  while (p < end) {
    // each NDJSON line starts `{"time":`; the line ends at its '\n' (JSON text has no raw newline)
    let q = p + 8;
    while (load<u8>(q) != 0x0a) q++;
    o = putAscii(o, '{"create":{}}\n{"@timestamp":');
    memory.copy(o, p + 8, q + 1 - (p + 8));
    o += q + 1 - (p + 8);
    p = q + 1;
  }
  if (o != start) addGroup(ANY_SOURCE, ANY_STREAM, start, o);
  return <u32>(o - payPtr);
}

// @ts-ignore: decorator
@inline function putAscii(o: usize, s: string): usize {
  const n = <usize>s.length;
  for (let i: usize = 0; i < n; i++) store<u8>(o + i, <u8>s.charCodeAt(<i32>i));
  return o + n;
}

export function payloadHeader(kind: u32, id: u32, stream: u32): u32 {
  const s = sourceAt(id);
  let o = payloadStart();
  const m = s === null ? EMPTY : s.enrich.kube;
  if (s !== null) freshen(s);
  if (kind == PAYLOAD_LOKI) {
    o = reserve(o, lokiLabelsRoom(m));
    o = lokiLabels(o, m, <u8>stream);
  } else if (kind == PAYLOAD_OTLP) {
    o = reserve(o, otlpResourceRoom(m));
    o = otlpResource(o, m);
  }
  return <u32>(o - payPtr);
}

export function payloadAddress(): usize {
  return payPtr;
}
