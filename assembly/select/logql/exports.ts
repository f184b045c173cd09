// Host exports of LogQL filtering, prefixed logql_. Protocol: the host stages the query (or a line) in a block
// from regex_alloc, calls logql_compile, reads the error through filter_error_* (select/error.ts) when it
// returns 0, and releases a program with logql_free. Nothing here traps on any query or line bytes.
//
// logql_kube_build / logql_kube_free are for tests and tools: they make a KubeMeta (enrich/kube.ts) from
// namespace, pod and container strings and an encoded label set (enrich/labels.ts labelSetBuild's input),
// so a host without the enrich stage can exercise stream labels. The engine's own KubeMeta comes from enrich.

import { KubeMeta } from "../../enrich/kube";
import { labelSetBuild, labelSetFree } from "../../enrich/labels";
import { logqlCompileWith, logqlFree } from "./compile";
import { logqlHasPipeline, logqlLineMatch, logqlStreamMatch } from "./match";

export function logql_compile(ptr: usize, len: usize): usize {
  return logqlCompileWith(ptr, len, 0);
}

/** For tests: the same query without fast paths (byte-by-byte literal search, regexes on the Pike VM alone). */
export function logql_compile_reference(ptr: usize, len: usize): usize {
  return logqlCompileWith(ptr, len, 1);
}

export function logql_free(prog: usize): void {
  logqlFree(prog);
}

export function logql_stream_match(prog: usize, kube: usize, stream: u8, level: u8): i32 {
  return logqlStreamMatch(prog, kube, stream, level) ? 1 : 0;
}

export function logql_has_pipeline(prog: usize): i32 {
  return logqlHasPipeline(prog) ? 1 : 0;
}

/** bit 0 keep, bit 1 __error__ set, bit 2 the error is JSONParserErr (select/logql/match.ts). */
export function logql_line_match(prog: usize, kube: usize, stream: u8, level: u8, p: usize, n: usize): u32 {
  return logqlLineMatch(prog, kube, stream, level, p, n);
}

/** Tests and tools: a KubeMeta owning copies of the strings and its label set; 0 when the label encoding is
 *  malformed. A length of 0 leaves that field absent. Free with logql_kube_free. */
export function logql_kube_build(nsPtr: usize, nsLen: usize, podPtr: usize, podLen: usize, ctrPtr: usize, ctrLen: usize, labelsPtr: usize, labelsLen: usize): usize {
  const set = labelSetBuild(labelsPtr, labelsLen);
  if (set == <usize>-1) return 0;
  const size = offsetof<KubeMeta>();
  const k = changetype<KubeMeta>(heap.alloc(size + nsLen + podLen + ctrLen + 1));
  k.clear();
  let o = changetype<usize>(k) + size;
  if (nsLen > 0) {
    memory.copy(o, nsPtr, nsLen);
    k.namespacePtr = o;
    k.namespaceLen = nsLen;
    o += nsLen;
  }
  if (podLen > 0) {
    memory.copy(o, podPtr, podLen);
    k.podPtr = o;
    k.podLen = podLen;
    o += podLen;
  }
  if (ctrLen > 0) {
    memory.copy(o, ctrPtr, ctrLen);
    k.containerPtr = o;
    k.containerLen = ctrLen;
  }
  k.labels = set;
  return changetype<usize>(k);
}

export function logql_kube_free(kube: usize): void {
  if (kube == 0) return;
  labelSetFree(changetype<KubeMeta>(kube).labels);
  heap.free(kube);
}
