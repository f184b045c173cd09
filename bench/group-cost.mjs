// The detectors' cost (issue 7: "on the trace-free corpus, turning all detectors on costs at most 15 %"), measured
// as level-cost.mjs measures the level's: the median of interleaved on/off CPU-time ratios of CRI → NDJSON in a
// child process under --no-liftoff (with V8's dynamic tiering, separate engines in one process may run on code of
// different tiers for a whole run: an in-process interleaved measurement gave 39 % where this one gave 26 %), and
// the median of that over PROCESSES such processes per build (report.mjs inChildren: one process's figure moves by
// several points from one to the next). Run by group.mjs after its benchmark.js cases; standalone:
//
//   node --expose-gc bench/group-cost.mjs [--quick]     env: PROCESSES (default 5), ROUNDS (default 15), BUILDS
//                                                       (default simd,scalar)
import { createEngine } from '../dist/node.js';
import { makeGroupCorpus } from './group-corpus.mjs';
import { chunks, costOf, inChildren, interleavedTimes, median as med, ndjsonCpuTime, report, spread } from './report.mjs';

export default async function run({ quick } = {}) {
  if (!process.env.GROUP_COST_CHILD) {
    const processes = +(process.env.PROCESSES ?? (quick ? 1 : 5));
    console.log(`\n--- detectors on vs off: in each of ${processes} processes per build the median of ` +
      `${process.env.ROUNDS ?? (quick ? 5 : 15)} interleaved CPU-time ratios; the median over the processes (and their ` +
      `range) (--no-liftoff; 16 MiB corpora${quick ? ', quick: 4 MiB' : ''}) ---`);
    for (const build of (process.env.BUILDS ?? 'simd,scalar').split(',')) {
      const rs = await inChildren(import.meta.url, { processes, args: quick ? ['--quick'] : [],
        env: { GROUP_COST_CHILD: '1', BUILDS: build } });
      for (const name of ['trace-free', 'traces']) {
        const mine = rs.map((r) => r[name]);
        const mbs = (k) => med(mine.map((r) => r[k])).toFixed(0);
        console.log(`${build.padEnd(6)} ${name.padEnd(10)} detectors on cost ${spread(mine.map((r) => r.cost))} ` +
          `(on ${mbs('on')} MB/s, off ${mbs('off')} MB/s)`);
      }
    }
    return;
  }
  // a child: one build, both corpora
  const rounds = +(process.env.ROUNDS ?? (quick ? 5 : 15));
  const size = quick ? 4 << 20 : 16 << 20;
  const build = process.env.BUILDS;
  const result = {};
  for (const [name, traces] of [['trace-free', false], ['traces', true]]) {
    const c = makeGroupCorpus(size, { traces });
    const cs = chunks(c.bytes);
    const engines = [createEngine({ build, multiline: { detectors: 'all' } }), createEngine({ build })];
    const t = interleavedTimes(engines, (e) => ndjsonCpuTime(e, cs), rounds);
    result[name] = { cost: costOf(t[0], t[1]), on: c.bytes.length / med(t[0]), off: c.bytes.length / med(t[1]) };
  }
  report(result);
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ quick: process.argv.includes('--quick') });
