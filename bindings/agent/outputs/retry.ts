// When to try a request again: exponential backoff with full jitter (AWS's "Exponential Backoff And Jitter":
// a random wait in [0, min(cap, base·2^attempt)) spreads many agents' retries apart after a receiver's outage),
// and the receiver's own `Retry-After` (429/503), which wins when it is given.

export interface BackoffOptions {
  /** first ceiling of the random wait, ms (default 250) */
  baseMs?: number;
  /** the largest wait, ms (default 30 s) */
  maxMs?: number;
}

/** The wait before retry number `attempt` (0 = the first retry): uniform in [0, min(max, base·2^attempt)). */
export function backoffMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30)); // 2^30 keeps the product finite
  return Math.floor(random() * ceiling);
}

/**
 * A `Retry-After` header in ms from `nowMs`: delay-seconds (RFC 9110 §10.2.3; a fraction is accepted) or an
 * HTTP date. undefined when absent or unreadable (then the backoff decides); a date in the past is 0; the
 * result is capped at `capMs` so a wrong header cannot park an output for days.
 */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number, capMs: number): number | undefined {
  if (Array.isArray(value)) value = value[0];
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined; // an HTTP date names its day and month
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, Math.ceil(ms)), capMs);
}
