// List then watch the pods of one node, as client-go's reflector does: a list gives every pod and a
// resourceVersion; a watch from that version gives each change after it (ADDED, MODIFIED, DELETED), BOOKMARKs
// move the version on without a change; a watch that ends or breaks resumes from the last version seen, so
// nothing is missed or repeated; `410 Gone` (the version is older than the server keeps) means changes were
// missed: list again and let the sink replace what it had.
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import { ApiError, type ApiClient } from './client.ts';
import { ndjsonLines } from './lines.ts';

/** A Pod object as the API sends it; only these members are read. */
export interface ApiPod {
  metadata?: {
    namespace?: string;
    name?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string> | null;
    annotations?: Record<string, string> | null;
    [k: string]: unknown;
  };
  spec?: { nodeName?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** Where the watcher puts what it learns (PodCache, pods.ts). */
export interface WatchSink {
  /** A complete list: exactly these pods exist now (pods not in it are gone). */
  replace(pods: ApiPod[]): void;
  /** A pod was added or changed. */
  upsert(pod: ApiPod): void;
  /** A pod was deleted (its last state). */
  remove(pod: ApiPod): void;
}

export interface PodWatcherOptions {
  /** Only pods on this node (`fieldSelector=spec.nodeName=<node>`); all pods when undefined (a laptop). */
  nodeName?: string;
  /** Only pods in this namespace. */
  namespace?: string;
  /** `timeoutSeconds` asked of each watch; the server ends the watch then and we resume. Default 300–600
   *  (random, as client-go, so a cluster's agents do not reconnect in step). */
  watchTimeoutSeconds?: number;
  /** A watch that sends nothing (not even a bookmark) for this long is taken as dead and reopened.
   *  Default the watch timeout plus 60 s. */
  idleTimeoutMs?: number;
  /** Give up on a request whose response head does not come in this time (default 30 000). */
  requestTimeoutMs?: number;
  /** Page size of lists (default 500). */
  listLimit?: number;
  /** Reconnection delays. */
  backoff?: BackoffOptions;
  /** The largest watch event accepted (default 16 MiB); a larger one breaks the watch, which resumes. */
  maxEventBytes?: number;
  /** Random numbers for jitter (tests). */
  random?: () => number;
}

/** 410 Gone: the resourceVersion asked for is no longer kept; list again. */
export class GoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoneError';
  }
}

interface Status { kind?: string; code?: number; reason?: string; message?: string }

/**
 * Events (never 'error': problems are retried, and reported for logs): 'synced' (count, resourceVersion) after
 * each complete list; 'relist' (reason) on 410 Gone; 'retry' (error, delayMs, failures) before waiting to try again.
 */
export class PodWatcher extends EventEmitter {
  /** The last resourceVersion seen (list, event or bookmark): where the next watch resumes. */
  resourceVersion: string | undefined;
  private readonly abort = new AbortController();
  private watchEvents = 0; // events of the current (or last) watch
  private watchOpenedAt = 0; // when its response came (0: it never did)
  private loop: Promise<void> | undefined;
  private readonly timeoutSeconds: number;
  private readonly random: () => number;

