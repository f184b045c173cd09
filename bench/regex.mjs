// Regex benchmark (issue 3): logsieve's regex engine inside wasm vs V8's RegExp, side by side in one run.
//
// Corpus: ~64 MiB of realistic log messages (bench/messages.mjs), one per line, joined by '\n' (4 MiB when
// quick). logsieve runs `test` on every line of the whole buffer inside wasm (Regex#countMatchingLines, the
// way the filter stage will: the buffer is copied into wasm memory once, before timing). V8 runs re.test(line)
// over the same lines pre-split into strings (the split is not timed). Both count matching lines; the counts
// must agree.
//
// Case 5 is adversarial: `(a+)+$` on lines of 'a' × n followed by '!'. logsieve runs it over a full-size corpus
// of such lines; V8 backtracks exponentially in n, so it gets a few short lines only, and we print how its time
// per line grows with n next to logsieve's time for 10 KB vs 100 KB lines.
//
// Usage: `node --expose-gc bench/run.mjs` (calls run()), or `node bench/regex.mjs [--quick]`.
// LOGSIEVE_MODULE overrides the module that provides compileRegex (default ../dist/node.js).
import { cpus } from 'node:os';
import Benchmark from 'benchmark';
import { message, rng } from './messages.mjs';

const MiB = 1024 * 1024;

function buildCorpus(bytes) {
  const r = rng(0x51e7e);
  const lines = [];
  let size = 0;
  while (size < bytes) {
    const m = message(r, 60 + Math.floor(r() * 140));
    lines.push(m);
    size += m.length + 1;
  }
  return lines;
}

