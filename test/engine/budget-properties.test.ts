// The held-bytes budget against the oracle: many sources, pushes interleaved at random, a tiny budget. Early
// releases change where records are cut, never their bytes: for every (source, stream) the content of its
// records, in order, is the oracle's content for that source alone; error records are the oracle's; every
// input line is counted once. (Pushes end at line ends here, so the budget releases held records; with cuts
// anywhere, tails are cut too, and the line count and the absence of traps are what is checked.)
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../bindings/node.ts';
import { oracleRun } from '../oracle/records.ts';
import { BUILDS } from '../helpers/engine.ts';
import { criLine, dockerLine } from './arbitraries.ts';

const RUNS = Number(process.env.LOGSIEVE_PROPERTY_RUNS ?? 300) / 3;
const NL = new Uint8Array([0x0a]);

const concat = (parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length)));

/** Several sources, each a list of lines of one format; a schedule of which source pushes next. */
const workload = fc.record({
  sources: fc.array(fc.constantFrom('cri', 'docker').chain((k) => fc.array(k === 'cri' ? criLine : dockerLine, { minLength: 1, maxLength: 12 })), { minLength: 2, maxLength: 6 }),
  schedule: fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
  budget: fc.integer({ min: 1, max: 200 }),
  perPush: fc.integer({ min: 1, max: 3 }),
});

const enc = new TextEncoder();
const TS = '2024-05-01T12:00:01Z';
/** Two sources whose held pieces cannot both fit a 4-byte budget: a release happens by construction. */
const RELEASING = {
  sources: [[`${TS} stdout P aaaa`, `${TS} stdout F b`], [`${TS} stdout P cccc`, `${TS} stdout F d`]].map((ls) => ls.map((l) => enc.encode(l))),
  schedule: [0, 1, 0, 1], budget: 4, perPush: 1,
};

type Row = { file: string; stream: string; log: Uint8Array; error?: string; lines: number };

describe.each(BUILDS)('held-bytes budget against the oracle (%s)', (build) => {
  it('any interleaving of sources and any budget: per source and stream, the same bytes in the same order', () => {
    let released = 0;
    fc.assert(
      fc.property(workload, ({ sources, schedule, budget, perPush }) => {
        const engine = createEngine({ build, maxHeldBytes: budget });
        const srcs = sources.map((_, i) => engine.source(`s${i}`));
        const next = sources.map(() => 0);
        const rows: Row[] = [];
        const take = (batch: Iterable<any>) => {
          for (const r of batch) rows.push({ file: r.file, stream: r.stream, log: r.logBytes, error: r.error, lines: r.lines });
        };
        // push whole lines, `perPush` at a time, in the scheduled order; then the rest; then close all
        const pushFrom = (i: number, k: number) => {
          const lines = sources[i].slice(next[i], next[i] + k);
          next[i] += lines.length;
          if (lines.length) take(srcs[i].push(concat(lines.flatMap((l) => [l, NL]))));
        };
        for (const s of schedule) pushFrom(s % sources.length, perPush);
        sources.forEach((l, i) => pushFrom(i, l.length));
        for (const s of srcs) take(s.close());
        released += engine.counters().budgetReleases;

        sources.forEach((lines, i) => {
          const want = oracleRun({ chunks: [concat(lines.flatMap((l) => [l, NL]))] });
          const got = rows.filter((r) => r.file === `s${i}`);
          expect(got.reduce((a, r) => a + r.lines, 0)).toBe(lines.length);
          expect(got.filter((r) => r.error).map((r) => [Buffer.from(r.log).toString('latin1'), r.error]))
            .toEqual(want.filter((r) => r.error).map((r) => [Buffer.from(r.log).toString('latin1'), r.error]));
          for (const stream of ['stdout', 'stderr']) {
            const content = (rs: Array<{ stream: string; log: Uint8Array; error?: string }>) =>
              concat(rs.filter((r) => !r.error && r.stream === stream).map((r) => r.log)).toString('latin1');
            expect(content(got)).toBe(content(want));
          }
        });
      }),
      { numRuns: RUNS, examples: [[RELEASING]] },
    );
    expect(released).toBeGreaterThan(0);
  });

  it('pushes cut anywhere (tails held and cut too): no trap, every line counted once per source', () => {
    fc.assert(
      fc.property(workload, fc.array(fc.nat(), { maxLength: 20 }), ({ sources, schedule, budget }, cuts) => {
        const engine = createEngine({ build, maxHeldBytes: budget });
        const data = sources.map((lines) => concat(lines.flatMap((l) => [l, NL])));
        const srcs = data.map((_, i) => engine.source(`s${i}`));
        const pos = data.map(() => 0);
        const lines = new Map<string, number>();
        const take = (batch: Iterable<any>) => {
          for (const r of batch) lines.set(r.file, (lines.get(r.file) ?? 0) + r.lines);
        };
        schedule.forEach((s, k) => {
          const i = s % data.length;
          const end = Math.min(data[i].length, pos[i] + 1 + ((cuts[k % Math.max(cuts.length, 1)] ?? 7) % 50));
          take(srcs[i].push(data[i].subarray(pos[i], end)));
          pos[i] = end;
        });
        data.forEach((d, i) => take(srcs[i].push(d.subarray(pos[i]))));
        for (const s of srcs) take(s.close());
        sources.forEach((l, i) => expect(lines.get(`s${i}`) ?? 0).toBe(l.length));
      }),
      { numRuns: RUNS },
    );
  });
});
