// Docker json-file line decoding (ARCHITECTURE.md "Record semantics" → Docker), hand-written expectations.
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../helpers/engine.ts';
import { createEngine } from '../../bindings/node.ts';
import { bytes, enc, one, run, utcNs } from './util.ts';

const T = '2020-09-27T11:18:01.5Z';
const T_NS = utcNs(2020, 9, 27, 11, 18, 1, 500_000_000n);
const line = (log: string, extra = '') => `{"log":${log},"stream":"stdout","time":"${T}"${extra}}\n`;

describe.each(BUILDS)('Docker decode (%s)', (build) => {
  const o = { build, format: 'docker' as const };
  const logOf = (jsonLog: string) => one(line(jsonLog), o);

  it('decodes a full line; the trailing \\n of log is not content', () => {
    const r = one(`{"log":"line1\\n","stream":"stderr","time":"${T}"}\n`, o);
    expect(r).toMatchObject({ log: 'line1', stream: 'stderr', timeNs: T_NS, partial: false, lines: 1, format: 'docker', attrs: undefined, error: undefined });
  });

  it('auto format picks Docker when the first byte is {', () => {
    expect(one(line('"x\\n"'), { build })).toMatchObject({ format: 'docker', log: 'x' });
  });

  it('a log without \\n is a partial piece', () => {
    expect(logOf('"no newline"')).toMatchObject({ log: 'no newline', partial: true });
  });

  const escapes: Array<[string, string]> = [
    ['"a\\"b\\n"', 'a"b'], ['"a\\\\b\\n"', 'a\\b'], ['"a\\/b\\n"', 'a/b'], ['"\\b\\f\\r\\t\\n"', '\b\f\r\t'],
    ['"x\\ny\\n"', 'x\ny'], ['"\\u0041\\u00e9\\u00E9\\n"', 'Aéé'], ['"\\u20ac\\n"', '€'], ['"\\u0000\\n"', '\u0000'],
    ['"\\u001f\\u007f\\n"', '\u001f\u007f'], ['"\\ud83d\\ude80\\n"', '🚀'], ['"\\uD83D\\uDE80\\n"', '🚀'],
    ['"\\u003ca href=\\u0026\\u003e\\n"', '<a href=&>'], ['"\\uffff\\n"', '\uffff'], ['"\\ud7ff\\ue000\\n"', '\ud7ff\ue000'],
    ['"\\udbff\\udfff\\n"', '\u{10ffff}'], ['"raw é ✓ 🚀\\n"', 'raw é ✓ 🚀'], ['""', ''], ['"\\n"', ''],
    ['"\\n\\n"', '\n'],
  ];
  it.each(escapes)('escape %s', (json, expected) => {
    expect(logOf(json).log).toBe(expected);
  });

  it('a surrogate pair becomes one 4-byte UTF-8 sequence', () => {
    expect([...logOf('"\\ud83d\\ude80\\n"').logBytes]).toEqual([0xf0, 0x9f, 0x9a, 0x80]);
    expect([...logOf('"\\ud800\\udc00\\n"').logBytes]).toEqual([0xf0, 0x90, 0x80, 0x80]);
    expect([...logOf('"\\u00e9\\u0800\\n"').logBytes]).toEqual([0xc3, 0xa9, 0xe0, 0xa0, 0x80]);
  });

  it('raw control bytes and invalid UTF-8 inside strings are kept byte for byte', () => {
    const raw = new Uint8Array([...bytes('{"log":"a'), 0x01, 0x09, 0xff, 0xc0, ...bytes('\\n","stream":"stdout","time":"'), ...bytes(T), ...bytes('"}\n')]);
    expect([...one(raw, o).logBytes]).toEqual([0x61, 0x01, 0x09, 0xff, 0xc0]);
  });

  const badEscapes: Array<[string, string]> = [
    ['"\\ud83d\\n"', 'lone high surrogate followed by another escape'],
    ['"\\ud83dx\\n"', 'lone high surrogate followed by a byte'],
    ['"\\ude80\\n"', 'lone low surrogate'],
    ['"\\ud83d\\u0041\\n"', 'high surrogate + non-surrogate'],
    ['"\\ud83d\\ud83d\\n"', 'two high surrogates'],
    ['"\\x41"', 'unknown escape \\x'],
    ['"\\a"', 'unknown escape \\a'],
    ['"\\U0041"', 'uppercase \\U'],
    ['"\\u00g0"', 'non-hex digit'],
    ['"\\u12"', '\\u with two digits then a quote'],
    ['"\\\'"', 'escaped single quote'],
  ];
  it.each(badEscapes)('bad_escape: %s (%s)', (json) => {
    const r = logOf(json);
    expect(r).toMatchObject({ error: 'bad_escape', stream: 'unknown', timeNs: 0n, lines: 1 });
    expect(r.log).toBe(line(json).slice(0, -1));
  });

  it('keys in any order', () => {
    const want = { log: 'hi', stream: 'stderr', timeNs: T_NS, error: undefined };
    expect(one(`{"time":"${T}","stream":"stderr","log":"hi\\n"}\n`, o)).toMatchObject(want);
    expect(one(`{"stream":"stderr","log":"hi\\n","time":"${T}"}\n`, o)).toMatchObject(want);
    expect(one(`{"stream":"stderr","time":"${T}","attrs":{"a":"b"},"log":"hi\\n"}\n`, o)).toMatchObject({ ...want, attrs: '{"a":"b"}' });
  });

  it('duplicate keys: the last one wins', () => {
    expect(one(`{"log":"first\\n","stream":"stdout","time":"${T}","log":"second\\n","stream":"stderr"}\n`, o))
      .toMatchObject({ log: 'second', stream: 'stderr' });
    expect(one(`{"log":"x\\n","stream":"bogus","time":"bogus","stream":"stdout","time":"1970-01-01T00:00:01Z"}\n`, o))
      .toMatchObject({ error: undefined, stream: 'stdout', timeNs: 1_000_000_000n });
    expect(one(`{"log":"x\\n","stream":"stdout","time":"${T}","attrs":{"a":1},"attrs":[2]}\n`, o).attrs).toBe('[2]');
  });

  it('attrs are kept as raw JSON (exact bytes, no surrounding whitespace)', () => {
    const attrs = '{ "tag" : "a\\u0041\\"b" , "n":[1, -2.5e+3,true,false,null,{}] }';
    expect(one(line('"x\\n"', `,"attrs": ${attrs}  `), o).attrs).toBe(attrs);
    expect(one(line('"x\\n"', ',"attrs":"text"'), o).attrs).toBe('"text"');
    expect(one(line('"x\\n"', ',"attrs":null'), o).attrs).toBe('null');
    expect(one(line('"x\\n"', ',"attrs":12'), o).attrs).toBe('12');
  });

  it('attrs in Docker\'s exact layout: whitespace before the value is not kept (fast and general path agree)', () => {
    const docker = (attrs: string, time = `,"time":"${T}"`) => `{"log":"x\\n","stream":"stdout","attrs":${attrs}${time}}\n`;
    expect(one(docker(' {"k":"v"}'), o).attrs).toBe('{"k":"v"}');
    expect(one(docker('\t {"k":"v"}'), o).attrs).toBe('{"k":"v"}');
    // the same line with a space elsewhere takes the general path
    expect(one(docker(' {"k":"v"} ', ` ,"time":"${T}"`), o).attrs).toBe('{"k":"v"}');
  });

  it('attrs with raw control bytes or invalid UTF-8 inside strings become valid JSON text, meaning kept', () => {
    const raw = (attrs: Uint8Array) => new Uint8Array([
      ...enc.encode('{"log":"x\\n","stream":"stdout","attrs":'), ...attrs, ...enc.encode(`,"time":"${T}"}\n`),
    ]);
    const tab = one(raw(enc.encode('{"k":"x\ty","n":"\u0001\u001f"}')), o);
    expect(tab.attrs).toBe('{"k":"x\\ty","n":"\\u0001\\u001f"}');
    expect(JSON.parse(tab.attrs!)).toEqual({ k: 'x\ty', n: '\u0001\u001f' });
    // escapes already written stay as they are; raw whitespace between tokens stays too
    const kept = one(raw(enc.encode('{\t"k":\r"a\\n\\"\t"}')), o);
    expect(kept.attrs).toBe('{\t"k":\r"a\\n\\"\\t"}');
    expect(JSON.parse(kept.attrs!)).toEqual({ k: 'a\n"\t' });
    // invalid UTF-8: one U+FFFD per maximal invalid subsequence; valid multi-byte text untouched
    const bad = one(raw(new Uint8Array([...enc.encode('{"k":"é'), 0xff, 0xe2, 0x82, 0x41, ...enc.encode('"}')])), o);
    expect(bad.attrs).toBe('{"k":"é\ufffd\ufffdA"}');
    // the NDJSON line parses and says the same
    const e = createEngine({ build });
    const line = JSON.parse(Buffer.from(e.source().pushNdjson(raw(enc.encode('{"k":"x\ty"}')))).toString());
    expect(line.attrs).toEqual({ k: 'x\ty' });
  });

  it('unknown keys and nested values are validated and ignored', () => {
    const r = one(line('"x\\n"', ',"extra":{"a":[1,{"b":"\\u0041"}],"c":"\\"}"},"n":-0.5E-7,"t":true,"f":false,"z":null,"arr":[[],[[]]]'), o);
    expect(r).toMatchObject({ log: 'x', error: undefined, attrs: undefined });
  });

  it('JSON whitespace around tokens and the object is accepted', () => {
    const r = one(` \t{ "log" : "x\\n" ,\r"stream"\t:\t"stdout" , "time" : "${T}" } \t\r\n`, o);
    expect(r).toMatchObject({ log: 'x', stream: 'stdout', timeNs: T_NS, error: undefined });
  });

  const badJson: Array<[string, string]> = [
    ['trailing junk', `{"log":"x\\n","stream":"stdout","time":"${T}"}x`],
    ['two objects', `{"log":"x\\n","stream":"stdout","time":"${T}"}{}`],
    ['missing brace', `{"log":"x\\n","stream":"stdout","time":"${T}"`],
    ['trailing comma', `{"log":"x\\n","stream":"stdout","time":"${T}",}`],
    ['single quotes', `{'log':'x','stream':'stdout','time':'${T}'}`],
    ['missing colon', `{"log" "x\\n","stream":"stdout","time":"${T}"}`],
    ['unquoted key', `{log:"x\\n","stream":"stdout","time":"${T}"}`],
    ['line ends inside a string', '{"log":"abc'],
    ['line ends right after a backslash', '{"log":"abc\\'],
    ['line ends inside \\uXX', '{"log":"abc\\u00'],
    ['line ends after a high surrogate escape', '{"log":"abc\\ud83d'],
    ['bad number', `{"log":"x\\n","stream":"stdout","time":"${T}","n":01}`],
    ['bad literal', `{"log":"x\\n","stream":"stdout","time":"${T}","n":tru}`],
    ['unclosed nested array', `{"log":"x\\n","stream":"stdout","time":"${T}","n":[1,2}`],
    ['array at top level', `["x"]`],
    ['just a brace', '{'],
    ['NUL after the object', `{"log":"x\\n","stream":"stdout","time":"${T}"}\u0000`],
  ];
  it.each(badJson)('bad_json: %s', (_name, text) => {
    expect(one(`${text}\n`, o)).toMatchObject({ error: 'bad_json', stream: 'unknown', log: text, lines: 1 });
  });

  it('syntax errors are met in order: a bad escape before a syntax error is bad_escape and vice versa', () => {
    expect(one('{"log":"\\q", x}\n', o).error).toBe('bad_escape');
    expect(one('{"log" x "\\q"}\n', o).error).toBe('bad_json');
  });

  it('missing or invalid log / stream / time, checked in that order', () => {
    expect(one(`{"stream":"stdout","time":"${T}"}\n`, o).error).toBe('missing_log');
    expect(one(`{"log":5,"stream":"stdout","time":"${T}"}\n`, o).error).toBe('missing_log');
    expect(one(`{"log":null,"stream":"bogus","time":"bad"}\n`, o).error).toBe('missing_log');
    expect(one('{}\n', o).error).toBe('missing_log');
    expect(one(`{"log":"x\\n","time":"${T}"}\n`, o).error).toBe('bad_stream');
    expect(one(`{"log":"x\\n","stream":"stdin","time":"${T}"}\n`, o).error).toBe('bad_stream');
    expect(one(`{"log":"x\\n","stream":"STDOUT","time":"${T}"}\n`, o).error).toBe('bad_stream');
    expect(one(`{"log":"x\\n","stream":1,"time":"${T}"}\n`, o).error).toBe('bad_stream');
    expect(one('{"log":"x\\n","stream":"bogus","time":"bad"}\n', o).error).toBe('bad_stream');
    expect(one('{"log":"x\\n","stream":"stdout"}\n', o).error).toBe('bad_timestamp');
    expect(one('{"log":"x\\n","stream":"stdout","time":"yesterday"}\n', o).error).toBe('bad_timestamp');
    expect(one('{"log":"x\\n","stream":"stdout","time":1600000000}\n', o).error).toBe('bad_timestamp');
  });

  it('escaped values of stream/time are decoded before the check; keys are not decoded', () => {
    expect(one(`{"log":"x\\n","stream":"std\\u006fut","time":"${T}"}\n`, o)).toMatchObject({ stream: 'stdout', error: undefined });
    expect(one(`{"lo\\u0067":"x\\n","stream":"stdout","time":"${T}"}\n`, o).error).toBe('missing_log');
  });

  it('pieces without \\n join; the record keeps the first piece time and attrs', () => {
    const recs = run([
      `{"log":"ab","stream":"stdout","time":"${T}","attrs":{"k":1}}\n`,
      `{"log":"cd","stream":"stdout","time":"2020-09-27T11:18:02Z","attrs":{"k":2}}\n`,
      `{"log":"ef\\n","stream":"stdout","time":"2020-09-27T11:18:03Z"}\n`,
    ], o);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ log: 'abcdef', timeNs: T_NS, attrs: '{"k":1}', partial: false, lines: 3 });
  });

  describe('nesting depth (not in ARCHITECTURE.md; the oracle and json-skip.ts both set a limit of 512)', () => {
    const nested = (n: number) => `{"log":"a\\n","stream":"stdout","time":"${T}","attrs":${'['.repeat(n)}${']'.repeat(n)}}\n`;

    it('511 arrays inside the object (512 levels in all) are accepted; 600 are bad_json', () => {
      expect(one(nested(511), o)).toMatchObject({ log: 'a', error: undefined, attrs: '['.repeat(511) + ']'.repeat(511) });
      expect(one(nested(600), o).error).toBe('bad_json');
    });

    // The top-level object is level 1 (engine and oracle alike; ARCHITECTURE.md): 512 arrays inside it are 513
    // levels, one more than the limit.
    it('512 arrays inside the object (513 levels in all) are bad_json', () => {
      expect(one(nested(512), o).error).toBe('bad_json');
    });
  });
});
