// The record store (assembly/engine/store.ts, bindings/core/store.ts) against the engine's own record path:
// loading every record unfiltered and selecting afterwards must give, byte for byte, the NDJSON the engine
// writes when the same filters run on the record path (what the CLI writes) — for any split of the input, on
// both builds — with the same drop counts, a histogram that adds up to the selection, and a time range that
// keeps exactly the records whose time falls in it. Seeded: the same cases every run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Build, type FilterOptions, RecordStore, createEngine } from '../../bindings/node.ts';
import { anyInput, splitInto } from './arbitraries.ts';
import type { OracleInput } from '../oracle/records.ts';
import { BUILDS } from '../helpers/engine.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

// lines that make groups (traces), levels, JSON for `| json`, P pieces
const TRACE = [
  '2026-11-24T10:00:00.100Z stderr F Exception in thread "main" java.lang.IllegalStateException: boom',
  '2026-11-24T10:00:00.101Z stderr F \tat com.example.A.run(A.java:10)',
  '2026-11-24T10:00:00.102Z stderr F \tat com.example.Main.main(Main.java:3)',
  '2026-11-24T10:00:01.000Z stdout F {"level":"error","status":503,"msg":"timeout"}',
  '2026-11-24T10:00:01.500Z stdout P level=warn msg="retry',
  '2026-11-24T10:00:01.501Z stdout F  later"',
  '2026-11-24T10:00:02.000Z stdout F Traceback (most recent call last):',
  '2026-11-24T10:00:02.001Z stdout F   File "app.py", line 3, in <module>',
  '2026-11-24T10:00:02.002Z stdout F ValueError: bad value',
  '2026-11-24T10:00:03.000Z stdout F INFO done',
  'garbage line',
];
const traceInput = fc.subarray(TRACE, { minLength: 1 }).map((lines): OracleInput => ({
  chunks: [enc.encode(lines.join('\n') + '\n')], format: 'cri', path: '/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/main/0.log', flushAt: [],
}));

const PODS = [{ namespace: 'prod', name: 'web-0', uid: '0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c', labels: { app: 'web' } }];
const filters = fc.constantFrom<FilterOptions>(
  {}, { query: '|= "a"' }, { query: '!= "x" or "b"' }, { query: '{level="error"}' }, { query: '{stream="stderr"} |~ "[0-9]"' },
  { query: '| json | status >= 500' }, { query: '| logfmt | level="warn"' }, { query: '{app="web"} |= "e"' },
  { selector: 'app=web' }, { selector: '!app' }, { grep: 'Regex log a' }, { grep: 'Exclude $stream stdout' },
  { query: '|= "e"', grep: 'Regex $level error' },
);

interface Case { inputs: OracleInput[]; filters: FilterOptions; cuts: number[]; range: [number, number] }
const caseArb: fc.Arbitrary<Case> = fc.record({
  inputs: fc.array(fc.oneof(anyInput(), traceInput), { minLength: 1, maxLength: 3 }),
  filters,
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
  range: fc.tuple(fc.integer({ min: -1, max: 12 }), fc.integer({ min: -1, max: 12 })),
});

const engineOptions = (build: Build, c: Case) => ({
  build, multiline: { detectors: 'all' as const }, pods: PODS,
  maxRecordBytes: c.inputs[0].maxRecordBytes, maxLineBytes: c.inputs[0].maxLineBytes,
});

/** The record path with the filters on: every source pushed in pieces, then closed (as the CLI does). */
function filtered(build: Build, c: Case) {
  const e = createEngine({ ...engineOptions(build, c), ...c.filters });
  let text = '';
  for (const input of c.inputs) {
    const src = e.source(input.path, { format: input.format });
    for (const piece of splitInto(input.chunks, c.cuts)) text += dec.decode(src.pushNdjson(piece));
    text += dec.decode(src.closeNdjson());
  }
  return { text, counters: e.counters() };
}

/** The store: every record kept unfiltered, then selected. */
function stored(build: Build, c: Case, split: boolean) {
  const e = createEngine(engineOptions(build, c));
  const store = new RecordStore(e);
  for (const input of c.inputs) {
    const src = e.source(input.path, { format: input.format });
    for (const piece of split ? splitInto(input.chunks, c.cuts) : input.chunks) store.push(src, piece);
    store.finish(src);
  }
  return { e, store };
}

const ndjsonOf = (store: RecordStore) => {
  let text = '';
  store.ndjson((p) => { text += dec.decode(p); });
  return text;
};

