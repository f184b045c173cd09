// Literal fast paths (the SIMD/SWAR multi-literal scan for |= / != and `or`; the regex engine's literal-only
// path for |~ "a|b" and (?i)word) agree with the reference program (byte-by-byte search, Pike VM alone).
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { LogQL } from './driver.ts';

const alphabet = ['a', 'b', 'A', 'B', 'k', 'K', 'K', 'é', 'É', 'ß', 'ſ', 's', 'S', ' ', '\n', 'x'];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }).map((a) => a.join(''));
const lit = fc.array(fc.constantFrom(...alphabet.filter((c) => c !== '\n')), { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const q = (s: string) => JSON.stringify(s);
const filter = fc.oneof(
  fc.tuple(fc.constantFrom('|=', '!='), fc.array(lit, { minLength: 1, maxLength: 3 })).map(([o, a]) => `${o} ${a.map(q).join(' or ')}`),
  fc.tuple(fc.constantFrom('|~', '!~'), fc.array(lit, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([o, a, ci]) => `${o} ${q((ci ? '(?i)' : '') + a.join('|'))}`),
  fc.tuple(fc.constantFrom('|~', '!~'), lit, lit).map(([o, a, b]) => `${o} ${q(`(?i)${a}`)} or ${q(b)}`),
);

for (const build of ['simd', 'scalar'] as const) {
  describe(`literal rewrites (${build})`, () => {
    const l = new LogQL(build);
    test('fast program = reference program', () => {
      fc.assert(fc.property(filter, fc.array(text, { minLength: 1, maxLength: 8 }), (f, lines) => {
        const fast = l.compile(f);
        const ref = l.compile(f, true);
        try {
          for (const line of lines) expect(l.lineMatch(fast, 0, 0, 0, line), `${f} on ${JSON.stringify(line)}`).toBe(l.lineMatch(ref, 0, 0, 0, line));
        } finally {
          l.free(fast);
          l.free(ref);
        }
      }), { seed: 9294, numRuns: 1500 });
    });
  });
}
