// Time and chance, injectable: tests replace them so retries and Retry-After are checked without waiting.

import { Closing } from './output.ts';

export interface Clock {
  /** ms since the epoch (compared with Retry-After's HTTP dates) */
  now(): number;
  /** waits ms; rejects with Closing when the signal aborts */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** uniform in [0, 1): the backoff's jitter */
  random(): number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Closing());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Closing());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  }),
};
