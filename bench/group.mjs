// Grouping suite (issue 7): CRI files with stack traces (and without) joined into one record per trace.
// Today it measures the JS baseline only; logsieve's side is marked below for the lead to plug in once the engine's
// group stage exists. The target: logsieve ≥ 5× the baseline on the trace corpus.
import { groupBaseline } from './group-baseline.mjs';
import { makeGroupCorpus } from './group-corpus.mjs';
import { measure, row } from './report.mjs';

const CHUNK = 1 << 20;

function chunks(buf) {
  const out = [];
  for (let o = 0; o < buf.length; o += CHUNK) out.push(buf.subarray(o, o + CHUNK));
  return out;
}

export default async function run({ quick }) {
  const size = quick ? 8 << 20 : 64 << 20;
  const corpora = [
    ['traces', makeGroupCorpus(size)],
    ['trace-free', makeGroupCorpus(size, { traces: false })],
  ];
  for (const [name, c] of corpora) {
    console.log(`corpus ${name}: ${(c.bytes.length / 2 ** 20).toFixed(1)} MiB CRI, ${c.lines} lines, ${c.records} joined records, ` +
      `${c.traces} traces (${((100 * c.traceRecords) / c.records).toFixed(0)} % of records)`);
  }

  console.log('\n--- JS baseline (whole buffer: CRI parse + P/F join + RegExp state machine per stream) ---');
  const base = {};
  for (const [name, c] of corpora) {
    const buf = Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.length);
    // sanity: every joined record is in exactly one group
    const groups = groupBaseline(buf);
    const lines = groups.reduce((n, g) => n + g.lines, 0);
    if (lines !== c.records) throw new Error(`baseline grouped ${lines} records, corpus ${name} has ${c.records}`);
    base[name] = {
      objects: measure(`baseline objects ${name}`, c.bytes.length, () => groupBaseline(buf)),
      ndjson: measure(`baseline ndjson ${name}`, c.bytes.length, () => groupBaseline(buf, { output: 'ndjson' })),
    };
    row(`baseline ${name}: → objects`, base[name].objects);
    row(`baseline ${name}: → NDJSON string`, base[name].ndjson);
  }

  // ======================= LOGSIEVE ENGINE: PLUG IN HERE (lead) =======================
  // When the group stage is built, measure per build, fed 1 MiB chunks like bench/parse.mjs, e.g.:
  //
  //   import { createEngine } from '../dist/node.js';
  //   for (const build of ['simd', 'scalar']) {
  //     const engine = createEngine({ build, multiline: { detectors: 'all' } });
  //     for (const [name, c] of corpora) {
  //       const parts = chunks(c.bytes);
  //       const r = measure(`logsieve ${build} ${name}`, c.bytes.length, () => {
  //         const s = engine.source(undefined, { format: 'cri' });
  //         for (const p of parts) s.pushNdjson(p);
  //         s.closeNdjson();
  //       });
  //       row(`logsieve ${build} ${name}: CRI → grouped NDJSON`, r, [['baseline objects', base[name].objects], ['baseline ndjson', base[name].ndjson]]);
  //     }
  //   }
  //
  // (First check that its record count equals the baseline's groups.length on each corpus.)
  void chunks;
  console.log('\nlogsieve grouping: not built yet (issue 7 in progress)');
  // =====================================================================================
}
