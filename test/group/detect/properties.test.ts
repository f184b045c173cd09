// Properties of the detector over random input (seeded, so runs are reproducible):
//  - arbitrary bytes (NUL, invalid UTF-8, CR, fragments of trace lines) never trap, and the returned state is
//    always valid (< STATE_COUNT, reserved bits clear) with an action in 0..3; invalid input states act as 0;
//  - the SIMD and scalar builds return identical (action, state) for every line of the same random stream;
//  - bytes outside the line never influence the result (the line is staged between two different guards).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import { Detector, LANG, STATE_COUNT } from './driver.ts';

// Fragments that steer random lines into the detector's states.
const PIECES = [
  'Exception', 'Error', ': ', 'Throwable', '\tat ', '    at ', 'Caused by: ', 'Suppressed: ', '... 3 more', 'nested exception is:',
  '--- End of inner exception stack trace ---', '---> ', 'Unhandled exception.', 'node:internal/x:12', 'a.js:3', '^', '{', '}',
  'Node.js v20', 'Traceback (most recent call last):', '  File "x.py", line 1', '    ', '~~^^', 'During handling of the above exception, another exception occurred:',
  'PHP Fatal error:', "exception 'E' with message '", 'Stack trace:', '#0 ', '  thrown in ', 'Next ', 'panic: ', 'fatal error: ',
  '[signal ', 'goroutine 1 [running]:', 'goroutine 2 gp=0x1 m=0 [x]:', 'main.f(', 'created by ', 'http: panic serving', 'Error (x):',
  '.rb:12:in `', "x.rb:1:in 'm'", '\tfrom ', 'Unhandled exception:', 'FormatException', "'a':b", '(', ')', '\r', '\0', '\xff', '',
];
const piece = fc.constantFrom(...PIECES.map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff)));
const line = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc.array(piece, { maxLength: 5 }).map((ps) => Uint8Array.from(ps.flatMap((x) => [...x]))),
);
const langs = fc.integer({ min: 0, max: 255 });

describe('detector properties', () => {
  it('arbitrary bytes never trap; the state stays valid; SIMD and scalar agree line by line', () => {
    fc.assert(
      fc.property(langs, fc.array(line, { maxLength: 40 }), (l, lines) => {
        const a = new Detector('simd', l);
        const b = new Detector('scalar', l);
        for (const ln of lines) {
          const ra = a.stepRaw(ln);
          const rb = b.stepRaw(ln);
          expect(ra).toBe(rb);
          expect(ra & 0xffff).toBeLessThan(STATE_COUNT);
          expect(ra >>> 18).toBe(0); // action in 0..3, nothing above it
        }
        a.dispose();
        b.dispose();
      }),
      { seed: 0x5eed, numRuns: 400 },
    );
  });

  it('invalid input states behave as the start state', () => {
    fc.assert(
      fc.property(langs, line, fc.integer({ min: STATE_COUNT, max: 0xffffffff }), (l, ln, bad) => {
        const d = new Detector('scalar', l);
        d.state = 0;
        const want = d.stepRaw(ln);
        d.state = bad;
        expect(d.stepRaw(ln)).toBe(want);
        d.dispose();
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('bytes around the line never change the result', () => {
    const w = sharedInstance('scalar');
    const e = w.exports;
    const base = e.regex_alloc(512);
    fc.assert(
      fc.property(langs, fc.integer({ min: 0, max: STATE_COUNT - 1 }), line, (l, s, ln) => {
        const results = [0x00, 0x0a, 0x3a, 0x29, 0xff].map((guard) => {
          const u8 = w.u8();
          u8.fill(guard, base, base + 512);
          u8.set(ln, base + 100);
          return e.group_detect_step(l, s, base + 100, ln.length) >>> 0;
        });
        expect(new Set(results).size).toBe(1);
      }),
      { seed: 11, numRuns: 400 },
    );
    e.regex_dealloc(base);
  });

  it('every language and state is reachable through the random streams (the generator is not vacuous)', () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const d = new Detector('scalar', LANG.all);
        for (const ln of lines) seen.add(d.stepRaw(ln) & 0xffff);
        d.dispose();
      }),
      { seed: 3, numRuns: 300 },
    );
    expect(seen.size).toBeGreaterThan(10);
  });
});
