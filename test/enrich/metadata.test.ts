// The enrich stage on the record path (assembly/enrich/state.ts, pods.ts; engine/enrich.ts; emit/members.ts):
// records carry their source's `kubernetes` map from the path, the pod table and the host's per-source
// metadata, the same in NDJSON and on the JS record; pod changes reach open sources from the next call on;
// a recreated pod (same name, other uid) does not lend its labels to the old pod's files.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const TS = '2026-11-24T10:00:00Z';
const UID = '0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c';
const POD_PATH = `/var/log/pods/shop_checkout-7d9f8b6c5d-x2x4q_${UID}/checkout/3.log`;
const ID = 'a'.repeat(64);
const CONTAINERS_PATH = `/var/log/containers/checkout-7d9f8b6c5d-x2x4q_shop_checkout-sidecar-${ID}.log`;
const dec = new TextDecoder('utf-8', { fatal: true });

function lines(out: Uint8Array): any[] {
  const text = dec.decode(out);
  return text.split('\n').slice(0, -1).map((l) => JSON.parse(l));
}

const pod = (labels: Record<string, string>, uid = UID, annotations: Record<string, string> = {}) => ({
  metadata: { namespace: 'shop', name: 'checkout-7d9f8b6c5d-x2x4q', uid, labels, annotations },
});

