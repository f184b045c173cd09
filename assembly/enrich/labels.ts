// A label set: an immutable, position-independent block of key/value byte strings, sorted by key, used for a
// pod's labels and annotations (supplied by the host) and read by the select stage (selectors, LogQL, grep).
//
//   0 u32 count   4 u32 total block size
//   8 + 16·i: u32 keyOff, u32 keyLen, u32 valOff, u32 valLen     (offsets from the block's start)
//   then the key and value bytes
//
// Invariants: keys strictly increasing in unsigned byte order (so no duplicates: when the encoded input repeats
// a key, the last value wins, as a JSON object's would); every offset + length lies inside the block. The
// handle 0 is the empty set and every reader accepts it. The encoding the host builds (labelSetBuild's input)
// is a sequence of  u32 keyLen, key bytes, u32 valLen, value bytes  (little-endian), nothing else.

import { DEBUG } from "../common/debug";

const HEAD: usize = 8;
const ENTRY: usize = 16;

/** Builds a set from the encoding above at [p, p + n); returns its handle (0 for no pairs), or -1 as usize
 *  (all ones) when the encoding is malformed (a length runs past the end). The caller frees it. */
export function labelSetBuild(p: usize, n: usize): usize {
  // pass 1: count and validate
  let count: usize = 0;
  let bytes: usize = 0;
  let q = p;
  const end = p + n;
  while (q < end) {
    if (end - q < 4) return <usize>-1;
    const kl = <usize>load<u32>(q);
    q += 4;
    if (kl > end - q) return <usize>-1;
    q += kl;
    if (end - q < 4) return <usize>-1;
    const vl = <usize>load<u32>(q);
    q += 4;
    if (vl > end - q) return <usize>-1;
    q += vl;
    count++;
    bytes += kl + vl;
  }
  if (count == 0) return 0;
  // pass 2: entries pointing into the input, then an insertion sort by key (label sets are small: tens)
  const tmp = heap.alloc(count * ENTRY);
  q = p;
  let m: usize = 0;
  while (q < end) {
    const kl = <usize>load<u32>(q);
    const kp = q + 4;
    q = kp + kl;
    const vl = <usize>load<u32>(q);
    const vp = q + 4;
    q = vp + vl;
    // find the insertion point; an equal key replaces (last wins)
    let i = m;
    let replaced = false;
    while (i > 0) {
      const e = tmp + (i - 1) * ENTRY;
      const c = compareBytes(<usize>load<u32>(e), <usize>load<u32>(e, 4), kp, kl);
      if (c == 0) {
        store<u32>(e, <u32>vp, 8);
        store<u32>(e, <u32>vl, 12);
        replaced = true;
        break;
      }
      if (c < 0) break;
      i--;
    }
    if (replaced) continue;
    memory.copy(tmp + (i + 1) * ENTRY, tmp + i * ENTRY, (m - i) * ENTRY);
    const e = tmp + i * ENTRY;
    store<u32>(e, <u32>kp);
    store<u32>(e, <u32>kl, 4);
    store<u32>(e, <u32>vp, 8);
    store<u32>(e, <u32>vl, 12);
    m++;
  }
  // pass 3: the block
  let size = HEAD + m * ENTRY;
  for (let i: usize = 0; i < m; i++) {
    const e = tmp + i * ENTRY;
    size += <usize>load<u32>(e, 4) + <usize>load<u32>(e, 12);
  }
  const set = heap.alloc(size);
  store<u32>(set, <u32>m);
  store<u32>(set, <u32>size, 4);
  let o = HEAD + m * ENTRY;
  for (let i: usize = 0; i < m; i++) {
    const e = tmp + i * ENTRY;
    const d = set + HEAD + i * ENTRY;
    const kl = <usize>load<u32>(e, 4);
    const vl = <usize>load<u32>(e, 12);
    memory.copy(set + o, <usize>load<u32>(e), kl);
    store<u32>(d, <u32>o);
    store<u32>(d, <u32>kl, 4);
    o += kl;
    memory.copy(set + o, <usize>load<u32>(e, 8), vl);
    store<u32>(d, <u32>o, 8);
    store<u32>(d, <u32>vl, 12);
    o += vl;
  }
  heap.free(tmp);
  if (DEBUG) assert(o == size);
  return set;
}

export function labelSetFree(set: usize): void {
  if (set != 0) heap.free(set);
}

// @ts-ignore: decorator
@inline export function labelCount(set: usize): u32 {
  return set == 0 ? 0 : load<u32>(set);
}

/** Size of the block in bytes (0 for the empty set): a set can be copied with memory.copy. */
// @ts-ignore: decorator
@inline export function labelSetSize(set: usize): usize {
  return set == 0 ? 0 : <usize>load<u32>(set, 4);
}

// @ts-ignore: decorator
@inline export function labelKeyPtr(set: usize, i: u32): usize {
  return set + <usize>load<u32>(set + HEAD + <usize>i * ENTRY);
}

// @ts-ignore: decorator
@inline export function labelKeyLen(set: usize, i: u32): usize {
  return <usize>load<u32>(set + HEAD + <usize>i * ENTRY, 4);
}

// @ts-ignore: decorator
@inline export function labelValuePtr(set: usize, i: u32): usize {
  return set + <usize>load<u32>(set + HEAD + <usize>i * ENTRY, 8);
}

// @ts-ignore: decorator
@inline export function labelValueLen(set: usize, i: u32): usize {
  return <usize>load<u32>(set + HEAD + <usize>i * ENTRY, 12);
}

/** Index of the key [kp, kp + kl) in the set, or -1 when absent (binary search). */
export function labelFind(set: usize, kp: usize, kl: usize): i32 {
  let lo: i32 = 0;
  let hi: i32 = <i32>labelCount(set) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareBytes(labelKeyPtr(set, <u32>mid), labelKeyLen(set, <u32>mid), kp, kl);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Unsigned byte order: <0, 0, >0 as [a, a + an) sorts before, equal to, after [b, b + bn). */
export function compareBytes(a: usize, an: usize, b: usize, bn: usize): i32 {
  const n = an < bn ? an : bn;
  for (let i: usize = 0; i < n; i++) {
    const x = <i32>load<u8>(a + i);
    const y = <i32>load<u8>(b + i);
    if (x != y) return x - y;
  }
  return an < bn ? -1 : an > bn ? 1 : 0;
}
