// Fluent Bit grep rules (assembly/select/grep, docs/grep.md): own cases per Logical_Op, missing keys, non-string
// values, compile errors with byte positions; then fast-check properties against the oracle (test/oracle/grep.ts),
// both builds.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { grepCompileOracle, grepKeepOracle, type GrepRecord } from '../../oracle/grep.ts';
import { Grep } from './driver.ts';

const BUILDS = ['simd', 'scalar'] as const;

const kube = (extra: Record<string, unknown> = {}) => ({
  namespace_name: 'prod', pod_name: 'web-7d9f8b6c5d-x2k4p', pod_id: '0c4f4e8a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  container_name: 'nginx', docker_id: 'ab'.repeat(32), restart_count: '3',
  labels: { app: 'web', 'app.kubernetes.io/name': 'shop', tier: 'frontend' }, annotations: { 'x': 'y', team: 'payments' },
  ...extra,
});
const rec = (log: string, extra: Partial<GrepRecord> = {}): GrepRecord => ({ log, stream: 'stdout', kubernetes: kube(), ...extra });

// [rules, record, kept]
const KEEP: Array<[string, GrepRecord, boolean]> = [
  // legacy
  ['Regex log error', rec('an error here'), true],
  ['Regex log error', rec('all good'), false],
  ['Regex $log ^err', rec('ok\nerror on line 2'), true], // Ruby: ^ at every line
  ['Exclude log debug', rec('debug stuff'), false],
  ['Exclude log debug', rec('info stuff'), true],
  ['Regex log a\nRegex log b', rec('a only'), true], // a matching Regex keeps at once
  ['Regex log a\nRegex log b', rec('b only'), false], // a failing Regex drops at once
  ['Exclude log x\nRegex log a', rec('a'), true],
  ['Exclude log x\nRegex log a', rec('x a'), false],
  ['Regex log a\nExclude log a', rec('a'), true], // the Exclude is never reached
  ['Exclude log x\nExclude log y', rec('z'), true],
  ['', rec('anything'), true],
  ['# only a comment\n\n', rec('anything'), true],
  ["Regex $kubernetes['namespace_name'] ^prod$", rec('x'), true],
  ["Regex $kubernetes['namespace_name'] ^dev$", rec('x'), false],
  ["Regex $kubernetes['pod_name'] ^web-", rec('x'), true],
  ["Regex kubernetes['container_name'] nginx", rec('x'), true],
  ["Regex $kubernetes['pod_id'] ^0c4f", rec('x'), true],
  ["Regex $kubernetes['docker_id'] ^(ab){32}$", rec('x'), true],
  ["Regex $kubernetes['restart_count'] ^3$", rec('x'), true],
  ["Regex $kubernetes['labels']['app'] ^web$", rec('x'), true],
  ["Regex $kubernetes['labels']['app.kubernetes.io/name'] shop", rec('x'), true],
  ["Regex $kubernetes['annotations']['team'] pay", rec('x'), true],
  ['Regex $stream stderr', rec('x'), false],
  ['Regex $stream stdout', rec('x'), true],
  ['Regex $level warn|error', rec('x', { level: 'error' }), true],
  ['Regex $level warn|error', rec('x', { level: 'info' }), false],
  // missing keys never match
  ['Regex $level .*', rec('x'), false],
  ['Exclude $level .*', rec('x'), true],
  ["Regex $kubernetes['labels']['missing'] .*", rec('x'), false],
  ["Exclude $kubernetes['labels']['missing'] .*", rec('x'), true],
  ["Regex $kubernetes['namespace_name'] .*", rec('x', { kubernetes: undefined }), false],
  ["Regex $kubernetes['restart_count'] .*", rec('x', { kubernetes: kube({ restart_count: undefined }) }), false],
  ['Regex $stream .*', rec('x', { stream: undefined }), false],
  // non-string values never match
  ['Regex $kubernetes .*', rec('x'), false],
  ["Regex $kubernetes['labels'] .*", rec('x'), false],
  ["Regex $kubernetes['labels'][0] .*", rec('x'), false],
  ["Regex $kubernetes['pod_name']['x'] .*", rec('x'), false],
  ["Exclude $kubernetes['labels'] .*", rec('x'), true],
  // and / or
  ['Logical_Op and\nRegex log a\nRegex $stream stdout', rec('a'), true],
  ['Logical_Op AND\nRegex log a\nRegex $stream stderr', rec('a'), false],
  ['Logical_Op or\nRegex log a\nRegex $stream stderr', rec('a'), true],
  ['Logical_Op Or\nRegex log a\nRegex $stream stderr', rec('b'), false],
  ['Logical_Op and\nExclude log a\nExclude log b', rec('a b'), false],
  ['Logical_Op and\nExclude log a\nExclude log b', rec('a'), true],
  ['Logical_Op or\nExclude log a\nExclude log b', rec('b'), false],
  ['Logical_Op or\nExclude log a\nExclude log b', rec('c'), true],
  ['Regex log a\nRegex log b\nLogical_Op and', rec('b a'), true], // Logical_Op may come last
  ['Logical_Op legacy\nRegex log a\nExclude log b', rec('a b'), true],
  // the section around the rules, directive case, spacing
  ['[FILTER]\n    Name   grep\n    Match  kube.*\n    regex  log  boom\n', rec('xboom'), false], // pattern is " boom"
  ['[FILTER]\n    Name   grep\n    Match  kube.*\n    REGEX  log  boom\n', rec('x  boom'), true],
  ['\tExclude\tlog health\r\n', rec('GET /health'), false],
  // /re/ and /re/opts
  ['Regex log /ERROR/i', rec('an error'), true],
  ['Regex log /ERROR/', rec('an error'), false],
  ['Regex log /a.b/m', rec('a\nb'), true],
  ['Regex log /a.b/', rec('a\nb'), false],
  ['Regex log /a/o', rec('/a/o'), true], // o alone is no option: the pattern is literal
  ['Regex log /a/q', rec('x /a/q'), true],
];

