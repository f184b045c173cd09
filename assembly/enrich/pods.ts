// The pod table: labels and annotations of pods, supplied by the host (`kubectl get pods -A -o json`, the
// Kubernetes API, or by hand), keyed by namespace + pod name. Sources find their pod here by the namespace and
// pod name of their path (enrich/path.ts), so every container and every restart of a pod shares one entry.
//
// Entry (one heap block):  0 u32 nsLen  4 u32 nameLen  8 u32 uidLen  12 u32 hash  16 usize labels
//                          16+usize usize annotations   then ns, name, uid bytes
// Table: open addressing with linear probing over `cap` (a power of two) pointer slots; 0 = empty,
// TOMBSTONE = removed. Invariants: live + dead < cap * 3/4 (so a probe always ends at an empty slot); one live
// entry per (namespace, name); every entry owns its two label sets.
//
// `podGeneration` increases on every change, so a source's resolved metadata (enrich/state.ts) can tell it
// is stale in one compare and look its pod up again (never reading a freed label set).

import { labelSetFree } from "./labels";

const TOMBSTONE: usize = 1;
const E_NS: usize = 0;
const E_NAME: usize = 4;
const E_UID: usize = 8;
const E_HASH: usize = 12;
const E_LABELS: usize = 16;
const E_ANNOTATIONS: usize = 16 + sizeof<usize>();
const E_BYTES: usize = 16 + 2 * sizeof<usize>();

let slots: usize = 0;
let cap: u32 = 0;
let live: u32 = 0;
let dead: u32 = 0;

export let podGeneration: u32 = 1;

/** FNV-1a over namespace, a separator, name. */
function hashOf(ns: usize, nsLen: usize, name: usize, nameLen: usize): u32 {
  let h: u32 = 2166136261;
  for (let i: usize = 0; i < nsLen; i++) h = (h ^ <u32>load<u8>(ns + i)) * 16777619;
  h = (h ^ 0x2f) * 16777619;
  for (let i: usize = 0; i < nameLen; i++) h = (h ^ <u32>load<u8>(name + i)) * 16777619;
  return h;
}

function bytesEqual(a: usize, b: usize, n: usize): bool {
  return memory.compare(a, b, n) == 0;
}

function matches(e: usize, h: u32, ns: usize, nsLen: usize, name: usize, nameLen: usize): bool {
  return load<u32>(e, E_HASH) == h && <usize>load<u32>(e, E_NS) == nsLen && <usize>load<u32>(e, E_NAME) == nameLen
    && bytesEqual(e + E_BYTES, ns, nsLen) && bytesEqual(e + E_BYTES + nsLen, name, nameLen);
}

/** The slot index holding (ns, name), or -1. */
function findSlot(h: u32, ns: usize, nsLen: usize, name: usize, nameLen: usize): i32 {
  if (cap == 0) return -1;
  const mask = cap - 1;
  let i = h & mask;
  while (true) {
    const e = load<usize>(slots + (<usize>i << alignof<usize>()));
    if (e == 0) return -1;
    if (e != TOMBSTONE && matches(e, h, ns, nsLen, name, nameLen)) return <i32>i;
    i = (i + 1) & mask;
  }
  return -1;
}

/** The entry of (ns, name), or 0. */
export function podFind(ns: usize, nsLen: usize, name: usize, nameLen: usize): usize {
  const h = hashOf(ns, nsLen, name, nameLen);
  const i = findSlot(h, ns, nsLen, name, nameLen);
  return i < 0 ? 0 : load<usize>(slots + (<usize>i << alignof<usize>()));
}

// @ts-ignore: decorator
@inline export function podUidPtr(e: usize): usize {
  return e + E_BYTES + <usize>load<u32>(e, E_NS) + <usize>load<u32>(e, E_NAME);
}

// @ts-ignore: decorator
@inline export function podUidLen(e: usize): usize {
  return <usize>load<u32>(e, E_UID);
}

// @ts-ignore: decorator
@inline export function podLabels(e: usize): usize {
  return load<usize>(e, E_LABELS);
}

