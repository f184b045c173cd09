// Input offsets (assembly/engine/offsets.ts, docs/offsets.md): a host that acknowledged the rows of the first k
// calls and then crashed restarts from the heldFrom it read after call k, with each stream's doneThrough of
// call k; the records it then gets, after the acknowledged ones, are exactly the records of the run that never
// stopped — nothing lost, nothing acknowledged repeated — for every k, any split, grouping on or off, both
// builds. (Error records may differ in time only: their time is the last good line's, which a restart may not
// have read.) Seeded: the same cases every run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Build, createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

let tick = 0;
const ts = () => `2026-11-24T10:00:${String(Math.floor(tick / 1000) % 60).padStart(2, '0')}.${String(tick++ % 1000).padStart(3, '0')}Z`;

type Block = { stream: 'stdout' | 'stderr'; lines: string[] };
const stream = fc.constantFrom<'stdout' | 'stderr'>('stdout', 'stderr');
const block: fc.Arbitrary<Block> = fc.oneof(
  fc.tuple(stream, fc.constantFrom('INFO ok', 'ERROR failed', '{"level":"warn","msg":"x"}', 'plain text', '')).map(([s, t]) => ({ stream: s, lines: [`F ${t}`] })),
  fc.tuple(stream, fc.integer({ min: 1, max: 4 })).map(([s, n]) => ({
    stream: s, lines: ['F Exception in thread "main" java.lang.IllegalStateException: boom', ...Array.from({ length: n }, (_, i) => `F \tat com.example.C.m${i}(C.java:${i + 1})`)],
  })),
  fc.tuple(stream, fc.integer({ min: 1, max: 3 })).map(([s, n]) => ({
    stream: s, lines: ['F Traceback (most recent call last):', ...Array.from({ length: n }, (_, i) => `F   File "a.py", line ${i + 1}, in f`), 'F ValueError: bad'],
  })),
  fc.tuple(stream, fc.integer({ min: 1, max: 3 })).map(([s, n]) => ({ stream: s, lines: [...Array.from({ length: n }, (_, i) => `P piece${i}-`), 'F end'] })),
  fc.constant({ stream: 'stdout' as const, lines: ['!garbage line'] }),
);

interface Case { blocks: Block[]; interleave: number[]; finalNewline: boolean; cuts: number[]; restartCuts: number[]; grouping: boolean }
const caseArb: fc.Arbitrary<Case> = fc.record({
  blocks: fc.array(block, { minLength: 1, maxLength: 10 }),
  interleave: fc.array(fc.nat(), { maxLength: 10 }),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
  restartCuts: fc.array(fc.nat(), { maxLength: 3 }),
  grouping: fc.boolean(),
});

/** The blocks' lines as CRI, the blocks of the two streams interleaved line by line at the chosen points. */
function inputOf(c: Case): Uint8Array {
  tick = 0;
  const queues = c.blocks.map((b) => b.lines.map((l) => (l.startsWith('!') ? l.slice(1) : `${ts()} ${b.stream} ${l}`)));
  const lines: string[] = [];
  let k = 0;
  while (queues.some((q) => q.length)) {
    // take the next line from the first non-empty block, or (at an interleave point) from the next block
    const live = queues.map((q, i) => (q.length ? i : -1)).filter((i) => i >= 0);
    const pick = live[(c.interleave[k++ % Math.max(1, c.interleave.length)] ?? 0) % Math.min(2, live.length)];
    lines.push(queues[pick].shift()!);
  }
  return enc.encode(lines.join('\n') + (c.finalNewline ? '\n' : ''));
}

function cutPoints(len: number, cuts: number[]): number[] {
  return [...new Set(cuts.map((x) => x % (len + 1)))].sort((a, b) => a - b);
}

const options = (build: Build, c: Case) => ({ build, multiline: { detectors: c.grouping ? ('all' as const) : ('none' as const) } });

/** Records as objects; an error record's time left out (it is the last good line's time). */
function records(text: string): object[] {
  return text.split('\n').filter(Boolean).map((l) => {
    const o = JSON.parse(l);
    if (o.error) delete o.time;
    return o;
  });
}

describe('input offsets', () => {
  it('a restart from the last acknowledged call gives exactly the rest of the uninterrupted run', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const input = inputOf(c);
      for (const build of BUILDS) {
        // the run that never stops, call by call, with the offsets after each call
        const e = createEngine(options(build, c));
        const src = e.source('/var/log/pods/ns_pod_uid/c/0.log', { format: 'cri' });
        const calls: Array<{ text: string; after: ReturnType<typeof src.offsets> }> = [];
        const start = src.offsets();
        expect(start).toEqual({ consumed: 0, heldFrom: 0, done: { stdout: 0, stderr: 0, errors: 0 } });
        let at = 0;
        for (const cut of [...cutPoints(input.length, c.cuts), input.length]) {
          const text = dec.decode(src.pushNdjson(input.subarray(at, cut)));
          at = cut;
          const after = src.offsets();
          expect(after.consumed).toBe(at);
          expect(after.heldFrom).toBe(Math.min(after.done.stdout, after.done.stderr, after.done.errors));
          expect(after.heldFrom).toBeLessThanOrEqual(at);
          calls.push({ text, after });
        }
        const whole = calls.map((x) => x.text).join('') + dec.decode(src.closeNdjson());
        const want = records(whole);
        // crash after the first k calls were acknowledged (k = 0: nothing acknowledged)
        for (let k = 0; k <= calls.length; k++) {
          const acked = calls.slice(0, k).map((x) => x.text).join('');
          const point = k === 0 ? start : calls[k - 1].after;
          const e2 = createEngine(options(build, c));
          const s2 = e2.source('/var/log/pods/ns_pod_uid/c/0.log', { format: 'cri', resume: { at: point.heldFrom, done: point.done } });
          const rest = input.subarray(point.heldFrom);
          let text = '';
          let from = 0;
          for (const cut of [...cutPoints(rest.length, c.restartCuts), rest.length]) {
            text += dec.decode(s2.pushNdjson(rest.subarray(from, cut)));
            from = cut;
          }
          text += dec.decode(s2.closeNdjson());
          expect(records(acked + text)).toEqual(want);
        }
      }
    }), { seed: 20261203, numRuns: 120 });
  });

  it('resume refuses a source that was already given bytes, and bad offsets', () => {
    const e = createEngine();
    expect(() => e.source('a', { resume: { at: -1, done: { stdout: 0, stderr: 0, errors: 0 } } })).toThrow(TypeError);
    expect(() => e.source('a', { resume: { at: 1.5, done: { stdout: 0, stderr: 0, errors: 0 } } })).toThrow(TypeError);
    const s = e.source('b', { resume: { at: 100, done: { stdout: 138, stderr: 0, errors: 0 } } });
    s.pushNdjson('2026-11-24T10:00:00Z stdout F skipped\n2026-11-24T10:00:01Z stdout F kept\n');
    expect(s.offsets()).toEqual({ consumed: 173, heldFrom: 173, done: { stdout: 173, stderr: 173, errors: 173 } });
    expect(e.counters().resumeSkipped).toBe(1);
    expect(e.exports.resume(s.id, 0, 0, 0, 0)).toBe(-1);
  });
});
