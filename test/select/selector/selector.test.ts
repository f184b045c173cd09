// Unit cases for the label-selector compiler (assembly/select/selector): every operator's matching, every error
// class with its position, canonical text, the limits, odd bytes (NUL, invalid UTF-8), the exports' edge cases
// and the aux entries. They stand without ../shared (the conformance file covers the upstream cases).
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../../helpers/engine.ts';
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import { SelectorDriver } from './driver.ts';

const W = 'unable to parse requirement: ';
const NAME_CHARS = "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const NAME_MSG = `name part must consist of ${NAME_CHARS}`;
const DNS_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const INT_MSG = "for 'Gt', 'Lt' operators, the value must be an integer";
const a = (n: number) => 'a'.repeat(n);

describe.each(BUILDS)('label selectors (%s)', (build) => {
  const d = new SelectorDriver(build);
  const ok = (text: string | Uint8Array) => {
    const r = d.parse(text);
    if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to compile: ${r.error}`);
    return r.canonical;
  };
  const err = (text: string | Uint8Array) => {
    const r = d.parse(text);
    if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${r.canonical}`);
    return { pos: r.pos, error: r.error };
  };
  const matches = (sel: string, labels: Record<string, string>) => d.compile(sel, (r) => {
    if (!r.ok) throw new Error(r.error);
    return r.matches(labels);
  });

  describe('matching, per operator', () => {
    const cases: [string, Record<string, string>, boolean][] = [
      ['', {}, true], ['', { a: '1' }, true],
      ['x', { x: '' }, true], ['x', { y: 'x' }, false],
      ['!x', {}, true], ['!x', { x: '' }, false], ['! x', { x: 'a' }, false],
      ['x=a', { x: 'a' }, true], ['x=a', { x: 'A' }, false], ['x=a', {}, false], ['x=', { x: '' }, true], ['x=', {}, false],
      ['x==a', { x: 'a' }, true], ['x==a', { x: 'b' }, false], ['x==a', {}, false],
      ['x!=a', { x: 'b' }, true], ['x!=a', { x: 'a' }, false], ['x!=a', {}, true], ['x!=', { x: '' }, false],
      ['x in (a,b)', { x: 'b' }, true], ['x in (a,b)', { x: 'c' }, false], ['x in (a,b)', {}, false],
      ['x in ()', { x: '' }, true], ['x in (a,)', { x: '' }, true], ['x in (a)', { x: '' }, false],
      ['x notin (a,b)', { x: 'c' }, true], ['x notin (a,b)', { x: 'a' }, false], ['x notin (a,b)', {}, true],
      ['x notin ()', { x: '' }, false], ['x notin ()', { x: 'a' }, true],
      ['x>1', { x: '2' }, true], ['x>1', { x: '1' }, false], ['x>1', { x: '+2' }, true], ['x>1', { x: '02' }, true],
      ['x>1', { x: 'two' }, false], ['x>1', { x: '' }, false], ['x>1', {}, false], ['x>1', { x: ' 2' }, false],
      ['x>1', { x: '2.0' }, false], ['x>1', { x: '9223372036854775807' }, true], ['x>1', { x: '9223372036854775808' }, false],
      ['x<0', { x: '-9223372036854775808' }, true], ['x<0', { x: '-9223372036854775809' }, false], ['x<0', { x: '-0' }, false],
      ['x<0', { x: '+' }, false], ['x<0', { x: '-' }, false], ['x<1', { x: '0' }, true],
      ['x>9223372036854775806', { x: '9223372036854775807' }, true],
      ['a=1,b=2', { a: '1', b: '2' }, true], ['a=1,b=2', { a: '1' }, false], ['a,!a', { a: '' }, false],
      ['in in (in),notin=notin', { in: 'in', notin: 'notin' }, true],
      ['example.com/k in (v)', { 'example.com/k': 'v' }, true], ['example.com/k in (v)', { k: 'v' }, false],
    ];
    it.each(cases.map(([s, l, m]) => [s, JSON.stringify(l), m, l] as const))('%j on %s → %s', (s, _l, m, l) => {
      expect(matches(s, l)).toBe(m);
    });

    it('a set with many values (binary search) finds each and only each', () => {
      const vals = Array.from({ length: 300 }, (_, i) => `v${i}`);
      d.compile(`k in (${vals.join(',')})`, (r) => {
        if (!r.ok) throw new Error(r.error);
        for (const v of vals) expect(r.matches({ k: v })).toBe(true);
        for (const v of ['v', 'v300', 'v1x', '']) expect(r.matches({ k: v })).toBe(false);
      });
    });

    it('label bytes are compared exactly (non-ASCII values never equal a selector value)', () => {
      const enc = new TextEncoder();
      d.compile('k!=a', (r) => {
        if (!r.ok) throw new Error(r.error);
        expect(r.matches([[enc.encode('k'), Uint8Array.of(0xff)]])).toBe(true);
        expect(r.matches([[enc.encode('k'), enc.encode('a')], [enc.encode('k'), enc.encode('b')]])).toBe(true); // last wins
      });
    });
  });

  describe('canonical text', () => {
    it.each([
      ['', ''], ['  \t\r\n', ''], ['b=1, a=2', 'a=2,b=1'], ['x in ( c , a ,b, a)', 'x in (a,b,c)'], ['x notin (,a,,)', 'x notin (,a)'],
      ['x>01', 'x>01'], ['x==a', 'x==a'], ['!x', '!x'], ['x', 'x'], ['x =', 'x='], ['z,y,x', 'x,y,z'],
      // equal keys keep their order in the text
      ['b,a=1,!a,a notin (x)', 'a=1,!a,a notin (x),b'],
      ['a=1,B=1', 'B=1,a=1'], // unsigned byte order: upper case first
    ])('%j → %j', (text, canon) => {
      expect(ok(text)).toBe(canon);
    });

    it('equal keys keep their text order past 12 requirements (docs/select.md: kubectl may not)', () => {
      const reqs = Array.from({ length: 30 }, (_, i) => (i % 2 ? `a=${i}` : `b=${i}`));
      const want = [...reqs.filter((r) => r.startsWith('a')), ...reqs.filter((r) => r.startsWith('b'))];
      expect(ok(reqs.join(','))).toBe(want.join(','));
    });
  });

  describe('errors: message and byte position', () => {
    it.each([
      // top level
      [',', 0, "found ',', expected: !, identifier, or 'end of string'"],
      ['  )', 2, "found ')', expected: !, identifier, or 'end of string'"],
      ['a=b c', 4, "found 'c', expected: ',' or 'end of string'"],
      ['a=b=c', 3, "found '=', expected: ',' or 'end of string'"],
      ['!a=b', 2, "found '=', expected: ',' or 'end of string'"],
      ['a,', 2, "found '', expected: identifier after ','"],
      ['a, ,b', 3, "found ',', expected: identifier after ','"],
      ['a,=', 2, "found '=', expected: identifier after ','"],
      // inside a requirement
      ['!', 1, `${W}found '', expected: identifier`],
      ['!(', 1, `${W}found '(', expected: identifier`],
      ['a (', 2, `${W}found '(', expected: in, notin, =, ==, !=, gt, lt`],
      ['a b', 2, `${W}found 'b', expected: in, notin, =, ==, !=, gt, lt`],
      ['a!b', 1, `${W}found '!', expected: in, notin, =, ==, !=, gt, lt`],
      ['a=(', 2, `${W}found '(', expected: identifier`],
      ['a>=1', 2, `${W}found '=', expected: identifier`],
      ['a in b', 5, `${W}found 'b' expected: '('`],
      ['a in', 4, `${W}found '' expected: '('`],
      ['a in (=', 6, `${W}found '=', expected: ',', ')' or identifier`],
      ['a in (', 6, `${W}found '', expected: ',', ')' or identifier`],
      ['a in (b c)', 8, `${W}found 'c', expected: ',' or ')'`],
      ['a in (b', 7, `${W}found '', expected: ',' or ')'`],
      ['a in (b,=)', 8, `${W}found '=', expected: ',', or identifier`],
      ['a in (b,', 8, `${W}found '', expected: ',', or identifier`],
      ['a in (b)(', 8, "found '(', expected: ',' or 'end of string'"],
    ])('%j', (text, pos, error) => {
      expect(err(text)).toEqual({ pos, error });
    });

    it.each([
      // keys: each rule, and rules together
      [' -a', 1, `${W}<nil>: Invalid value: "-a": ${NAME_MSG}`],
      ['!a-', 1, `${W}<nil>: Invalid value: "a-": ${NAME_MSG}`],
      [a(64), 0, `${W}<nil>: Invalid value: "${a(64)}": name part must be no more than 63 bytes`],
      [a(63) + '-', 0, `${W}<nil>: Invalid value: "${a(63)}-": name part must be no more than 63 bytes; ${NAME_MSG}`],
      ['a/', 0, `${W}<nil>: Invalid value: "a/": name part must be non-empty; ${NAME_MSG}`],
      ['/a', 0, `${W}<nil>: Invalid value: "/a": prefix part must be non-empty`],
      ['/', 0, `${W}<nil>: Invalid value: "/": prefix part must be non-empty; name part must be non-empty; ${NAME_MSG}`],
      ['A/b', 0, `${W}<nil>: Invalid value: "A/b": prefix part ${DNS_MSG}`],
      ['a./b', 0, `${W}<nil>: Invalid value: "a./b": prefix part ${DNS_MSG}`],
      ['a-.b/c', 0, `${W}<nil>: Invalid value: "a-.b/c": prefix part ${DNS_MSG}`],
      [`${a(254)}/b`, 0, `${W}<nil>: Invalid value: "${a(254)}/b": prefix part must be no more than 253 bytes`],
      [`${a(253)}-/-`, 0, `${W}<nil>: Invalid value: "${a(253)}-/-": prefix part must be no more than 253 bytes; prefix part ${DNS_MSG}; ${NAME_MSG}`],
      ['a/b/c', 0, `${W}<nil>: Invalid value: "a/b/c": a valid label key must consist of ${NAME_CHARS} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
      // Go's %q in "Invalid value"
      ['a\u0001b', 0, `${W}<nil>: Invalid value: "a\\x01b": ${NAME_MSG}`],
      ['a\vb\f', 0, `${W}<nil>: Invalid value: "a\\vb\\f": ${NAME_MSG}`],
      ['"\\', 0, `${W}<nil>: Invalid value: "\\"\\\\": ${NAME_MSG}`],
      ['é\u00a0\u200b\u{1F600}', 0, `${W}<nil>: Invalid value: "é\\u00a0\\u200b\u{1F600}": ${NAME_MSG}`],
      // values
      ['k=-v', 2, `${W}values[0][k]: Invalid value: "-v": ${VALUE_MSG}`],
      ['k = v-', 4, `${W}values[0][k]: Invalid value: "v-": ${VALUE_MSG}`],
      [`k=${a(64)}`, 2, `${W}values[0][k]: Invalid value: "${a(64)}": must be no more than 63 bytes`],
      [`k=${a(64)}-`, 2, `${W}values[0][k]: Invalid value: "${a(64)}-": must be no more than 63 bytes; ${VALUE_MSG}`],
      ['k in (b,-c,a-)', 8, `${W}[values[0][k]: Invalid value: "-c": ${VALUE_MSG}, values[1][k]: Invalid value: "a-": ${VALUE_MSG}]`],
      // > and <
      ['k>a', 2, `${W}values[0]: Invalid value: "a": ${INT_MSG}`],
      ['k<', 2, `${W}values[0]: Invalid value: "": ${INT_MSG}`],
      ['k<,x', 2, `${W}values[0]: Invalid value: "": ${INT_MSG}`],
      ['k>9223372036854775808', 2, `${W}values[0]: Invalid value: "9223372036854775808": ${INT_MSG}`],
      ['k>-1', 2, `${W}values[0][k]: Invalid value: "-1": ${VALUE_MSG}`],
      ['k>a-', 2, `${W}[values[0]: Invalid value: "a-": ${INT_MSG}, values[0][k]: Invalid value: "a-": ${VALUE_MSG}]`],
    ])('%j', (text, pos, error) => {
      expect(err(text)).toEqual({ pos, error });
    });

    it('messages keep the raw bytes that %s prints (decoded as a host would: U+FFFD)', () => {
      expect(err(Uint8Array.of(0x61, 0x20, 0xff, 0xfe))).toEqual({ pos: 2, error: `${W}found '\uFFFD\uFFFD', expected: in, notin, =, ==, !=, gt, lt` });
      expect(err(Uint8Array.of(0x61, 0x3d, 0xe2, 0x82))).toEqual({ pos: 2, error: `${W}values[0][a]: Invalid value: "\\xe2\\x82": ${VALUE_MSG}` });
    });
  });

  describe('bytes kubectl treats specially', () => {
    it('a NUL where a token starts ends the text; after a token it separates', () => {
      expect(ok('a=b \0 ,,garbage')).toBe('a=b');
      expect(ok('\0x')).toBe('');
      expect(ok('a=\0b')).toBe('a=b');
      expect(err('a\0b')).toEqual({ pos: 2, error: `${W}found 'b', expected: in, notin, =, ==, !=, gt, lt` });
      expect(err('a, \0')).toEqual({ pos: 3, error: "found '', expected: identifier after ','" });
    });

    it('only space, tab, CR and LF separate tokens', () => {
      expect(ok(' \t\r\na\t=\nb ')).toBe('a=b');
      expect(err('a\v').pos).toBe(0);
    });

    it('lexes into kubectl token kinds with byte positions', () => {
      expect(d.lex('k in(a, b)!=x==y>1<2!notin').map((t) => [t.kind, t.start, t.text])).toEqual([
        ['IdentifierToken', 0, 'k'], ['InToken', 2, 'in'], ['OpenParToken', 4, '('], ['IdentifierToken', 5, 'a'],
        ['CommaToken', 6, ','], ['IdentifierToken', 8, 'b'], ['ClosedParToken', 9, ')'], ['NotEqualsToken', 10, '!='],
        ['IdentifierToken', 12, 'x'], ['DoubleEqualsToken', 13, '=='], ['IdentifierToken', 15, 'y'],
        ['GreaterThanToken', 16, '>'], ['IdentifierToken', 17, '1'], ['LessThanToken', 18, '<'], ['IdentifierToken', 19, '2'],
        ['DoesNotExistToken', 20, '!'], ['NotInToken', 21, 'notin'],
      ]);
      expect(d.lex('===!!').map((t) => t.text)).toEqual(['==', '=', '!', '!']);
      expect(d.lex('').length).toBe(0);
    });
  });

  describe('limits and the exports', () => {
    it('the empty selector is a real handle that matches everything', () => {
      const e = sharedInstance(build).exports;
      const p = e.regex_alloc(0);
      const h = e.selector_compile(p, 0) >>> 0;
      e.regex_dealloc(p);
      expect(h).not.toBe(0);
      expect(e.filter_error_pos()).toBe(-1);
      expect(e.selector_match(h, 0)).toBe(1);
      expect(e.selector_canonical_len(h)).toBe(0);
      e.selector_free(h);
    });

    it('handle 0 and a malformed label set match nothing; 0 is safe to free', () => {
      const e = sharedInstance(build).exports;
      expect(e.selector_match(0, 0)).toBe(0);
      const bad = Uint8Array.of(5, 0, 0, 0, 0x61);
      const p = e.regex_alloc(bad.length);
      sharedInstance(build).u8().set(bad, p);
      const set = e.labels_build(p, bad.length) >>> 0;
      e.regex_dealloc(p);
      expect(set).toBe(0xffffffff);
      d.compile('', (r) => {
        if (!r.ok) throw new Error(r.error);
      });
      const q = e.regex_alloc(1);
      const h = e.selector_compile(q, 0) >>> 0;
      e.regex_dealloc(q);
      expect(e.selector_match(h, set)).toBe(0);
      e.labels_free(set);
      e.selector_free(h);
      e.selector_free(0);
    });

    it('refuses a text over 64 KiB, at 64 KiB; accepts one of exactly 64 KiB', () => {
      const pair = 'k=v,';
      const big = pair.repeat((64 * 1024) / pair.length - 2) + 'abc=v1';
      const exact = big + ' '.repeat(64 * 1024 - big.length);
      expect(exact.length).toBe(64 * 1024);
      expect(ok(exact).startsWith('abc=v1,k=v,k=v')).toBe(true);
      expect(err(exact + ' ')).toEqual({ pos: 65536, error: 'selector is longer than 65536 bytes' });
    });

    it('a long selector compiles, matches and sorts in reasonable time', () => {
      const reqs = Array.from({ length: 5000 }, (_, i) => `k${(i * 7919) % 5000}!=v`);
      const t0 = performance.now();
      d.compile(reqs.join(','), (r) => {
        if (!r.ok) throw new Error(r.error);
        expect(r.canonical.split(',').length).toBe(5000);
        expect(r.matches({ k1: 'x' })).toBe(true);
        expect(r.matches({ k1: 'v' })).toBe(false);
      });
      expect(performance.now() - t0).toBeLessThan(2000);
    });

    it('spells out at most 100 problems of one requirement', () => {
      const vals = Array.from({ length: 150 }, (_, i) => `-${String(i).padStart(3, '0')}`);
      const r = err(`k in (${vals.join(',')})`);
      expect(r.pos).toBe(6);
      expect(r.error.startsWith(`${W}[values[0][k]: Invalid value: "-000": `)).toBe(true);
      expect(r.error.endsWith(`values[99][k]: Invalid value: "-099": ${VALUE_MSG}, and 50 more]`)).toBe(true);
    });

    it('a 64 KiB set of invalid values fails fast with a bounded message', () => {
      let body = '';
      for (let i = 0; body.length < 60_000; i++) body += `-${i},`;
      const t0 = performance.now();
      const r = err(`k in (${body})`);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(r.error.length).toBeLessThan(100 * 500);
      expect(r.error).toMatch(/, and \d+ more\]$/);
    });

    it('never traps on byte soup of any length', () => {
      let seed = 7;
      const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
      const alphabet = [0, 0x20, 0x21, 0x28, 0x29, 0x2c, 0x3c, 0x3d, 0x3e, 0x61, 0x2f, 0x2d, 0x2e, 0x31, 0xc3, 0xa9, 0xff, 0x80];
      for (let n = 0; n < 400; n++) {
        const b = Uint8Array.from({ length: rnd() % (n < 300 ? 24 : 4000) }, () => alphabet[rnd() % alphabet.length]);
        d.parse(b);
        d.lex(b);
      }
    });
  });

  describe('aux entries (conformance helpers)', () => {
    it('NewRequirement aggregates its problems in order', () => {
      expect(d.requirement('-a', 'nope', ['x'])).toEqual({
        ok: false,
        error: `[key: Invalid value: "-a": ${NAME_MSG}, operator: Unsupported value: "nope": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"]`,
      });
      expect(d.requirement('k', 'gt', ['1', 'x'])).toEqual({
        ok: false,
        error: `[values: Invalid value: ["1","x"]: for 'Gt', 'Lt' operators, exactly one value is required, values[1]: Invalid value: "x": ${INT_MSG}]`,
      });
      expect(d.requirement('k', '=', ['<a&"']).ok).toBe(false);
      expect(d.requirement('k', '==', ['<a&"', 'b'])).toMatchObject({ error: expect.stringContaining('values: Invalid value: ["\\u003ca\\u0026\\"","b"]: exact-match') });
      expect(d.requirement('k', 'in', ['b', 'a', 'b'])).toEqual({ ok: true, canonical: 'k in (a,b,b)' });
      expect(d.requirement('k', 'lt', ['7'])).toEqual({ ok: true, canonical: 'k<7' });
      expect(d.requirement('k', '!=', [''])).toEqual({ ok: true, canonical: 'k!=' });
    });

    it('ConvertSelectorToLabelsMap trims Unicode white space and lets a later pair win', () => {
      expect(d.labelsMap('\u00a0a\u3000=\tb\u2029, a = c')).toEqual({ ok: true, labels: { a: 'c' } });
      expect(d.labelsMap('a=b,')).toEqual({ ok: false, error: 'invalid selector: []' });
      expect(d.labelsMap('a=b=c')).toEqual({ ok: false, error: 'invalid selector: [a b c]' });
      expect(d.labelsMap('a=')).toEqual({ ok: true, labels: { a: '' } });
    });
  });
});
