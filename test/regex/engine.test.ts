// Hand-written cases for the regex engine, on both builds: syntax, errors with positions, captures, flags,
// anchors, UTF-8, case folding, the fast paths, memory reuse.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RegexSyntaxError } from '../../bindings/regex/index.ts';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith } from '../../bindings/regex/index.ts';
import { builds, compile } from './helpers.ts';

const enc = new TextEncoder();
/** Byte span of the first occurrence of `sub` in `s` (for writing expectations in characters). */
const span = (s: string, sub: string, from = 0) => {
  const i = s.indexOf(sub, from);
  return { start: enc.encode(s.slice(0, i)).length, end: enc.encode(s.slice(0, i + sub.length)).length };
};

for (const build of builds) {
  describe(`regex engine [${build}]`, () => {
    const find = (p: string, s: string) => compile(build, p).find(s);
    const test = (p: string, s: string) => compile(build, p).test(s);
    const caps = (p: string, s: string) => compile(build, p).captures(s);
    const errorAt = (p: string): { pos: number; msg: string } => {
      try {
        compile(build, p);
      } catch (e) {
        expect(e).toBeInstanceOf(RegexSyntaxError);
        const err = e as RegexSyntaxError;
        expect(err.message).toContain(`position ${err.position}`);
        return { pos: err.position, msg: err.message };
      }
      throw new Error(`pattern ${p} compiled`);
    };

    it('literals, escapes and dot', () => {
      expect(find('abc', 'xxabcx')).toEqual({ start: 2, end: 5 });
      expect(find('a\\.c', 'abc a.c')).toEqual({ start: 4, end: 7 });
      expect(find('\\x41\\x{263a}', 'zA☺')).toEqual({ start: 1, end: 5 });
      expect(find('\\n\\t\\r\\f\\v\\a', 'x\n\t\r\f\v\x07')).toEqual({ start: 1, end: 7 });
      expect(find('\\101\\0', 'A\0')).toEqual({ start: 0, end: 2 });
      expect(find('\\Qa.b*c\\E+', 'a.b*cc')).toEqual({ start: 0, end: 6 });
      expect(find('\\Q\\\\E', 'x\\')).toEqual({ start: 1, end: 2 }); // \Q\\E: a backslash, then \E ends it
      expect(find('\\Qab', 'xab')).toEqual({ start: 1, end: 3 }); // no \E: literal to the end
      expect(find('a.c', 'a\nc abc')).toEqual({ start: 4, end: 7 });
      expect(find('(?s)a.c', 'a\nc')).toEqual({ start: 0, end: 3 });
      expect(find('a.c', 'a☃c')).toEqual({ start: 0, end: 5 }); // '.' is one code point
      expect(find('^.$', '😀')).toEqual({ start: 0, end: 4 });
      expect(test('^..$', 'é')).toBe(false);
      expect(find('\\{\\}\\[\\]\\(\\)\\|\\^\\$\\*\\+\\?\\\\', '{}[]()|^$*+?\\')).toEqual({ start: 0, end: 13 });
      expect(find('a{', 'a{')).toEqual({ start: 0, end: 2 }); // a lone '{' is a literal
      expect(find('a{,2}', 'a{,2}')).toEqual({ start: 0, end: 5 });
    });

    it('classes: ranges, negation, Perl and POSIX classes, code points', () => {
      expect(find('[a-c]+', 'xxbcaz')).toEqual({ start: 2, end: 5 });
      expect(find('[^a-c]+', 'abcxyz')).toEqual({ start: 3, end: 6 });
      expect(find('[]a]+', 'x]a]')).toEqual({ start: 1, end: 4 });
      expect(find('[^]a]', ']ab')).toEqual({ start: 2, end: 3 });
      expect(find('[a-]+', 'x-a-')).toEqual({ start: 1, end: 4 });
      expect(find('\\d+', 'ab123c')).toEqual({ start: 2, end: 5 });
      expect(find('\\D+', '12ab3')).toEqual({ start: 2, end: 4 });
      expect(find('\\w+', '  foo_1 ')).toEqual({ start: 2, end: 7 });
      expect(find('\\W+', 'ab, cd')).toEqual({ start: 2, end: 4 });
      expect(find('\\s+', 'a \t\n\f\rb')).toEqual({ start: 1, end: 6 });
      expect(test('\\s', '\v')).toBe(false); // RE2: \s is [\t\n\f\r ]
      expect(find('\\S+', '  ab ')).toEqual({ start: 2, end: 4 });
      expect(find('[[:alpha:]]+', '12abC3')).toEqual({ start: 2, end: 5 });
      expect(find('[[:^digit:]]+', '12ab3')).toEqual({ start: 2, end: 4 });
      expect(find('[[:xdigit:][:space:]]+', 'xx0f A zz')).toEqual({ start: 2, end: 7 });
      expect(find('[[:punct:]]+', 'ab!?,c')).toEqual({ start: 2, end: 5 });
      expect(find('[\\d\\s]+', 'ab1 2c')).toEqual({ start: 2, end: 5 });
      expect(find('[α-ω]+', 'abγδz')).toEqual(span('abγδz', 'γδ'));
      expect(find('[^a]', 'aé')).toEqual({ start: 1, end: 3 });
      expect(find('[\\x{1F600}-\\x{1F64F}]', 'hi 😀')).toEqual(span('hi 😀', '😀'));
      expect(test('\\d', '٣')).toBe(false); // ASCII-only Perl classes, as RE2
      expect(test('\\w', 'é')).toBe(false);
    });

    it('anchors and word boundaries', () => {
      expect(find('^abc', 'abc')).toEqual({ start: 0, end: 3 });
      expect(test('^abc', 'xabc')).toBe(false);
      expect(test('abc$', 'abc\n')).toBe(false); // $ is \z without (?m)
      expect(find('(?m)^b$', 'a\nb\nc')).toEqual({ start: 2, end: 3 });
      expect(find('(?m)$', 'a\nb')).toEqual({ start: 1, end: 1 });
      expect(test('\\Aabc\\z', 'abc')).toBe(true);
      expect(test('(?m)\\Ab', 'a\nb')).toBe(false);
      expect(find('\\bfoo\\b', 'afoo foo')).toEqual({ start: 5, end: 8 });
      expect(find('\\Boo\\B', 'oo foox')).toEqual({ start: 4, end: 6 });
      expect(find('\\b', 'é a')).toEqual({ start: 3, end: 3 }); // ASCII word characters only
    });

    it('alternation, groups and leftmost-first spans', () => {
      expect(find('a|ab', 'ab')).toEqual({ start: 0, end: 1 });
      expect(find('ab|a', 'ab')).toEqual({ start: 0, end: 2 });
      expect(find('(?:a|b)+c', 'xababc')).toEqual({ start: 1, end: 6 });
      expect(find('x*', 'aaa')).toEqual({ start: 0, end: 0 });
      expect(find('|a', 'a')).toEqual({ start: 0, end: 0 });
      expect(find('()', '')).toEqual({ start: 0, end: 0 });
    });

    it('repetition: greedy, lazy, counted, ungreedy flag', () => {
      expect(find('a+', 'baaa')).toEqual({ start: 1, end: 4 });
      expect(find('a+?', 'baaa')).toEqual({ start: 1, end: 2 });
      expect(find('a*?b', 'aaab')).toEqual({ start: 0, end: 4 });
      expect(find('a??a', 'aa')).toEqual({ start: 0, end: 1 });
      expect(find('a{2}', 'aaaa')).toEqual({ start: 0, end: 2 });
      expect(find('a{2,}', 'aaaa')).toEqual({ start: 0, end: 4 });
      expect(find('a{2,3}', 'aaaa')).toEqual({ start: 0, end: 3 });
      expect(find('a{2,3}?', 'aaaa')).toEqual({ start: 0, end: 2 });
      expect(find('a{0}b', 'ab')).toEqual({ start: 1, end: 2 });
      expect(find('(?U)a+', 'aaa')).toEqual({ start: 0, end: 1 });
      expect(find('(?U)a+?', 'aaa')).toEqual({ start: 0, end: 3 });
      expect(find('a{1000}', 'a'.repeat(1001))).toEqual({ start: 0, end: 1000 });
      expect(test('^(?:ab){3,5}$', 'ababab')).toBe(true);
      expect(test('^(?:ab){3,5}$', 'abababababab')).toBe(false);
    });

    it('captures: numbered, named, unset groups, last iteration wins', () => {
      const s = 'user=bob id=42';
      expect(caps('(\\w+)=(\\w+)', s)).toEqual([{ start: 0, end: 8 }, { start: 0, end: 4 }, { start: 5, end: 8 }]);
      const re = compile(build, '(?P<key>\\w+)=(?<val>\\d+)');
      expect(re.groupNames).toEqual([null, 'key', 'val']);
      expect(re.captures(s)).toEqual([{ start: 9, end: 14 }, { start: 9, end: 11 }, { start: 12, end: 14 }]);
      expect(caps('(a)|(b)', 'b')).toEqual([{ start: 0, end: 1 }, null, { start: 0, end: 1 }]);
      expect(caps('(?:(a)|b)+', 'ab')).toEqual([{ start: 0, end: 2 }, { start: 0, end: 1 }]);
      expect(caps('(a|b)*', 'abab')).toEqual([{ start: 0, end: 4 }, { start: 3, end: 4 }]);
      expect(caps('(a)(?:x)(b)?', 'ax')).toEqual([{ start: 0, end: 2 }, { start: 0, end: 1 }, null]);
      expect(caps('x', 'y')).toBeNull();
      expect(compile(build, '(a)(b)(?:c)(?P<d>d)').groupCount).toBe(3);
      // captures after a start offset, and anchored
      const r2 = compile(build, '(\\d+)');
      expect(r2.captures('a1b22', 2)).toEqual([{ start: 3, end: 5 }, { start: 3, end: 5 }]);
      expect(r2.captures('a1b22', 2, true)).toBeNull();
      expect(r2.find('a1b22', 3, true)).toEqual({ start: 3, end: 5 });
    });

    it('flags: global and scoped, negation', () => {
      expect(test('(?i)hello', 'HeLLo')).toBe(true);
      expect(find('a(?i)b', 'aB')).toEqual({ start: 0, end: 2 });
      expect(test('a(?i)b', 'AB')).toBe(false);
      expect(find('(?i:a)b', 'Ab')).toEqual({ start: 0, end: 2 });
      expect(test('(?i:a)b', 'AB')).toBe(false);
      expect(test('(?i)a(?-i)b', 'AB')).toBe(false);
      expect(test('(?i)(?:a(?-i:b))c', 'AbC')).toBe(true);
      expect(test('((?i)a)b', 'AB')).toBe(false); // (?i) ends with its group
      expect(test('(?ms)^a.b$', 'x\na\nb\ny')).toBe(true);
      expect(compileRegexWith(sharedInstance(build), 'abc', { caseInsensitive: true }).test('ABC')).toBe(true);
      expect(compileRegexWith(sharedInstance(build), '^b', { multiLine: true }).test('a\nb')).toBe(true);
      expect(compileRegexWith(sharedInstance(build), 'a.b', { dotAll: true }).test('a\nb')).toBe(true);
      expect(compileRegexWith(sharedInstance(build), 'a+', { ungreedy: true }).find('aaa')).toEqual({ start: 0, end: 1 });
    });

    it('case folding: ASCII, Latin-1 and beyond (Unicode simple folding)', () => {
      expect(test('(?i)stra(ss|ß)e', 'STRASSE')).toBe(true);
      expect(test('(?i)é', 'É')).toBe(true);
      expect(test('(?i)ÿ', 'Ÿ')).toBe(true); // U+00FF ↔ U+0178
      expect(test('(?i)µ', 'Μ')).toBe(true); // micro sign ↔ Greek capital mu
      expect(test('(?i)k', '\u212a')).toBe(true); // Kelvin sign
      expect(test('(?i)s', 'ſ')).toBe(true); // long s
      expect(test('(?i)ß', 'ẞ')).toBe(true);
      expect(test('(?i)σ', 'ς')).toBe(true);
      expect(test('(?i)Σ', 'ς')).toBe(true);
      expect(test('(?i)ж', 'Ж')).toBe(true);
      expect(test('(?i)[a-z]+', 'ÀB')).toBe(true);
      expect(find('(?i)[à-þ]+', 'xÀÉ')).toEqual(span('xÀÉ', 'ÀÉ'));
      expect(test('(?i)i', 'ı')).toBe(false); // dotless i is not in i's simple folding orbit
      expect(test('(?i)[^a]', 'A')).toBe(false); // fold, then negate
      expect(test('é', 'É')).toBe(false);
      expect(test('(?i)timeout', 'TIMEOUT')).toBe(true);
      expect(test('(?i)timeout', 'tim eout')).toBe(false);
    });

    it('UTF-8: byte offsets, no match splits a code point', () => {
      expect(find('b', 'éb')).toEqual({ start: 2, end: 3 });
      expect(find('☃+', 'a☃☃b')).toEqual({ start: 1, end: 7 });
      expect(compile(build, '').findAll('☃')).toEqual([{ start: 0, end: 0 }, { start: 3, end: 3 }]);
      expect(compile(build, '\\B').findAll('é')).toEqual([{ start: 0, end: 0 }, { start: 2, end: 2 }]);
      // invalid UTF-8 in the input: '.' does not match a stray byte, literals still do
      const bad = new Uint8Array([0x61, 0xff, 0x62]);
      expect(compile(build, 'a.b').test(bad)).toBe(false);
      expect(compile(build, 'b').find(bad)).toEqual({ start: 2, end: 3 });
      expect(compile(build, '\\xff').test(bad)).toBe(false); // \xff is U+00FF (2 bytes in UTF-8)
      expect(compile(build, '\\xff').test('ÿ')).toBe(true);
    });

    it('full match (label values) and test', () => {
      const re = compile(build, 'prod|staging');
      expect(re.fullMatch('prod')).toBe(true);
      expect(re.fullMatch('production')).toBe(false);
      expect(re.test('production')).toBe(true);
      expect(compile(build, 'a|ab').fullMatch('ab')).toBe(true); // any match that spans the input
      expect(compile(build, '(a+)+$').fullMatch('aaaa')).toBe(true);
      expect(compile(build, '\\d+').fullMatch('')).toBe(false);
      expect(compile(build, '\\d*').fullMatch('')).toBe(true);
      expect(compile(build, '(?m)^a$').fullMatch('a')).toBe(true);
      expect(compile(build, '\\ba\\b').fullMatch('a')).toBe(true);
    });

    it('trivially true patterns and empty inputs', () => {
      for (const p of ['.*', '(?s).*', 'x*', '(a|)', '()']) {
        expect(test(p, '')).toBe(true);
        expect(test(p, 'anything\nat all')).toBe(true);
      }
      expect(find('.*', 'ab\ncd')).toEqual({ start: 0, end: 2 });
      expect(test('a', '')).toBe(false);
      expect(test('$', '')).toBe(true);
      expect(test('[^\\x00-\\x{10FFFF}]', 'abc')).toBe(false);
    });

    it('rejects unsupported syntax with a message and the byte position', () => {
      const cases: [string, number, RegExp][] = [
        ['a(?=b)', 1, /lookahead/],
        ['a(?!b)', 1, /lookahead/],
        ['(?<=a)b', 0, /lookbehind/],
        ['(?<!a)b', 0, /lookbehind/],
        ['(a)\\1', 3, /backreference/],
        ['(?P<n>a)(?P=n)', 8, /backreference/],
        ['\\k<n>', 0, /backreference/],
        ['a++', 2, /possessive/],
        ['a*+', 2, /possessive/],
        ['a{2}+', 4, /possessive/],
        ['(?>a)', 0, /atomic/],
        ['(?(1)a|b)', 0, /conditional/],
        ['(?R)', 0, /recursion/],
        ['(?1)', 0, /recursion/],
        ['(?&n)', 0, /recursion/],
        ['a{1001}', 1, /over 1000/],
        ['a{2,1001}', 1, /over 1000/],
        ['a{3,2}', 1, /invalid repeat/],
        ['ab)', 2, /unexpected \)/],
        ['x(ab', 1, /missing closing \)/],
        ['[abc', 0, /missing closing \]/],
        ['[z-a]', 1, /invalid character class range/],
        ['[[:foo:]]', 1, /invalid POSIX class/],
        ['*', 0, /missing argument/],
        ['(*)', 1, /missing argument/],
        ['a|*', 2, /missing argument/],
        ['a**', 2, /nested repetition/],
        ['\\p{Greek}', 0, /Unicode classes/],
        ['\\Z', 0, /\\z/],
        ['\\C', 0, /not supported/],
        ['\\x{110000}', 0, /escape/],
        ['\\xZ1', 0, /escape/],
        ['\\q', 0, /invalid escape/],
        ['abc\\', 3, /trailing backslash/],
        ['(?P<1a', 0, /named capture/],
        ['(?P<n>a)(?P<n>b)', 8, /duplicate/],
        ['(?z)', 0, /unsupported Perl syntax/],
        ['é(?=x)', 2, /lookahead/], // positions are UTF-8 byte offsets
      ];
      for (const [p, pos, msg] of cases) {
        const e = errorAt(p);
        expect([p, e.pos]).toEqual([p, pos]);
        expect(e.msg).toMatch(msg);
      }
    });

    it('pattern size limits: nested counted repetition is rejected, not expanded without bound', () => {
      expect(errorAt('((a{1000}){1000}){1000}').msg).toMatch(/too large/);
      expect(errorAt('(?:\\w{1000}){1000}').msg).toMatch(/too large/);
      expect(test('(?:a{100}){10}', 'a'.repeat(1000))).toBe(true);
    });

    it('deeply nested patterns compile without recursion', () => {
      const depth = 20000;
      const p = '('.repeat(depth) + 'a' + ')'.repeat(depth);
      const re = compile(build, p);
      expect(re.test('xa')).toBe(true);
      expect(re.captures('xa')![depth]).toEqual({ start: 1, end: 2 });
      const q = '(?:'.repeat(depth) + 'a|b' + ')*'.repeat(depth);
      expect(compile(build, q).find('ab')).toEqual({ start: 0, end: 2 });
      expect(errorAt('('.repeat(depth)).msg).toMatch(/missing closing \)/);
    });

    it('never traps: any pattern compiles or throws RegexSyntaxError; on any bytes every path agrees with the Pike VM', () => {
      const w = sharedInstance(build);
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom(...'()[]{}|*+?.^$\\-,:=!<>PpdwsbBAzxQE0123aZ é☃imsU'.split('')), maxLength: 32 }),
          fc.uint8Array({ maxLength: 200 }), fc.boolean(), (p, input, ml) => {
            let re;
            try {
              re = compileRegexWith(w, p, { multiLine: ml });
            } catch (e) {
              expect(e).toBeInstanceOf(RegexSyntaxError);
              return;
            }
            const pike = compileRegexWith(w, p, { multiLine: ml, engine: 'pike' });
            expect([p, re.test(input)]).toEqual([p, pike.test(input)]);
            expect([p, re.fullMatch(input)]).toEqual([p, pike.fullMatch(input)]);
            expect([p, re.find(input)]).toEqual([p, pike.find(input)]);
            expect([p, re.captures(input)]).toEqual([p, pike.captures(input)]);
            re.free();
            pike.free();
          }),
        { numRuns: 3000 },
      );
    });

    it('compiled programs are reused across many inputs, and freed', () => {
      const re = compile(build, '(?i)(err|warn)\\w*: (\\d+)');
      const w = sharedInstance(build);
      const before = w.memory.buffer.byteLength;
      let n = 0;
      for (let i = 0; i < 20000; i++) {
        if (re.test(`line ${i} ${i % 3 === 0 ? 'ERROR: ' + i : 'ok'}`)) n++;
        re.find(`warning: ${i}`);
      }
      expect(n).toBe(6667);
      expect(w.memory.buffer.byteLength).toBe(before); // matching allocates nothing
      re.free();
      expect(() => re.test('x')).toThrow(/after free/);
      for (let i = 0; i < 2000; i++) compile(build, `a${i}(b|c)+\\d{2,5}`).free();
      expect(w.memory.buffer.byteLength).toBeLessThan(before + 4 * 1024 * 1024);
    });

    it('the DFA stays correct when its state cache fills up (clear and rebuild, then Pike VM fallback)', () => {
      // (a|b)*a(a|b){12} needs 2^13 DFA states, more than the cache holds
      const w = sharedInstance(build);
      const auto = compileRegexWith(w, '^(?:a|b)*a(?:a|b){12}$');
      const pike = compileRegexWith(w, '^(?:a|b)*a(?:a|b){12}$', { engine: 'pike' });
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 1;
      for (let k = 0; k < 40; k++) {
        let s = '';
        const n = 200 + k * 150;
        for (let i = 0; i < n; i++) s += rnd() ? 'a' : 'b';
        expect(auto.test(s)).toBe(pike.test(s));
        expect(auto.fullMatch(s)).toBe(pike.fullMatch(s));
        expect(auto.test(s + 'a'.repeat(13))).toBe(true);
        expect(auto.test(s + 'a' + 'b'.repeat(12))).toBe(true);
        expect(auto.test(s + 'b' + 'b'.repeat(12))).toBe(false);
      }
    });

    it('literal scanners: matches at every offset and near the end of long inputs', () => {
      const pats = ['connection refused', '(?i)timeout', 'error|warn|fatal', 'q', '(?i)é|x'];
      for (const p of pats) {
        const auto = compile(build, p);
        const pike = compileRegexWith(sharedInstance(build), p, { engine: 'pike' });
        for (const needle of ['connection refused', 'TimeOut', 'fatal', 'q', 'É', 'warn', 'connection refuse']) {
          for (let len = 0; len < 70; len += 7) {
            for (let at = 0; at <= len; at += 3) {
              const s = '.'.repeat(at) + needle + '-'.repeat(len - at);
              expect([p, s, auto.find(s)]).toEqual([p, s, pike.find(s)]);
              expect(auto.test(s)).toBe(pike.test(s));
            }
          }
        }
      }
    });

    it('strategy: literal patterns never build an automaton; .* is trivially true; others prefilter then DFA', () => {
      for (const p of ['connection refused', '(?i)timeout', 'error|warn|fatal', '(error|warn)', 'a(b|c)d']) {
        const re = compile(build, p);
        for (let i = 0; i < 100; i++) re.test(`x ${i} connection refused error TIMEOUT abd`);
        re.find('warn');
        re.find('xx warn', 3, true);
        re.fullMatch('warn');
        expect([p, re.engineInfo()]).toEqual([p, { dfa: false, alwaysTrue: false, literal: true, prefilter: false, programBuilt: false, dfaBuilt: false }]);
        expect(re.captures('x connection refused error TIMEOUT abd warn')).not.toBeNull();
        expect(re.engineInfo().programBuilt).toBe(true); // captures build the program on demand
      }
      for (const p of ['.*', '(?s).*', 'x*', '(a|b)*', '']) expect([p, compile(build, p).engineInfo().alwaysTrue]).toEqual([p, true]);
      const st = compile(build, 'status=5\\d\\d');
      st.test('status=503');
      expect(st.engineInfo()).toMatchObject({ prefilter: true, dfa: true, dfaBuilt: true, literal: false });
      const rejected = compile(build, 'status=5\\d\\d');
      rejected.test('nothing here');
      expect(rejected.engineInfo().dfaBuilt).toBe(false); // the prefilter answered
      const wb = compile(build, '\\bword\\b');
      wb.test('a word here');
      expect(wb.engineInfo()).toMatchObject({ dfa: true, dfaBuilt: true, prefilter: true }); // the DFA models \b too
    });

    it('countMatchingLines runs test on every line inside wasm', () => {
      const text = 'error one\nok\nwarn two\n\nfatal\nlast error';
      const re = compile(build, 'error|warn|fatal');
      expect(re.countMatchingLines(enc.encode(text))).toBe(4);
      const full = compile(build, '[a-z]+');
      expect(full.countMatchingLines(enc.encode(text), true)).toBe(2); // "ok", "fatal"
      const buf = re.copyIn(enc.encode(text));
      expect(re.countMatchingLines(buf)).toBe(4);
      buf.free();
    });
  });
}
