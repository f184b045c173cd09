// findAll: linear work in the input (counted, never timed) and its documented iteration semantics (Rust's
// find_iter / RE2's FindAll, not a JavaScript `g` regex, on empty matches).
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith } from '../../bindings/regex/index.ts';
import { regexWork, resetRegexWork } from '../../bindings/regex/diagnostics.ts';
import { builds, compile, iterate } from './helpers.ts';

const enc = new TextEncoder();

/** Patterns and inputs of n bytes with a match every few bytes, one per matcher findAll can end up in. */
const cases: { name: string; pattern: string; input: (n: number) => string }[] = [
  { name: 'literal-only (b, every byte)', pattern: 'b', input: (n) => 'b'.repeat(n) },
  { name: 'prefilter + DFA (status=\\d+)', pattern: 'status=\\d+', input: (n) => 'status=503 '.repeat(n / 11) },
  { name: 'bounded backtracker on short inputs (\\w+)', pattern: '\\w+', input: (n) => 'ab '.repeat(n / 3) },
  { name: 'Pike VM on long inputs ((a|b)c)', pattern: '(a|b)c', input: (n) => 'acbc'.repeat(n / 4) },
  { name: 'empty matches (x*)', pattern: 'x*', input: (n) => 'é'.repeat(n / 2) },
];

for (const build of builds) {
  describe(`regex findAll [${build}]`, () => {
    const w = sharedInstance(build);

    for (const c of cases) {
      for (const n of [4_000, 200_000]) { // short inputs (backtracker range) and long ones (Pike VM)
        it(`${c.name}: the work for 2n bytes is twice the work for n (n = ${n})`, () => {
          const re = compileRegexWith(w, c.pattern);
          const run = (s: string) => {
            resetRegexWork(w);
            const count = re.findAll(s).length;
            const work = regexWork(w);
            return { count, work: work.search + work.staged };
          };
          const one = run(c.input(n));
          const two = run(c.input(2 * n));
          console.log(`[${build}] ${c.pattern} n=${n}: ${one.count} matches, work ${one.work}; 2n: ${two.count}, ${two.work}`);
          expect(one.count).toBeGreaterThan(n / 20);
          expect(two.count).toBeGreaterThanOrEqual(2 * one.count - 1);
          expect(two.work / one.work).toBeLessThan(2.5); // linear: 2; quadratic: 4
          re.free();
        });
      }
    }

    it('the input is copied into wasm once, not once per match', () => {
      const re = compileRegexWith(w, 'b');
      const s = 'b'.repeat(50_000);
      resetRegexWork(w);
      expect(re.findAll(s)).toHaveLength(50_000);
      expect(regexWork(w).staged).toBe(50_000);
      re.free();
    });

    it('empty matches: as Rust find_iter and RE2 FindAll, not a JavaScript g regex (docs/regex.md)', () => {
      const spans = (p: string, s: string) => compile(build, p).findAll(s).map((m) => `${m.start}-${m.end}`);
      expect(spans('a*', 'aab')).toEqual(['0-2', '3-3']);
      // V8 also reports the empty match at 2, right where the match 0-2 ended
      expect([...'aab'.matchAll(/a*/g)].map((m) => `${m.index}-${m.index + m[0].length}`)).toEqual(['0-2', '2-2', '3-3']);
      expect(spans('', 'aé')).toEqual(['0-0', '1-1', '3-3']); // empty matches never split é (bytes 1-2)
      expect(spans('a|', 'ab')).toEqual(['0-1', '2-2']);
      expect(spans('b*', 'abb')).toEqual(['0-0', '1-3']);
    });

    it('findAll agrees with the find-from-offset iteration of the Rust suite on random inputs', () => {
      let seed = 11;
      const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % k;
      const alphabet = ['a', 'b', 'é', '\n', ' '];
      for (const p of ['a*', 'b|', '\\b', '(?m)^', 'a+|b*', '[^a]*', '']) {
        const re = compile(build, p);
        for (let k = 0; k < 50; k++) {
          let s = '';
          for (let i = rnd(20); i > 0; i--) s += alphabet[rnd(alphabet.length)];
          const bytes = enc.encode(s);
          expect([p, s, re.findAll(s)]).toEqual([p, s, iterate(re, bytes, false).map((m) => m[0])]);
        }
      }
    });
  });
}
