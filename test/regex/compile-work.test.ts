// Compile time is linear in the pattern length: shown with the deterministic compile-step counter of the wasm
// (assembly/regex/work.ts), never with a clock. Each adversarial family is compiled at sizes n and 2n; linear
// work doubles (quadratic would quadruple), and the work per pattern byte stays under a fixed bound.
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, MAX_PATTERN_BYTES, RegexSyntaxError } from '../../bindings/regex/index.ts';
import { regexWork, resetRegexWork } from '../../bindings/regex/diagnostics.ts';
import { builds } from './helpers.ts';

const enc = new TextEncoder();

/** Pattern families that were superlinear to compile (issue 6), as a function of a repetition count. */
const families: { name: string; pattern: (n: number) => string }[] = [
  { name: 'long literal', pattern: (n) => 'a'.repeat(n) },
  { name: 'long case-insensitive literal', pattern: (n) => '(?i)' + 'k'.repeat(n) },
  { name: '(a) repeated', pattern: (n) => '(a)'.repeat(n) },
  { name: 'nested (?:a| ... )', pattern: (n) => '(?:a|'.repeat(n) + ')'.repeat(n) },
  { name: 'unclosed nested (?:a|', pattern: (n) => '(?:a|'.repeat(n) },
  { name: 'flat alternation', pattern: (n) => 'ab|'.repeat(n) + 'c' },
  { name: 'a? repeated', pattern: (n) => 'a?'.repeat(n) },
  { name: 'named groups', pattern: (n) => Array.from({ length: n }, (_, i) => `(?P<g${i}>a)`).join('') },
  { name: 'unterminated POSIX class openers', pattern: (n) => '[' + '[:a'.repeat(n) + ']' },
  { name: 'case-folded wide classes', pattern: (n) => '(?i)' + '[\\W]'.repeat(n) },
  { name: 'case-folded distinct ranges', pattern: (n) => '(?i)' + Array.from({ length: n }, (_, i) => `[\\x{0}-\\x{${(0x1000 + i).toString(16)}}]`).join('') },
  { name: 'literal nested in concatenations', pattern: (n) => '(?:'.repeat(n) + 'a'.repeat(4000) + ')x'.repeat(n) },
];

for (const build of builds) {
  describe(`regex compile work is linear in the pattern [${build}]`, () => {
    const w = sharedInstance(build);
    /** Compile steps for `pattern` (compiled or rejected with a RegexSyntaxError, never anything else). */
    const work = (pattern: string): number => {
      resetRegexWork(w);
      try {
        compileRegexWith(w, pattern).free();
      } catch (e) {
        expect(e).toBeInstanceOf(RegexSyntaxError);
      }
      return regexWork(w).compile;
    };

    for (const f of families) {
      it(`${f.name}: n vs 2n`, () => {
        const n = 5000;
        const p1 = f.pattern(n);
        const p2 = f.pattern(2 * n);
        const w1 = work(p1);
        const w2 = work(p2);
        const bytes2 = enc.encode(p2).length;
        console.log(`[${build}] ${f.name}: ${enc.encode(p1).length} B → ${w1} steps, ${bytes2} B → ${w2} steps`);
        expect(w1).toBeGreaterThan(0);
        expect(w2 / w1).toBeLessThan(2.5); // linear: 2; quadratic: 4
        expect(w2 / bytes2).toBeLessThan(200); // and a small constant per pattern byte
      });
    }

    it('nested counted repetition costs at most the program budget, not its expansion (16^6 copies)', () => {
      const p = '(?:'.repeat(6) + 'a' + '){16}'.repeat(6);
      expect(work(p)).toBeLessThan(5_000_000);
      const q = '(?:(?:(?:a{16}){16}){16}){2}'; // 8192 instructions: compiles
      expect(work(q)).toBeLessThan(5_000_000);
      expect(compileRegexWith(w, q).test('a'.repeat(8192))).toBe(true);
      // a chain of 1000 nested optionals, 100 times over: rejected at the budget, each hole patched once
      expect(work('(?:a{0,1000}){0,100}')).toBeLessThan(2_000_000);
    });
  });
}

for (const build of builds) {
  describe(`regex size limits are checked early, with a position [${build}]`, () => {
    const w = sharedInstance(build);
    const reject = (pattern: string): RegexSyntaxError => {
      try {
        compileRegexWith(w, pattern).free();
      } catch (e) {
        expect(e).toBeInstanceOf(RegexSyntaxError);
        return e as RegexSyntaxError;
      }
      throw new Error('compiled');
    };

    it('patterns over MAX_PATTERN_BYTES (128 KiB) are rejected before parsing, at the limit', () => {
      expect(MAX_PATTERN_BYTES).toBe(128 * 1024);
      resetRegexWork(w);
      const e = reject('(' + 'x'.repeat(MAX_PATTERN_BYTES));
      expect(e.position).toBe(MAX_PATTERN_BYTES);
      expect(e.message).toMatch(/pattern too long \(over 131072 bytes\) at position 131072/);
      expect(e.message.length).toBeLessThan(400); // the pattern is shown shortened
      expect(regexWork(w).compile).toBe(0); // nothing was parsed
      // at the limit, the pattern is parsed (and here compiled: a class is one instruction)
      expect(compileRegexWith(w, '[' + 'ab'.repeat(MAX_PATTERN_BYTES / 2 - 1) + ']').test('b')).toBe(true);
    });

    it('more than 65535 capture groups: rejected at the first group over', () => {
      const e = reject('()'.repeat(65536));
      expect(e.position).toBe(2 * 65535);
      expect(e.message).toMatch(/too many capture groups \(over 65535\)/);
    });

    it('the program budget (100,000 instructions) is reported at the construct being compiled', () => {
      const e = reject('x(a{1000}){1000}');
      expect(e.message).toMatch(/compiled program over 100000 instructions/);
      expect(e.position).toBe(2); // the a inside the repetition
      // pc 0 is FAIL, so the literal at byte k is instruction k + 1: byte 99999 is the first that does not fit
      expect(reject('b' + 'a'.repeat(100_000)).position).toBe(99_999);
    });

    it('capture bookkeeping over the bound is reported at the first group that does not fit', () => {
      const e = reject('(a)'.repeat(10000));
      expect(e.message).toMatch(/10000 capture groups over 10002 consuming instructions/);
      // 4 Mi words / (2 × 10002 consuming instructions) = 209: groups 1-208 fit, group 209 does not
      expect(e.position).toBe(3 * 208);
    });
  });
}
