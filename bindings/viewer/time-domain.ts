// The histogram's time axis over the whole store. Error records before a source's first good line carry the
// epoch itself (time 0: the engine invents no time), and so does every line of a plain `kubectl logs` file;
// with them in the axis, one stray record would stretch it from 1970 to today. So the axis is the range of
// records with a time of their own, and records at the epoch are counted as "untimed". The store's
// timeRange() includes them, so the smallest real time is found by a few coarse-to-fine histogram passes.

import type { RecordStore, SelectOptions, Selection } from '../core/store.ts';

export interface TimeDomain {
  fromMs: number;
  /** exclusive */
  toMs: number;
  /** records at the epoch itself */
  untimed: number;
}

const PASS_BUCKETS = 1024;

/** `select` is the store's (it replaces the store's last selection: call this before the selection you keep). */
export function timeDomain(store: Pick<RecordStore, 'timeRange'>, select: (o: SelectOptions) => Selection): TimeDomain {
  const range = store.timeRange();
  if (!range) return { fromMs: 0, toMs: 1, untimed: 0 };
  const toMs = Math.floor(range.maxMs) + 1;
  if (range.minMs >= 1) return { fromMs: Math.floor(range.minMs), toMs, untimed: 0 };
  const untimed = select({ toMs: 1 }).count;
  if (range.maxMs < 1) return { fromMs: 0, toMs: 1, untimed };
  let lo = 1;
  let hi = toMs;
  for (let pass = 0; pass < 4 && hi - lo > 1; pass++) {
    const h = select({ fromMs: lo, toMs: hi, buckets: PASS_BUCKETS, bucketFromMs: lo, bucketToMs: hi }).histogram;
    const first = firstNonEmptyBucket(h, PASS_BUCKETS);
    if (first < 0) break;
    const width = (hi - lo) / PASS_BUCKETS;
    // one bucket of slack each side: the store's bucket edges may round the other way
    const nextLo = Math.max(1, Math.floor(lo + (first - 1) * width));
    hi = Math.min(hi, Math.ceil(lo + (first + 2) * width));
    lo = nextLo;
  }
  return { fromMs: lo, toMs, untimed };
}

/** Index of the first bucket with any record (histogram[b * levels + l]), or -1. */
export function firstNonEmptyBucket(histogram: Uint32Array, buckets: number): number {
  const levels = histogram.length / buckets;
  for (let b = 0; b < buckets; b++) {
    for (let l = 0; l < levels; l++) if (histogram[b * levels + l] !== 0) return b;
  }
  return -1;
}
