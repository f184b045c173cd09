// The keep-all filters' cost (issue 8: "literal line filters cost ≤ 10 % of the pipeline"; "a selector costs
// nothing per record"), measured as level-cost.mjs and group-cost.mjs measure theirs: in a child process under
// --no-liftoff, the median of interleaved on/off CPU-time ratios of CRI → NDJSON with the kubernetes map (all of the
// corpus's pod files, 1 MiB chunks, as the stream and the CLI take them), and the median of that over PROCESSES
// processes per build, with its range (report.mjs inChildren). Run by select.mjs after its benchmark.js cases;
// standalone:
//
//   node --expose-gc bench/select-cost.mjs [--quick]    env: PROCESSES (default 5), ROUNDS (default 15), BUILDS
//                                                      (default simd,scalar)
import { createEngine } from '../dist/node.js';
import { makeSelectCorpus } from './select-corpus.mjs';
import { chunks, costOf, cpuTime, inChildren, interleavedTimes, median as med, report, spread } from './report.mjs';

/** Filters that keep every record: the per-record price without the output saved by dropping (a needle no line
 *  contains, negated: every line is scanned to its end and kept). */
export const KEEP_ALL = [
  ['literal, keeps all', '!= "#never#"', { query: '!= "#never#"' }],
  ['regex line filter, keeps all', '!~ "(?i)#nev[e]r#"', { query: '!~ "(?i)#nev[e]r#"' }],
  ['selector, keeps all', "-l 'tier'", { selector: 'tier' }],
];

export default async function run({ quick } = {}) {
  if (!process.env.SELECT_COST_CHILD) {
    const processes = +(process.env.PROCESSES ?? (quick ? 1 : 5));
    console.log(`\n--- keep-all filters on vs off: in each of ${processes} processes per build the median of ` +
      `${process.env.ROUNDS ?? (quick ? 5 : 15)} interleaved CPU-time ratios; the median over the processes (and ` +
      `their range) (--no-liftoff; 16 MiB of pod files${quick ? ', quick: 4 MiB' : ''}) ---`);
    for (const build of (process.env.BUILDS ?? 'simd,scalar').split(',')) {
      const rs = await inChildren(import.meta.url, { processes, args: quick ? ['--quick'] : [],
        env: { SELECT_COST_CHILD: '1', BUILDS: build } });
      for (const [name, text] of KEEP_ALL) {
        const mine = rs.map((r) => r[name]);
        console.log(`${build.padEnd(6)} ${`${name} (${text})`.padEnd(52)} cost ${spread(mine.map((r) => r.cost))} ` +
          `(on ${med(mine.map((r) => r.on)).toFixed(0)} MB/s, off ${med(rs.map((r) => r.off)).toFixed(0)} MB/s)`);
      }
    }
    return;
  }
  // a child: one build, every keep-all filter interleaved with no filter
  const rounds = +(process.env.ROUNDS ?? (quick ? 5 : 15));
  const build = process.env.BUILDS;
  const c = makeSelectCorpus(quick ? 4 << 20 : 16 << 20);
  const files = c.sources.map((s) => ({ path: s.path, parts: chunks(s.bytes) }));
  const engines = [createEngine({ build, pods: c.pods }), ...KEEP_ALL.map(([, , opts]) => createEngine({ build, pods: c.pods, ...opts }))];
  const time = (engine) => cpuTime(() => {
    for (const f of files) {
      const src = engine.source(f.path, { format: 'cri' });
      for (const p of f.parts) src.pushNdjsonParts(p);
      src.closeNdjson();
    }
  });
  const t = interleavedTimes(engines, time, rounds);
  const result = { off: c.bytes / med(t[0]) };
  KEEP_ALL.forEach(([name], j) => {
    result[name] = { cost: costOf(t[j + 1], t[0]), on: c.bytes / med(t[j + 1]) };
  });
  report(result);
}

if (import.meta.url === `file://${process.argv[1]}`) await run({ quick: process.argv.includes('--quick') });
