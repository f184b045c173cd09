// The emit stage's per-source state: the NDJSON members every record of a source carries, written once when
// the source's metadata changes and copied per record:
//
//   ,"file":"<escaped path>","kubernetes":{"namespace_name":…,"pod_name":…,"pod_id":…,"container_name":…,
//    "docker_id":…,"restart_count":N,"labels":{…},"annotations":{…}}
//
// (each part only when known; the kubernetes map only when the source has any metadata). Keyed by source id
// (ids are small and reused after close). `kubeAt` is where the map's `{` starts, so the host can read the
// map alone (the JS record's `kubernetes`).
//
// Invariant: membersOf(id) is the members of the source currently holding id (as last resolved), or empty.

import { ByteBuf } from "../mem/bytebuf";
import { PointerArray } from "../mem/pointer-array";
import { KubeMeta } from "../enrich/kube";
import { labelCount, labelKeyLen, labelKeyPtr, labelValueLen, labelValuePtr } from "../enrich/labels";
import { escapeJson } from "./json-escape";
import { writeDecimal } from "./decimal";

@unmanaged
export class Members {
  buf!: ByteBuf;
  kubeAt!: usize; // offset of the kubernetes map's `{` in buf, or -1 (all ones) when there is none
}

const members: PointerArray = PointerArray.create(); // Members pointers by id

function membersFor(id: u32): Members {
  let m = members.get(id);
  if (m == 0) {
    m = heap.alloc(offsetof<Members>());
    const fresh = changetype<Members>(m);
    fresh.buf = ByteBuf.create();
    fresh.kubeAt = <usize>-1;
    members.set(id, m);
  }
  return changetype<Members>(m);
}

// literal pieces
const S_FILE = memory.data<u8>([0x2c, 0x22, 0x66, 0x69, 0x6c, 0x65, 0x22, 0x3a, 0x22]); // ,"file":"
const S_KUBE = memory.data<u8>([0x2c, 0x22, 0x6b, 0x75, 0x62, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x65, 0x73, 0x22, 0x3a]); // ,"kubernetes":
// member names, each with its quotes and colon
const K_NAMESPACE = memory.data<u8>([0x22, 0x6e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a]); // "namespace_name":
const K_POD = memory.data<u8>([0x22, 0x70, 0x6f, 0x64, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a]); // "pod_name":
const K_POD_ID = memory.data<u8>([0x22, 0x70, 0x6f, 0x64, 0x5f, 0x69, 0x64, 0x22, 0x3a]); // "pod_id":
const K_CONTAINER = memory.data<u8>([0x22, 0x63, 0x6f, 0x6e, 0x74, 0x61, 0x69, 0x6e, 0x65, 0x72, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a]); // "container_name":
const K_DOCKER_ID = memory.data<u8>([0x22, 0x64, 0x6f, 0x63, 0x6b, 0x65, 0x72, 0x5f, 0x69, 0x64, 0x22, 0x3a]); // "docker_id":
const K_RESTART = memory.data<u8>([0x22, 0x72, 0x65, 0x73, 0x74, 0x61, 0x72, 0x74, 0x5f, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x22, 0x3a]); // "restart_count":
const K_LABELS = memory.data<u8>([0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x73, 0x22, 0x3a]); // "labels":
const K_ANNOTATIONS = memory.data<u8>([0x22, 0x61, 0x6e, 0x6e, 0x6f, 0x74, 0x61, 0x74, 0x69, 0x6f, 0x6e, 0x73, 0x22, 0x3a]); // "annotations":