describe.each(BUILDS)('kubernetes metadata (%s)', (build) => {
  it('path fields alone: /var/log/pods and /var/log/containers layouts; no metadata for other paths', () => {
    const e = createEngine({ build });
    const a = lines(e.source(POD_PATH).pushNdjson(`${TS} stdout F x\n`))[0];
    expect(a.kubernetes).toEqual({
      namespace_name: 'shop', pod_name: 'checkout-7d9f8b6c5d-x2x4q', pod_id: UID, container_name: 'checkout', restart_count: 3,
    });
    const b = lines(e.source(CONTAINERS_PATH).pushNdjson(`${TS} stdout F x\n`))[0];
    expect(b.kubernetes).toEqual({
      namespace_name: 'shop', pod_name: 'checkout-7d9f8b6c5d-x2x4q', container_name: 'checkout-sidecar', docker_id: ID,
    });
    const c = lines(e.source('/tmp/app.log').pushNdjson(`${TS} stdout F x\n`))[0];
    expect(c.kubernetes).toBeUndefined();
    expect(c.file).toBe('/tmp/app.log');
  });

  it('pod labels and annotations from a PodList, escaped as JSON; the JS record agrees with NDJSON', () => {
    const labels = { app: 'checkout', 'app.kubernetes.io/name': 'shop "checkout"', tier: 'web\n1' };
    const e = createEngine({ build, pods: { items: [pod(labels, UID, { 'note/x': 'ünïcode ✓' })] } });
    const s = e.source(POD_PATH);
    const nd = lines(s.pushNdjson(`${TS} stdout F one\n`))[0];
    expect(nd.kubernetes.labels).toEqual(labels);
    expect(nd.kubernetes.annotations).toEqual({ 'note/x': 'ünïcode ✓' });
    const [r] = [...s.push(`${TS} stdout F two\n`)];
    expect(r.kubernetes).toEqual(nd.kubernetes);
    expect(r.toJSON().kubernetes).toEqual(nd.kubernetes);
  });

  it('a pod set, replaced or removed later reaches open sources from the next call on', () => {
    const e = createEngine({ build });
    const s = e.source(POD_PATH);
    expect(lines(s.pushNdjson(`${TS} stdout F a\n`))[0].kubernetes.labels).toBeUndefined();
    e.setPod(pod({ app: 'v1' }));
    expect(lines(s.pushNdjson(`${TS} stdout F b\n`))[0].kubernetes.labels).toEqual({ app: 'v1' });
    e.setPod(pod({ app: 'v2' }));
    expect(lines(s.pushNdjson(`${TS} stdout F c\n`))[0].kubernetes.labels).toEqual({ app: 'v2' });
    expect(e.removePod('shop', 'checkout-7d9f8b6c5d-x2x4q')).toBe(true);
    expect(e.removePod('shop', 'checkout-7d9f8b6c5d-x2x4q')).toBe(false);
    expect(lines(s.pushNdjson(`${TS} stdout F d\n`))[0].kubernetes.labels).toBeUndefined();
  });

  it('a recreated pod (same name, another uid) does not label the old pod\'s files', () => {
    const e = createEngine({ build, pods: [pod({ app: 'new' }, '11111111-2222-3333-4444-555555555555')] });
    const old = lines(e.source(POD_PATH).pushNdjson(`${TS} stdout F x\n`))[0];
    expect(old.kubernetes.labels).toBeUndefined();
    expect(old.kubernetes.pod_id).toBe(UID);
    // a path without a uid takes the pod's uid and labels
    const c = lines(e.source(CONTAINERS_PATH).pushNdjson(`${TS} stdout F x\n`))[0];
    expect(c.kubernetes.labels).toEqual({ app: 'new' });
    expect(c.kubernetes.pod_id).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('per-source metadata overrides the path and merges its labels over the pod\'s', () => {
    const e = createEngine({ build, pods: [{ namespace: 'prod', name: 'api-0', labels: { app: 'api', tier: 'be' } }] });
    const s = e.source('kubectl-logs.txt', { kubernetes: { namespace: 'prod', pod: 'api-0', container: 'main', labels: { tier: 'override', x: 'y' } } });
    const r = lines(s.pushNdjson(`${TS} stdout F x\n`))[0];
    expect(r.kubernetes).toEqual({
      namespace_name: 'prod', pod_name: 'api-0', container_name: 'main', labels: { app: 'api', tier: 'override', x: 'y' },
    });
    s.setKubernetes({ container: 'other', restartCount: 2 });
    const r2 = lines(s.pushNdjson(`${TS} stdout F y\n`))[0];
    expect(r2.kubernetes).toEqual({ container_name: 'other', restart_count: 2 });
  });

  it('records released by the budget from another source carry that source\'s (fresh) metadata', () => {
    const e = createEngine({ build, maxHeldBytes: 64, pods: [pod({ app: 'v1' })] });
    const a = e.source(POD_PATH);
    const b = e.source('/tmp/other.log');
    a.pushNdjson(`${TS} stdout P ${'x'.repeat(40)}\n`); // held piece
    e.setPod(pod({ app: 'v2' }));
    const out = lines(b.pushNdjson(`${TS} stdout P ${'y'.repeat(40)}\n`));
    const released = out.find((r) => r.file === POD_PATH);
    expect(released?.partial).toBe(true);
    expect(released?.kubernetes.labels).toEqual({ app: 'v2' });
  });

  it('bad pod and metadata input is a clear TypeError, never a trap', () => {
    const e = createEngine({ build });
    expect(() => e.setPods({ nope: 1 })).toThrow(/PodList/);
    expect(() => e.setPod({ namespace: 'a', name: 'b', labels: { x: 1 as unknown as string } })).toThrow(/must be a string/);
    expect(() => e.source('x', { kubernetes: { restartCount: -1 } })).toThrow(RangeError);
    expect(e.counters().sourcesOpen).toBe(0);
    // a length past the input window is refused before anything is read (never a trap)
    const x = (e as unknown as { exports: Record<string, (...a: number[]) => number> }).exports;
    expect(x.setPod(0x7fffffff)).toBe(-1);
    expect(x.removePod(0x7fffffff)).toBe(-1);
    const s = e.source('x.log');
    expect(x.setSourceMeta(s.id, 0x7fffffff)).toBe(-1);
  });

  it('many pods: the table grows, every pod is found, removals leave the rest', () => {
    const e = createEngine({ build });
    for (let i = 0; i < 3000; i++) e.setPod({ namespace: `ns${i % 7}`, name: `p${i}`, labels: { i: String(i) } });
    for (let i = 0; i < 3000; i += 2) expect(e.removePod(`ns${i % 7}`, `p${i}`)).toBe(true);
    for (const i of [1, 999, 2999, 2998]) {
      const s = e.source(`x${i}`, { kubernetes: { namespace: `ns${i % 7}`, pod: `p${i}` } });
      const r = lines(s.pushNdjson(`${TS} stdout F x\n`))[0];
      expect(r.kubernetes.labels).toEqual(i % 2 ? { i: String(i) } : undefined);
      s.close();
    }
  });
});
