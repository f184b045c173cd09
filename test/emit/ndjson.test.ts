// NDJSON output (ARCHITECTURE.md "NDJSON schema"): exact text for hand-written records.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes } from '../decode/util.ts';

const TS = '2026-11-24T10:00:00.123456789Z';
const cat = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...bytes(p)] : p)));

describe.each(BUILDS)('NDJSON (%s)', (build) => {
  /** NDJSON of one source: push everything, then close; checks that every line parses. */
  function nd(input: string | Uint8Array, opts: { path?: string; format?: 'cri' | 'docker'; maxRecordBytes?: number; flush?: boolean } = {}): string {
    const engine = createEngine({ build, maxRecordBytes: opts.maxRecordBytes });
    const src = engine.source(opts.path, { format: opts.format ?? 'auto' });
    const dec = new TextDecoder('utf-8', { fatal: true });
    let out = dec.decode(src.pushNdjson(bytes(input)));
    if (opts.flush) out += dec.decode(src.flushNdjson());
    out += dec.decode(src.closeNdjson());
    for (const line of out.split('\n').slice(0, -1)) expect(() => JSON.parse(line), line).not.toThrow();
    if (out.length) expect(out.endsWith('\n')).toBe(true);
    return out;
  }

  it('plain CRI record: time with nine digits, stream, log, in that order', () => {
    expect(nd(`${TS} stdout F hello\n`)).toBe(`{"time":"2026-11-24T10:00:00.123456789Z","stream":"stdout","log":"hello"}\n`);
    expect(nd(`2026-11-24T10:00:00Z stderr F x\n`)).toBe(`{"time":"2026-11-24T10:00:00.000000000Z","stream":"stderr","log":"x"}\n`);
    expect(nd(`2026-11-24T10:00:00.5+01:00 stdout F x\n`)).toBe(`{"time":"2026-11-24T09:00:00.500000000Z","stream":"stdout","log":"x"}\n`);
  });

  it('optional fields in order: attrs, truncated, partial, error, file', () => {
    const T = '2020-01-02T03:04:05Z';
    const T9 = '2020-01-02T03:04:05.000000000Z';
    expect(nd(`{"log":"a\\n","stream":"stdout","time":"${T}","attrs":{"k": [1, "v"]}}\n`, { path: '/x.log' }))
      .toBe(`{"time":"${T9}","stream":"stdout","log":"a","attrs":{"k": [1, "v"]},"file":"/x.log"}\n`);
    expect(nd(`{"log":"abc","stream":"stderr","time":"${T}","attrs":{"z":null}}\n`, { path: 'p' }))
      .toBe(`{"time":"${T9}","stream":"stderr","log":"abc","attrs":{"z":null},"partial":true,"file":"p"}\n`);
    expect(nd(`{"log":"abcdef","stream":"stdout","time":"${T}","attrs":1}\n{"log":"ghi\\n","stream":"stdout","time":"${T}"}\n`, { maxRecordBytes: 4 }))
      .toBe(`{"time":"${T9}","stream":"stdout","log":"abcd","attrs":1,"truncated":true}\n`
        + `{"time":"${T9}","stream":"stdout","log":"efgh","attrs":1,"truncated":true}\n`
        + `{"time":"${T9}","stream":"stdout","log":"i","attrs":1}\n`);
    expect(nd(`${T} stdout P 123456\n`, { maxRecordBytes: 4, path: 'f' }))
      .toBe(`{"time":"${T9}","stream":"stdout","log":"1234","truncated":true,"file":"f"}\n`
        + `{"time":"${T9}","stream":"stdout","log":"56","partial":true,"file":"f"}\n`);
    expect(nd(`${T} stdout P 12\n`, { flush: true }))
      .toBe(`{"time":"${T9}","stream":"stdout","log":"12","partial":true}\n`);
    expect(nd(`${T} stdout F ok\nbroken\n`, { path: 'f' }))
      .toBe(`{"time":"${T9}","stream":"stdout","log":"ok","file":"f"}\n`
        + `{"time":"${T9}","stream":"unknown","log":"broken","error":"bad_timestamp","file":"f"}\n`);
  });

  it('every error reason is named in NDJSON', () => {
    const E0 = '1970-01-01T00:00:00.000000000Z';
    const err = (line: string, format: 'cri' | 'docker', reason: string) =>
      expect(nd(`${line}\n`, { format })).toBe(`{"time":"${E0}","stream":"unknown","log":${JSON.stringify(line)},"error":"${reason}"}\n`);
    err('x', 'cri', 'bad_timestamp');
    err(`${TS} stdin F x`, 'cri', 'bad_stream');
    err(`${TS} stdout `, 'cri', 'missing_tag');
    err('{"log":', 'docker', 'bad_json');
    err('{"log":"\\z"}', 'docker', 'bad_escape');
    err('{"stream":"stdout"}', 'docker', 'missing_log');
  });

  it('escapes " and \\ and control bytes minimally, exactly as JSON.stringify', () => {
    const content = cat('q"b\\s/', [0x08, 0x09, 0x0c, 0x0d, 0x00, 0x01, 0x1b, 0x1f, 0x7f], ' ');
    const out = nd(cat(`${TS} stdout F `, [...content], '\n'));
    expect(out).toBe(`{"time":"2026-11-24T10:00:00.123456789Z","stream":"stdout","log":"q\\"b\\\\s/\\b\\t\\f\\r\\u0000\\u0001\\u001b\\u001f\x7f "}\n`);
    expect(out).toBe(`{"time":"2026-11-24T10:00:00.123456789Z","stream":"stdout","log":${JSON.stringify('q"b\\s/\b\t\f\r\u0000\u0001\u001b\u001f\u007f ')}}\n`);
    // Docker: a decoded \n inside the log comes out as \n
    expect(nd(`{"log":"a\\nb\\u000b\\n","stream":"stdout","time":"${TS}"}\n`)).toBe(`{"time":"${TS}","stream":"stdout","log":"a\\nb\\u000b"}\n`);
  });

  it('non-ASCII UTF-8 is written raw', () => {
    expect(nd(`${TS} stdout F é ✓ 🚀 \u2028\n`)).toBe(`{"time":"${TS}","stream":"stdout","log":"é ✓ 🚀 \u2028"}\n`);
  });

  const invalid: Array<[string, number[], string]> = [
    ['truncated 4-byte sequence', [0xf0, 0x9f, 0x98], '\ufffd'],
    ['overlong NUL', [0xc0, 0x80], '\ufffd\ufffd'],
    ['lone continuation', [0x80], '\ufffd'],
    ['0xFF', [0xff, 0x41], '\ufffdA'],
    ['surrogate encoded in UTF-8', [0xed, 0xa0, 0x80], '\ufffd\ufffd\ufffd'],
    ['truncated 3-byte then ASCII', [0xe2, 0x9c, 0x41], '\ufffdA'],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\ufffd\ufffd\ufffd\ufffd'],
    ['truncated sequence at the very end', [0x41, 0xe2, 0x9c], 'A\ufffd'],
    ['valid between invalid', [0xc3, 0xa9, 0xc3, 0xc3, 0xa9], 'é\ufffdé'],
  ];
  it.each(invalid)('invalid UTF-8 → U+FFFD per maximal subpart: %s', (_name, raw, text) => {
    const out = nd(cat(`${TS} stdout F `, raw, '\n'));
    expect(out).toBe(`{"time":"${TS}","stream":"stdout","log":"${text}"}\n`);
    // the record table keeps the original bytes
    const engine = createEngine({ build });
    const recs = [...engine.source().push(cat(`${TS} stdout F `, raw, '\n'))].map((r) => [...r.logBytes]);
    expect(recs).toEqual([raw]);
  });

  it('times before 1970 and at the range limits', () => {
    expect(nd('1969-12-31T23:59:59.5Z stdout F x\n')).toBe('{"time":"1969-12-31T23:59:59.500000000Z","stream":"stdout","log":"x"}\n');
    expect(nd('1678-01-01T00:00:00.000000001Z stdout F x\n')).toBe('{"time":"1678-01-01T00:00:00.000000001Z","stream":"stdout","log":"x"}\n');
    expect(nd('2261-12-31T23:59:59.999999999Z stdout F x\n')).toBe('{"time":"2261-12-31T23:59:59.999999999Z","stream":"stdout","log":"x"}\n');
    expect(nd('1900-01-01T00:00:00Z stdout F x\n')).toBe('{"time":"1900-01-01T00:00:00.000000000Z","stream":"stdout","log":"x"}\n');
  });

  it('file paths are escaped', () => {
    const path = 'C:\\logs\\"q"\t/é\u0001.log';
    const out = nd(`${TS} stdout F x\n`, { path });
    expect(out).toBe(`{"time":"${TS}","stream":"stdout","log":"x","file":"C:\\\\logs\\\\\\"q\\"\\t/é\\u0001.log"}\n`);
    expect(JSON.parse(out).file).toBe(path);
  });

  it('batch toJSON matches the NDJSON line', () => {
    const input = `{"log":"a\\"\\n","stream":"stderr","time":"${TS}","attrs":{"x":[1,2]}}\n`;
    const engine = createEngine({ build });
    const objs = engine.source('f.log').push(bytes(input)).toObjects();
    expect(objs).toEqual([{ time: TS, stream: 'stderr', log: 'a"', attrs: { x: [1, 2] }, file: 'f.log' }]);
    expect(JSON.stringify(objs[0]) + '\n').toBe(nd(input, { path: 'f.log' }).replace('{"x":[1,2]}', '{"x":[1,2]}'));
  });
});
