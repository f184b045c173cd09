// The enrich stage's state for one source: its path (a private copy, which the path-derived metadata points
// into), what the host said about this source itself (overrides and its own labels), and the resolved
// metadata the later stages read (a KubeMeta laid out right after this state, enrich/kube.ts).
//
// Resolution (resolve below) composes, in order: the path's fields (enrich/path.ts); the host's per-source
// fields, which replace them; the pod entry found by namespace + pod name (enrich/pods.ts; skipped when both
// sides know the pod uid and they differ: a recreated pod's old files are not the new pod's); its labels and
// annotations, with the source's own merged over them (the source's value wins per key).
//
// Invariants:
//   - `resolvedAt` == podGeneration iff `kube` is current: a pod table change makes every source stale, and
//     the engine (engine/enrich.ts) resolves a stale source before any stage reads its metadata, so no stage
//     ever reads a label set the pod table freed;
//   - `mergedLabels`/`mergedAnnotations` are owned here (0 when no merge was needed); `kube.labels` is one of
//     mergedLabels, ownLabels, or the pod's set.
// Unmanaged: laid out inside the composing source's block (`initAt`), released in `release`.

import { KubeMeta } from "./kube";
import { labelSetFree, labelSetMerge } from "./labels";
import { parsePath } from "./path";
import { podAnnotations, podFind, podGeneration, podLabels, podUidLen, podUidPtr } from "./pods";

/** Fields of an override (`own`) that were not given: a restart of -2. */
const RESTART_NOT_GIVEN: i32 = -2;

@unmanaged
export class EnrichState {
  pathPtr!: usize;
  pathLen!: usize;
  own!: usize;            // the host's per-source fields: a KubeMeta block with its bytes after it, or 0
  ownLabels!: usize;
  ownAnnotations!: usize;
  mergedLabels!: usize;
  mergedAnnotations!: usize;
  resolvedAt!: u32;       // podGeneration at the last resolve (0 = never)

  static initAt(at: usize, pathPtr: usize, pathLen: usize): EnrichState {
    const s = changetype<EnrichState>(at);
    s.pathPtr = pathLen == 0 ? 0 : heap.alloc(pathLen);
    if (pathLen != 0) memory.copy(s.pathPtr, pathPtr, pathLen);
    s.pathLen = pathLen;
    s.own = 0;
    s.ownLabels = 0;
    s.ownAnnotations = 0;
    s.mergedLabels = 0;
    s.mergedAnnotations = 0;
    s.resolvedAt = 0;
    s.kube.clear();
    return s;
  }

  /** Bytes of the state plus its KubeMeta (what the source block reserves). */
  // @ts-ignore: decorator
  @inline static get size(): usize {
    return KUBE_AT + offsetof<KubeMeta>();
  }

  // @ts-ignore: decorator
  @inline get kube(): KubeMeta {
    return changetype<KubeMeta>(changetype<usize>(this) + KUBE_AT);
  }

  // @ts-ignore: decorator
  @inline get stale(): bool {
    return this.resolvedAt != podGeneration;
  }

  /** Replaces the host's per-source fields and labels (all handles owned from now on; 0 = none). */
  setOwn(own: usize, labels: usize, annotations: usize): void {
    if (this.own != 0) heap.free(this.own);
    labelSetFree(this.ownLabels);
    labelSetFree(this.ownAnnotations);
    this.own = own;
    this.ownLabels = labels;
    this.ownAnnotations = annotations;
    this.resolvedAt = 0;
  }

  resolve(): void {
    const m = this.kube;
    m.clear();
    if (this.pathLen != 0) parsePath(this.pathPtr, this.pathLen, m);
    if (this.own != 0) applyOwn(m, changetype<KubeMeta>(this.own));
    let podLabelSet: usize = 0;
    let podAnnotationSet: usize = 0;
    if (m.namespaceLen != 0 && m.podLen != 0) {
      const e = podFind(m.namespacePtr, m.namespaceLen, m.podPtr, m.podLen);
      if (e != 0 && !uidConflict(m, e)) {
        podLabelSet = podLabels(e);
        podAnnotationSet = podAnnotations(e);
        if (m.podIdLen == 0 && podUidLen(e) != 0) {
          m.podIdPtr = podUidPtr(e);
          m.podIdLen = podUidLen(e);
        }
      }
    }
    labelSetFree(this.mergedLabels);
    labelSetFree(this.mergedAnnotations);
    this.mergedLabels = labelSetMerge(podLabelSet, this.ownLabels);
    this.mergedAnnotations = labelSetMerge(podAnnotationSet, this.ownAnnotations);
    m.labels = pick(this.mergedLabels, podLabelSet, this.ownLabels);
    m.annotations = pick(this.mergedAnnotations, podAnnotationSet, this.ownAnnotations);
    this.resolvedAt = podGeneration;
  }