/** Rewrites the members of source id from its path bytes and resolved metadata. */
export function membersSet(id: u32, pathPtr: usize, pathLen: usize, m: KubeMeta): void {
  const mem = membersFor(id);
  const b = mem.buf;
  b.truncate(0);
  mem.kubeAt = <usize>-1;
  b.reserve(worstCase(pathLen, m));
  let o = b.ptr;
  if (pathLen != 0) {
    o = put(o, S_FILE, 9);
    o = escapeJson(o, pathPtr, pathLen);
    store<u8>(o++, 0x22);
  }
  if (hasAny(m)) {
    o = put(o, S_KUBE, 14);
    mem.kubeAt = o - b.ptr;
    store<u8>(o++, 0x7b); // {
    const start = o;
    o = field(o, start, K_NAMESPACE, 17, m.namespacePtr, m.namespaceLen);
    o = field(o, start, K_POD, 11, m.podPtr, m.podLen);
    o = field(o, start, K_POD_ID, 9, m.podIdPtr, m.podIdLen);
    o = field(o, start, K_CONTAINER, 17, m.containerPtr, m.containerLen);
    o = field(o, start, K_DOCKER_ID, 12, m.dockerIdPtr, m.dockerIdLen);
    if (m.restart >= 0) {
      o = comma(o, start);
      o = put(o, K_RESTART, 16);
      o = writeDecimal(o, <u32>m.restart);
    }
    if (labelCount(m.labels) != 0) o = object(comma(o, start), K_LABELS, 9, m.labels);
    if (labelCount(m.annotations) != 0) o = object(comma(o, start), K_ANNOTATIONS, 14, m.annotations);
    store<u8>(o++, 0x7d); // }
  }
  b.len = o - b.ptr; // not a held buffer: the held-bytes count does not change
}

/** Forgets the members of a closed source (its buffer is kept for the next source with this id). */
export function membersClear(id: u32): void {
  const m = members.get(id);
  if (m != 0) {
    changetype<Members>(m).buf.clear();
    changetype<Members>(m).kubeAt = <usize>-1;
  }
}

/** The members of source id, or null when it has none. */
export function membersOf(id: u32): Members | null {
  const m = members.get(id);
  return m == 0 ? null : changetype<Members>(m);
}

function hasAny(m: KubeMeta): bool {
  return m.namespaceLen != 0 || m.podLen != 0 || m.podIdLen != 0 || m.containerLen != 0 || m.dockerIdLen != 0
    || m.restart >= 0 || labelCount(m.labels) != 0 || labelCount(m.annotations) != 0;
}

/** Bytes the members can take at most (6 per escaped byte, plus names and punctuation). */
function worstCase(pathLen: usize, m: KubeMeta): usize {
  let n: usize = 64 + pathLen * 6 + 256;
  n += (m.namespaceLen + m.podLen + m.podIdLen + m.containerLen + m.dockerIdLen) * 6;
  n += setWorstCase(m.labels) + setWorstCase(m.annotations);
  return n;
}

function setWorstCase(set: usize): usize {
  let n: usize = 0;
  const c = labelCount(set);
  for (let i: u32 = 0; i < c; i++) n += (labelKeyLen(set, i) + labelValueLen(set, i)) * 6 + 8;
  return n;
}

// @ts-ignore: decorator
@inline function put(o: usize, lit: usize, n: usize): usize {
  memory.copy(o, lit, n);
  return o + n;
}

function comma(o: usize, start: usize): usize {
  if (o != start) store<u8>(o++, 0x2c);
  return o;
}

function str(o: usize, p: usize, n: usize): usize {
  store<u8>(o++, 0x22);
  o = escapeJson(o, p, n);
  store<u8>(o++, 0x22);
  return o;
}

function field(o: usize, start: usize, name: usize, nameLen: usize, p: usize, n: usize): usize {
  if (n == 0) return o;
  o = comma(o, start);
  o = put(o, name, nameLen);
  return str(o, p, n);
}

function object(o: usize, name: usize, nameLen: usize, set: usize): usize {
  o = put(o, name, nameLen);
  store<u8>(o++, 0x7b);
  const c = labelCount(set);
  for (let i: u32 = 0; i < c; i++) {
    if (i != 0) store<u8>(o++, 0x2c);
    o = str(o, labelKeyPtr(set, i), labelKeyLen(set, i));
    store<u8>(o++, 0x3a);
    o = str(o, labelValuePtr(set, i), labelValueLen(set, i));
  }
  store<u8>(o++, 0x7d);
  return o;
}
