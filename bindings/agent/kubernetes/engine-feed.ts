// Keeps an engine's pod table equal to a PodCache: every pod the cache has is set, a changed pod is set
// again, a deleted pod is removed. The engine then labels each record with its pod's labels and decides
// label selectors (`-l`) per source (README "Kubernetes metadata and levels").
import type { Pod, PodCache } from './pods.ts';

/** The two engine calls used (an Engine from bindings/node.ts has them). */
export interface PodTable {
  setPod(pod: Pod): void;
  removePod(namespace: string, name: string): boolean;
}

export interface FeedOptions {
  /**
   * Wait this long after a pod is deleted before removing it from the engine (default 0: at once). The
   * files of a deleted pod are still read to their end, and their last records keep its labels only while
   * the engine still knows it; a pod recreated under the same name within the delay is simply set.
   */
  removeDelayMs?: number;
  /** Told when the engine refuses a pod (it then keeps what it had); default: ignored. */
  onError?: (err: unknown, pod: Pod) => void;
}

/** Feeds `engine` from `cache` from now on; returns a function that stops it (pending removals are dropped). */
export function feedEngine(cache: PodCache, engine: PodTable, options: FeedOptions = {}): () => void {
  const delay = options.removeDelayMs ?? 0;
  const pending = new Map<string, NodeJS.Timeout>();
  const keyOf = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;

  const set = (p: Pod) => {
    const k = keyOf(p);
    clearTimeout(pending.get(k));
    pending.delete(k);
    try {
      engine.setPod(p);
    } catch (err) {
      // never let one odd pod break the watch that delivered it
      options.onError?.(err, p);
    }
  };
  const removeNow = (p: Pod) => {
    // another pod took the name (recreated): its setPod already replaced the old one in the engine
    if (!cache.get(p.metadata.namespace, p.metadata.name)) engine.removePod(p.metadata.namespace, p.metadata.name);
  };
  const deleted = (p: Pod) => {
    if (delay <= 0) return removeNow(p);
    const k = keyOf(p);
    clearTimeout(pending.get(k));
    const t = setTimeout(() => {
      pending.delete(k);
      removeNow(p);
    }, delay);
    pending.set(k, t);
  };

  for (const p of cache.pods()) set(p);
  cache.on('pod', set);
  cache.on('deleted', deleted);
  return () => {
    cache.off('pod', set);
    cache.off('deleted', deleted);
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  };
}
