// ReDoS: patterns that make backtracking engines exponential take work proportional to the input here.
// Linearity is shown with the deterministic search-step counter of the wasm (assembly/regex/work.ts: input
// positions examined plus automaton steps), never with a clock: 10× the input must cost ~10× the steps
// (quadratic would be 100×), and the steps per input byte stay within the O(program × input) bound. Both builds,
// the default path (DFA when it applies), the Pike VM alone (what find/captures use on long inputs) and the
// bounded backtracker (find/captures on short inputs).
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, type Regex } from '../../bindings/regex/index.ts';
import { regexWork, resetRegexWork } from '../../bindings/regex/diagnostics.ts';
import { builds } from './helpers.ts';

const enc = new TextEncoder();
const cases: { pattern: string; input: (n: number) => string }[] = [
  { pattern: '(a+)+$', input: (n) => 'a'.repeat(n - 1) + '!' },
  { pattern: '(a|a)*b', input: (n) => 'a'.repeat(n) },
  { pattern: '(x+x+)+y', input: (n) => 'x'.repeat(n) },
  { pattern: '(.*a){20}', input: (n) => 'a'.repeat(19) + 'b'.repeat(n - 19) },
];

for (const build of builds) {
  describe(`regex ReDoS linearity, counted [${build}]`, () => {
    const w = sharedInstance(build);
    /** Search steps of run(input of n bytes). */
    const steps = (run: (b: Uint8Array) => unknown, input: (n: number) => string, n: number): number => {
      const bytes = enc.encode(input(n));
      run(bytes); // lazily built scratch and DFA states are not part of the comparison
      resetRegexWork(w);
      run(bytes);
      return regexWork(w).search;
    };
    /** Checks 10× the input costs ~10× the steps, within `perByte` steps per input byte. */
    const linear = (label: string, run: (b: Uint8Array) => unknown, input: (n: number) => string, n: number, perByte: number) => {
      const small = steps(run, input, n);
      const large = steps(run, input, 10 * n);
      console.log(`[${build}] ${label}: ${n} B → ${small} steps, ${10 * n} B → ${large} steps`);
      expect(small).toBeGreaterThan(n / 2); // the counter sees the work
      expect(large / small).toBeGreaterThan(8);
      expect(large / small).toBeLessThan(12); // linear: 10; quadratic: 100
      expect(large / (10 * n)).toBeLessThan(perByte);
    };

    for (const c of cases) {
      it(`${c.pattern}: test, find and the Pike VM do 10× the steps on 10× the input (10 KB vs 100 KB)`, () => {
        const auto: Regex = compileRegexWith(w, c.pattern);
        const pike: Regex = compileRegexWith(w, c.pattern, { engine: 'pike' });
        // correctness on the adversarial inputs (no match anywhere)
        expect(auto.test(c.input(10_000))).toBe(false);
        expect(pike.find(c.input(10_000))).toBeNull();
        const m = pike.programSize();
        linear(`${c.pattern} test`, (b) => auto.test(b), c.input, 10_000, 4 * m);
        linear(`${c.pattern} find`, (b) => auto.find(b), c.input, 10_000, 4 * m);
        linear(`${c.pattern} pike-only`, (b) => pike.test(b), c.input, 10_000, 4 * m);
        auto.free();
        pike.free();
      });
    }

    it('the bounded backtracker is linear too (0.5 KB vs 5 KB, inputs it accepts)', () => {
      for (const c of cases.slice(0, 3)) {
        const bt = compileRegexWith(w, c.pattern, { engine: 'backtrack' });
        expect(bt.programSize() * 5001).toBeLessThanOrEqual(256 * 1024); // so the backtracker takes 5 KB
        expect(bt.find(c.input(5_000))).toBeNull();
        linear(`${c.pattern} backtracker`, (b) => bt.captures(b), c.input, 500, 4 * bt.programSize());
        bt.free();
      }
    });
  });
}