  release(): void {
    this.setOwn(0, 0, 0);
    labelSetFree(this.mergedLabels);
    labelSetFree(this.mergedAnnotations);
    if (this.pathPtr != 0) heap.free(this.pathPtr);
  }
}

const KUBE_AT: usize = (offsetof<EnrichState>() + 7) & ~7;

/** The merged set when one was built, else whichever of the two exists. */
function pick(merged: usize, pod: usize, own: usize): usize {
  return merged != 0 ? merged : own != 0 ? own : pod;
}

/** Both sides know the pod's uid and they differ. */
function uidConflict(m: KubeMeta, e: usize): bool {
  const n = podUidLen(e);
  return m.podIdLen != 0 && n != 0 && (n != m.podIdLen || memory.compare(m.podIdPtr, podUidPtr(e), n) != 0);
}

function applyOwn(m: KubeMeta, o: KubeMeta): void {
  if (o.namespacePtr != 0) { m.namespacePtr = o.namespacePtr; m.namespaceLen = o.namespaceLen; }
  if (o.podPtr != 0) { m.podPtr = o.podPtr; m.podLen = o.podLen; }
  if (o.podIdPtr != 0) { m.podIdPtr = o.podIdPtr; m.podIdLen = o.podIdLen; }
  if (o.containerPtr != 0) { m.containerPtr = o.containerPtr; m.containerLen = o.containerLen; }
  if (o.dockerIdPtr != 0) { m.dockerIdPtr = o.dockerIdPtr; m.dockerIdLen = o.dockerIdLen; }
  if (o.restart != RESTART_NOT_GIVEN) m.restart = o.restart;
}

/**
 * Builds an override block from the host's encoding: five strings (namespace, pod, pod uid, container,
 * docker id), each  u32 len, bytes  with len 0xFFFFFFFF meaning "not given" (no bytes follow), then an i32
 * restart count (-1 none, -2 not given). Returns 0 when the encoding is malformed.
 */
export function ownFromEncoding(p: usize, n: usize): usize {
  const end = p + n;
  let q = p;
  let bytes: usize = 0;
  for (let i = 0; i < 5; i++) {
    if (end - q < 4) return 0;
    const len = load<u32>(q);
    q += 4;
    if (len == 0xffffffff) continue;
    if (<usize>len > end - q) return 0;
    q += <usize>len;
    bytes += <usize>len;
  }
  if (end - q != 4) return 0;
  const head = (offsetof<KubeMeta>() + 7) & ~7;
  const block = heap.alloc(head + bytes + 1);
  const o = changetype<KubeMeta>(block);
  o.clear();
  let w = block + head;
  q = p;
  for (let i = 0; i < 5; i++) {
    const len = load<u32>(q);
    q += 4;
    if (len == 0xffffffff) continue;
    memory.copy(w, q, <usize>len);
    // a given empty string still counts as given: its pointer is non-zero
    setField(o, i, w, <usize>len);
    q += <usize>len;
    w += <usize>len;
  }
  o.restart = load<i32>(q);
  if (o.restart < RESTART_NOT_GIVEN) o.restart = -1;
  return block;
}

function setField(o: KubeMeta, i: i32, p: usize, n: usize): void {
  if (i == 0) { o.namespacePtr = p; o.namespaceLen = n; }
  else if (i == 1) { o.podPtr = p; o.podLen = n; }
  else if (i == 2) { o.podIdPtr = p; o.podIdLen = n; }
  else if (i == 3) { o.containerPtr = p; o.containerLen = n; }
  else { o.dockerIdPtr = p; o.dockerIdLen = n; }
}
