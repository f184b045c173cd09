// Robustness: arbitrary bytes never trap, and every input line is accounted for in `lines`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../bindings/node.ts';
import type { Format } from '../../bindings/core/abi.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes } from '../decode/util.ts';
// @ts-expect-error: plain JS module without types
import { makeCriCorpus, makeDockerCorpus } from '../../bench/corpus.mjs';

/** Lines of an input: one per '\n', plus a last line without '\n'. */
function countLines(b: Uint8Array): number {
  let n = 0;
  for (const x of b) if (x === 0x0a) n++;
  return b.length > 0 && b[b.length - 1] !== 0x0a ? n + 1 : n;
}

interface Outcome { lines: number; records: number; errors: number }

/** Pushes the chunks (null = flush) through one source and closes it, reading every field of every record. */
function drive(engine: Engine, chunks: Array<Uint8Array | null>, format: Format, ndjson = false): Outcome {
  const src = engine.source('f', { format });
  let lines = 0;
  let records = 0;
  let errors = 0;
  const dec = new TextDecoder('utf-8', { fatal: true });
  const take = (batch: Iterable<any>) => {
    for (const r of batch) {
      lines += r.lines;
      records++;
      if (r.error) errors++;
      // touch every field: no throw, sane values
      const stream = r.stream;
      if (!['stdout', 'stderr', 'unknown'].includes(stream)) throw new Error(`bad stream ${stream}`);
      if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(r.time)) throw new Error(`bad time ${r.time}`);
      if (!(r.logBytes instanceof Uint8Array)) throw new Error('logBytes');
      void r.log; void r.attrs; void r.truncated; void r.partial; void r.format;
      if (r.error && stream !== 'unknown') throw new Error('error record with a stream');
      if (!r.error && stream === 'unknown') throw new Error('good record with stream unknown');
    }
  };
  const takeNd = (out: Uint8Array) => {
    const text = dec.decode(out);
    for (const line of text.split('\n').slice(0, -1)) {
      const o = JSON.parse(line);
      records++;
      if (o.error) errors++;
    }
  };
  for (const c of chunks) {
    if (ndjson) takeNd(c === null ? src.flushNdjson() : src.pushNdjson(c));
    else take(c === null ? src.flush() : src.push(c));
  }
  if (ndjson) takeNd(src.closeNdjson());
  else take(src.close());
  return { lines, records, errors };
}

/** Bytes biased towards the interesting ones: newlines, spaces, quotes, braces, NUL, invalid UTF-8. */
const byteArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 3, arbitrary: fc.constantFrom(0x0a, 0x20, 0x22, 0x5c, 0x7b, 0x7d, 0x00, 0x0d, 0x3a, 0x5b, 0x2c, 0xff, 0xc3, 0xf0, 0x80) },
);
const fragments = [
  '2024-05-01T12:00:01Z stdout F ', '2024-05-01T12:00:01.123456789+01:00 stderr P ', 'stdout ', ' P ', ' F',
  '{"log":"', '\\n","stream":"stdout","time":"2024-05-01T12:00:01Z"}', '{"log":"a","stream":"stderr","time":"2024-05-01T12:00:01Z"}',
  '\\u', '\\ud83d', '\\ude80', '"attrs":[', '{', '}', '"', '\n', '\r\n', '\\',
].map((s) => bytes(s));
const pieceArb = fc.oneof(
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.array(byteArb, { maxLength: 12 }).map((a) => new Uint8Array(a)) },
  { weight: 3, arbitrary: fc.constantFrom(...fragments) },
);
const inputArb = fc.array(pieceArb, { maxLength: 40 }).map((parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
});

/** Cuts the input at sorted offsets; some cuts are flushes too. */
const planArb = (len: number) =>
  fc.array(fc.record({ at: fc.integer({ min: 0, max: len }), flush: fc.boolean() }), { maxLength: 8 }).map((cuts) => {
    cuts.sort((a, b) => a.at - b.at);
    return cuts;
  });
function split(input: Uint8Array, cuts: Array<{ at: number; flush: boolean }>): Array<Uint8Array | null> {
  const out: Array<Uint8Array | null> = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(input.subarray(prev, c.at));
    if (c.flush) out.push(null);
    prev = c.at;
  }
  out.push(input.subarray(prev));
  return out;
}

