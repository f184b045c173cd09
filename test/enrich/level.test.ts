// Level detection (assembly/enrich/level.ts, docs/enrich.md "Level"): cases per rule, then fast-check properties
// against the RegExp oracle (test/oracle/enrich.ts), both builds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLevelOracle, LEVEL } from '../oracle/enrich.ts';
import { BUILDS, Enrich } from './driver.ts';

const { none, trace, debug, info, warn, error, fatal } = LEVEL;

const CASES: Array<[string, number]> = [
  // klog
  ['E1124 10:11:12.123456   12345 server.go:42] listen failed', error],
  ['I0102 03:04:05.000001       1 main.go:1] started', info],
  ['W1124 10:11:12.123456 1 x.go:1] slow', warn],
  ['F1124 10:11:12.123456 1 x.go:1] dead', fatal],
  ['E1124 10:11 short', none],
  ['X1124 10:11:12.123456 1 x.go:1] no', none],
  // JSON
  ['{"level":"error","msg":"boom"}', error],
  ['{"ts":1,"msg":"no error here","lvl":"WARN"}', warn],
  ['{"severity":"CRITICAL","message":"x"}', fatal],
  ['{"Level":"Information","MessageTemplate":"x"}', info],
  ['{"log.level":"debug"}', debug],
  ['{"log":{"logger":"x","level":"warn"},"msg":"y"}', warn],
  ['{"log":{"log.level":"warn"}}', none],
  ['{"a":{"level":"error"}}', none],
  ['{"level":30,"msg":"pino"}', info],
  ['{"level":50}', error],
  ['{"level":35}', none],
  ['{"level":"nope","severity":"err"}', error],
  ['{"level":"err\\u006fr"}', none],
  ['{"msg":"x","nested":{"k":[1,{"level":"error"}]},"level":"trace"}', trace],
  ['  {"level" : "fatal"}', fatal],
  ['{"level":"error"', error],
  ['{"msg":"x" "level":"error"}', none],
  ['{"msg":"unterminated', none],
  ['{', none],
  ['{}', none],
  ['{"level":"info"}}}}', info],
  // the `{"level":"WORD"` and `level=WORD` first checks (16 bytes or more) and what falls through them
  ['{"level":"warning","msg":"disk almost full"}', warn],
  ['{"level":"WARN","msg":"disk almost full"}', warn],
  ['{"level":"bogus","lvl":"error","msg":"x"}', error],
  ['{"level":"info\u0021","lvl":"error","msg":"x"}', error],
  ['{"level":"","severity":"fatal","msg":"x"}', fatal],
  ['{"level":"info" ,"msg":"fifteen+ bytes"}', info],
  ['{"level":"info ","msg":"fifteen+ bytes"}', none],
  ['level=error msg="connection refused"', error],
  ['level=ERROR\tmsg=x and more text', error],
  ['level=info,debug msg="a list" lvl=warn', warn],
  ['level=bogus msg="x" level=debug more', debug],
  ['level="error" msg="quoted value"', error],
  ['level=info"quote right after"', info],
  ['level=information_x msg=x and more', none],
  // logfmt
  ['level=info msg="started"', info],
  ['time="2026-11-30T10:00:00Z" level=warning msg="disk low"', warn],
  ['ts=2026-11-30T10:00:00Z caller=main.go:1 lvl=err msg=x', error],
  ['level="debug" msg=x', debug],
  ['msg="no error" level=error', error],
  ['msg=x garbage level=error', none],
  ['LEVEL=ERROR', error],
  ['level=bogus severity=fatal', fatal],
  ['2026-11-30T10:00:00Z level=info msg=x', info],
  // leading words
  ['ERROR something broke', error],
  ['[WARN] disk', warn],
  ['[ warn ] disk', warn],
  ['WARNING: deprecated', warn],
  ['ERROR:root:failed', error],
  ['2026-11-30 10:00:00,123 ERROR [main] c.e.App - boom', error],
  ['2026-11-30T10:00:00Z INFO started', info],
  ['2026-11-30T10:00:00.123456789+01:00\tDEBUG\tx', debug],
  ['2026/11/30 10:00:00 [error] 7#7: *1 open() failed', error],
  ['[2026-11-30 10:00:00] notice here', info],
  ['10:00:00.123 [main] INFO c.e.App - started', info],
  ['[10:00:00 WRN] Serilog warning', warn],
  ['[10:00:00 xyz] hello', none],
  ['2026-11-30 10:00:00.123  INFO 1234 --- [main] c.e.App : x', info],
  ['[http-nio-8080-exec-1] ERROR x', error],
  ['panic: runtime error: index out of range', fatal],
  ['Trace: x', trace],
  ['verbose', trace],
  // Monolog
  ['[2026-11-30 10:00:00] local.ERROR: boom {"exception":"x"} []', error],
  ['[2026-11-30T10:00:00.123456+00:00] request.WARNING: slow', warn],
  ['app_1-x.INFO: x', info],
  ['local.ERROR no colon', none],
  ['a.b.ERROR: nested channel', none],
  ['version 1.ERROR: x', none],
  // logcat
  ['W/ActivityManager( 1234): slow', warn],
  ['E/Tag: x', error],
  ['11-30 10:00:00.123 I/Tag: x', info],
  ['I/O error occurred', none],
  // not at a header position
  ['no error found', none],
  ['connection reset, error=timeout', none],
  ['foo ERROR bar', none],
  ['[main] no error', none],
  ['ERRORS everywhere', none],
  ['error-handler started', none],
  ['2026-11-30T10:00:00Z', none],
  ['', none],
  ['   ', none],
];

