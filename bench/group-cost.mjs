// The detectors' cost (issue 7: "on the trace-free corpus, turning all detectors on costs at most 15 %"), measured
// as level-cost.mjs measures the level's: the median of interleaved on/off CPU-time ratios of CRI → NDJSON, one
// child process per build under --no-liftoff (with V8's dynamic tiering, separate engines in one process may run
// on code of different tiers for a whole run: an in-process interleaved measurement gave 39 % where this one gave
// 26 %). Run by group.mjs after its benchmark.js cases; standalone:
//
//   node --expose-gc bench/group-cost.mjs [--quick]     env: ROUNDS (default 15), BUILDS (default simd,scalar)
import { createEngine } from '../dist/node.js';
import { makeGroupCorpus } from './group-corpus.mjs';
import { chunks, median as med, ndjsonCpuTime } from './report.mjs';

export default async function run({ quick } = {}) {
  if (!process.env.GROUP_COST_CHILD) {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    console.log(`\n--- detectors on vs off: median of ${process.env.ROUNDS ?? (quick ? 5 : 15)} interleaved CPU-time ratios ` +
      `(one process per build, --no-liftoff; 16 MiB corpora${quick ? ', quick: 4 MiB' : ''}) ---`);
    for (const build of (process.env.BUILDS ?? 'simd,scalar').split(',')) {
      const args = ['--expose-gc', '--no-liftoff', fileURLToPath(import.meta.url), ...(quick ? ['--quick'] : [])];
      const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, GROUP_COST_CHILD: '1', BUILDS: build } });
      if (r.status !== 0) throw new Error(`group-cost ${build} failed (${r.status ?? r.signal})`);
    }
    return;
  }
  const rounds = +(process.env.ROUNDS ?? (quick ? 5 : 15));
  const size = quick ? 4 << 20 : 16 << 20;
  const build = process.env.BUILDS;
  for (const [name, traces] of [['trace-free', false], ['traces', true]]) {
    const c = makeGroupCorpus(size, { traces });
    const cs = chunks(c.bytes);
    const engines = [createEngine({ build, multiline: { detectors: 'all' } }), createEngine({ build })];
    const time = (e) => ndjsonCpuTime(e, cs);
    for (const e of engines) { time(e); time(e); }
    const t = [[], []];
    for (let k = 0; k < rounds; k++) {
      const order = k % 2 ? [1, 0] : [0, 1];
      for (const i of order) t[i].push(time(engines[i]));
    }
    const cost = (med(t[0].map((x, k) => x / t[1][k])) - 1) * 100;
    const mbs = (i) => (c.bytes.length / med(t[i])).toFixed(0);
    console.log(`${build.padEnd(6)} ${name.padEnd(10)} detectors on cost ${cost.toFixed(1)} % (on ${mbs(0)} MB/s, off ${mbs(1)} MB/s)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ quick: process.argv.includes('--quick') });