describe.each(BUILDS)('robustness (%s)', (build) => {
  it('arbitrary bytes, formats, limits and splits never trap, and sum(lines) = input lines', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => fc.tuple(fc.constant(input), planArb(input.length))),
        fc.constantFrom<Format>('auto', 'cri', 'docker'),
        fc.option(fc.integer({ min: 1, max: 48 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
        fc.boolean(),
        ([input, cuts], format, maxRecordBytes, maxLineBytes, ndjson) => {
          const engine = createEngine({ build, maxRecordBytes, maxLineBytes });
          const r = drive(engine, split(input, cuts), format, ndjson);
          if (!ndjson) expect(r.lines).toBe(countLines(input));
          const c = engine.counters();
          expect(c.linesIn).toBe(countLines(input));
          expect(c.bytesIn).toBe(input.length);
          expect(c.records).toBe(r.records);
          expect(c.errorRecords).toBe(r.errors);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('uniform random bytes (NUL, invalid UTF-8, no final newline) never trap', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom<Format>('auto', 'cri', 'docker'), (input, format) => {
        const engine = createEngine({ build, maxRecordBytes: 7, maxLineBytes: 9 });
        expect(drive(engine, [input], format).lines).toBe(countLines(input));
      }),
      { numRuns: 150 },
    );
  });

  it('a 1.5 MiB line (CRI content, Docker, garbage) with default limits', () => {
    const n = 1.5 * (1 << 20);
    const content = 'k'.repeat(n);
    for (const [text, format] of [
      [`2024-05-01T12:00:01Z stdout F ${content}\n`, 'auto'],
      [`{"log":"${content}","stream":"stdout","time":"2024-05-01T12:00:01Z"}\n`, 'auto'],
      [content, 'cri'],
      [`{"log":"${content}`, 'docker'],
    ] as const) {
      const engine = createEngine({ build });
      const r = drive(engine, [bytes(text)], format);
      expect(r.lines).toBe(1);
      expect(engine.counters().linesCut).toBe(1);
    }
  });

  it('10 000 empty lines give 10 000 error records of one line each', () => {
    for (const format of ['cri', 'docker'] as const) {
      const engine = createEngine({ build });
      const r = drive(engine, [new Uint8Array(10_000).fill(0x0a)], format);
      expect(r).toEqual({ lines: 10_000, records: 10_000, errors: 10_000 });
    }
  });

  it('a 600-deep [[[[ Docker attrs never traps', () => {
    const T = '"stream":"stdout","time":"2024-05-01T12:00:01Z"';
    const engine = createEngine({ build });
    const src = engine.source(undefined, { format: 'docker' });
    const unclosed = [...src.push(bytes(`{"log":"a\\n",${T},"attrs":${'['.repeat(600)}}\n`))];
    expect(unclosed.map((r) => r.error)).toEqual(['bad_json']);
    const closed = `${'['.repeat(600)}${']'.repeat(600)}`;
    const recs = [...src.push(bytes(`{"log":"b\\n",${T},"attrs":${closed}}\n{"log":"c\\n",${T},"x":${'{"a":'.repeat(600)}1${'}'.repeat(600)}}\n`))]
      .map((r) => ({ log: r.log, error: r.error, attrs: r.attrs }));
    expect(recs).toHaveLength(2);
    // deeper than the 512-level limit of json-skip.ts (and of the oracle): bad_json, without trapping
    expect(recs).toEqual([
      { log: `{"log":"b\\n",${T},"attrs":${closed}}`, error: 'bad_json', attrs: undefined },
      { log: `{"log":"c\\n",${T},"x":${'{"a":'.repeat(600)}1${'}'.repeat(600)}}`, error: 'bad_json', attrs: undefined },
    ]);
    expect([...src.push(bytes(`{"log":"d\\n",${T}}\n`))].map((r) => r.log)).toEqual(['d']);
  });

  it('huge numbers of tiny pushes (one byte each, 60 000 pushes)', () => {
    const line = '2024-05-01T12:00:01Z stdout P ab\n2024-05-01T12:00:02Z stdout F c\n{bad}\n';
    const input = bytes(line.repeat(Math.ceil(60_000 / line.length)));
    const engine = createEngine({ build });
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < input.length; i++) chunks.push(input.subarray(i, i + 1));
    const r = drive(engine, chunks, 'cri');
    const reps = Math.ceil(60_000 / line.length);
    expect(r).toEqual({ lines: 3 * reps, records: 2 * reps, errors: reps });
    const e2 = createEngine({ build });
    const s = e2.source();
    for (let i = 0; i < 20_000; i++) s.push(new Uint8Array(0));
    expect(s.close().length).toBe(0);
  });

  it('big pushes: more rows than the 8192-row table and more than one 4 MiB window give every record once', () => {
    for (const make of [makeCriCorpus, makeDockerCorpus]) {
      const corpus = make(9 << 20) as { bytes: Uint8Array; records: number; lines: number };
      const a = createEngine({ build }).source('c');
      let n = 0;
      let lines = 0;
      for (const r of a.push(corpus.bytes)) (n++, (lines += r.lines));
      expect(a.close().length).toBe(0);
      expect(n).toBe(corpus.records);
      expect(lines).toBe(corpus.lines);
      const b = createEngine({ build }).source('c');
      const whole = Buffer.from(b.pushNdjson(corpus.bytes));
      expect(b.closeNdjson().length).toBe(0);
      let nl = 0;
      for (const x of whole) if (x === 0x0a) nl++;
      expect(nl).toBe(corpus.records);
      const c = createEngine({ build }).source('c');
      const parts: Uint8Array[] = [];
      for (let off = 0; off < corpus.bytes.length; off += 65_521) parts.push(c.pushNdjson(corpus.bytes.subarray(off, off + 65_521)));
      expect(Buffer.compare(Buffer.concat(parts), whole)).toBe(0);
      const d = createEngine({ build }).source('c');
      expect(d.pushCount(corpus.bytes)).toBe(corpus.records);
    }
  });
});
