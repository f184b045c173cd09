// The grouping benchmark compares like with like: on the generated corpora (and on the upstream samples), the JS
// baseline gives the same records as the naive oracle of the group stage fed by the naive oracle of the join stage:
// same count, order, streams, logs, line counts, detectors, truncation flags and first-line times.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
// @ts-ignore -- plain ESM benchmark modules without type declarations
import { groupBaseline } from '../../bench/group-baseline.mjs';
// @ts-ignore -- plain ESM benchmark modules without type declarations
import { makeGroupCorpus } from '../../bench/group-corpus.mjs';
import { type GroupOptions, type GroupRecord, groupOracle } from '../oracle/group.ts';
import { oracleRun } from '../oracle/records.ts';
import { parseRfc3339 } from '../oracle/time.ts';
import { CASES } from '../group/detect/cases.ts';

type Rec = { time: string; stream: string; log: string; lines: number; detector: string | null; truncated: boolean };
type Corpus = { bytes: Uint8Array; lines: number; records: number; traces: number; traceRecords: number };

const dec = new TextDecoder('utf-8', { ignoreBOM: true });

/** The spec pipeline: CRI bytes → join oracle → group oracle (close at the end). */
function oracleGroups(bytes: Uint8Array, opts: GroupOptions = {}): GroupRecord[] {
  const joined = oracleRun({ chunks: [bytes], format: 'cri' });
  expect(joined.every((r) => !r.error && !r.partial && !r.truncated && r.stream !== 'unknown')).toBe(true);
  return groupOracle([...joined.map((r) => ({ time: r.time, stream: r.stream as 'stdout' | 'stderr', log: r.log })), { close: true }], opts);
}

function agree(got: Rec[], want: GroupRecord[]) {
  expect(got.length).toBe(want.length);
  expect(got.map((r) => ({ stream: r.stream, log: r.log, lines: r.lines, detector: r.detector ?? undefined, truncated: r.truncated })))
    .toEqual(want.map((r) => ({ stream: r.stream, log: dec.decode(r.log), lines: r.lines, detector: r.detector, truncated: r.truncated })));
  expect(got.map((r) => parseRfc3339(r.time))).toEqual(want.map((r) => r.time));
}

describe('group corpus', () => {
  it('is deterministic and has the advertised shape', () => {
    const a: Corpus = makeGroupCorpus(400_000);
    const b: Corpus = makeGroupCorpus(400_000);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.bytes.length).toBeGreaterThanOrEqual(400_000);
    const lines = dec.decode(a.bytes).split('\n').slice(0, -1);
    expect(lines.length).toBe(a.lines);
    expect(a.traceRecords / a.records).toBeGreaterThan(0.2);
    expect(a.traceRecords / a.records).toBeLessThan(0.4);
    const text = dec.decode(a.bytes);
    for (const marker of ['Traceback (most recent call last):', 'goroutine ', '\tat com.acme.', '    at ', 'Caused by: ', 'Node.js v20.'])
      expect(text).toContain(marker);
    // trace lines split into P pieces, on both streams
    expect(lines.some((l) => / stderr P (?:\s+at |\s+File |\t)/.test(l))).toBe(true);
    expect(lines.some((l) => l.split(' ')[1] === 'stdout') && lines.some((l) => l.split(' ')[1] === 'stderr')).toBe(true);
    const free: Corpus = makeGroupCorpus(200_000, { traces: false });
    expect(free.traces).toBe(0);
    expect(free.traceRecords).toBe(0);
  });
});

describe('group baseline agrees with the oracle', () => {
  const corpus: Corpus = makeGroupCorpus(600_000);
  const want = oracleGroups(corpus.bytes);

  it('every trace of the corpus is one record naming its language; nothing else is grouped', () => {
    const traces = want.filter((r) => r.detector !== undefined && r.lines > 1);
    expect(traces.length).toBe(corpus.traces);
    const traceLines = traces.reduce((n, r) => n + r.lines, 0);
    // a lone `ERROR …` message right before a trace on its stream joins it as its lead line (D12)
    expect(traceLines).toBeGreaterThanOrEqual(corpus.traceRecords);
    expect(traceLines).toBeLessThanOrEqual(corpus.traceRecords + corpus.traces);
    expect(new Set(traces.map((r) => r.detector))).toEqual(new Set(['java', 'python', 'go', 'js']));
    expect(want.reduce((n, r) => n + r.lines, 0)).toBe(corpus.records);
  });
  it('default options', () => agree(groupBaseline(corpus.bytes), want));
  it('with line and byte limits (traces cut into truncated records and continuations)', () => {
    for (const opts of [{ maxLines: 5 }, { maxBytes: 600 }, { maxLines: 12, maxBytes: 2000 }]) {
      const w = oracleGroups(corpus.bytes, opts);
      expect(w.some((r) => r.truncated)).toBe(true);
      agree(groupBaseline(corpus.bytes, opts), w);
    }
  });
  it('the trace-free corpus: every record alone', () => {
    const free: Corpus = makeGroupCorpus(300_000, { traces: false });
    const got: Rec[] = groupBaseline(free.bytes);
    agree(got, oracleGroups(free.bytes));
    expect(got.length).toBe(free.records);
  });
  it('NDJSON output carries the same records', () => {
    const nd: string = groupBaseline(corpus.bytes, { output: 'ndjson' });
    const parsed = nd.split('\n').slice(0, -1).map((l) => JSON.parse(l));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(groupBaseline(corpus.bytes))));
  });
});

