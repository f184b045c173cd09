// List then watch against a local server that speaks the API server's protocol: pods appear, change and
// disappear; the field selector and the token are sent; a watch resumes from the last resourceVersion
// (event or bookmark) after a dropped connection; 410 Gone (status or ERROR event) relists and leaves no
// stale pod; slow, failing and paging servers. Waits are bounded polls; no timing is asserted.
import { afterEach, describe, expect, it } from 'vitest';
import { type ClusterConfig, type Pod, PodCache, type PodCacheOptions } from '../../../bindings/agent/kubernetes/index.ts';
import { FakeApiServer, until } from './fake-apiserver.ts';

const FAST: PodCacheOptions = { nodeName: 'node-a', backoff: { initialMs: 10, maxMs: 100 }, requestTimeoutMs: 5_000 };

let server: FakeApiServer;
let cache: PodCache | undefined;

async function start(options: Partial<PodCacheOptions> = {}, setup?: (s: FakeApiServer) => void, config: Partial<ClusterConfig> = {}) {
  server = await new FakeApiServer().listen();
  setup?.(server);
  cache = new PodCache({ ...FAST, config: { server: server.url, source: 'test', ...config }, ...options });
  const log = { pods: [] as Pod[], deleted: [] as Pod[], synced: 0, relists: [] as string[], retries: [] as Error[] };
  cache.on('pod', (p: Pod) => log.pods.push(p));
  cache.on('deleted', (p: Pod) => log.deleted.push(p));
  cache.on('synced', () => log.synced++);
  cache.on('relist', (r: string) => log.relists.push(r));
  cache.on('retry', (e: Error) => log.retries.push(e));
  cache.start();
  return { cache, log };
}

afterEach(async () => {
  await cache?.stop();
  cache = undefined;
  await server?.close();
});

const labelsOf = (c: PodCache, ns: string, name: string) => c.get(ns, name)?.metadata.labels;

