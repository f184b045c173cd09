// Level cost suite (issue 8: "it must not cost the plain pipeline more than a few percent"): CRI → NDJSON with
// levels on vs `levels: false`, as the median of interleaved on/off CPU-time ratios in one process (other load on
// the machine moves absolute figures much more than ratios), and the median of that over several processes.
// Corpora: the bench CRI corpus, and three kinds of log whose first 16 bytes rarely repeat (120,000 CRI lines
// each): klog headers, a unique request id first, an application timestamp first.
//
//   npm run bench -- level-cost                   both builds, every corpus
//   node bench/level-cost.mjs [BASE]              standalone; BASE: another build's dist/ directory (e.g. a copy
//                                                  of the previous commit's), measured interleaved with this one
// Environment: PROCESSES (default 5), ROUNDS (default 15), REPEAT (passes over a corpus per timed run, default 4),
// BUILDS (default simd,scalar), CORPORA (comma list of names below).
import { createEngine as createThis } from '../dist/node.js';
import { makeCriCorpus } from './corpus.mjs';
import { chunks, costOf, inChildren, interleavedTimes, median as med, ndjsonCpuTime, report, spread } from './report.mjs';

const enc = new TextEncoder();

/** The three memo-unfriendly corpora (deterministic: same seed, same bytes). */
export function levelCorpora() {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
  const levels = ['INFO', 'WARN', 'ERROR', 'DEBUG'];
  const p2 = (v) => String(v).padStart(2, '0');
  const kinds = {
    klog: (i) => `${'IWEF'[i % 4]}1124 10:${p2(Math.floor(i / 6000) % 60)}:${p2(Math.floor(i / 100) % 60)}.` +
      `${String(i % 1000000).padStart(6, '0')}    1 server.go:${i % 900}] handled request ${hex(8)} in ${i % 97}ms`,
    reqid: (i) => `${hex(12)} ${levels[i % 4]} handled request path=/api/v1/orders/${i} status=200 took=${i % 97}ms`,
    tsfirst: (i) => `2026-11-24 10:${p2(Math.floor(i / 60000) % 60)}:${p2(Math.floor(i / 1000) % 60)}.` +
      `${String(i % 1000).padStart(3, '0')} ${levels[i % 4]} [worker-${i % 8}] c.e.Service - processed order ${hex(8)}`,
  };
  const out = {};
  for (const [name, gen] of Object.entries(kinds)) {
    let s = '';
    for (let i = 0; i < 120000; i++) s += `2026-11-24T10:00:00.${String(i).padStart(9, '0')}Z stdout F ${gen(i)}\n`;
    out[name] = enc.encode(s);
  }
  return out;
}

export default async function run({ quick, base } = {}) {
  // One child process per corpus and build, under --no-liftoff (every function optimized from the start): with
  // V8's dynamic tiering, or with the other corpora's engines in the same process, one engine sometimes ran a
  // whole run far slower than the others (a scalar build with levels on measured twice as slow as without in one
  // run, 35 % in the next). And PROCESSES of them (default 5): the cost is the median over the processes, with its
  // range (report.mjs inChildren).
  if (!process.env.LEVEL_COST_CHILD) {
    const processes = +(process.env.PROCESSES ?? (quick ? 1 : 5));
    const rounds = process.env.ROUNDS ?? (quick ? 5 : 15);
    const names = ['bench', 'klog', 'reqid', 'tsfirst'].filter((c) => !process.env.CORPORA || process.env.CORPORA.split(',').includes(c));
    console.log(`NDJSON cost of levels: in each of ${processes} processes the median of ${rounds} interleaved on/off ` +
      `CPU-time ratios; the median over the processes (and their range)` + (base ? `; base = ${base}` : ''));
    for (const corpus of names) {
      for (const build of (process.env.BUILDS ?? 'simd,scalar').split(',')) {
        const rs = await inChildren(import.meta.url, { processes, args: [...(quick ? ['--quick'] : []), ...(base ? [base] : [])],
          env: { LEVEL_COST_CHILD: '1', CORPORA: corpus, BUILDS: build } });
        const mbs = (k) => `${med(rs.map((r) => r[k])).toFixed(0)} MB/s`;
        const parts = [`cost ${spread(rs.map((r) => r.cost))} (on ${mbs('on')}, off ${mbs('off')})`];
        if (base) parts.push(`base: cost ${spread(rs.map((r) => r.baseCost))}`, `this/base levels on ${med(rs.map((r) => r.thisOverBase)).toFixed(3)}`);
        console.log(`${corpus.padEnd(8)} ${build.padEnd(6)} ${parts.join('  ')}`);
      }
    }
    return;
  }
  // a child: one corpus, one build
  const rounds = +(process.env.ROUNDS ?? (quick ? 5 : 15));
  const repeat = +(process.env.REPEAT ?? (quick ? 1 : 4)); // passes over the corpus per timed run
  const name = process.env.CORPORA;
  const build = process.env.BUILDS;
  // the bench corpus is made in every child, measured or not: a process without it ran the small corpora about
  // 10x slower in both configurations (the JS heap's state, not the engine's work), which hides the level's cost
  const corpora = { bench: makeCriCorpus(quick ? 4 << 20 : 16 << 20).bytes, ...levelCorpora() };
  const bytes = corpora[name];
  const makers = [createThis];
  if (base) makers.unshift((await import(`${base}/node.js`)).createEngine);
  const cs = chunks(bytes);
  const engines = makers.flatMap((mk) => [mk({ build }), mk({ build, levels: false })]);
  const t = interleavedTimes(engines, (e) => ndjsonCpuTime(e, cs, repeat), rounds);
  // the median of the on/off ratios of one round (run next to each other)
  const cost = (a, b) => costOf(t[a], t[b]);
  const mbs = (a) => (repeat * bytes.length) / med(t[a]);
  const m = makers.length - 1; // this build's engines: 2m (levels on), 2m + 1 (off)
  report({ cost: cost(2 * m, 2 * m + 1), on: mbs(2 * m), off: mbs(2 * m + 1),
    ...(base ? { baseCost: cost(0, 1), thisOverBase: med(t[2].map((x, k) => x / t[0][k])) } : {}) });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.argv.slice(2).find((a) => !a.startsWith('--'));
  await run({ quick: process.argv.includes('--quick'), base });
}
