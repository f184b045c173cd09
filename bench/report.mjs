// Runs benchmark.js cases one by one and prints MB/s (median-based: bytes / mean time of the samples).
import Benchmark from 'benchmark';

/** Runs fn as a benchmark.js case over `bytes` bytes; returns MB/s (1 MB = 10^6 bytes). */
export function measure(name, bytes, fn, { maxTime = 4 } = {}) {
  let result;
  const b = new Benchmark(name, fn, {
    maxTime,
    minSamples: 5,
    // collect between cycles (npm run bench runs node --expose-gc), so one case's garbage is not timed in the next
    onCycle() {
      globalThis.gc?.();
    },
    onComplete() {
      result = this;
    },
  });
  b.run();
  const s = result.stats;
  const sorted = [...s.sample].sort((x, y) => x - y);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { name, mbps: bytes / median / 1e6, samples: s.sample.length, rme: s.rme };
}

export const fmt = (n, w = 8) => n.toFixed(n >= 100 ? 0 : 1).padStart(w);

export function row(label, r, ratios = []) {
  const extra = ratios.map(([name, base]) => `${(r.mbps / base.mbps).toFixed(2)}× ${name}`).join(', ');
  console.log(`${label.padEnd(52)} ${fmt(r.mbps)} MB/s  ±${r.rme.toFixed(1)}%  (${r.samples} samples)${extra ? '  ' + extra : ''}`);
}

/** The input cut into 1 MiB chunks, as an agent reading files feeds the engine. */
export function chunks(buf, size = 1 << 20) {
  const out = [];
  for (let o = 0; o < buf.length; o += size) out.push(buf.subarray(o, o + size));
  return out;
}

/** The median of a list of numbers (the upper one of an even count). */
export function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
}

/** CPU time (µs, user + system) of one source of `engine` taking `parts` (CRI) `repeat` times as NDJSON, after a
 *  collection: the unit of the interleaved cost suites (level-cost.mjs, group-cost.mjs). */
export function ndjsonCpuTime(engine, parts, repeat = 1) {
  globalThis.gc?.();
  const t0 = process.cpuUsage();
  const src = engine.source(undefined, { format: 'cri' });
  for (let r = 0; r < repeat; r++) for (const p of parts) src.pushNdjsonParts(p);
  src.closeNdjson();
  const u = process.cpuUsage(t0);
  return u.user + u.system;
}
