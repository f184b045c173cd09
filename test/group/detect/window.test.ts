// The candidate map of a call's window (assembly/group/detect/window.ts): the group stage passes a line without
// the detector when the map (one pass over the whole pushed window, SIMD build; the line's own scan in the scalar
// build) shows no candidate in it. The map must never miss a candidate the line's own scan would find, wherever
// the line sits in the window: every trace of the collected cases, and every candidate kind and anchored rule on its own, at
// every offset from a 16-byte block boundary (0..47, by a padding line before it), at the window's start and end,
// with CRI headers of varying length, in one push and in two, give the oracle's records.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../bindings/node.ts';
import { groupOracle, type GroupInput } from '../../oracle/group.ts';
import { BUILDS } from '../../helpers/engine.ts';
import { CASES } from './cases.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
// a line of each candidate kind (a start rule's trigger or a lead word), each also as the line's last bytes, and the
// anchored rules (first or last bytes) with no candidate byte elsewhere; each with a line that continues it
const at = '\tat a.B.c(B.java:1)';
const KINDS: string[][] = [
  ['x java.lang.IllegalStateException: boom', at], ['y java.lang.IllegalStateException\r', at],
  ['PHP Warning:  z in /a.php on line 1', 'Stack trace:', '#0 {main}'],
  ["z exception 'E' with message 'm' in /a.php:1", 'Stack trace:', '#0 {main}'],
  ['panic: boom', '', 'goroutine 1 [running]:'], ['w http: panic serving 1.2.3.4:5: x', 'goroutine 1 [running]:'],
  ["a.rb:1:in 'm': boom (E)", "\tfrom a.rb:2:in '<main>'"], ['q Error [ERR_X]: y', '    at f (/a.js:1:2)'],
  ['req failed ERROR x', 'java.lang.RuntimeException: r', at], ['FATAL', 'java.lang.RuntimeException: r', at],
  ['v SEVERE: x', 'java.lang.RuntimeException: r', at], ['u CRITICAL x', 'java.lang.RuntimeException: r', at],
  ['com.example.BadError', at], ['a.b.CException', at], ['java.lang.Throwable', at], ['n V8 errors stack trace', at],
  ['/app/x.js:12', 'throw e;', '^', '', 'Error: x', '    at f (/a.js:1:2)'],
  ['ActiveRecord::RecordNotFound (x):', '  app/a.rb:1'], ['ab Error (x):', '  app/a.rb:1'],
  ['Traceback (most recent call last):', '  File "/a.py", line 1, in <module>'],
  ['fatal error: all goroutines are asleep', '', 'goroutine 1 [running]:'],
  ['Unhandled exception:', 'x', '#0      main (file:///a.dart:1:2)'], ['Unhandled exception.', '   at A.B()'], ['Unhandled exception. System.Exception: x', '   at A.B()'],
  ['E0102 03:04:05.123456 1 x.go:1] bad', 'java.lang.RuntimeException: r', at], ['F0102 03:04:05.123456 1 x.go:1] bad', 'java.lang.RuntimeException: r', at],
  ['Fatal error: Uncaught Exception: x', 'Stack trace:', '#0 {main}'],
];

interface Rec { stream: string; log: string; lines: number; detector?: string }

function engineRecords(engine: ReturnType<typeof createEngine>, text: Uint8Array, cut: number): Rec[] {
  const s = engine.source(undefined, { format: 'cri' });
  const out: Rec[] = [];
  const take = (b: { toObjects(): Array<{ stream: string; log: string; logLines?: number; multiline?: string }> }) => {
    for (const r of b.toObjects()) out.push({ stream: r.stream, log: r.log, lines: r.logLines ?? 1, detector: r.multiline });
  };
  take(s.push(text.subarray(0, cut)));
  take(s.push(text.subarray(cut)));
  take(s.close());
  return out;
}

function oracleRecords(lines: string[]): Rec[] {
  const inputs: GroupInput[] = lines.map((l) => ({ time: 0n, stream: 'stdout', log: enc.encode(l) }));
  inputs.push({ close: true });
  return groupOracle(inputs, { detectors: 'all' }).map((r) => ({ stream: r.stream, log: dec.decode(r.log), lines: r.lines, detector: r.detector }));
}

describe.each(BUILDS)('candidate map of the window (%s)', (build) => {
  const starts = [...CASES.map((c) => c.lines), ...KINDS];
  it(`${starts.length} traces at every block offset, headers of three lengths, one push and two: the oracle's records`, () => {
    const engine = createEngine({ build, multiline: { detectors: 'all' } });
    let checked = 0;
    for (const start of starts) {
      for (let pad = 0; pad < 48; pad++) {
        // the fraction's length moves every content start by up to 9 bytes more
        const ts = `2026-01-02T03:04:05.${'123456789'.slice(0, 1 + (pad % 9))}Z`;
        const lines = ['p'.repeat(pad) + ' plain line', ...start, 'after it, a plain line', ...start];
        const full = enc.encode(lines.map((l) => `${ts} stdout F ${l}\n`).join(''));
        const text = full.subarray(0, full.length - 1); // no final '\n': the last line is a carried tail
        const want = oracleRecords(lines);
        for (const input of [text, full]) {
          for (const cut of [input.length, pad + 20, input.length - 3]) {
            expect(engineRecords(engine, input, Math.min(cut, input.length)), `${JSON.stringify(start[0])} pad ${pad} cut ${cut}`).toEqual(want);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(starts.length * 48 * 6);
  });
});
