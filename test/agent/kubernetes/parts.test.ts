// The small parts on their own: watch lines joined across any chunking and bounded; backoff delays within
// their jittered bounds, growing to the cap; a PodCache fed by hand (by uid, relist semantics, odd objects).
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../bindings/agent/kubernetes/backoff.ts';
import { LineTooLongError, ndjsonLines } from '../../../bindings/agent/kubernetes/lines.ts';
import { type Pod, PodCache } from '../../../bindings/agent/kubernetes/pods.ts';

async function collect(chunks: string[], max = 1 << 20): Promise<string[]> {
  async function* gen() {
    for (const c of chunks) yield Buffer.from(c);
  }
  const out: string[] = [];
  for await (const l of ndjsonLines(gen(), max)) out.push(l);
  return out;
}

describe('ndjson lines', () => {
  it('joins lines cut anywhere, at every split of a multi-byte text; skips blank lines; keeps a last line without \\n', async () => {
    const text = '{"a":"é✓"}\n\n{"b":2}\n{"c":3}';
    const want = ['{"a":"é✓"}', '{"b":2}', '{"c":3}'];
    const bytes = Buffer.from(text);
    for (let i = 0; i <= bytes.length; i++) {
      for (const j of [i, Math.min(bytes.length, i + 3)]) {
        async function* gen() {
          yield bytes.subarray(0, i);
          yield bytes.subarray(i, j);
          yield bytes.subarray(j);
        }
        const out: string[] = [];
        for await (const l of ndjsonLines(gen(), 1024)) out.push(l);
        expect(out).toEqual(want);
      }
    }
  });

  it('a line over the bound is an error, held or whole', async () => {
    await expect(collect(['x'.repeat(10), 'y'.repeat(10)], 15)).rejects.toThrow(LineTooLongError);
    await expect(collect([`${'x'.repeat(20)}\n`], 15)).rejects.toThrow(LineTooLongError);
    expect(await collect([`${'x'.repeat(15)}\n`], 15)).toEqual(['x'.repeat(15)]);
  });
});

describe('backoff', () => {
  it('equal jitter: between half and all of a ceiling that doubles from initialMs up to maxMs', () => {
    const o = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 50].map((f) => backoffDelay(f, o, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 50].map((f) => backoffDelay(f, o, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(1)).toBeGreaterThanOrEqual(250);
    expect(backoffDelay(1e9)).toBeLessThanOrEqual(30_000);
  });
});

describe('PodCache fed by hand', () => {
  const pod = (name: string, uid: string, labels?: Record<string, string>, extra: object = {}) =>
    ({ metadata: { namespace: 'ns', name, uid, labels, resourceVersion: '1', managedFields: [{ big: 'x'.repeat(1000) }], ...extra }, spec: { nodeName: 'n', containers: [] }, status: { phase: 'Running' } });

  it('keeps only what it needs; a relist replaces; odd objects and non-string labels are skipped, not fatal', () => {
    const c = new PodCache();
    const events: string[] = [];
    c.on('pod', (p: Pod, prev?: Pod) => events.push(`pod ${p.metadata.name} ${p.metadata.uid}${prev ? ' (changed)' : ''}`));
    c.on('deleted', (p: Pod) => events.push(`deleted ${p.metadata.name} ${p.metadata.uid}`));
    c.on('synced', (first: boolean) => events.push(`synced ${first}`));
    c.replace([pod('a', 'u1', { x: '1' }), pod('b', 'u2'), { metadata: { name: 'no-uid' } }, { nothing: true } as never]);
    expect(c.size).toBe(2);
    expect(c.get('ns', 'a')).toEqual({ metadata: { namespace: 'ns', name: 'a', uid: 'u1', resourceVersion: '1', labels: { x: '1' }, annotations: undefined }, spec: { nodeName: 'n' } });
    c.upsert(pod('a', 'u1', { x: '1', n: 2 as unknown as string }));  // a non-string value is left out: no change
    c.upsert(pod('b', 'u2', { y: '1' }));
    c.replace([pod('b', 'u2', { y: '1' }), pod('a', 'u3', { x: '2' })]); // a recreated under a new uid
    c.remove(pod('gone', 'u9'));
    expect(events).toEqual([
      'pod a u1', 'pod b u2', 'synced true',
      'pod b u2 (changed)',
      'pod a u3', 'deleted a u1', 'synced false',
    ]);
    expect(c.get('ns', 'a')?.metadata.uid).toBe('u3');
    expect(c.getByUid('u1')).toBeUndefined();
  });
});
