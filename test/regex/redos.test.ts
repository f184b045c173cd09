// ReDoS: patterns that make backtracking engines exponential run in time proportional to the input here.
// Linearity is checked by comparing 10 KB and 100 KB inputs with a generous factor (linear ≈ 10×,
// quadratic ≈ 100×), never against a fixed wall time. Both builds, and both the default path (DFA when it
// applies) and the Pike VM alone (what find/captures use).
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, type Regex } from '../../bindings/regex/index.ts';
import { builds } from './helpers.ts';

const enc = new TextEncoder();
const cases: { pattern: string; input: (n: number) => string }[] = [
  { pattern: '(a+)+$', input: (n) => 'a'.repeat(n - 1) + '!' },
  { pattern: '(a|a)*b', input: (n) => 'a'.repeat(n) },
  { pattern: '(x+x+)+y', input: (n) => 'x'.repeat(n) },
  { pattern: '(.*a){20}', input: (n) => 'a'.repeat(19) + 'b'.repeat(n - 19) },
];

/** Best of `reps` timings of fn, in ms. */
function best(fn: () => void, reps: number): number {
  let b = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

function ratio(run: (bytes: Uint8Array) => unknown, input: (n: number) => string, reps: number): number {
  const small = enc.encode(input(10_000));
  const large = enc.encode(input(100_000));
  run(small); // warm up (wasm tier-up, lazy scratch and DFA allocation)
  run(large);
  const t10 = best(() => run(small), reps);
  const t100 = best(() => run(large), reps);
  return t100 / Math.max(t10, 0.05); // floor: timer resolution on very fast runs
}

for (const build of builds) {
  describe(`regex ReDoS linearity [${build}]`, () => {
    it('the bounded backtracker is linear too (0.5 KB vs 5 KB, inputs it accepts)', () => {
      const w = sharedInstance(build);
      for (const c of cases.slice(0, 3)) {
        const bt = compileRegexWith(w, c.pattern, { engine: 'backtrack' });
        expect(bt.programSize() * 5001).toBeLessThanOrEqual(256 * 1024); // so the backtracker takes 5 KB
        expect(bt.find(c.input(5_000))).toBeNull();
        const small = enc.encode(c.input(500));
        const large = enc.encode(c.input(5_000));
        const run = (b: Uint8Array) => { for (let i = 0; i < 20; i++) bt.captures(b); };
        run(small);
        run(large);
        const r = best(() => run(large), 5) / Math.max(best(() => run(small), 5), 0.05);
        console.log(`[${build}] ${c.pattern}: backtracker 5 KB / 0.5 KB time: ${r.toFixed(1)}`);
        expect(r).toBeLessThan(30);
        bt.free();
      }
    });

    for (const c of cases) {
      it(`${c.pattern}: test/find on 100 KB take ~10× the time of 10 KB`, () => {
        const w = sharedInstance(build);
        const auto: Regex = compileRegexWith(w, c.pattern);
        const pike: Regex = compileRegexWith(w, c.pattern, { engine: 'pike' });
        // correctness on the adversarial inputs (no match anywhere)
        expect(auto.test(c.input(10_000))).toBe(false);
        expect(pike.find(c.input(10_000))).toBeNull();
        const rTest = ratio((b) => { for (let i = 0; i < 20; i++) auto.test(b); }, c.input, 5); // fast: repeat to time it
        const rFind = ratio((b) => auto.find(b), c.input, 3);
        const rPike = ratio((b) => pike.test(b), c.input, 3);
        console.log(`[${build}] ${c.pattern}: 100 KB / 10 KB time: test ${rTest.toFixed(1)}, find ${rFind.toFixed(1)}, pike-only ${rPike.toFixed(1)}`);
        expect(rTest).toBeLessThan(30);
        expect(rFind).toBeLessThan(30);
        expect(rPike).toBeLessThan(30);
        auto.free();
        pike.free();
      });
    }
  });
}