// @ts-ignore: decorator
@inline export function podAnnotations(e: usize): usize {
  return load<usize>(e, E_ANNOTATIONS);
}

function rehash(newCap: u32): void {
  const old = slots;
  const oldCap = cap;
  const bytes = <usize>newCap << alignof<usize>();
  slots = heap.alloc(bytes);
  memory.fill(slots, 0, bytes);
  cap = newCap;
  dead = 0;
  const mask = newCap - 1;
  for (let j: u32 = 0; j < oldCap; j++) {
    const e = load<usize>(old + (<usize>j << alignof<usize>()));
    if (e == 0 || e == TOMBSTONE) continue;
    let i = load<u32>(e, E_HASH) & mask;
    while (load<usize>(slots + (<usize>i << alignof<usize>())) != 0) i = (i + 1) & mask;
    store<usize>(slots + (<usize>i << alignof<usize>()), e);
  }
  if (old != 0) heap.free(old);
}

function freeEntry(e: usize): void {
  labelSetFree(podLabels(e));
  labelSetFree(podAnnotations(e));
  heap.free(e);
}

/**
 * Sets the entry of (ns, name): its uid (may be empty) and label sets (enrich/labels.ts handles; the table
 * takes ownership, and frees the sets of the entry it replaces).
 */
export function podSet(
  ns: usize, nsLen: usize, name: usize, nameLen: usize, uid: usize, uidLen: usize, labels: usize, annotations: usize,
): void {
  if ((live + dead + 1) * 4 >= cap * 3) rehash(cap == 0 ? 64 : (live + 1) * 4 >= cap * 3 ? cap * 2 : cap);
  const h = hashOf(ns, nsLen, name, nameLen);
  const e = heap.alloc(E_BYTES + nsLen + nameLen + uidLen);
  store<u32>(e, <u32>nsLen, E_NS);
  store<u32>(e, <u32>nameLen, E_NAME);
  store<u32>(e, <u32>uidLen, E_UID);
  store<u32>(e, h, E_HASH);
  store<usize>(e, labels, E_LABELS);
  store<usize>(e, annotations, E_ANNOTATIONS);
  memory.copy(e + E_BYTES, ns, nsLen);
  memory.copy(e + E_BYTES + nsLen, name, nameLen);
  memory.copy(e + E_BYTES + nsLen + nameLen, uid, uidLen);
  const at = findSlot(h, ns, nsLen, name, nameLen);
  if (at >= 0) {
    const p = slots + (<usize>at << alignof<usize>());
    freeEntry(load<usize>(p));
    store<usize>(p, e);
  } else {
    const mask = cap - 1;
    let i = h & mask;
    while (true) {
      const s = load<usize>(slots + (<usize>i << alignof<usize>()));
      if (s == 0 || s == TOMBSTONE) break;
      i = (i + 1) & mask;
    }
    const p = slots + (<usize>i << alignof<usize>());
    if (load<usize>(p) == TOMBSTONE) dead--;
    store<usize>(p, e);
    live++;
  }
  podGeneration++;
}

/** Removes the entry of (ns, name); false when there was none. */
export function podRemove(ns: usize, nsLen: usize, name: usize, nameLen: usize): bool {
  const at = findSlot(hashOf(ns, nsLen, name, nameLen), ns, nsLen, name, nameLen);
  if (at < 0) return false;
  const p = slots + (<usize>at << alignof<usize>());
  freeEntry(load<usize>(p));
  store<usize>(p, TOMBSTONE);
  live--;
  dead++;
  podGeneration++;
  return true;
}

/** Removes every entry. */
export function podClear(): void {
  for (let j: u32 = 0; j < cap; j++) {
    const p = slots + (<usize>j << alignof<usize>());
    const e = load<usize>(p);
    if (e != 0 && e != TOMBSTONE) freeEntry(e);
    store<usize>(p, 0);
  }
  live = dead = 0;
  podGeneration++;
}

export function podCount(): u32 {
  return live;
}