const dir = fileURLToPath(new URL('../../../shared/conformance/detect-exceptions/', import.meta.url));
const present = existsSync(`${dir}expected.json`);
if (!present) {
  console.warn(`\n!!!!!!!! detect-exceptions conformance corpus NOT FOUND at ${dir} — baseline-vs-oracle sample tests SKIPPED !!!!!!!!\n`);
}

describe.skipIf(!present)('group baseline agrees with the oracle on the upstream samples', () => {
  it('each sequence stream, as CRI lines split over both streams', () => {
    const samples: Array<{ file: string; sequence: { lines: string[] } }> = present ? JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) : [];
    expect(samples.length).toBe(43);
    for (const s of samples) {
      // the same sequence on stdout, and on stderr one line later: the two streams must not disturb each other
      const cri: string[] = [];
      s.sequence.lines.forEach((l, i) => {
        const content = l.replace(/\n$/, '');
        cri.push(`2026-01-02T03:04:05.${String(i + 1).padStart(9, '0')}Z stdout F ${content}`);
        if (i > 0) cri.push(`2026-01-02T03:04:06.${String(i).padStart(9, '0')}Z stderr F ${s.sequence.lines[i - 1].replace(/\n$/, '')}`);
      });
      const bytes = new TextEncoder().encode(cri.join('\n') + '\n');
      agree(groupBaseline(bytes), oracleGroups(bytes));
    }
  });
});

describe('group baseline agrees with the oracle on every language\'s rules (docs/multiline.md as reconciled)', () => {
  // the benchmark corpora hold only Java, Python, Go and Node traces; these inputs reach the other languages and the
  // rules the reconciliation changed (start priority, Rails constants, PHP `Fatal error: Uncaught`, Python chains,
  // Go headers with fields, C# `---> `, Dart error lines, klog lead lines…)
  const cri = (lines: Array<[string, string]>) =>
    new TextEncoder().encode(lines.map(([stream, l], i) => `2026-01-02T03:04:05.${String(i + 1).padStart(9, '0')}Z ${stream} F ${l}\n`).join(''));
  const ORDINARY = ['GET /healthz 200', '', 'ERROR request failed', 'E0102 03:04:05.123456 1 x.go:1] boom', '  indented text'];

  it('each hand-written case of both detector suites, between ordinary lines', () => {
    expect(CASES.length).toBeGreaterThan(50);
    for (const c of CASES) {
      const bytes = cri(['GET /healthz 200', ...c.lines, 'GET /ready 200'].map((l) => ['stdout', l] as [string, string]));
      agree(groupBaseline(bytes), oracleGroups(bytes));
    }
  });

  it('seeded random mixes of their lines on both streams, with and without limits', () => {
    const vocab = [...new Set([...CASES.flatMap((c) => c.lines), ...ORDINARY])];
    const lineArb = fc.tuple(fc.constantFrom('stdout', 'stdout', 'stderr'), fc.constantFrom(...vocab));
    const caseArb = fc.tuple(fc.constantFrom(...CASES), fc.constantFrom('stdout', 'stderr')).map(([c, st]) => c.lines.map((l) => [st, l] as [string, string]));
    const streamArb = fc.array(fc.oneof(lineArb.map((x) => [x]), caseArb), { minLength: 1, maxLength: 12 }).map((xs) => xs.flat());
    const optsArb = fc.constantFrom({}, { maxLines: 3 }, { maxBytes: 80 });
    fc.assert(fc.property(streamArb, optsArb, (lines, opts) => {
      const bytes = cri(lines);
      agree(groupBaseline(bytes, opts), oracleGroups(bytes, opts));
    }), { seed: 0xba5e, numRuns: 400 });
  });
});
