// The histogram's time axis over the whole store. Error records before a source's first good line carry the
// epoch itself (time 0: the engine invents no time), and so does every line of a plain `kubectl logs` file;
// the store's timeRange() leaves them out (one stray record would stretch the axis from 1970 to today), and
// they are counted here as "untimed": they are in the table, never in a bar.

import type { RecordStore, SelectOptions, Selection } from '../core/store.ts';

export interface TimeDomain {
  fromMs: number;
  /** exclusive */
  toMs: number;
  /** records at the epoch itself */
  untimed: number;
}

/** `select` is the store's (it replaces the store's last selection: call this before the selection you keep). */
export function timeDomain(store: Pick<RecordStore, 'timeRange' | 'length'>, select: (o: SelectOptions) => Selection): TimeDomain {
  const range = store.timeRange();
  // nothing with a time: an axis past the epoch, so the untimed records (at 0) fall in no bucket
  if (!range) return { fromMs: 1, toMs: 2, untimed: store.length };
  const fromMs = Math.floor(range.minMs);
  const untimed = select({ toMs: 1 }).count;
  return { fromMs, toMs: Math.floor(range.maxMs) + 1, untimed };
}
