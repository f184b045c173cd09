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

/** CPU time (µs, user + system) of fn(), after a collection: the unit of the interleaved cost suites. */
export function cpuTime(fn) {
  globalThis.gc?.();
  const t0 = process.cpuUsage();
  fn();
  const u = process.cpuUsage(t0);
  return u.user + u.system;
}

/** cpuTime of one source of `engine` taking `parts` (CRI) `repeat` times as NDJSON (level-cost.mjs,
 *  group-cost.mjs). */
export function ndjsonCpuTime(engine, parts, repeat = 1) {
  return cpuTime(() => {
    const src = engine.source(undefined, { format: 'cri' });
    for (let r = 0; r < repeat; r++) for (const p of parts) src.pushNdjsonParts(p);
    src.closeNdjson();
  });
}

/**
 * Runs `script` again as `processes` child processes, one after another (`node --expose-gc --no-liftoff script
 * ...args`, env added to this process's), and returns what they reported: each child prints its results as lines
 * `@@ <JSON>` (report()), which are parsed and kept in order; any other output passes through. Used by the cost
 * suites: on this kind of machine a whole process runs faster or slower than the next (the same build, the same
 * work: 730 to 1,400 MB/s), and an interleaved on/off ratio measured in one process moved by up to 15 points from
 * one process to the next, so a cost is the median over several processes, given with its range.
 */
export async function inChildren(script, { processes, env = {}, args = [] }) {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const results = [];
  for (let k = 0; k < processes; k++) {
    const r = spawnSync(process.execPath, ['--expose-gc', '--no-liftoff', fileURLToPath(script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${script} failed (${r.status ?? r.signal}) with ${JSON.stringify(env)}`);
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith('@@ ')) results.push(JSON.parse(line.slice(3)));
      else if (line) console.log(line);
    }
  }
  return results;
}

/** A child's result line for inChildren. */
export function report(result) {
  console.log(`@@ ${JSON.stringify(result)}`);
}

/** "median (min..max)" of a list of percentages. */
export function spread(values, digits = 1) {
  const f = (x) => x.toFixed(digits);
  return values.length === 1 ? `${f(values[0])} %` :
    `${f(median(values))} % (${f(Math.min(...values))}..${f(Math.max(...values))} over ${values.length} processes)`;
}

/** Times every engine `rounds` times with `time(engine)` (µs), interleaved: each round runs them all, in reverse
 *  order every other round, after two warm-up runs each. Returns one list of times per engine. */
export function interleavedTimes(engines, time, rounds) {
  for (const e of engines) { time(e); time(e); }
  const t = engines.map(() => []);
  for (let k = 0; k < rounds; k++) {
    const order = engines.map((_, i) => i);
    if (k % 2) order.reverse();
    for (const i of order) t[i].push(time(engines[i]));
  }
  return t;
}

/** The cost (%) of `on` over `off`: the median of the ratios of times taken in the same round, minus one. */
export function costOf(on, off) {
  return (median(on.map((x, k) => x / off[k])) - 1) * 100;
}