for (const build of BUILDS) {
  describe(`detectLevel (${build})`, () => {
    const e = new Enrich(build);
    it.each(CASES)('%s', (line, want) => {
      expect(e.level(line)).toBe(want);
      expect(detectLevelOracle(line)).toBe(want);
    });

    it('reads only the first 1024 bytes', () => {
      const pad = `{"msg":"${'x'.repeat(1000)}","level":"error"}`;
      expect(e.level(pad)).toBe(none);
      expect(e.level(`{"msg":"${'x'.repeat(900)}","level":"error"}`)).toBe(error);
    });

    // every word of the table, its case variants and near misses, at every word position, whole and cut short
    // (the word then ends the record: the packed loads must stop at n), also flush against the end of memory
    const TABLE = ['trace', 'trc', 'verbose', 'vrb', 'debug', 'dbg', 'info', 'inf', 'information', 'informational',
      'notice', 'warn', 'warning', 'wrn', 'error', 'err', 'severe', 'fatal', 'ftl', 'critical', 'crit', 'panic', 'emerg',
      'emergency', 'alert', 'level', 'lvl', 'severity', 'log', 'log.level'];
    const variants = (w: string) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1), w.slice(1), w.slice(0, -1), `${w}s`,
      w.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) ^ 1)), w.replace('.', '\x0e'), w.replace(/[a-z]$/, '\x8c')];
    const positions = (v: string) => [v, `${v} x`, `${v}:`, `[${v}] x`, `[ ${v} ]`, `{"level":"${v}"}`, `{"${v}":"error"}`,
      `{"log":{"${v}":"warn"}}`, `level=${v} x`, `${v}=error`, `lvl="${v}"`, `2026-11-30T10:00:00Z ${v}`, `[10:00:00 ${v}] x`,
      `[main] ${v}`, `[main] [${v}]`, `x=1 ${v}=warn`];
    it('every table word and key, case variants and near misses, at each position, agree with the oracle', () => {
      for (const w of TABLE) {
        for (const v of variants(w)) {
          for (const l of positions(v)) {
            for (const cut of [l.length, l.length - 1, l.length - 2]) {
              const s = l.slice(0, Math.max(0, cut));
              const want = detectLevelOracle(s);
              expect([s, e.level(s)]).toEqual([s, want]);
              expect([s, e.levelAtEnd(s)]).toEqual([s, want]);
            }
          }
        }
      }
    });

    it('generated lines flush against the end of memory never read past n', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        expect(e.levelAtEnd(b)).toBe(detectLevelOracle(b));
      }), { numRuns: 3000 });
    });

    const word = fc.constantFrom('error', 'ERROR', 'Warn', 'warning', 'info', 'INF', 'dbg', 'trace', 'FATAL', 'crit',
      'notice', 'emergency', 'informational', 'severe', 'hello', 'errors', 'err', 'e', '');
    const ts = fc.constantFrom('', '2026-11-30T10:00:00Z ', '2026-11-30 10:00:00,123 ', '10:00:00.1 ', '[2026-11-30 10:00:00] ',
      '2026/11/30 10:00:00 ', '11-30 10:00:00.123 ', '2026-11-30T10:00:00+0100 ', '2026-11-30T10:00:00+01:0 ', '[10:00:00 ', '12:3');
    const sep = fc.constantFrom(' ', '\t', ':', ']', ' [', '[', '', '|', ',', '-', '=', '/', '"', '(1):', ' x', '.', 'ch.', '_');
    const text = fc.string({ unit: fc.constantFrom('a', ' ', 'E', 'R', 'O', ':', '[', ']', '"', '=', '\\', '{', '}', ',', '1', '0'), maxLength: 12 });
    const header = fc.tuple(ts, sep, word, sep, word, text).map((a) => a.join(''));
    const key = fc.constantFrom('level', 'lvl', 'Severity', 'log.level', 'log', 'msg', 'lev', '');
    const jvalue = fc.oneof(word.map((w) => `"${w}"`), fc.constantFrom('10', '30', '60', '70', '-1', 'true', 'null', '{}', '[]', '"a\\"b"',
      '{"level":"warn"}', '{"x":[{"level":"error"}],"lvl":"dbg"}', '{"level":"warn"', '', '"'));
    const member = fc.tuple(key, jvalue, fc.constantFrom('', ' ', '\n')).map(([k, v, w]) => `${w}"${k}"${w}:${w}${v}`);
    const json = fc.tuple(fc.array(member, { maxLength: 5 }), fc.constantFrom(',', ', ', ' ', ''), fc.constantFrom('}', '', '}x', ']'))
      .map(([ms, s, end]) => `{${ms.join(s)}${end}`);
    const lf = fc.tuple(fc.array(fc.tuple(key, fc.oneof(word, word.map((w) => `"${w}"`), text)), { maxLength: 4 }), text)
      .map(([ps, t]) => ps.map(([k, v]) => `${k}=${v}`).join(' ') + t);
    const klog = fc.tuple(fc.constantFrom('I', 'W', 'E', 'F', 'D'), fc.constantFrom('1124 10:11:12.1', '1124 10:11:1', '112 10:11:12'), text)
      .map((a) => a.join(''));
    const logcat = fc.tuple(fc.constantFrom('V', 'D', 'I', 'W', 'E', 'F', 'A', 'X'), fc.constantFrom('/Tag', '/', '/T g', '/Tag( 12)', '/Tag(x)'),
      fc.constantFrom(':', ' :', ''), text).map((a) => a.join(''));
    const line = fc.oneof(header, json, lf, klog, logcat, text);

    it('generated headers, JSON, logfmt, klog and logcat lines agree with the oracle', () => {
      fc.assert(fc.property(line, (l) => {
        expect(e.level(l)).toBe(detectLevelOracle(l));
      }), { numRuns: 20000 });
    });

    // the quick forms (enrich/level.ts quickLevel) apply to content of 20 bytes or more: their starts, then a
    // generated line, padded past 20 bytes
    const quickStart = fc.oneof(
      word.map((w) => `{"level":"${w}`), word.map((w) => `level=${w}`), word, fc.constantFrom('{"level":"', 'level=', '{"level":', 'level'),
      fc.string({ unit: fc.constantFrom('0', '9', '1', '-', ':', '.', '/', ' ', 'T', 'a'), maxLength: 12 }));
    const quickEnd = fc.constantFrom('', ' ', '\t', ':', '|', ',', ';', '"', '=', '/', '.', '-', '_', '[', ']', '0', 'x', ' x');
    const quickLine = fc.tuple(quickStart, quickEnd, line, fc.nat(24)).map(([a, b, l, k]) => `${a}${b}${l}${' y'.repeat(k)}`);

    it('lines in and near the quick forms agree with the oracle', () => {
      fc.assert(fc.property(quickLine, (l) => {
        expect(e.level(l)).toBe(detectLevelOracle(l));
      }), { numRuns: 20000 });
    });

    // the memo (enrich/level.ts levelFast) keeps answers by the first 16 bytes: lines that share them, one after
    // the other, each get their own level
    it('lines sharing their first 16 bytes agree with the oracle, in either order', () => {
      const tail = fc.oneof(quickEnd, line, fc.constantFrom('g"', 'gs"', 'ing ', 'x', '"', ' '));
      fc.assert(fc.property(quickLine, tail, tail, (l, t1, t2) => {
        const head = l.slice(0, 16).padEnd(16, 'y');
        for (const t of [t1, t2, t1]) {
          const m = `${head}${t}${' z'.repeat(3)}`;
          expect([m, e.level(m)]).toEqual([m, detectLevelOracle(m)]);
        }
      }), { numRuns: 5000 });
      for (const head of ['{"level":"warnin', '{"level":"inform', 'level=informatio', 'informational ab', 'critical | x y z']) {
        for (const t of ['g" x', 'gs" x', 'al x', 'ation x', '" x', ' x', 'X x', '']) {
          const m = `${head}${t}${' z'.repeat(3)}`;
          expect([m, e.level(m)]).toEqual([m, detectLevelOracle(m)]);
        }
      }
    });

    // the memo keys lines by their shape (enrich/level.ts: every digit made '0'), and keeps a header position for
    // timestamp-led shapes: lines of one shape with other digits and other words after it, one after the other,
    // each get their own level; so do lines that share only part of a shape
    const redigit = (l: string, k: number) => l.replace(/[0-9]/g, (d, i: number) => String((Number(d) + k + i) % 10));
    const shapeHead = fc.oneof(
      fc.tuple(ts, fc.constantFrom('', ' ', '  ', '\t', '[main] ', 'x', '-', '.', ',5', 'Z ', '+01:00 ', '+0 ', '] ')).map((a) => a.join('')),
      fc.constantFrom('2026-11-24T10:00:00.123456789Z ', '2026-11-24 10:00:00.123 ', '2026-11-24T10:00:00.123+01:00 ',
        '[2026-11-24 10:00:00.123] ', '[2026-11-24T10:00:00Z]\t', '10:00:00 ', '11-24 10:00:00.123  ', '2026/11/24 10:00:00 ',
        'I1124 10:11:12.123456    1 ', 'E1124 10:11:12.1 ', 'W1124 10:11:1', 'F1124 10:11:12 ', '1124 10:11:12 ', '20261124 ',
        '2026-11-24T10:00:00.123456789Z', '2026-11-24 10:00:00.123', '3fa9c0d1e2b4 ', '12345678-1234 ', '127.0.0.1 - - ',
        '2026-11-24 10:00:00.12345678901234 ', '2026-11-24 10:00:00.1234567890123456 ', '[10:00:00.123456789012345678] '),
      fc.string({ unit: fc.constantFrom('0', '9', '1', '-', ':', '.', ',', '/', ' ', '\t', 'T', 'Z', '+', '[', ']', 'I', 'E'), maxLength: 34 }));
    const shapeTail = fc.tuple(word, sep, text).map((a) => a.join(''));
    const pad = ' z'.repeat(30);

    it('lines sharing a shape (other digits, other words after it) agree with the oracle, in any order', () => {
      fc.assert(fc.property(shapeHead, shapeTail, shapeTail, fc.nat(9), fc.nat(40), (h, t1, t2, k, cut) => {
        const a = `${h}${t1}${pad}`;
        const b = `${redigit(h, k + 1)}${t2}${pad}`;
        const c = `${a.slice(0, cut)}${redigit(b.slice(cut), k)}`;
        for (const m of [a, b, a, c, redigit(a, k), b, c, a.slice(0, 47), b.slice(0, 48)]) {
          expect([m, e.level(m)]).toEqual([m, detectLevelOracle(m)]);
        }
      }), { numRuns: 8000 });
    });

    it('arbitrary bytes of 48 to 72 from a timestamp alphabet, and the same with other digits, agree with the oracle', () => {
      const unit = fc.constantFrom(...'0123456789-:.,/ \tTZ+[]IWEFinfoERRwarn=|_'.split('').map((c) => c.charCodeAt(0)));
      fc.assert(fc.property(fc.array(unit, { minLength: 48, maxLength: 72 }), fc.nat(9), (arr, k) => {
        const b = Uint8Array.from(arr);
        const d = b.map((x, i) => (x >= 0x30 && x <= 0x39 ? 0x30 + ((x - 0x30 + k + i) % 10) : x));
        for (const m of [b, d, b]) expect(e.level(m)).toBe(detectLevelOracle(m));
      }), { numRuns: 5000 });
    });

    // lines that start with letters miss the memo and are decided by a test on the run of letters, digits, '_' and
    // '-' at byte 0 and the byte after it (enrich/level.ts letterLevel)
    it('letter-led runs (ids, words, channels, keys) and what follows them agree with the oracle', () => {
      const run = fc.string({ unit: fc.constantFrom('a', 'f', 'E', 'I', 'W', 'F', 'D', 'x', '0', '9', '_', '-', 'e', 'r', 'o'), maxLength: 18 });
      const after = fc.constantFrom('', ' ', '\t', ':', '|', ',', ';', '.', '=', '/', '"', '[', '(', '.error: x', '.ERROR: x', '=warn x',
        '="error" y', '.level=fatal z', ' level=error', '/Tag: x', ' INFO x', '1124 10:11:12.123456 x', '\u00e9', '\x00');
      const first = fc.constantFrom('a', 'F', 'I', 'W', 'E', 'error', 'warn', 'info', 'fa', 'DEBUG', 'level', 'lvl', 'severity', 'log',
        'local', 'ts');
      fc.assert(fc.property(first, fc.oneof(run, fc.constant('')), after, fc.nat(30), (w, r, a, k) => {
        const m = `${w}${r}${a}${' y'.repeat(k)}`;
        expect([m, e.level(m)]).toEqual([m, detectLevelOracle(m)]);
      }), { numRuns: 8000 });
    });

    it('arbitrary bytes of 20 to 40 from the quick forms\' alphabet agree with the oracle', () => {
      const unit = fc.constantFrom(...'{}"=:|,;[]/ \t.-_0129abceflnorvwEIWFRO'.split('').map((c) => c.charCodeAt(0)));
      fc.assert(fc.property(fc.array(unit, { minLength: 20, maxLength: 40 }), (a) => {
        const b = Uint8Array.from(a);
        expect(e.level(b)).toBe(detectLevelOracle(b));
      }), { numRuns: 5000 });
    });

    it('arbitrary bytes never trap and agree with the oracle', () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(e.level(b)).toBe(detectLevelOracle(b));
      }), { numRuns: 3000 });
    });

    it('long lines agree with the oracle at the 1024-byte edge', () => {
      fc.assert(fc.property(fc.nat(40), line, (k, l) => {
        const s = `{"m":"${'y'.repeat(1000 + k)}"${l}`;
        expect(e.level(s)).toBe(detectLevelOracle(s));
        const t = `level=${'z'.repeat(1000 + k)} ${l}`;
        expect(e.level(t)).toBe(detectLevelOracle(t));
      }), { numRuns: 500 });
    });
  });
}
