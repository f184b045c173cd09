// Property tests (fast-check), on both builds:
// - on generated patterns from the common subset of RE2 and JavaScript syntax and random ASCII inputs,
//   test() and the leftmost-first span of find() agree with V8's RegExp;
// - the SIMD and scalar builds agree (test, find, captures, fullMatch), also on non-ASCII inputs;
// - the fast paths (literal scan, prefilter, DFA, bounded backtracker) agree with the Pike VM on every input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, type Regex } from '../../bindings/regex/index.ts';
import { builds } from './helpers.ts';

interface Pat {
  re2: string;
  js: string;
  /** Can match the empty string. Quantifiers are applied to non-nullable operands only: on a nullable operand
   *  a backtracker (JS) rejects empty iterations and tries other branches, while RE2 / Go / Rust take the
   *  empty iteration by priority, so spans legitimately differ (e.g. (?:a|a*|\s)* on " "). */
  nullable?: boolean;
  /** A top-level alternation: wrapped in (?:…) before being concatenated. */
  alt?: boolean;
}
const grp = (x: Pat, k: 're2' | 'js') => (x.alt ? `(?:${x[k]})` : x[k]);

const lit = (c: string): Pat => ({ re2: c, js: c });
const zw = (re2: string, js: string): Pat => ({ re2, js, nullable: true });
// atoms whose meaning is the same in RE2 and in JavaScript (no `u` flag) on ASCII text
const atoms: Pat[] = [
  ...'abcA1 _-'.split('').map(lit),
  { re2: '.', js: '[^\\n]' }, // JS '.' also excludes \r, U+2028, U+2029
  { re2: '\\.', js: '\\.' },
  { re2: '[ab]', js: '[ab]' },
  { re2: '[^a]', js: '[^a]' },
  { re2: '[a-c1]', js: '[a-c1]' },
  { re2: '[^ \\n]', js: '[^ \\n]' },
  { re2: '\\d', js: '\\d' },
  { re2: '\\D', js: '\\D' },
  { re2: '\\w', js: '\\w' },
  { re2: '\\W', js: '\\W' },
  { re2: '\\s', js: '[\\t\\n\\f\\r ]' }, // JS \s also has \v and Unicode spaces
  { re2: '\\S', js: '[^\\t\\n\\f\\r ]' },
  { re2: '[[:alpha:]]', js: '[A-Za-z]' },
  { re2: '[[:digit:][:space:]]', js: '[0-9\\t\\n\\v\\f\\r ]' },
  zw('^', '^'),
  zw('$', '$'),
  zw('\\b', '\\b'),
  zw('\\B', '\\B'),
];
const quants = ['*', '+', '?', '{2}', '{1,3}', '{0,2}', '{2,}'];

const patArb: fc.Arbitrary<Pat> = fc.letrec<{ node: Pat }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...atoms),
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((xs) => ({
      re2: xs.map((x) => grp(x, 're2')).join(''),
      js: xs.map((x) => grp(x, 'js')).join(''),
      nullable: xs.every((x) => x.nullable),
    })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((xs) => ({
      re2: xs.map((x) => x.re2).join('|'),
      js: xs.map((x) => x.js).join('|'),
      nullable: xs.some((x) => x.nullable),
      alt: true,
    })),
    fc.tuple(tie('node'), fc.boolean()).map(([x, cap]) => ({ re2: `(${cap ? '' : '?:'}${x.re2})`, js: `(${cap ? '' : '?:'}${x.js})`, nullable: x.nullable })),
    fc.tuple(tie('node'), fc.constantFrom(...quants), fc.boolean()).map(([x, q, lazy]) =>
      x.nullable ? x : {
        re2: `(?:${x.re2})${q}${lazy ? '?' : ''}`,
        js: `(?:${x.js})${q}${lazy ? '?' : ''}`,
        nullable: q === '*' || q === '?' || q === '{0,2}',
      }),
  ),
})).node;

const asciiInput = fc.string({ unit: fc.constantFrom(...'aabbcA1 _-.\n'.split('')), maxLength: 40 });
const anyInput = fc.string({ unit: fc.constantFrom(...'aabbcA1 _-.\néß☃😀Kk\u212a'.split('')), maxLength: 80 });

const compileOn = (build: (typeof builds)[number], p: string, engine: 'auto' | 'pike' | 'dfa' | 'backtrack' = 'auto', ci = false, ml = false): Regex =>
  compileRegexWith(sharedInstance(build), p, { engine, caseInsensitive: ci, multiLine: ml });

function jsSpan(re: RegExp, s: string) {
  const m = re.exec(s);
  return m ? { start: m.index, end: m.index + m[0].length } : null;
}

