// A selection's histogram (buckets × 7 level counts) → uPlot's columns: x = each bucket's start (ms), then one
// cumulative series per level so bars stack. Pure: tested in Node.

import { STORE_LEVELS } from '../core/store.ts';

export interface StackedColumns {
  /** bucket start times, ms */
  x: Float64Array;
  /** stacked[l][b] = counts of levels 0…l in bucket b (the top of level l's bar) */
  stacked: Float64Array[];
  /** raw[l][b] = counts of level l alone (what hovering shows) */
  raw: Uint32Array[];
}

export function stackByLevel(histogram: Uint32Array, buckets: number, fromMs: number, toMs: number): StackedColumns {
  const levels = STORE_LEVELS.length;
  // the store's bucket width: (to - from) / buckets rounded up, in ns
  const width = Math.ceil(((toMs - fromMs) * 1e6) / buckets) / 1e6;
  const x = new Float64Array(buckets);
  const raw = Array.from({ length: levels }, () => new Uint32Array(buckets));
  const stacked = Array.from({ length: levels }, () => new Float64Array(buckets));
  for (let b = 0; b < buckets; b++) {
    x[b] = fromMs + b * width;
    let sum = 0;
    for (let l = 0; l < levels; l++) {
      const n = histogram[b * levels + l] ?? 0;
      raw[l][b] = n;
      sum += n;
      stacked[l][b] = sum;
    }
  }
  return { x, stacked, raw };
}

/** Buckets for a chart `width` px wide: about one per 6 px, 20 to 300. */
export function bucketsFor(width: number): number {
  return Math.max(20, Math.min(300, Math.floor(width / 6)));
}

/** Axis labels that fit the axis: 950, 12k, 3.4M (a count is never fractional: fractions are not labelled). */
export function compactCount(v: number): string {
  if (!Number.isInteger(v)) return '';
  if (v < 1000) return String(v);
  if (v < 1e6) return `${+(v / 1e3).toFixed(v < 1e4 ? 1 : 0)}k`;
  return `${+(v / 1e6).toFixed(v < 1e7 ? 1 : 0)}M`;
}
