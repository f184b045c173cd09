// An engine fed from the watched pods (feedEngine): records carry the pod's labels as they are now in the
// API, a label selector (`-l`) keeps or drops a pod's records as its labels change, a deleted pod's labels
// leave (at once or after a delay), and a recreated pod under the same name is not removed by the old one's
// deletion. Both builds.
import { afterEach, describe, expect, it } from 'vitest';
import { PodCache, feedEngine } from '../../../bindings/agent/kubernetes/index.ts';
import { createEngine } from '../../../bindings/node.ts';
import { BUILDS } from '../../helpers/engine.ts';
import { FakeApiServer, until } from './fake-apiserver.ts';

const TS = '2026-11-24T10:00:00Z';
const dec = new TextDecoder();
// a pod uid in a /var/log/pods path is a lowercase UUID
const path = (ns: string, pod: string, uid: string) => `/var/log/pods/${ns}_${pod}_${uid}/main/0.log`;
const records = (out: Uint8Array) => dec.decode(out).split('\n').filter(Boolean).map((l) => JSON.parse(l));

let server: FakeApiServer | undefined;
let cache: PodCache | undefined;
afterEach(async () => {
  await cache?.stop();
  await server?.close();
  cache = server = undefined;
});

describe.each(BUILDS)('engine fed by the pod watch (%s)', (build) => {
  it('records carry the API\'s labels; -l keeps and drops by them as they change; deletion removes them', async () => {
    server = await new FakeApiServer().listen();
    const s = server;
    s.put(s.pod('shop', 'web-1', '11111111-1111-4111-8111-111111111111', { app: 'web', tier: 'fe' }));
    s.put(s.pod('shop', 'api-1', '22222222-2222-4222-8222-222222222222', { app: 'api' }));
    cache = new PodCache({ config: { server: s.url, source: 'test' }, nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 50 } }).start();
    await until(() => cache!.synced && s.openWatches === 1, 'the list and a watch');

    const all = createEngine({ build });
    const selected = createEngine({ build, selector: 'app in (web),tier!=cache' });
    const stopAll = feedEngine(cache, all);
    const stopSelected = feedEngine(cache, selected);
    const web = all.source(path('shop', 'web-1', '11111111-1111-4111-8111-111111111111'));
    const api = all.source(path('shop', 'api-1', '22222222-2222-4222-8222-222222222222'));
    const webSel = selected.source(path('shop', 'web-1', '11111111-1111-4111-8111-111111111111'));
    const apiSel = selected.source(path('shop', 'api-1', '22222222-2222-4222-8222-222222222222'));
    const line = (m: string) => `${TS} stdout F ${m}\n`;

    expect(records(web.pushNdjson(line('a')))[0].kubernetes.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(records(api.pushNdjson(line('a')))[0].kubernetes.labels).toEqual({ app: 'api' });
    expect(records(webSel.pushNdjson(line('a'))).map((r) => r.log)).toEqual(['a']);
    expect(records(apiSel.pushNdjson(line('a')))).toEqual([]);

    // labels change in the API: api-1 joins the selection, web-1 leaves it
    s.put(s.pod('shop', 'api-1', '22222222-2222-4222-8222-222222222222', { app: 'web' }));
    s.put(s.pod('shop', 'web-1', '11111111-1111-4111-8111-111111111111', { app: 'web', tier: 'cache' }));
    await until(() => cache!.get('shop', 'web-1')?.metadata.labels?.tier === 'cache' && cache!.get('shop', 'api-1')?.metadata.labels?.app === 'web', 'the changes');
    expect(records(apiSel.pushNdjson(line('b'))).map((r) => [r.log, r.kubernetes.labels])).toEqual([['b', { app: 'web' }]]);
    expect(records(webSel.pushNdjson(line('b')))).toEqual([]);
    expect(records(web.pushNdjson(line('b')))[0].kubernetes.labels).toEqual({ app: 'web', tier: 'cache' });
    expect(selected.counters().droppedBySelector).toBe(2);

    // deleted: its records keep only what the path says
    s.delete('22222222-2222-4222-8222-222222222222');
    await until(() => cache!.get('shop', 'api-1') === undefined, 'the deletion');
    const after = records(api.pushNdjson(line('c')))[0];
    expect(after.kubernetes.labels).toBeUndefined();
    expect(after.kubernetes.pod_name).toBe('api-1');
    stopAll();
    stopSelected();
    // no longer fed
    s.put(s.pod('shop', 'web-1', '11111111-1111-4111-8111-111111111111', { app: 'web', tier: 'x' }));
    await until(() => cache!.get('shop', 'web-1')?.metadata.labels?.tier === 'x', 'a later change');
    expect(records(web.pushNdjson(line('d')))[0].kubernetes.labels).toEqual({ app: 'web', tier: 'cache' });
  });

  it('pods known before feeding are set; removeDelayMs keeps a deleted pod\'s labels a while; a recreated pod is kept', async () => {
    const c = new PodCache();
    const pod = (name: string, uid: string, labels: Record<string, string>) => ({ metadata: { namespace: 'ns', name, uid, labels }, spec: { nodeName: 'node-a' } });
    c.replace([pod('a', '33333333-3333-4333-8333-333333333333', { v: '1' }), pod('b', '44444444-4444-4444-8444-444444444444', { v: '1' })]);
    const e = createEngine({ build });
    const errors: unknown[] = [];
    const stop = feedEngine(c, e, { removeDelayMs: 100, onError: (err) => errors.push(err) });
    const a = e.source(path('ns', 'a', '33333333-3333-4333-8333-333333333333'));
    const labels = () => records(a.pushNdjson(`${TS} stdout F x\n`))[0].kubernetes.labels;
    expect(labels()).toEqual({ v: '1' });

    c.remove(pod('a', '33333333-3333-4333-8333-333333333333', {}));
    expect(labels()).toEqual({ v: '1' }); // still, within the delay
    await until(() => labels() === undefined, 'the delayed removal');

    // b is deleted and recreated under its name (another uid) within the delay: the new pod stays
    const b = e.source('/var/log/containers/b_ns_main-' + 'f'.repeat(64) + '.log');
    c.remove(pod('b', '44444444-4444-4444-8444-444444444444', {}));
    c.upsert(pod('b', '55555555-5555-4555-8555-555555555555', { v: '2' }));
    await new Promise((r) => setTimeout(r, 250));
    expect(records(b.pushNdjson(`${TS} stdout F y\n`))[0].kubernetes.labels).toEqual({ v: '2' });
    stop();
    expect(errors).toEqual([]);
  });
});
