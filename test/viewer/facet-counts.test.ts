// Facets from a selection's per-source counts (bindings/viewer/facet-counts.ts).
import { describe, expect, it } from 'vitest';
import { facetCounts } from '../../bindings/viewer/facet-counts.ts';
import type { SourceInfo } from '../../bindings/viewer/protocol.ts';

/** bySource for `sources` ids with counts at (id, stream, level). */
function bySource(ids: number, counts: Array<[number, number, number, number]>): Uint32Array {
  const a = new Uint32Array(ids * 3 * 7);
  for (const [id, stream, level, n] of counts) a[(id * 3 + stream) * 7 + level] = n;
  return a;
}

const sources = new Map<number, SourceInfo>([
  [0, { id: 0, path: 'a', namespace: 'shop', pod: 'web-1', container: 'web' }],
  [1, { id: 1, path: 'b', namespace: 'shop', pod: 'db-1', container: 'db' }],
  [2, { id: 2, path: 'c', namespace: '', pod: '', container: '' }],
]);

describe('facet counts', () => {
  it('sums per field, most frequent first; levels and streams by name; unknown metadata is the empty value', () => {
    const f = facetCounts(bySource(3, [[0, 0, 3, 5], [0, 1, 5, 2], [1, 0, 3, 4], [2, 2, 0, 1]]), sources);
    const get = (field: string) => {
      const x = f.find((g) => g.field === field)!;
      return Object.fromEntries(x.values.map((v, i) => [v, x.counts[i]]));
    };
    expect(get('namespace')).toEqual({ shop: 11, '': 1 });
    expect(f.find((g) => g.field === 'namespace')!.values).toEqual(['shop', '']);
    expect(get('pod')).toEqual({ 'web-1': 7, 'db-1': 4, '': 1 });
    expect(get('level')).toEqual({ info: 9, error: 2, none: 1 });
    expect(get('stream')).toEqual({ stdout: 9, stderr: 2, unknown: 1 });
  });

  it('only the top values are listed; `distinct` says how many there are', () => {
    const many = new Map<number, SourceInfo>();
    const counts: Array<[number, number, number, number]> = [];
    for (let id = 0; id < 15; id++) {
      many.set(id, { id, path: String(id), namespace: 'n', pod: `p${id}`, container: 'c' });
      counts.push([id, 0, 3, id + 1]);
    }
    const pod = facetCounts(bySource(15, counts), many, 10).find((g) => g.field === 'pod')!;
    expect(pod.values).toHaveLength(10);
    expect(pod.values[0]).toBe('p14');
    expect(pod.distinct).toBe(15);
  });

  it('sources with nothing selected are left out', () => {
    const f = facetCounts(bySource(3, [[1, 0, 4, 3]]), sources);
    expect(f.find((g) => g.field === 'namespace')!.values).toEqual(['shop']);
    expect(f.find((g) => g.field === 'container')!.values).toEqual(['db']);
  });
});
