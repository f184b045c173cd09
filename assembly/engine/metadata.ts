// The host's Kubernetes metadata and filters: pods (enrich/pods.ts), what the host knows about one source
// (enrich/state.ts), the engine's filters (select/select.ts), and each source's `kubernetes` map for the JS
// record. Inputs are staged in the input window (engine/window.ts) by the host; every encoding is checked
// before anything changes, so a malformed one returns -1 and leaves the engine as it was.

import { membersOf } from "../emit/members";
import { markMetadataUsed, resolveSource } from "./enrich";
import { freeClosing } from "./engine";
import { sourceAt } from "./source";
import { inputCap, inputPtr } from "./window";
import { labelSetBuild, labelSetFree } from "../enrich/labels";
import { ownFromEncoding } from "../enrich/state";
import { podClear, podRemove, podSet } from "../enrich/pods";
import { FILTER_GREP, FILTER_QUERY, FILTER_SELECTOR, freeProgram, setFilter } from "../select/select";
import { selectorCompile } from "../select/selector/compile";
import { logqlCompile } from "../select/logql/compile";
import { grepCompile } from "../select/grep/grep";

/** Reads `u32 len, bytes` at q (bounds-checked against end); returns the bytes' end, or 0 when malformed. */
function piece(q: usize, end: usize): usize {
  if (end - q < 4) return 0;
  const n = <usize>load<u32>(q);
  return n > end - q - 4 ? 0 : q + 4 + n;
}

/**
 * Sets a pod's labels and annotations from the window's first len bytes: namespace, name, uid, the labels'
 * encoding, the annotations' encoding — each `u32 len, bytes` (enrich/labels.ts for the two encodings).
 * Returns 0, or -1 when the encoding is malformed (nothing changes then).
 */
export function setPod(len: u32): i32 {
  if (<usize>len > inputCap) return -1; // before reading a byte: the encoding lies inside the window
  const end = inputPtr + <usize>len;
  const ns = inputPtr, name = piece(ns, end), uid = name == 0 ? <usize>0 : piece(name, end);
  const labels = uid == 0 ? <usize>0 : piece(uid, end), anns = labels == 0 ? <usize>0 : piece(labels, end);
  const last = anns == 0 ? <usize>0 : piece(anns, end);
  if (last != end) return -1;
  const l = labelSetBuild(labels + 4, <usize>load<u32>(labels));
  const a = labelSetBuild(anns + 4, <usize>load<u32>(anns));
  if (l == <usize>-1 || a == <usize>-1) {
    if (l != <usize>-1) labelSetFree(l);
    if (a != <usize>-1) labelSetFree(a);
    return -1;
  }
  podSet(ns + 4, <usize>load<u32>(ns), name + 4, <usize>load<u32>(name), uid + 4, <usize>load<u32>(uid), l, a);
  markMetadataUsed();
  return 0;
}

/** Removes a pod (window: namespace, name, each `u32 len, bytes`); 1 if it was there, 0 if not, -1 malformed. */
export function removePod(len: u32): i32 {
  if (<usize>len > inputCap) return -1;
  const end = inputPtr + <usize>len;
  const ns = inputPtr, name = piece(ns, end);
  if (name == 0 || piece(name, end) != end) return -1;
  return podRemove(ns + 4, <usize>load<u32>(ns), name + 4, <usize>load<u32>(name)) ? 1 : 0;
}

export function clearPods(): void {
  podClear();
}

/**
 * Sets what the host knows about source id itself (window: the override encoding of enrich/state.ts, then
 * the labels' and the annotations' encodings, each as `u32 len, bytes`). Returns 0, -1 for an unknown
 * source or a malformed encoding.
 */
export function setSourceMeta(id: u32, len: u32): i32 {
  freeClosing();
  const s = sourceAt(id);
  if (s === null || <usize>len > inputCap) return -1;
  const end = inputPtr + <usize>len;
  const own = inputPtr, labels = piece(own, end), anns = labels == 0 ? <usize>0 : piece(labels, end);
  const last = anns == 0 ? <usize>0 : piece(anns, end);
  if (last != end) return -1;
  const o = ownFromEncoding(own + 4, <usize>load<u32>(own));
  const l = labelSetBuild(labels + 4, <usize>load<u32>(labels));
  const a = labelSetBuild(anns + 4, <usize>load<u32>(anns));
  if (o == 0 || l == <usize>-1 || a == <usize>-1) {
    if (o != 0) heap.free(o);
    if (l != <usize>-1) labelSetFree(l);
    if (a != <usize>-1) labelSetFree(a);
    return -1;
  }
  s.enrich.setOwn(o, l, a);
  markMetadataUsed();
  resolveSource(s);
  return 0;
}

/**
 * Compiles the filter text in the window's first len bytes as a label selector (kind 0), a LogQL query (1)
 * or Fluent Bit grep rules (2). Returns the program's handle, or 0 with the error's position and message in
 * filter_error_*. Nothing is installed: the host compiles every filter it sets first, then installs them
 * (so a bad one changes nothing).
 */
export function compileFilter(kind: i32, len: u32): usize {
  if (<usize>len > inputCap) return 0;
  if (kind == FILTER_SELECTOR) return selectorCompile(inputPtr, <usize>len);
  if (kind == FILTER_QUERY) return logqlCompile(inputPtr, <usize>len);
  if (kind == FILTER_GREP) return grepCompile(inputPtr, <usize>len);
  return 0;
}

/** Installs a compiled program of one kind engine-wide (0 removes the filter); frees the one it replaces. */
export function installFilter(kind: i32, prog: usize): void {
  if (kind >= FILTER_SELECTOR && kind <= FILTER_GREP) setFilter(kind, prog);
}

/** Frees a compiled program that was not installed. */
export function freeFilter(kind: i32, prog: usize): void {
  if (prog != 0 && kind >= FILTER_SELECTOR && kind <= FILTER_GREP) freeProgram(kind, prog);
}

/** Address of source id's `kubernetes` map (JSON, emit/members.ts), 0 when it has none; see kubeLength. */
export function kubeAddress(id: u32): usize {
  const m = membersOf(id);
  return m === null || m.kubeAt == <usize>-1 ? 0 : m.buf.ptr + m.kubeAt;
}

/** Length of source id's `kubernetes` map: it ends where the members end. */
export function kubeLength(id: u32): u32 {
  const m = membersOf(id);
  return m === null || m.kubeAt == <usize>-1 ? 0 : <u32>(m.buf.len - m.kubeAt);
}