function measure(name, fn, { maxTime }) {
  // warm up first: wasm starts in V8's baseline tier (Liftoff) and regexps in the irregexp interpreter; both
  // tier up after some use, and benchmark.js would otherwise average the cold runs in
  const t0 = performance.now();
  do fn(); while (performance.now() - t0 < 300);
  return new Promise((resolve) => {
    const b = new Benchmark(name, fn, { maxTime, minSamples: 3, initCount: 1, onComplete: () => resolve(b) });
    b.run();
  });
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export default async function run({ quick = false } = {}) {
  const modPath = process.env.LOGSIEVE_MODULE ?? new URL('../dist/node.js', import.meta.url).href;
  const { compileRegex } = await import(modPath);
  if (typeof compileRegex !== 'function') throw new Error(`${modPath} does not export compileRegex`);
  const maxTime = quick ? 0.5 : 3;

  const target = quick ? 4 * MiB : 64 * MiB;
  const lines = buildCorpus(target);
  const text = lines.join('\n') + '\n';
  const bytes = new TextEncoder().encode(text);
  const mb = bytes.length / 1e6;

  const cases = [
    { n: '1', label: 'literal', re2: 'connection refused', js: /connection refused/ },
    { n: '2', label: 'case-insensitive literal', re2: '(?i)timeout', js: /timeout/i },
    { n: '3', label: 'alternation of literals', re2: 'error|warn|fatal', js: /error|warn|fatal/ },
    { n: '4a', label: 'typical', re2: 'status=5\\d\\d', js: /status=5\d\d/ },
    { n: '4b', label: 'typical', re2: '\\d{1,3}(\\.\\d{1,3}){3}', js: /\d{1,3}(\.\d{1,3}){3}/ },
  ];
  const rows = [];
  console.log(`\nregex: ${fmt(mb, 1)} MB, ${fmt(lines.length)} lines (maxTime ${maxTime}s per side); ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
  const builds = ['simd', 'scalar'];
  for (const c of cases) {
    const row = { ...c, ls: {}, rme: {} };
    for (const build of builds) {
      const re = compileRegex(c.re2, { build });
      const input = re.copyIn(bytes);
      let n = 0;
      const b = await measure(`logsieve-${build} ${c.re2}`, () => {
        n = re.countMatchingLines(input);
      }, { maxTime });
      input.free();
      re.free();
      row.ls[build] = mb * b.hz;
      row.rme[build] = b.stats.rme;
      row.matches = n;
      if (row.matchesFirst === undefined) row.matchesFirst = n;
      else if (row.matchesFirst !== n) throw new Error(`regex bench: ${c.re2}: simd and scalar builds disagree`);
    }
    const js = c.js;
    let nV8 = 0;
    const v8 = await measure(`V8 ${c.js}`, () => {
      let k = 0;
      for (let i = 0; i < lines.length; i++) if (js.test(lines[i])) k++;
      nV8 = k;
    }, { maxTime });
    if (row.matches !== nV8) throw new Error(`regex bench: ${c.re2}: logsieve counted ${row.matches} matching lines, V8 ${nV8}`);
    row.v8 = mb * v8.hz;
    row.v8Rme = v8.stats.rme;
    rows.push(row);
    global.gc?.();
  }

  // (5) adversarial: (a+)+$ on lines 'a' * n + '!'
  const adv = '(a+)+$';
  const advLine = 'a'.repeat(100) + '!';
  const advText = (advLine + '\n').repeat(Math.ceil(target / (advLine.length + 1)));
  const advBytes = new TextEncoder().encode(advText);
  const adv5 = { ls: {}, rme: {} };
  for (const build of builds) {
    const reAdv = compileRegex(adv, { build });
    const advIn = reAdv.copyIn(advBytes);
    let advCount = -1;
    const b = await measure(`logsieve-${build} (a+)+$`, () => {
      advCount = reAdv.countMatchingLines(advIn);
    }, { maxTime });
    advIn.free();
    reAdv.free();
    if (advCount !== 0) throw new Error('regex bench: (a+)+$ matched an adversarial line');
    adv5.ls[build] = (advBytes.length / 1e6) * b.hz;
    adv5.rme[build] = b.stats.rme;
  }
  const reAdv = compileRegex(adv, { build: 'simd' });
  // V8: time per line as n grows (exponential); a few lines each
  const jsAdv = /(a+)+$/;
  const v8Series = [];
  for (const n of quick ? [14, 16, 18, 20] : [16, 18, 20, 22, 24]) {
    const line = 'a'.repeat(n) + '!';
    const reps = Math.max(1, Math.round(2 ** (20 - n)));
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) jsAdv.test(line);
    const dt = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
    v8Series.push({ n, secPerLine: dt, mbps: (n + 1) / 1e6 / dt });
  }
  // logsieve: 10 KB vs 100 KB single lines (work proportional to length)
  const lsSeries = [];
  for (const size of [10_000, 100_000]) {
    const line = new TextEncoder().encode('a'.repeat(size - 1) + '!');
    const reps = quick ? 20 : 100;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) reAdv.test(line);
    const dt = Number(process.hrtime.bigint() - t0) / 1e9 / reps;
    lsSeries.push({ size, secPerLine: dt });
  }
  reAdv.free();
  const v8Last = v8Series[v8Series.length - 1];
  rows.push({ n: '5', label: 'adversarial', re2: adv, matches: 0, ls: adv5.ls, rme: adv5.rme, v8: v8Last.mbps,
    v8Rme: NaN, note: `'a'×${v8Last.n}+'!' lines` });

  console.log('\n| # | case | pattern | matching lines | logsieve SIMD MB/s | logsieve scalar MB/s | V8 MB/s | SIMD / V8 | scalar / V8 |');
  console.log('|---|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const v8 = `${fmt(r.v8, r.v8 < 10 ? 2 : 0)}${r.note ? ` (${r.note})` : ` ±${fmt(r.v8Rme, 1)}%`}`;
    console.log(`| ${r.n} | ${r.label} | \`${r.re2.replace(/\|/g, '\\|')}\` | ${fmt(r.matches)} | ${fmt(r.ls.simd)} ±${fmt(r.rme.simd, 1)}% | ` +
      `${fmt(r.ls.scalar)} ±${fmt(r.rme.scalar, 1)}% | ${v8} | ${fmt(r.ls.simd / r.v8, 2)}× | ${fmt(r.ls.scalar / r.v8, 2)}× |`);
  }
  console.log(`\n(a+)+$ — V8 seconds per line 'a'×n+'!': ${v8Series.map((s) => `n=${s.n}: ${s.secPerLine.toExponential(2)}`).join(', ')}`);
  console.log(`(a+)+$ — logsieve seconds per line: ${lsSeries.map((s) => `${s.size / 1000} KB: ${s.secPerLine.toExponential(2)}`).join(', ')} ` +
    `(ratio ${fmt(lsSeries[1].secPerLine / lsSeries[0].secPerLine, 1)} for 10× the input)`);
  return { rows, v8Series, lsSeries };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run({ quick: process.argv.includes('--quick') });
}
