// Per-tag state: Fluent Bit's `tail` gives every file its own tag, so a tag is a source of the engine (its
// frame, decode, join, group, enrich and select state live there, keyed by source id). The tag table finds a
// tag's entry by hash; entries are kept least recently used first, so the one idle longest is found in O(1).
//
// Invariants: every entry is in the table and the LRU list exactly once; `bySource` maps an open entry's
// source id to it; the number of entries never exceeds settings.maxTags (filter.ts closes the least recently
// used one first).

import { hostSameBytes } from "../scan/host";
import { ageListNew, agePush, ageRemove } from "../mem/age-list";
import { PointerArray } from "../mem/pointer-array";
import { OutQueue } from "./queue";

@unmanaged
export class Tag {
  older: usize; // LRU links (mem/age-list.ts): keep these two first and together
  newer: usize;
  chain: usize; // next entry in the same hash bucket
  hash: u32;
  sourceId: u32;
  parsed: bool; // its records are parsed by Fluent Bit (fluent-bit/line.ts kind b)
  tagPtr: usize;
  tagLen: usize;
  lastMs: f64;  // host clock of its last record
  kubePtr: usize; // the kubernetes map it last applied (raw JSON bytes), 0 if none
  kubeLen: usize;
  pending: OutQueue;
}

export const lru = ageListNew();
export let tagCount: u32 = 0;
const bySource = PointerArray.create();

let buckets: usize = 0;
let bucketMask: u32 = 0;

/** Sizes the table for at most maxTags entries (start-up, before any tag). */
export function tagsInit(maxTags: u32): void {
  let n: u32 = 16;
  while (n < maxTags * 2) n <<= 1;
  buckets = heap.alloc(<usize>n * sizeof<usize>());
  memory.fill(buckets, 0, <usize>n * sizeof<usize>());
  bucketMask = n - 1;
}

/** A hash of the tag's bytes, eight at a time (tags are ~100 bytes and hashed once per record: in WAMR's
 *  interpreter every loop turn counts). */
function hashOf(p: usize, n: usize): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>n;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) h = rotl<u64>((h ^ load<u64>(p + i)) * 0xff51afd7ed558ccd, 29);
  for (; i < n; i++) h = (h ^ <u64>load<u8>(p + i)) * 0x100000001b3;
  h ^= h >> 32;
  return <u32>h;
}

/** The n bytes at a and b are equal (the host's memcmp; eight at a time where the build has no host). */
function sameBytes(a: usize, b: usize, n: usize): bool {
  if (HOST_INTERPRETED) return hostSameBytes(a, b, n);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) if (load<u64>(a + i) != load<u64>(b + i)) return false;
  for (; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** The tag found last: consecutive records of one chunk share their tag, so it is compared before hashing. */
let lastTag: Tag | null = null;

export function findTag(p: usize, n: usize): Tag | null {
  const last = lastTag;
  if (last !== null && last.tagLen == n && sameBytes(last.tagPtr, p, n)) return last;
  const t = findTagByHash(p, n);
  if (t !== null) lastTag = t;
  return t;
}

function findTagByHash(p: usize, n: usize): Tag | null {
  const h = hashOf(p, n);
  let e = load<usize>(buckets + <usize>(h & bucketMask) * sizeof<usize>());
  while (e != 0) {
    const t = changetype<Tag>(e);
    if (t.hash == h && t.tagLen == n && sameBytes(t.tagPtr, p, n)) return t;
    e = t.chain;
  }
  return null;
}

/** Adds an entry for tag [p, p+n) and source sourceId (the caller checked it is new). */
export function addTag(p: usize, n: usize, sourceId: u32, parsed: bool, nowMs: f64): Tag {
  const t = changetype<Tag>(heap.alloc(offsetof<Tag>()));
  t.hash = hashOf(p, n);
  t.sourceId = sourceId;
  t.parsed = parsed;
  t.tagPtr = heap.alloc(n + 1);
  memory.copy(t.tagPtr, p, n);
  t.tagLen = n;
  t.lastMs = nowMs;
  t.kubePtr = 0;
  t.kubeLen = 0;
  t.pending = OutQueue.create();
  const slot = buckets + <usize>(t.hash & bucketMask) * sizeof<usize>();
  t.chain = load<usize>(slot);
  store<usize>(slot, changetype<usize>(t));
  agePush(lru, changetype<usize>(t), 0);
  bySource.set(sourceId, changetype<usize>(t));
  tagCount++;
  return t;
}

/** Marks t used now: it becomes the most recently used. */
export function touchTag(t: Tag, nowMs: f64): void {
  t.lastMs = nowMs;
  if (lru.newest != changetype<usize>(t)) {
    ageRemove(lru, changetype<usize>(t), 0);
    agePush(lru, changetype<usize>(t), 0);
  }
}

export function tagOfSource(id: u32): Tag | null {
  const p = bySource.get(id);
  return p == 0 ? null : changetype<Tag>(p);
}

/** Removes t from the table and frees it (its pending records must have been moved first). */
export function removeTag(t: Tag): void {
  let slot = buckets + <usize>(t.hash & bucketMask) * sizeof<usize>();
  while (load<usize>(slot) != changetype<usize>(t)) slot = load<usize>(slot) + offsetof<Tag>("chain");
  store<usize>(slot, t.chain);
  ageRemove(lru, changetype<usize>(t), 0);
  bySource.set(t.sourceId, 0);
  tagCount--;
  if (lastTag === t) lastTag = null;
  heap.free(t.tagPtr);
  if (t.kubePtr != 0) heap.free(t.kubePtr);
  t.pending.dispose();
  heap.free(changetype<usize>(t));
}

/** Remembers the kubernetes map [p, p+n) as t's last applied one. */
export function setTagKube(t: Tag, p: usize, n: usize): void {
  if (t.kubePtr != 0) heap.free(t.kubePtr);
  t.kubePtr = heap.alloc(n + 1);
  memory.copy(t.kubePtr, p, n);
  t.kubeLen = n;
}

export function sameKube(t: Tag, p: usize, n: usize): bool {
  return t.kubePtr != 0 && t.kubeLen == n && sameBytes(t.kubePtr, p, n);
}