describe('record store', () => {
  it('select + ndjson = the record path with the same filters, for any split, on both builds', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const want = filtered('simd', c);
      for (const build of BUILDS) {
        const { e, store } = stored(build, c, build === 'scalar');
        const sel = store.select(c.filters);
        expect(ndjsonOf(store)).toBe(want.text);
        expect(sel.count).toBe(want.text === '' ? 0 : want.text.split('\n').length - 1);
        expect(sel.droppedByQuery).toBe(want.counters.droppedByQuery);
        expect(sel.droppedBySelector).toBe(want.counters.droppedBySelector);
        expect(sel.droppedByGrep).toBe(want.counters.droppedByGrep);
        expect(sel.count + sel.droppedByQuery + sel.droppedBySelector + sel.droppedByGrep).toBe(store.length);
        // the engine is left unfiltered: a later push keeps everything
        expect(e.counters().droppedByQuery + e.counters().droppedBySelector + e.counters().droppedByGrep).toBe(0);
      }
    }), { seed: 20261201, numRuns: 150 });
  });

  it('per-source counts and the histogram add up to the selection; the time range keeps exactly its records', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const { store } = stored('simd', c, false);
      const all = Array.from({ length: store.length }, (_, i) => store.record(i));
      const range = store.timeRange();
      const buckets = 7;
      const from = Math.floor(range?.minMs ?? 0);
      const to = Math.floor(range?.maxMs ?? 0) + 1;
      const sel = store.select({ ...c.filters, buckets, bucketFromMs: from, bucketToMs: to });
      expect(sel.bySource.reduce((a, b) => a + b, 0)).toBe(sel.count);
      const kept = [...store.selectedIndices(0, sel.count)].map((i) => all[i]);
      // the histogram holds every kept record with a time (time 0: no time known, outside any range)
      expect(sel.histogram.reduce((a, b) => a + b, 0)).toBe(kept.filter((r) => r.timeNs >= BigInt(Math.floor(from)) * 1_000_000n).length);
      for (const r of kept) {
        const level = r.level ?? 'none';
        const code = ['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'].indexOf(level);
        expect(sel.bySource[(r.sourceId * 3 + ['stdout', 'stderr', 'unknown'].indexOf(r.stream)) * 7 + code]).toBeGreaterThan(0);
      }
      // a time range [a, b) in ms over the kept records' own times
      const times = [...new Set(kept.map((r) => r.timeNs))].sort((a, b) => (a < b ? -1 : 1));
      if (times.length === 0) return;
      const pick = (k: number) => (k < 0 ? times[0] - 1_000_000n : times[Math.min(k, times.length - 1)]);
      const [a, b] = [pick(c.range[0]), pick(c.range[1])].map((ns) => Number(ns / 1_000_000n));
      const inRange = kept.filter((r) => r.timeNs >= BigInt(a) * 1_000_000n && r.timeNs < BigInt(b) * 1_000_000n);
      const sel2 = store.select({ ...c.filters, fromMs: a, toMs: b });
      expect([...store.selectedIndices(0, sel2.count)]).toEqual(inRange.map((r) => r.index));
      expect(sel2.droppedByTime).toBe(store.length - sel2.count - sel2.droppedByQuery - sel2.droppedBySelector - sel2.droppedByGrep);
    }), { seed: 20261202, numRuns: 100 });
  });

  it('a record reads as the library reads it; a bad filter throws with its position and keeps the last selection', () => {
    const e = createEngine({ multiline: { detectors: 'all' }, pods: PODS });
    const store = new RecordStore(e);
    const src = e.source('/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/main/0.log');
    const text = TRACE.join('\n') + '\n';
    expect(store.push(src, enc.encode(text)) + store.finish(src)).toBe(store.length);
    const want = createEngine({ multiline: { detectors: 'all' }, pods: PODS });
    const s2 = want.source('/var/log/pods/prod_web-0_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/main/0.log');
    const lib = [...s2.push(text).toObjects(), ...s2.close().toObjects()];
    expect(Array.from({ length: store.length }, (_, i) => {
      const { index, timeMs, timeNs, sourceId, lines, ...rest } = store.record(i);
      expect(index).toBe(i);
      expect(Math.abs(timeMs - Number(timeNs) / 1e6)).toBeLessThan(1e-3);
      return rest;
    })).toEqual(lib);
    expect(store.select({ query: '|= "done"' }).count).toBe(1);
    expect(() => store.select({ query: '{app=' })).toThrow(/position 5/);
    expect(store.selectedCount).toBe(1);
    expect(store.record(store.selectedIndices(0, 1)[0]).log).toBe('INFO done');
    expect(() => store.record(store.length)).toThrow(RangeError);
  });
});
