// Host exports of the enrich stage, FOR TESTS AND TOOLS (the engine's record path calls parsePath and
// detectLevel directly; nothing here is called per line). Bytes are staged with regex_alloc / regex_dealloc.
//
//   enrich_parse_path(ptr, len, out): 1 when a layout fits, else 0; writes 12 u32 at out: the offsets (from ptr)
//     and lengths of namespace, pod, pod id, container, docker id (0, 0 when absent), then restart (i32, -1 when
//     none) and shape (PATH_*).
//   enrich_detect_level(ptr, len): a LEVEL_* code.
//   labels_build(ptr, len) / labels_free(set): labelSetBuild / labelSetFree (enrich/labels.ts encoding).
//   enrich_kube_new(ptr, len, labels, annotations): a KubeMeta (for grep tests) from
//     5 × (u32 length or 0xffffffff = absent, bytes) for namespace, pod, pod id, container, docker id, then
//     i32 restart; the bytes are copied into the one block it allocates; 0 when the encoding is malformed.
//     The label sets stay the caller's (free them after the KubeMeta). enrich_kube_free(k) frees the block.

import { KubeMeta, PATH_NONE } from "./kube";
import { parsePath } from "./path";
import { detectLevel } from "./level";
import { labelSetBuild, labelSetFree } from "./labels";
import { ownFromEncoding } from "./state";

let scratch: usize = 0;

function scratchMeta(): KubeMeta {
  if (scratch == 0) scratch = heap.alloc(offsetof<KubeMeta>());
  const m = changetype<KubeMeta>(scratch);
  m.clear();
  return m;
}

// @ts-ignore: decorator
@inline function offsetOrZero(ptr: usize, fieldPtr: usize, fieldLen: usize): u32 {
  return fieldLen == 0 ? 0 : <u32>(fieldPtr - ptr);
}

export function enrich_parse_path(ptr: usize, len: usize, out: usize): u32 {
  const m = scratchMeta();
  const ok = parsePath(ptr, len, m);
  store<u32>(out, offsetOrZero(ptr, m.namespacePtr, m.namespaceLen));
  store<u32>(out, <u32>m.namespaceLen, 4);
  store<u32>(out, offsetOrZero(ptr, m.podPtr, m.podLen), 8);
  store<u32>(out, <u32>m.podLen, 12);
  store<u32>(out, offsetOrZero(ptr, m.podIdPtr, m.podIdLen), 16);
  store<u32>(out, <u32>m.podIdLen, 20);
  store<u32>(out, offsetOrZero(ptr, m.containerPtr, m.containerLen), 24);
  store<u32>(out, <u32>m.containerLen, 28);
  store<u32>(out, offsetOrZero(ptr, m.dockerIdPtr, m.dockerIdLen), 32);
  store<u32>(out, <u32>m.dockerIdLen, 36);
  store<i32>(out, m.restart, 40);
  store<u32>(out, <u32>m.shape, 44);
  return ok ? 1 : 0;
}

export function enrich_detect_level(ptr: usize, len: usize): u32 {
  return <u32>detectLevel(ptr, len);
}

/** A label set handle, 0 for the empty set, or 0xffffffff when the encoding is malformed. */
export function labels_build(ptr: usize, len: usize): usize {
  return labelSetBuild(ptr, len);
}

/** Frees a set; 0 and the malformed all-ones handle are ignored. */
export function labels_free(set: usize): void {
  if (set != <usize>-1) labelSetFree(set);
}

/** A KubeMeta from the host's per-source encoding (enrich/state.ts ownFromEncoding: five strings, each
 *  `u32 len, bytes` or 0xffffffff for absent, then an i32 restart count) and two label set handles (kept, not
 *  copied); 0 when the encoding is malformed. For the select stage's tests: free with enrich_kube_free. */
export function enrich_kube_new(ptr: usize, len: usize, labels: usize, annotations: usize): usize {
  const block = ownFromEncoding(ptr, len);
  if (block == 0) return 0;
  const m = changetype<KubeMeta>(block);
  if (m.restart < 0) m.restart = -1;
  m.shape = PATH_NONE;
  m.labels = labels;
  m.annotations = annotations;
  return block;
}

export function enrich_kube_free(k: usize): void {
  if (k != 0) heap.free(k);
}
