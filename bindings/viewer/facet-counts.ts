// The facets panel's numbers, in the worker: a selection's per (source, stream, level) counts, folded by each
// source's kubernetes metadata into the top values of namespace, pod, container, level and stream. Per source,
// not per record, so this costs sources × 21 additions whatever the number of records. Pure: tested in Node.

import { STORE_LEVELS, STORE_STREAMS } from '../core/store.ts';
import type { Facet, FacetField, SourceInfo } from './protocol.ts';

/** Values shown per field (the rest is summed up as "n more"). */
export const FACET_TOP = 10;

const LEVELS = STORE_LEVELS.length;
const STREAMS = STORE_STREAMS.length;

/** `bySource[(id * 3 + stream) * 7 + level]` → the five facets, top `top` values each, most frequent first. */
export function facetCounts(bySource: Uint32Array, sources: ReadonlyMap<number, SourceInfo>, top = FACET_TOP): Facet[] {
  const tallies: Record<FacetField, Map<string, number>> = {
    namespace: new Map(), pod: new Map(), container: new Map(), level: new Map(), stream: new Map(),
  };
  const add = (field: FacetField, value: string, n: number) => tallies[field].set(value, (tallies[field].get(value) ?? 0) + n);
  const ids = bySource.length / (STREAMS * LEVELS);
  for (let id = 0; id < ids; id++) {
    let perSource = 0;
    for (let s = 0; s < STREAMS; s++) {
      for (let l = 0; l < LEVELS; l++) {
        const n = bySource[(id * STREAMS + s) * LEVELS + l];
        if (n === 0) continue;
        perSource += n;
        add('stream', STORE_STREAMS[s], n);
        add('level', STORE_LEVELS[l], n);
      }
    }
    if (perSource === 0) continue;
    const info = sources.get(id);
    add('namespace', info?.namespace ?? '', perSource);
    add('pod', info?.pod ?? '', perSource);
    add('container', info?.container ?? '', perSource);
  }
  return (Object.keys(tallies) as FacetField[]).map((field) => {
    const sorted = [...tallies[field]].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const shown = sorted.slice(0, top);
    return { field, values: shown.map(([v]) => v), counts: Uint32Array.from(shown.map(([, n]) => n)), distinct: sorted.length };
  });
}