const ERRORS: Array<[string, number, RegExp]> = [
  ['Regex log', 9, /KEY PATTERN/],
  ['Regex log\tfoo', 13, /KEY PATTERN/], // a tab does not separate KEY and PATTERN
  ['Regexp log foo', 0, /unknown directive/],
  ['Regex message foo', 6, /unknown key/],
  ["Regex $kubernetes['host'] foo", 18, /kubernetes map/],
  ["Regex $log['x'] foo", 10, /no subkeys/],
  ["Regex $kubernetes['labels foo", 18, /unterminated|\]/],
  ['Regex $9 foo', 7, /key name/],
  ['Regex log a(b', 11, /regex/],
  ['Regex log (?<=a)b', 10, /regex/],
  ['\n  Regex log /a(/i', 15, /regex/],
  ['Regex log /a/x', 13, /extended/],
  ['Logical_Op xor', 11, /legacy, and or or/],
  ['Logical_Op and\nLogical_Op or', 15, /twice/],
  ['Logical_Op and\nRegex log a\nExclude log b', 27, /cannot be mixed/],
  ['Regex log a\nExclude log b\nLogical_Op OR', 12, /cannot be mixed/],
  ['[INPUT]', 0, /FILTER/],
  ['Name modify', 5, /grep/],
];

