// How long to wait before the next attempt after `failures` failures in a row: exponential, capped, with
// jitter so that the agents of a whole cluster, cut off together, do not come back to the API server together.
export interface BackoffOptions {
  /** First delay (ms); default 500. */
  initialMs?: number;
  /** Longest delay (ms); default 30 000. */
  maxMs?: number;
}

/**
 * "Equal jitter": half the capped exponential delay, plus a random part up to the other half. Full jitter
 * could draw ~0 again and again, a tight loop against a server that is down.
 */
export function backoffDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
