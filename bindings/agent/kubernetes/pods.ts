// The pods of this node as the agent needs them, kept by uid (a pod deleted and recreated under the same name
// is another pod), found by namespace/name (what a log path says). Only the members the agent uses are kept,
// so a node's worth of pods stays small whatever their specs and statuses hold.
import { EventEmitter } from 'node:events';
import { ApiClient } from './client.ts';
import type { ClusterConfig } from './config.ts';
import { type ApiPod, PodWatcher, type PodWatcherOptions, type WatchSink } from './watch.ts';

/** A pod as cached: a Kubernetes Pod object cut down to what the engine and the agent read
 *  (`engine.setPod(pod)` takes it as it is). */
export interface Pod {
  metadata: {
    namespace: string;
    name: string;
    uid: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: { nodeName?: string };
}

export interface PodCacheOptions extends PodWatcherOptions {
  /** The API server to watch (config.ts); or give `client`. */
  config?: ClusterConfig;
  client?: ApiClient;
}

interface Waiter {
  uid?: string;
  done: (pod: Pod | undefined) => void;
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/**
 * Events: 'pod' (pod, previous?) when a pod appears or what the engine reads of it (uid, labels,
 * annotations) changes — not on every status update; 'deleted' (pod) when it is gone (deleted, or missing
 * from a relist); 'synced' after each complete list; 'relist' (reason) and 'retry' (error, delayMs) from the
 * watcher, for logs.
 */
export class PodCache extends EventEmitter implements WatchSink {
  /** True once a first list has been applied. */
  synced = false;
  private readonly byUid = new Map<string, Pod>();
  private readonly byName = new Map<string, string>(); // namespace/name → uid of the pod of that name now
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly watcher: PodWatcher | undefined;
  private readonly ownClient: ApiClient | undefined;

  /** Without a `config` or `client` the cache is fed by hand (replace/upsert/remove): tests, other sources. */
  constructor(options: PodCacheOptions = {}) {
    super();
    const client = options.client ?? (options.config ? (this.ownClient = new ApiClient(options.config)) : undefined);
    if (client) {
      this.watcher = new PodWatcher(client, this, options);
      this.watcher.on('relist', (reason) => this.emit('relist', reason));
      this.watcher.on('retry', (err, delay, failures) => this.emit('retry', err, delay, failures));
    }
  }

  /** Starts listing and watching (no-op without a watcher). */
  start(): this {
    this.watcher?.start();
    return this;
  }

  /** Stops watching; pending `waitFor`s resolve with undefined. */
  async stop(): Promise<void> {
    await this.watcher?.stop();
    this.ownClient?.close();
    for (const set of this.waiters.values()) for (const w of set) w.done(undefined);
    this.waiters.clear();
  }

  /** The resourceVersion the watch will resume from. */
  get resourceVersion(): string | undefined {
    return this.watcher?.resourceVersion;
  }

  get size(): number {
    return this.byUid.size;
  }

  get(namespace: string, name: string): Pod | undefined {
    const uid = this.byName.get(key(namespace, name));
    return uid === undefined ? undefined : this.byUid.get(uid);
  }

  getByUid(uid: string): Pod | undefined {
    return this.byUid.get(uid);
  }

  pods(): Pod[] {
    return [...this.byUid.values()];
  }

  /**
   * The pod, now or once it arrives within `timeoutMs`, else undefined (the caller then goes on with what
   * the log path says). With `uid`, only that pod will do (a log path under /var/log/pods names it).
   */
  waitFor(namespace: string, name: string, timeoutMs: number, uid?: string): Promise<Pod | undefined> {
    const now = this.get(namespace, name);
    if (now && (uid === undefined || now.metadata.uid === uid)) return Promise.resolve(now);
    if (uid !== undefined && this.byUid.has(uid)) return Promise.resolve(this.byUid.get(uid));
    if (this.watcher?.stopped) return Promise.resolve(undefined);
    return new Promise((resolveWait) => {
      const k = key(namespace, name);
      let set = this.waiters.get(k);
      if (!set) this.waiters.set(k, (set = new Set()));
      const w: Waiter = {
        uid,
        done: (pod) => {
          clearTimeout(timer);
          set.delete(w);
          if (set.size === 0 && this.waiters.get(k) === set) this.waiters.delete(k);
          resolveWait(pod);
        },
      };
      // setTimeout takes at most 2^31-1 ms (a larger delay, or Infinity, would fire at once)
      const timer = setTimeout(() => w.done(undefined), Math.min(Math.max(0, timeoutMs || 0), 0x7fffffff));
      set.add(w);
    });
  }

  // ---- WatchSink: what the watcher learns ----

  replace(items: ApiPod[]): void {
    const seen = new Set<string>();
    for (const raw of items) {
      const p = trim(raw);
      if (!p) continue;
      seen.add(p.metadata.uid);
      this.put(p);
    }
    // pods the list no longer has were deleted while we were not watching: nothing stale stays
    for (const [uid, p] of [...this.byUid]) if (!seen.has(uid)) this.drop(p);
    const first = !this.synced;
    this.synced = true;
    this.emit('synced', first);
  }

  upsert(raw: ApiPod): void {
    const p = trim(raw);
    if (p) this.put(p);
  }

  remove(raw: ApiPod): void {
    const p = trim(raw);
    const had = p && this.byUid.get(p.metadata.uid);
    if (had) this.drop(had);
  }

  private put(p: Pod): void {
    const { uid, namespace, name } = p.metadata;
    const prev = this.byUid.get(uid);
    this.byUid.set(uid, p);
    this.byName.set(key(namespace, name), uid);
    if (prev && sameForEngine(prev, p)) return;
    this.emit('pod', p, prev);
    const set = this.waiters.get(key(namespace, name));
    if (set) for (const w of [...set]) if (w.uid === undefined || w.uid === uid) w.done(p);
  }

  private drop(p: Pod): void {
    const { uid, namespace, name } = p.metadata;
    this.byUid.delete(uid);
    const k = key(namespace, name);
    if (this.byName.get(k) === uid) this.byName.delete(k); // a newer pod of that name keeps it
    this.emit('deleted', p);
  }
}

/** The cached form of an API pod, or undefined for an object that is not a pod we can key. */
function trim(raw: ApiPod): Pod | undefined {
  const m = raw?.metadata;
  if (!m || typeof m.name !== 'string' || typeof m.uid !== 'string') return undefined;
  return {
    metadata: {
      namespace: typeof m.namespace === 'string' ? m.namespace : 'default',
      name: m.name,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      labels: stringMap(m.labels),
      annotations: stringMap(m.annotations),
    },
    spec: { nodeName: raw.spec?.nodeName },
  };
}

/** Label and annotation values are strings; anything else is left out rather than failing the pod. */
function stringMap(m: unknown): Record<string, string> | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'string') out[k] = v;
  return out;
}

function sameForEngine(a: Pod, b: Pod): boolean {
  return a.metadata.namespace === b.metadata.namespace && a.metadata.name === b.metadata.name &&
    sameMap(a.metadata.labels, b.metadata.labels) && sameMap(a.metadata.annotations, b.metadata.annotations);
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = a ? Object.keys(a) : [];
  const kb = b ? Object.keys(b) : [];
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (b![k] !== a![k]) return false;
  return true;
}