for (const build of builds) {
  describe(`regex properties [${build}]`, () => {
    it('test() and the leftmost-first span agree with V8 RegExp (common subset, ASCII inputs)', () => {
      fc.assert(
        fc.property(patArb, fc.boolean(), fc.array(asciiInput, { minLength: 1, maxLength: 4 }), (p, ci, inputs) => {
          const js = new RegExp(p.js, ci ? 'i' : '');
          const re = compileOn(build, (ci ? '(?i)' : '') + p.re2);
          try {
            for (const s of inputs) {
              expect([p.re2, s, re.test(s)]).toEqual([p.re2, s, js.test(s)]);
              expect([p.re2, s, re.find(s)]).toEqual([p.re2, s, jsSpan(js, s)]);
            }
          } finally {
            re.free();
          }
        }),
        { numRuns: 400 },
      );
    });

    it('fast paths (literals, prefilter, DFA) agree with the Pike VM', () => {
      const words = ['error', 'warn', 'fatal', 'Timeout', 'connection refused', 'status=503', 'é', 'ß', 'k'];
      const litPat = fc.oneof(
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((ws) => ws.join('|')),
        fc.constantFrom(...words),
        fc.tuple(fc.constantFrom(...words), fc.constantFrom('\\d+', '[a-z]*', '.', '\\s', '$', '(x|y)?')).map(([w, t]) => w + t),
        fc.tuple(fc.constantFrom('^', '\\A', '.*', '\\d{1,3}', '(?:a|b)+', '\\b', '\\B', '$'), fc.constantFrom(...words)).map(([h, w]) => h + w),
        fc.tuple(fc.constantFrom(...words), fc.constantFrom('\\b', '\\B', '$', '\\z', '(?m:$)', '\\b\\w+\\b')).map(([w, t]) => w + t),
        patArb.map((p) => p.re2),
      );
      const text = fc.array(fc.oneof(fc.constantFrom(...words, ' ', '\n', 'ERROR', 'TIMEOUT', 'status=5'), anyInput), { maxLength: 12 })
        .map((xs) => xs.join(''));
      fc.assert(
        fc.property(litPat, fc.boolean(), fc.boolean(), fc.array(text, { minLength: 1, maxLength: 4 }), (p, ci, ml, inputs) => {
          const auto = compileOn(build, p, 'auto', ci, ml);
          const dfa = compileOn(build, p, 'dfa', ci, ml);
          const pike = compileOn(build, p, 'pike', ci, ml);
          const bt = compileOn(build, p, 'backtrack', ci, ml);
          try {
            for (const s of inputs) {
              const want = { test: pike.test(s), find: pike.find(s), full: pike.fullMatch(s), caps: pike.captures(s) };
              expect([p, s, { test: auto.test(s), find: auto.find(s), full: auto.fullMatch(s), caps: auto.captures(s) }]).toEqual([p, s, want]);
              expect([p, s, { test: dfa.test(s), find: dfa.find(s), full: dfa.fullMatch(s), caps: dfa.captures(s) }]).toEqual([p, s, want]);
              expect([p, s, { test: bt.test(s), find: bt.find(s), full: bt.fullMatch(s), caps: bt.captures(s) }]).toEqual([p, s, want]);
              // every start offset (find after a previous match)
              const bytes = new TextEncoder().encode(s);
              for (let at = 0; at <= bytes.length; at += 3) expect(auto.find(bytes, at)).toEqual(pike.find(bytes, at));
            }
          } finally {
            auto.free();
            dfa.free();
            pike.free();
            bt.free();
          }
        }),
        { numRuns: 300 },
      );
    });
  });
}

describe('regex properties: SIMD and scalar builds agree', () => {
  it('test, find, captures and fullMatch agree on both builds', () => {
    const pat = fc.oneof(patArb.map((p) => p.re2), fc.constantFrom('(?i)timeout', 'error|warn|fatal', '(?i)é|ß|k', 'status=5\\d\\d'));
    const long = fc.array(anyInput, { maxLength: 6 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(pat, fc.boolean(), fc.array(long, { minLength: 1, maxLength: 4 }), (p, ci, inputs) => {
        const a = compileOn('simd', p, 'auto', ci);
        const b = compileOn('scalar', p, 'auto', ci);
        try {
          for (const s of inputs) {
            const ra = { test: a.test(s), find: a.find(s), full: a.fullMatch(s), caps: a.captures(s), all: a.findAll(s) };
            const rb = { test: b.test(s), find: b.find(s), full: b.fullMatch(s), caps: b.captures(s), all: b.findAll(s) };
            expect([p, s, ra]).toEqual([p, s, rb]);
          }
        } finally {
          a.free();
          b.free();
        }
      }),
      { numRuns: 400 },
    );
  });
});