  constructor(private readonly client: ApiClient, private readonly sink: WatchSink, private readonly options: PodWatcherOptions = {}) {
    super();
    this.random = options.random ?? Math.random;
    this.timeoutSeconds = options.watchTimeoutSeconds ?? Math.floor(300 * (1 + this.random()));
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the current request and the loop. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async run(): Promise<void> {
    let mustList = true;
    let consistent = false; // after a 410, list from etcd (no resourceVersion), never from an older cache
    let failures = 0;
    // a watch that delivered events or lasted a second was healthy, however it ended: the next failure
    // starts the backoff again from its first step; one that ends at once with nothing counts as a
    // failure, or a server that closes every watch would spin us
    const healthy = () => this.watchOpenedAt > 0 && (this.watchEvents > 0 || Date.now() - this.watchOpenedAt >= 1000);
    // (a successful list does not reset it: a server that answers every watch with 410 would loop us
    // through lists without a pause)
    while (!this.stopped) {
      this.watchOpenedAt = 0;
      try {
        if (mustList) {
          await this.list(consistent);
          mustList = false;
        }
        await this.watch();
        if (healthy()) {
          failures = 0;
        } else {
          failures++;
          await this.pause(new Error('the watch ended at once without events'), failures);
        }
      } catch (err) {
        if (this.stopped) break;
        if (healthy()) failures = 0;
        failures++;
        if (err instanceof GoneError || (err instanceof ApiError && err.status === 410)) {
          this.emit('relist', err.message);
          mustList = true;
          consistent = true;
          this.resourceVersion = undefined;
          if (failures > 1) await this.pause(err, failures - 1); // a first 410 relists at once
        } else {
          await this.pause(err as Error, failures);
        }
      }
    }
  }

  private async pause(err: Error, failures: number): Promise<void> {
    const delay = backoffDelay(failures, this.options.backoff, this.random);
    this.emit('retry', err, delay, failures);
    try {
      await sleep(delay, undefined, { signal: this.abort.signal });
    } catch { /* stopped */ }
  }

  private query(extra: Record<string, string | undefined>): string {
    const q = new URLSearchParams();
    if (this.options.nodeName) q.set('fieldSelector', `spec.nodeName=${this.options.nodeName}`);
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
    const ns = this.options.namespace;
    return `${ns ? `/api/v1/namespaces/${encodeURIComponent(ns)}/pods` : '/api/v1/pods'}?${q}`;
  }

  /** All pods, page by page; the sink gets them once the list is complete. */
  private async list(consistent: boolean): Promise<void> {
    const items: ApiPod[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const path = this.query({
        limit: String(this.options.listLimit ?? 500),
        continue: cont,
        // the first list may come from the server's watch cache (cheap with a DaemonSet on every node)
        resourceVersion: cont === undefined && !consistent ? '0' : undefined,
      });
      const page = await this.client.getJson(path, { signal: this.abort.signal, headTimeoutMs: this.options.requestTimeoutMs ?? 30_000 }) as {
        kind?: string; items?: unknown; metadata?: { resourceVersion?: string; continue?: string };
      };
      if (!page || !Array.isArray(page.items)) throw new Error(`the pod list is not a PodList (kind ${page?.kind})`);
      for (const p of page.items) if (p && typeof p === 'object') items.push(p as ApiPod);
      rv = page.metadata?.resourceVersion;
      cont = page.metadata?.continue || undefined;
    } while (cont !== undefined && !this.stopped);
    if (this.stopped) return;
    if (!rv) throw new Error('the pod list has no metadata.resourceVersion');
    this.sink.replace(items);
    this.resourceVersion = rv;
    this.emit('synced', items.length, rv);
  }

  /** One watch, from `resourceVersion` until the server ends it; counts its events in `watchEvents`. */
  private async watch(): Promise<void> {
    this.watchOpenedAt = 0;
    this.watchEvents = 0;
    const path = this.query({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.resourceVersion,
      timeoutSeconds: String(this.timeoutSeconds),
    });
    const res = await this.client.get(path, { signal: this.abort.signal, headTimeoutMs: this.options.requestTimeoutMs ?? 30_000 });
    const idleMs = this.options.idleTimeoutMs ?? (this.timeoutSeconds + 60) * 1000;
    const idle = setTimeout(() => res.destroy(new Error(`the watch sent nothing for ${idleMs} ms`)), idleMs);
    this.watchOpenedAt = Date.now();
    try {
      for await (const line of ndjsonLines(touching(res, idle), this.options.maxEventBytes ?? 16 * 1024 * 1024)) {
        const ev = JSON.parse(line) as { type?: string; object?: ApiPod & Status };
        const obj = ev.object;
        if (!obj || typeof obj !== 'object') throw new Error(`a watch event without an object (${ev.type})`);
        if (ev.type === 'ERROR') {
          if (obj.code === 410) throw new GoneError(`watch: ${obj.reason ?? 'Gone'}: ${obj.message ?? ''}`.trim());
          throw new ApiError(obj.code ?? 0, obj.reason ?? '', `watch error ${obj.code ?? '?'} ${obj.reason ?? ''}: ${obj.message ?? ''}`.trim());
        }
        this.watchEvents++;
        if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.sink.upsert(obj);
        else if (ev.type === 'DELETED') this.sink.remove(obj);
        else if (ev.type !== 'BOOKMARK') continue; // an unknown type: skip it, keep the version where it was
        const rv = obj.metadata?.resourceVersion;
        if (rv) this.resourceVersion = rv;
      }
    } finally {
      clearTimeout(idle);
      res.destroy();
    }
  }
}

/** The chunks of `src`, restarting the idle timer at each. */
async function* touching(src: AsyncIterable<Buffer>, idle: NodeJS.Timeout): AsyncGenerator<Buffer> {
  for await (const chunk of src) {
    idle.refresh();
    yield chunk;
  }
}