for (const build of BUILDS) {
  describe(`grep (${build})`, () => {
    const g = new Grep(build);
    const handles: number[] = [];
    afterAll(() => handles.forEach((h) => g.free(h)));
    const compile = (text: string) => {
      const h = g.compile(text);
      if (typeof h !== 'number') throw new Error(`${text}: ${h.message} at ${h.pos}`);
      handles.push(h);
      return h;
    };

    it.each(KEEP)('%j on %j → %s', (text, r, kept) => {
      expect(g.keep(compile(text), r)).toBe(kept);
      const o = grepCompileOracle(text);
      expect(o).not.toBeNull();
      expect(grepKeepOracle(o!, r)).toBe(kept);
    });

    it.each(ERRORS)('%j fails at %d', (text, pos, message) => {
      const r = g.compile(text);
      expect(r).toMatchObject({ pos });
      expect((r as { message: string }).message).toMatch(message);
      // the oracle's patterns are JS RegExps: only the engine refuses lookbehind and the like
      if (!message.source.startsWith('regex')) expect(grepCompileOracle(text)).toBeNull();
    });

    it('a successful compile clears the error', () => {
      g.compile('Regex log (');
      compile('Regex log a');
      expect(g.compile('Regex log a')).toBeTypeOf('number');
    });

    it('grepNeedsLine is true exactly when a rule reads log', () => {
      expect(g.needsLine(compile('Regex $kubernetes[\'pod_name\'] a\nExclude $stream b'))).toBe(false);
      expect(g.needsLine(compile('Regex $kubernetes[\'pod_name\'] a\nExclude log b'))).toBe(true);
      expect(g.needsLine(compile(''))).toBe(false);
    });

    // ---- properties ----
    const alpha = fc.constantFrom('a', 'b', 'c', 'A', ' ', '\n', '-', '.');
    const value = fc.string({ unit: alpha, maxLength: 8 });
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const record: fc.Arbitrary<GrepRecord> = fc.record({
      log: value,
      stream: fc.constantFrom('stdout', 'stderr', undefined),
      level: fc.constantFrom(undefined, 'trace', 'debug', 'info', 'warn', 'error', 'fatal'),
      kubernetes: maybe(fc.record({
        namespace_name: maybe(value), pod_name: maybe(value), pod_id: maybe(value), container_name: maybe(value),
        docker_id: maybe(value), restart_count: maybe(fc.nat(20).map(String)),
        labels: maybe(fc.dictionary(fc.constantFrom('app', 'tier', 'a.b/c'), value, { maxKeys: 3 })),
        annotations: maybe(fc.dictionary(fc.constantFrom('x', "it's"), value, { maxKeys: 2 })),
      }, { requiredKeys: [] })),
    }, { requiredKeys: ['log'] });
    const key = fc.constantFrom('log', '$log', '$stream', '$level', "$kubernetes['namespace_name']", "$kubernetes['pod_name']",
      "kubernetes['pod_id']", "$kubernetes['container_name']", "$kubernetes['docker_id']", "$kubernetes['restart_count']",
      "$kubernetes['labels']['app']", "$kubernetes['labels']['a.b/c']", "$kubernetes['annotations']['it''s']",
      "$kubernetes['labels']", '$kubernetes', "$kubernetes['labels'][1]", '$message', "$log['x']");
    const atom = fc.constantFrom('a', 'b', 'A', 'ab', '^a', 'a$', '^$', '[ab]', 'a|c', 'a.b', '.', 'b+', '(a|b)c', '\\d', '1', ' a', '');
    const pat = fc.tuple(atom, atom, fc.constantFrom('', '/', '/i', '/m', '/im', '/o', '/x', '//'))
      .map(([x, y, f]) => (f === '' ? x + y : f === '//' ? `/${x}${y}/` : `/${x}${y}${f}`));
    const directive = fc.constantFrom('Regex', 'regex', 'EXCLUDE', 'Exclude');
    const ruleLine = fc.tuple(directive, key, pat).map(([d, k, p]) => `${d} ${k} ${p}`);
    const opLine = fc.constantFrom('Logical_Op legacy', 'logical_op AND', 'Logical_Op or');
    const text = fc.tuple(fc.array(ruleLine, { maxLength: 4 }), fc.option(opLine), fc.nat(4))
      .map(([rs, op, at]) => {
        const lines = [...rs];
        if (op) lines.splice(at % (lines.length + 1), 0, op);
        return lines.join('\n');
      });

    it('compiles exactly when the oracle does, and keeps the same records', () => {
      fc.assert(fc.property(text, fc.array(record, { minLength: 1, maxLength: 6 }), (t, recs) => {
        const h = g.compile(t);
        const o = grepCompileOracle(t);
        expect(typeof h === 'number', `${t}: ${JSON.stringify(h)}`).toBe(o !== null);
        if (typeof h !== 'number' || !o) return;
        try {
          for (const r of recs) expect(g.keep(h, r), `${t}\n${JSON.stringify(r)}`).toBe(grepKeepOracle(o, r));
        } finally {
          g.free(h);
        }
      }), { numRuns: 3000 });
    });

    it('arbitrary rules text never traps', () => {
      const unit = fc.constantFrom('R', 'e', 'g', 'x', ' ', '\t', '\n', '$', "'", '[', ']', 'l', 'o', '(', '/', 'i', '\\', '0');
      fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), (t) => {
        const h = g.compile(t);
        if (typeof h === 'number') g.free(h);
      }), { numRuns: 2000 });
      fc.assert(fc.property(fc.string({ maxLength: 40 }), (t) => {
        const h = g.compile(`Regex log ${t}\nExclude ${t}`);
        if (typeof h === 'number') g.free(h);
      }), { numRuns: 1000 });
    });
  });
}
