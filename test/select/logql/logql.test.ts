// Hand-written LogQL cases: every operator, type and unit, `or` inheritance, anchoring, missing labels,
// (?i), _extracted, json flattening and sanitising, logfmt quoting, compile errors and refusals, hostile input.
import { describe, expect, test } from 'vitest';
import { ERR, ERR_JSON, KEEP, LEVEL, LogQL, run, STREAM } from './driver.ts';

const K = { namespace: 'prod', pod: 'api-1', container: 'app', labels: { 'app.kubernetes.io/name': 'api', tier: 'web' } };

for (const build of ['simd', 'scalar'] as const) {
  describe(`LogQL (${build})`, () => {
    const l = new LogQL(build);
    const m = (query: string, line: string | Uint8Array, extra: { level?: number; stream?: number; kube?: typeof K | null } = {}) =>
      run(l, query, { kube: extra.kube === undefined ? K : extra.kube, line, level: extra.level ?? LEVEL.error, stream: extra.stream ?? STREAM.stdout });

    test('line filters and `or` inheritance', () => {
      expect(m('|= "timeout"', 'a timeout')).toBe(KEEP);
      expect(m('|= "timeout"', 'nothing')).toBe(0);
      expect(m('!= "timeout"', 'nothing')).toBe(KEEP);
      expect(m('|= "a" or "b"', 'xbx')).toBe(KEEP);
      expect(m('!= "a" or "b"', 'xbx')).toBe(0);
      expect(m('!= "a" or "b"', 'xyz')).toBe(KEEP);
      expect(m('|~ "t.me" or "zz"', 'time')).toBe(KEEP);
      expect(m('!~ "t.me" or "zz"', 'zz')).toBe(0);
      expect(m('|= ""', 'x')).toBe(KEEP);
      expect(m('!= ""', 'x')).toBe(0);
      expect(m('|= "a" |= "b"', 'ab')).toBe(KEEP);
      expect(m('|= "a" |= "b"', 'a')).toBe(0);
    });

    test('line regexes are unanchored, (?i) folds (Loki #9294)', () => {
      expect(m('|~ "rror"', 'An error here')).toBe(KEEP);
      expect(m('|~ "(?i)error"', 'An ERROR')).toBe(KEEP);
      expect(m('|~ "(?i)error"', 'An ErRoR')).toBe(KEEP);
      expect(m('|~ "(?i)k"', 'K')).toBe(KEEP); // Kelvin sign
      expect(m('|~ "error"', 'An ERROR')).toBe(0);
      expect(m('|~ "^a"', 'ba')).toBe(0);
    });

    test('stream selector: labels, anchoring, sanitised pod labels, missing = ""', () => {
      expect(m('{namespace="prod"}', 'x')).toBe(KEEP);
      expect(m('{namespace="dev"}', 'x')).toBe(0);
      expect(m('{namespace=~"pro"}', 'x')).toBe(0); // anchored
      expect(m('{namespace=~"pro.*"}', 'x')).toBe(KEEP);
      expect(m('{namespace!~"pro.*"}', 'x')).toBe(0);
      expect(m('{app_kubernetes_io_name="api", tier="web", pod="api-1", container="app"}', 'x')).toBe(KEEP);
      expect(m('{stream="stderr"}', 'x', { stream: STREAM.stderr })).toBe(KEEP);
      expect(m('{stream="stderr"}', 'x')).toBe(0);
      expect(m('{level="error"}', 'x')).toBe(KEEP);
      expect(m('{level=""}', 'x', { level: LEVEL.none })).toBe(KEEP);
      expect(m('{missing=""}', 'x')).toBe(KEEP);
      expect(m('{missing!=""}', 'x')).toBe(0);
      expect(m('{namespace=""}', 'x', { kube: null })).toBe(KEEP);
      expect(m('{}', 'x')).toBe(KEEP);
      const prog = l.compile('{namespace="prod"}');
      expect(l.hasPipeline(prog)).toBe(false);
      l.free(prog);
    });

    test('numbers: every comparison, missing drops, unparsable keeps with an error', () => {
      const line = '{"s":503,"t":"abc","f":"2.5","e":"1e3"}';
      expect(m('| json | s > 500', line)).toBe(KEEP);
      expect(m('| json | s >= 503', line)).toBe(KEEP);
      expect(m('| json | s < 503', line)).toBe(0);
      expect(m('| json | s <= 503', line)).toBe(KEEP);
      expect(m('| json | s == 503', line)).toBe(KEEP);
      expect(m('| json | s = 503', line)).toBe(KEEP);
      expect(m('| json | s != 503', line)).toBe(0);
      expect(m('| json | f > 2.4', line)).toBe(KEEP);
      expect(m('| json | e == 1000', line)).toBe(KEEP);
      expect(m('| json | s > -1', line)).toBe(KEEP);
      expect(m('| json | t > 1', line)).toBe(KEEP | ERR);
      expect(m('| json | missing > 1', line)).toBe(0);
      expect(m('| json | missing = ""', line)).toBe(KEEP);
      expect(m('| json | t > 1 | __error__ = ""', line)).toBe(0);
      expect(m('| json | t > 1 | __error__ = "LabelFilterErr"', line)).toBe(KEEP | ERR);
    });

    test('durations (ns us µs ms s m h, fractions, combined; d w y in literals)', () => {
      const d = (v: string, q: string) => m(`| logfmt | d ${q}`, `d=${v}`);
      expect(d('1.5s', '> 1s')).toBe(KEEP);
      expect(d('500ms', '> 1s')).toBe(0);
      expect(d('1m30s', '== 90s')).toBe(KEEP);
      expect(d('1h', '== 60m')).toBe(KEEP);
      expect(d('1000ns', '== 1us')).toBe(KEEP);
      expect(d('1µs', '== 1000ns')).toBe(KEEP);
      expect(d('1μs', '== 1000ns')).toBe(KEEP);
      expect(d('24h', '== 1d')).toBe(KEEP);
      expect(d('168h', '== 1w')).toBe(KEEP);
      expect(d('-1s', '< 0s')).toBe(KEEP);
      expect(d('0', '== 0s')).toBe(KEEP);
      expect(d('1d', '> 1s')).toBe(KEEP | ERR); // label values parse as Go durations: no `d`
      expect(d('5', '> 1s')).toBe(KEEP | ERR);
      expect(d('9999999999h', '> 1s')).toBe(KEEP | ERR); // overflow
    });

    test('bytes (B KB KiB MB MiB GB … , spaces and case)', () => {
      const b = (v: string, q: string) => m(`| logfmt | b ${q}`, `b="${v}"`);
      expect(b('2KB', '> 1KiB')).toBe(KEEP);
      expect(b('1000B', '< 1KiB')).toBe(KEEP);
      expect(b('1 kib', '== 1KiB')).toBe(KEEP);
      expect(b('1024', '== 1KiB')).toBe(KEEP);
      expect(b('20MB', '== 20000KB')).toBe(KEEP);
      expect(b('1MiB', '== 1024KiB')).toBe(KEEP);
      expect(b('1.5GB', '== 1500MB')).toBe(KEEP);
      expect(b('1,000', '== 1KB')).toBe(KEEP);
      expect(b('x', '> 1B')).toBe(KEEP | ERR);
      expect(b('5XB', '> 1B')).toBe(KEEP | ERR);
    });

    test('string label filters: anchored regexes, missing as ""', () => {
      expect(m('| json | a=~"b"', '{"a":"abc"}')).toBe(0);
      expect(m('| json | a=~"a.c"', '{"a":"abc"}')).toBe(KEEP);
      expect(m('| json | a!~"a.c"', '{"a":"abc"}')).toBe(0);
      expect(m('| json | a!="x"', '{}')).toBe(KEEP);
      expect(m('| json | a=~".*"', '{}')).toBe(KEEP);
      expect(m('| json | a=~".+"', '{}')).toBe(0);
    });

    test('precedence: and over or; `,` and juxtaposition shift (Loki yacc)', () => {
      const line = 'a=1 b=2 c=3';
      expect(m('| logfmt | a="0" and b="0" or c="3"', line)).toBe(KEEP); // (a and b) or c
      expect(m('| logfmt | c="3" or a="0" and b="0"', line)).toBe(KEEP); // c or (a and b)
      expect(m('| logfmt | a="0", b="0" or c="3"', line)).toBe(0); // a and (b or c)
      expect(m('| logfmt | a="0" b="0" or c="3"', line)).toBe(0);
      expect(m('| logfmt | c="3" or a="0" b="0"', line)).toBe(KEEP); // c or (a b)
      expect(m('| logfmt | (a="0" or b="2") c="3"', line)).toBe(KEEP);
      expect(m('| logfmt | a="1" AND b="2" OR c="9"', line)).toBe(KEEP);
    });

    test('json: flattening, sanitising, _extracted, values', () => {
      expect(m('| json | a_b="x"', '{"a":{"b":"x"}}')).toBe(KEEP);
      expect(m('| json | a_b_c="1"', '{"a":{"b":{"c":1}}}')).toBe(KEEP);
      expect(m('| json | x_y="1"', '{"x.y":"1"}')).toBe(KEEP);
      expect(m('| json | _9lives="1"', '{"9lives":"1"}')).toBe(KEEP);
      expect(m('| json | a="1"', '{" a ":"1"}')).toBe(KEEP);
      expect(m('| json | caf_="1"', '{"café":"1"}')).toBe(KEEP); // one `_` per code point
      expect(m('| json | namespace_extracted="x", namespace="prod"', '{"namespace":"x"}')).toBe(KEEP);
      expect(m('| json | level="debug"', '{"level":"debug"}', { level: LEVEL.none })).toBe(KEEP);
      expect(m('| json | level_extracted="debug"', '{"level":"debug"}')).toBe(KEEP);
      expect(m('| json | n="1.50"', '{"n":1.50}')).toBe(KEEP); // numbers keep their text
      expect(m('| json | t="true"', '{"t":true}')).toBe(KEEP);
      expect(m('| json | z=""', '{"z":null}')).toBe(KEEP);
      expect(m('| json | z > 1', '{"z":null}')).toBe(0); // null is not extracted: missing
      expect(m('| json | arr > 1', '{"arr":[5]}')).toBe(0);
      expect(m('| json | in_x="1"', '{"arr":[{"in":{"x":"1"}}]}')).toBe(0);
      expect(m('| json | a="first"', '{"a":"first","a":"second"}')).toBe(KEEP); // first wins
      expect(m('| json | e="a\\"b\\n"', '{"e":"a\\"b\\n"}')).toBe(KEEP);
      expect(m('| json | e="é😀"', '{"e":"\\u00e9\\ud83d\\ude00"}')).toBe(KEEP);
      expect(m('| json | e="a b"', '{"e":"a\\ud800b"}')).toBe(KEEP); // lone surrogate → space
      expect(m('| json | e="a b"', Uint8Array.from([...Buffer.from('{"e":"a'), 0xff, ...Buffer.from('b"}')]))).toBe(KEEP);
    });

    test('json errors: JSONParserErr keeps the line, extracts nothing', () => {
      for (const bad of ['not json', '', '[1]', '{"a":1', '{"a":1} x', '{"a":01}', '{"a":"\x01"}', '{"a":"\\q"}', '{"a":1,}', '"s"']) {
        expect(m('| json', bad), bad).toBe(KEEP | ERR | ERR_JSON);
        expect(m('| json | a="1"', bad), bad).toBe(0);
        expect(m('| json | __error__="JSONParserErr"', bad), bad).toBe(KEEP | ERR | ERR_JSON);
      }
      expect(m('| json', ' {"a": [1, {"b": null}], "c": -1.5e+3} ')).toBe(KEEP);
      expect(m('| json', '['.repeat(600) + ']'.repeat(600))).toBe(KEEP | ERR | ERR_JSON);
      expect(m('| json', '{"a":' + '['.repeat(600) + ']'.repeat(600) + '}')).toBe(KEEP | ERR | ERR_JSON);
      expect(m('| json', '{"a":' + '['.repeat(500) + ']'.repeat(500) + '}')).toBe(KEEP);
    });

    test('logfmt: quoting, bare keys, empty values, malformed pairs', () => {
      expect(m('| logfmt | msg="hello world"', 'msg="hello world" a=1')).toBe(KEEP);
      expect(m('| logfmt | msg="a\\"b"', 'msg="a\\"b"')).toBe(KEEP);
      expect(m('| logfmt | a="1"', 'bare a=1')).toBe(KEEP);
      expect(m('| logfmt | bare=""', 'bare a=1')).toBe(KEEP);
      expect(m('| logfmt | bare > 1', 'bare a=1')).toBe(0);
      expect(m('| logfmt | a > 1', 'a= b=2')).toBe(0); // empty value: not extracted
      expect(m('| logfmt | b="2"', 'a=x=y b=2')).toBe(KEEP);
      expect(m('| logfmt | a > 1', 'a=x=y b=2')).toBe(0);
      expect(m('| logfmt | b="2"', 'a="open b=2')).toBe(0); // unterminated quote eats the rest
      expect(m('| logfmt | x_y="1"', 'x.y=1')).toBe(KEEP);
      expect(m('| logfmt | pod_extracted="p"', 'pod=p')).toBe(KEEP);
      expect(m('| logfmt | a="1"', 'a=1 a=2')).toBe(KEEP);
      expect(m('| logfmt | a="x"', 'not logfmt at all a=x')).toBe(KEEP); // never an error
    });

    test('compile errors carry positions; unsupported features are refused', () => {
      const cases: [string, number, RegExp][] = [
        ['', 0, /empty query/],
        ['rate({a="b"}[5m])', 0, /metric queries/],
        ['sum(count_over_time({a="b"}[1m]))', 0, /metric queries/],
        ['{a="b"}[5m]', 7, /range/],
        ['{a=b}', 3, /quoted string/],
        ['{a="b"', 6, /, or }/],
        ['{a="b"} | line_format "x"', 10, /line_format/],
        ['{a="b"} | label_format a=b', 10, /label_format/],
        ['{a="b"} | unwrap x', 10, /unwrap/],
        ['{a="b"} | drop a', 10, /drop/],
        ['{a="b"} | keep a', 10, /keep/],
        ['{a="b"} | decolorize', 10, /decolorize/],
        ['{a="b"} | pattern "<x>"', 10, /pattern/],
        ['{a="b"} | regexp "(?P<x>.)"', 10, /regexp/],
        ['{a="b"} |> "x"', 8, /pattern line filters/],
        ['{a="b"} !> "x"', 8, /pattern line filters/],
        ['| json a="b"', 7, /parameters/],
        ['| logfmt --strict', 9, /flags/],
        ['| json | logfmt', 9, /one parser/],
        ['|= ip("1.2.3.4")', 3, /ip\(\)/],
        ['| json | a = ip("1.2.3.4")', 13, /ip\(\)/],
        ['| json | a > "x"', 13, /string compares/],
        ['| json | a =~ 5', 11, /quoted regex/],
        ['|~ "(a"', 4, /invalid regex/],
        ['|~ "a)"', 5, /invalid regex/],
        ['|= "a\\q"', 5, /escape/],
        ['|= "abc', 3, /unterminated/],
        ['| json | (a="b"', 15, /missing \)/],
        ['| json | a', 10, /comparison/],
        ['{a="b"} {c="d"}', 8, /first/],
        ['| json | a > 5x', 15, /comparison/], // `x` starts a juxtaposed filter,
      ];
      for (const [q, pos, re] of cases) {
        const e = l.error(q);
        expect(e, q).not.toBeNull();
        expect(e!.msg, q).toMatch(re);
        expect(e!.pos, `${q}: ${e!.msg}`).toBe(pos);
      }
      const deep = '| json | ' + '('.repeat(65) + 'a="b"' + ')'.repeat(65);
      expect(l.error(deep)!.msg).toMatch(/nested deeper than 64/);
      expect(l.error('| json | ' + '('.repeat(64) + 'a="b"' + ')'.repeat(64))).toBeNull();
      expect(l.error('| json | a="b"' + ' or a="b"'.repeat(5000))).toBeNull(); // long chains: no recursion
      expect(l.error('|= "x"' + ' |= "x"'.repeat(2000))).toBeNull();
    });

    test('hostile lines never trap', () => {
      const progs = ['| json | a > 1 or b="x"', '| logfmt | a > 1KB or b=~"x.*"', '|~ "(?i)er+or" |= "x"'].map((q) => l.compile(q));
      let seed = 12345;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255;
      for (let i = 0; i < 300; i++) {
        const n = i < 5 ? [0, 1, 100000, 1 << 20, 3][i] : rnd() % 64;
        const bytes = Uint8Array.from({ length: n }, () => '{}[]":,\\ a=1xé'.charCodeAt(rnd() % 15) & 255 ^ (rnd() < 8 ? 0x80 : 0));
        for (const p of progs) expect(l.lineMatch(p, 0, 0, 0, bytes) & ~7).toBe(0);
      }
      progs.forEach((p) => l.free(p));
    });
  });
}
