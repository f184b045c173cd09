// The engine's group stage against the independent naive oracle (test/oracle/group.ts): random mixes of trace
// lines of every language (the collected cases), lead lines, user-rule lines and ordinary lines, on two
// streams, pushed as CRI lines in random chunks, with random detector sets, limits and lead-line setting, give the
// oracle's records: the same lines in the same records, in the same order, the same truncation and line counts.
// A second property adds the host clock: blocks pushed at non-decreasing host times, each followed by
// flush(now), against the oracle's flush(nowNs) with the same push times (`at`, G4).
// Records are compared whole, language label included (the JVM family's member by the header's shape: both
// sides implement D4 of test/oracle/detect.ts, the engine in assembly/group/label.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine } from '../../bindings/node.ts';
import { groupOracle, type GroupInput } from '../oracle/group.ts';
import { BUILDS } from '../helpers/engine.ts';
import { CASES } from './detect/cases.ts';

const TS = '2024-05-01T12:00:01Z';
const TS_NS = 1714564801000000000n;
const enc = new TextEncoder();
const dec = new TextDecoder();
const NAMES = ['java', 'js', 'csharp', 'python', 'go', 'ruby', 'php', 'dart'] as const;

const pool = [...new Set(CASES.flatMap((c) => c.lines))];
const lineArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CASES).chain((c) => fc.constant(c.lines)) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom(['plain line'], ['2026-01-01 ERROR [main] c.e.App : failed'], ['E0102 03:04:05.123456 1 x.go:1] bad'], [''], ['>> job 1'], ['  indented']) },
);

describe.each(BUILDS)('group stage against the oracle (%s)', (build) => {
  it('any lines, streams, detector sets, limits and splits give the oracle\'s records', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(lineArb, fc.constantFrom('stdout', 'stderr')), { maxLength: 12 }),
      fc.oneof(fc.constant<'all'>('all'), fc.subarray([...NAMES], { minLength: 1 })),
      fc.option(fc.integer({ min: 2, max: 6 }), { nil: undefined }),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 5 }),
      (blocks, detectors, maxLines, leadLine, rules, cuts) => {
        const lines = blocks.flatMap(([ls, stream]) => ls.map((l) => ({ l, stream: stream as 'stdout' | 'stderr' })));
        const text = Buffer.from(lines.map(({ l, stream }) => `${TS} ${stream} F ${l}\n`).join(''));
        const userRules = rules ? { start: '^>> ' } : undefined;
        // engine, in random chunks
        const e = createEngine({ build, multiline: { detectors, maxLines, leadLine, rules: userRules } });
        const s = e.source(undefined, { format: 'cri' });
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const got: Array<{ stream: string; log: string; lines: number; detector?: string; truncated: boolean }> = [];
        const take = (b: { toObjects(): Array<{ stream: string; log: string; logLines?: number; multiline?: string; truncated?: true }> }) => {
          for (const r of b.toObjects()) got.push({ stream: r.stream, log: r.log, lines: r.logLines ?? 1, detector: r.multiline, truncated: r.truncated === true });
        };
        let prev = 0;
        for (const p of [...points, text.length]) {
          take(s.push(text.subarray(prev, p)));
          prev = p;
        }
        take(s.close());
        // oracle
        const inputs: GroupInput[] = lines.map(({ l, stream }) => ({ time: TS_NS, stream, log: enc.encode(l) }));
        inputs.push({ close: true });
        const want = groupOracle(inputs, { detectors: detectors === 'all' ? 'all' : [...detectors], maxLines, leadLine, rules: userRules }).map((r) => ({
          stream: r.stream, log: dec.decode(r.log), lines: r.lines, detector: r.detector, truncated: r.truncated,
        }));
        expect(got).toEqual(want);
      },
    ), { numRuns: Number(process.env.LOGSIEVE_GROUP_RUNS ?? 300), seed: Number(process.env.LOGSIEVE_GROUP_SEED ?? 11) });
  });
});

describe.each(BUILDS)('group stage against the oracle, with the host clock (%s)', (build) => {
  it('flushes at host times between pushes release the same groups as the oracle\'s flush(nowNs)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(lineArb, fc.constantFrom('stdout', 'stderr'), fc.integer({ min: 0, max: 5 })), { maxLength: 12 }),
      fc.boolean(),
      (blocks, leadLine) => {
        // each block is pushed at host time t (seconds, non-decreasing), followed by a flush at the same time
        let t = 0;
        const steps = blocks.map(([ls, stream, dt]) => {
          t += dt;
          return { lines: ls.map((l) => ({ l, stream: stream as 'stdout' | 'stderr' })), t };
        });
        const S = 1_000_000_000n;
        let now = 0;
        const e = createEngine({ build, multiline: { detectors: 'all', idleMs: 2000, maxAgeMs: 4000, leadLine }, clock: () => now });
        const s = e.source(undefined, { format: 'cri' });
        const got: string[] = [];
        const take = (b: { toObjects(): Array<{ stream: string; log: string; logLines?: number; truncated?: true }> }) => {
          for (const r of b.toObjects()) got.push(`${r.stream}|${r.logLines ?? 1}|${r.truncated === true}|${r.log}`);
        };
        const inputs: GroupInput[] = [];
        for (const st of steps) {
          now = st.t * 1000;
          take(s.push(st.lines.map(({ l, stream }) => `${TS} ${stream} F ${l}\n`).join('')));
          take(s.flush(now));
          for (const { l, stream } of st.lines) inputs.push({ time: TS_NS, stream, log: enc.encode(l), at: BigInt(st.t) * S });
          inputs.push({ flush: BigInt(st.t) * S });
        }
        take(s.close());
        inputs.push({ close: true });
        const want = groupOracle(inputs, { detectors: 'all', leadLine, idleNs: 2n * S, maxAgeNs: 4n * S })
          .map((r) => `${r.stream}|${r.lines}|${r.truncated}|${dec.decode(r.log)}`);
        expect(got).toEqual(want);
      },
    ), { numRuns: Number(process.env.LOGSIEVE_GROUP_RUNS ?? 200), seed: Number(process.env.LOGSIEVE_GROUP_SEED ?? 13) });
  });
});
