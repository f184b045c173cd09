// int64 ns → `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`, the same text the engine's NDJSON encoder writes.
// Records of a batch share their second: the prefix is cached.

let cachedSecond = Number.NaN;
let cachedPrefix = '';

export function formatTimeNs(ns: bigint): string {
  let sec = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    sec -= 1n;
  }
  const s = Number(sec);
  if (s !== cachedSecond) {
    cachedSecond = s;
    const iso = new Date(s * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z for years 0..9999
    cachedPrefix = iso.slice(0, 20);
  }
  return cachedPrefix + String(frac).padStart(9, '0') + 'Z';
}
