// Select suite (issue 8): filtering a node's pods' logs with the filters users already know, logsieve (both
// builds, 1 MiB chunks, CRI → NDJSON parts with the kubernetes map, as createLogStream and the CLI take
// them) with each filter on vs off, beside the JS baseline
// (select-baseline.mjs). Targets: literal line filters cost ≤ 10 % of the pipeline; the json label filter ≥ 5×
// the JS version; a selector costs nothing per record once the source's labels are known.
//
// "Cost" is measured on the pipeline's own terms: records a filter drops are not encoded, so a filter that
// drops most records is faster than no filter. The `keeps all` rows show the per-record price alone: the same
// kind of filter with a needle every record matches (nothing saved on output).
import { createEngine } from '../dist/node.js';
import { JS_FILTERS, filterSource } from './select-baseline.mjs';
import { makeSelectCorpus } from './select-corpus.mjs';
import { chunks, measure, row } from './report.mjs';
import selectCost, { KEEP_ALL } from './select-cost.mjs';

const CASES = [
  ['literal', '|= "error"', { query: '|= "error"' }],
  ['stream', '{namespace="prod", app=~"web.*"} |= "timeout"', { query: '{namespace="prod", app=~"web.*"} |= "timeout"' }],
  ['json', '| json | status >= 500 and duration > 250ms', { query: '| json | status >= 500 and duration > 250ms' }],
  ['selector', "-l 'app in (web,api),tier!=cache'", { selector: 'app in (web,api),tier!=cache' }],
];
// filters that keep every record (select-cost.mjs): their cost is measured there, after these cases

export default async function run({ quick }) {
  const c = makeSelectCorpus(quick ? 8 << 20 : 64 << 20);
  console.log(`corpus: ${(c.bytes / 2 ** 20).toFixed(1)} MiB CRI in ${c.sources.length} pod log files, ${c.lines} lines`);
  const parts = c.sources.map((s) => ({ path: s.path, parts: chunks(s.bytes) }));

  console.log('\n--- JS baseline (split, CRI header, toString, filter, JSON.stringify kept records) ---');
  const base = {};
  for (const [name, text] of CASES) {
    const f = JS_FILTERS[name];
    base[name] = measure(`baseline ${name}`, c.bytes, () => {
      for (const s of c.sources) filterSource(s, f);
    });
    row(`baseline ${name}: ${text}`.slice(0, 52), base[name]);
  }

  for (const build of ['simd', 'scalar']) {
    console.log(`\n--- logsieve ${build} build (CRI → NDJSON with kubernetes map, 1 MiB chunks) ---`);
    const runWith = (opts) => {
      const engine = createEngine({ build, pods: c.pods, ...opts });
      return () => {
        for (const s of parts) {
          const src = engine.source(s.path, { format: 'cri' });
          for (const p of s.parts) src.pushNdjsonParts(p); // as the stream and the CLI do
          src.closeNdjson();
        }
      };
    };
    const off = measure(`logsieve ${build} off`, c.bytes, runWith({}));
    row(`logsieve ${build}: no filter`, off);
    for (const [name, text, opts] of CASES) {
      // sanity: the same records as the baseline
      const want = c.sources.reduce((n, s) => n + filterSource(s, JS_FILTERS[name]).split('\n').length - 1, 0);
      const engine = createEngine({ build, pods: c.pods, ...opts });
      let got = 0;
      for (const s of c.sources) {
        const src = engine.source(s.path, { format: 'cri' });
        got += src.pushCount(s.bytes) + src.close().length;
      }
      if (got !== want) console.log(`NOTE: ${name}: logsieve keeps ${got} records, the baseline ${want}`);
      const on = measure(`logsieve ${build} ${name}`, c.bytes, runWith(opts));
      row(`logsieve ${build}: ${text}`.slice(0, 52), on, [['no filter', off], ['baseline', base[name]]]);
    }
    for (const [, text, opts] of KEEP_ALL) {
      const on = measure(`logsieve ${build} ${text}`, c.bytes, runWith(opts));
      row(`logsieve ${build}: ${text}`.slice(0, 52), on, [['no filter', off]]);
    }
  }
  // their cost: separate benchmark.js cases of this suite differ by up to ±40 % between runs (collection of the
  // large output lands in different samples), which swamps a cost of a few percent
  await selectCost({ quick });
}