describe('pod watch', () => {
  it('pods appear, change and disappear; only this node; field selector and bearer token sent', async () => {
    // the first call has no token yet (refused with 401, retried), then the token the server wants
    let calls = 0;
    const authorization = async () => (calls++ === 0 ? undefined : 'Bearer sekret');
    const seen: string[] = [];
    const deleted: string[] = [];
    const { cache: c, log } = await start({}, (s) => {
      s.token = 'sekret';
      s.put(s.pod('shop', 'web-1', 'u1', { app: 'web' }));
      s.put(s.pod('shop', 'elsewhere', 'u9', { app: 'web' }, 'node-b'));
    }, { authorization });
    c.on('pod', (p: Pod) => seen.push(`${p.metadata.name}:${JSON.stringify(p.metadata.labels)}`));
    c.on('deleted', (p: Pod) => deleted.push(p.metadata.name));
    await until(() => c.synced, 'the first list');
    expect(c.get('shop', 'web-1')?.metadata.uid).toBe('u1');
    expect(c.get('shop', 'elsewhere')).toBeUndefined();
    await until(() => server.openWatches === 1, 'a watch');

    server.put(server.pod('shop', 'api-1', 'u2', { app: 'api' }));
    await until(() => c.get('shop', 'api-1') !== undefined, 'api-1 to appear');
    server.put(server.pod('shop', 'api-1', 'u2', { app: 'api', tier: 'be' }));
    await until(() => labelsOf(c, 'shop', 'api-1')?.tier === 'be', 'api-1 to change');
    server.put(server.pod('shop', 'other', 'u3', { app: 'x' }, 'node-b'));
    server.delete('u1');
    await until(() => c.get('shop', 'web-1') === undefined, 'web-1 to disappear');
    expect(c.get('shop', 'other')).toBeUndefined();
    expect(c.size).toBe(1);
    expect(seen).toEqual(['web-1:{"app":"web"}', 'api-1:{"app":"api"}', 'api-1:{"app":"api","tier":"be"}']);
    expect(deleted).toEqual(['web-1']);

    // every request: the token, the node's field selector; the first refused one had no token
    expect(log.retries.length).toBeGreaterThan(0);
    expect(log.retries[0].message).toMatch(/401/);
    const authed = server.requests.filter((r) => r.headers.authorization === 'Bearer sekret');
    expect(authed.length).toBeGreaterThanOrEqual(2);
    for (const r of server.requests) expect(r.query.get('fieldSelector')).toBe('spec.nodeName=node-a');
    const w = authed.find((r) => r.watch)!;
    expect(w.query.get('allowWatchBookmarks')).toBe('true');
    expect(w.query.get('resourceVersion')).toBe('102'); // the list's version
    expect(Number(w.query.get('timeoutSeconds'))).toBeGreaterThan(0);
    const l = authed.find((r) => !r.watch)!;
    expect(l.query.get('resourceVersion')).toBe('0'); // the first list may come from the watch cache
  });

  it('a status update that changes nothing the engine reads is not a pod event', async () => {
    const { cache: c, log } = await start({}, (s) => s.put(s.pod('a', 'p', 'u1', { app: 'x' })));
    await until(() => server.openWatches === 1, 'a watch');
    const p = server.pod('a', 'p', 'u1', { app: 'x' });
    p.status = { phase: 'Succeeded' };
    server.put(p);
    server.put(server.pod('a', 'p', 'u1', { app: 'y' }));
    await until(() => labelsOf(c, 'a', 'p')?.app === 'y', 'the label change');
    expect(log.pods.map((x) => x.metadata.labels?.app)).toEqual(['x', 'y']);
    expect(c.resourceVersion).toBe(String(server.rv));
  });

  it('resumes from the last resourceVersion (event or bookmark) after a dropped connection: nothing missed or repeated', async () => {
    const { cache: c, log } = await start({}, (s) => s.put(s.pod('a', 'p1', 'u1', { n: '1' })));
    await until(() => server.openWatches === 1, 'a watch');
    server.put(server.pod('a', 'p2', 'u2', { n: '2' }));
    await until(() => c.get('a', 'p2') !== undefined, 'p2');
    const afterEvent = server.rv;
    expect(c.resourceVersion).toBe(String(afterEvent));

    server.dropWatches();
    await until(() => server.openWatches === 1 && server.requests.filter((r) => r.watch).length === 2, 'a second watch');
    expect(server.requests.filter((r) => r.watch)[1].query.get('resourceVersion')).toBe(String(afterEvent));

    // a change no watch sees (other node) moves the version on; a bookmark tells us
    server.put(server.pod('a', 'far', 'u7', {}, 'node-b'));
    server.bookmark();
    await until(() => c.resourceVersion === String(server.rv), 'the bookmark');
    const bookmarked = server.rv;
    server.dropWatches();
    // changes while disconnected come with the replay
    server.put(server.pod('a', 'p3', 'u3', { n: '3' }));
    server.delete('u1');
    await until(() => c.get('a', 'p3') !== undefined && c.get('a', 'p1') === undefined, 'the replay');
    const watches = server.requests.filter((r) => r.watch);
    expect(watches.at(-1)!.query.get('resourceVersion')).toBe(String(bookmarked));
    expect(log.synced).toBe(1); // never relisted
    expect(log.pods.map((p) => p.metadata.name)).toEqual(['p1', 'p2', 'p3']); // each once
    expect(log.deleted.map((p) => p.metadata.name)).toEqual(['p1']);
  });

  for (const goneAs of ['status', 'event'] as const) {
    it(`410 Gone as ${goneAs === 'status' ? 'an HTTP status' : 'an ERROR event'}: relists from etcd, no stale pod left`, async () => {
      const { cache: c, log } = await start({}, (s) => {
        s.goneAs = goneAs;
        s.put(s.pod('a', 'stays', 'u1', { v: '1' }));
        s.put(s.pod('a', 'goes', 'u2', { v: '1' }));
      });
      await until(() => server.openWatches === 1, 'a watch');
      server.compactBehindWatchers(() => {
        server.delete('u2');
        server.put(server.pod('a', 'stays', 'u1', { v: '2' }));
        server.put(server.pod('a', 'new', 'u3', { v: '1' }));
      });
      await until(() => log.synced === 2 && server.openWatches === 1, 'the relist and a new watch');
      expect(log.relists.length).toBe(1);
      expect(c.pods().map((p) => p.metadata.name).sort()).toEqual(['new', 'stays']);
      expect(labelsOf(c, 'a', 'stays')).toEqual({ v: '2' });
      expect(log.deleted.map((p) => p.metadata.name)).toEqual(['goes']);
      const lists = server.requests.filter((r) => !r.watch);
      expect(lists.length).toBe(2);
      expect(lists[1].query.has('resourceVersion')).toBe(false); // consistent read after Gone
      expect(server.requests.filter((r) => r.watch).at(-1)!.query.get('resourceVersion')).toBe(String(server.rv));
    });
  }

  it('a server that answers every watch with 410 is relisted with a growing pause, not in a tight loop', async () => {
    const failures: number[] = [];
    const { cache: c, log } = await start({}, (s) => {
      s.goneWatches = 4;
      s.put(s.pod('a', 'p', 'u1', {}));
    });
    c.on('retry', (_e: Error, _d: number, f: number) => failures.push(f));
    await until(() => server.openWatches === 1, 'a watch that holds');
    expect(log.relists.length).toBe(4);
    expect(failures).toEqual([1, 2, 3]); // the first 410 relists at once, then the backoff grows
    expect(server.requests.filter((r) => !r.watch).length).toBe(5);
    expect(c.size).toBe(1);
  });

  it('a recreated pod (same name, new uid) replaces the old one; the old uid\'s deletion keeps the new one', async () => {
    const { cache: c, log } = await start({}, (s) => s.put(s.pod('a', 'db-0', 'old', { gen: '1' })));
    await until(() => server.openWatches === 1, 'a watch');
    server.put(server.pod('a', 'db-0', 'new', { gen: '2' }));
    server.delete('old');
    await until(() => log.deleted.length === 1, 'the old pod deleted');
    expect(c.get('a', 'db-0')?.metadata.uid).toBe('new');
    expect(c.getByUid('old')).toBeUndefined();
  });

  it('a slow server: a stalled list is given up and retried; a trickled list and paged lists arrive whole', async () => {
    const { cache: c, log } = await start({ requestTimeoutMs: 300, listLimit: 2 }, (s) => {
      s.stallLists = 1;
      s.stallMs = 3_000;
      s.trickleBytes = 7;
      s.pageSize = 2;
      for (let i = 0; i < 5; i++) s.put(s.pod('a', `p${i}`, `u${i}`, { i: String(i) }));
    });
    await until(() => c.synced, 'the list', 30_000);
    expect(c.size).toBe(5);
    expect(log.retries[0].message).toMatch(/no answer/);
    const lists = server.requests.filter((r) => !r.watch);
    // the stalled one, then (perhaps after more give-ups on a busy machine) three pages
    expect(lists.length).toBeGreaterThanOrEqual(1 + 3);
    expect(lists.slice(-3).map((r) => r.query.get('continue'))).toEqual([null, '2', '4']);
    await until(() => server.openWatches === 1, 'a watch');
    server.put(server.pod('a', 'late', 'u9', {}));
    await until(() => c.get('a', 'late') !== undefined, 'an event after the slow list');
  });

  it('a list whose body stops half-way is given up and retried', async () => {
    const { cache: c, log } = await start({ requestTimeoutMs: 300 }, (s) => {
      s.stallBodies = 1;
      s.stallMs = 3_000;
      s.put(s.pod('a', 'p', 'u1', {}));
    });
    await until(() => c.synced, 'the list', 30_000);
    expect(log.retries[0].message).toMatch(/stopped sending/);
    expect(c.size).toBe(1);
  });

  it('server errors are retried with backoff until it answers', async () => {
    const { cache: c, log } = await start({}, (s) => {
      s.failNext = 4;
      s.put(s.pod('a', 'p', 'u1', {}));
    });
    await until(() => c.synced, 'the list');
    expect(log.retries.length).toBe(4);
    expect(log.retries.every((e) => /500/.test(e.message))).toBe(true);
  });

  it('a watch that sends nothing for the idle timeout is reopened from where it was', async () => {
    const { cache: c } = await start({ idleTimeoutMs: 300 }, (s) => s.put(s.pod('a', 'p', 'u1', {})));
    await until(() => server.requests.filter((r) => r.watch).length >= 2, 'a second watch after the idle one', 30_000);
    const watches = server.requests.filter((r) => r.watch);
    expect(watches[1].query.get('resourceVersion')).toBe(watches[0].query.get('resourceVersion'));
    expect(c.size).toBe(1);
  });

  it('a watch the server ends (timeoutSeconds) is reopened without a relist', async () => {
    const { cache: c, log } = await start({ watchTimeoutSeconds: 1 }, (s) => s.put(s.pod('a', 'p', 'u1', {})));
    await until(() => server.requests.filter((r) => r.watch).length >= 2, 'a second watch', 30_000);
    server.put(server.pod('a', 'q', 'u2', {}));
    await until(() => c.get('a', 'q') !== undefined, 'q');
    expect(log.synced).toBe(1);
  });

  it('waitFor: resolves when the pod arrives, at once when known, undefined after its timeout or at stop', async () => {
    const { cache: c } = await start();
    await until(() => server.openWatches === 1, 'a watch');
    const waiting = c.waitFor('shop', 'late', 20_000);
    const wrongUid = c.waitFor('shop', 'late', 200, 'other-uid');
    const never = c.waitFor('shop', 'never', 50);
    server.put(server.pod('shop', 'late', 'u5', { app: 'late' }));
    expect((await waiting)?.metadata.labels).toEqual({ app: 'late' });
    expect(await wrongUid).toBeUndefined();
    expect(await never).toBeUndefined();
    expect((await c.waitFor('shop', 'late', 0))?.metadata.uid).toBe('u5');
    expect((await c.waitFor('shop', 'late', 0, 'u5'))?.metadata.uid).toBe('u5');
    const atStop = c.waitFor('shop', 'nobody', 60_000);
    await c.stop();
    expect(await atStop).toBeUndefined();
    expect(await c.waitFor('shop', 'nobody', 60_000)).toBeUndefined();
  });
});
