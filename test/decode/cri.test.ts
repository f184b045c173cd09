// CRI line decoding (ARCHITECTURE.md "Record semantics" → CRI), one hand-written line → its record, both builds.
import { describe, expect, it } from 'vitest';
import { BUILDS } from '../helpers/engine.ts';
import { one, run, utcNs } from './util.ts';

const TS = '2016-10-20T18:39:20.57606443Z';
const TS_NS = utcNs(2016, 10, 20, 18, 39, 20, 576064430n);

describe.each(BUILDS)('CRI decode (%s)', (build) => {
  const o = { build, format: 'cri' as const };

  it('decodes a full line: time, stream, content without the \\n, format, lines', () => {
    const r = one(`${TS} stdout F hello world\n`, o);
    expect(r).toMatchObject({ timeNs: TS_NS, stream: 'stdout', log: 'hello world', partial: false, truncated: false, lines: 1, format: 'cri' });
    expect(r.error).toBeUndefined();
    expect(one(`${TS} stderr F oops\n`, o)).toMatchObject({ stream: 'stderr', log: 'oops' });
  });

  it('auto format picks CRI when the first byte is not {', () => {
    expect(one(`${TS} stdout F x\n`, { build })).toMatchObject({ format: 'cri', log: 'x' });
  });

  const fracs: Array<[string, bigint]> = [
    ['', 0n], ['.1', 100000000n], ['.12', 120000000n], ['.123', 123000000n], ['.1234', 123400000n],
    ['.12345', 123450000n], ['.123456', 123456000n], ['.1234567', 123456700n], ['.12345678', 123456780n],
    ['.123456789', 123456789n], ['.000000001', 1n], ['.999999999', 999999999n], ['.00000000', 0n], ['.0', 0n],
  ];
  it.each(fracs)('fraction "%s" → %s ns', (frac, ns) => {
    expect(one(`2024-02-29T23:59:58${frac}Z stdout F x\n`, o).timeNs).toBe(utcNs(2024, 2, 29, 23, 59, 58, ns));
  });

  it('rejects a fraction of 10 digits, an empty fraction, a comma', () => {
    for (const ts of ['2024-02-29T23:59:58.1234567890Z', '2024-02-29T23:59:58.Z', '2024-02-29T23:59:58,5Z']) {
      expect(one(`${ts} stdout F x\n`, o)).toMatchObject({ error: 'bad_timestamp', stream: 'unknown' });
    }
  });

  const offsets: Array<[string, bigint]> = [
    ['Z', 0n], ['+00:00', 0n], ['-00:00', 0n], ['+05:30', -(5n * 3600n + 30n * 60n)], ['-08:00', 8n * 3600n],
    ['+14:00', -14n * 3600n], ['-23:59', 23n * 3600n + 59n * 60n],
  ];
  it.each(offsets)('offset %s', (off, deltaSec) => {
    const r = one(`2020-01-26T03:17:29.346494690${off} stderr F crio style\n`, o);
    expect(r.timeNs).toBe(utcNs(2020, 1, 26, 3, 17, 29, 346494690n) + deltaSec * 1_000_000_000n);
    expect(r).toMatchObject({ stream: 'stderr', log: 'crio style' });
  });

  it('rejects malformed offsets', () => {
    for (const off of ['+0530', '+5:30', '+05', '+24:00', '+05:60', 'z', '', ' ', 'UTC']) {
      expect(one(`2020-01-26T03:17:29${off} stdout F x\n`, o).error, off).toBe('bad_timestamp');
    }
  });

  it('tag P is a partial piece (held; close releases it flagged partial)', () => {
    const r = one(`${TS} stdout P part\n`, o);
    expect(r).toMatchObject({ log: 'part', partial: true, lines: 1, timeNs: TS_NS });
  });

  it('tag P:x:y is partial, F:x and X and FF and p are full', () => {
    expect(one(`${TS} stdout P:TAG1:TAG2 a b\n`, o)).toMatchObject({ log: 'a b', partial: true });
    for (const tag of ['F', 'F:x', 'X', 'FF', 'p', 'PP', 'Px']) {
      expect(one(`${TS} stdout ${tag} body\n`, o), tag).toMatchObject({ log: 'body', partial: false });
    }
  });

  it('P then F joins; the record keeps the first piece time', () => {
    const recs = run([`${TS} stdout P ab\n2016-10-20T18:39:21Z stdout F cd\n`], o);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ log: 'abcd', timeNs: TS_NS, partial: false, lines: 2 });
  });

  it('empty content: `TS stdout F ` gives an empty record', () => {
    expect(one(`${TS} stdout F \n`, o)).toMatchObject({ log: '', partial: false, stream: 'stdout', error: undefined });
  });

  it('bare `TS stream F` (conmon terminator) is an empty full line and ends a pending partial', () => {
    expect(one(`${TS} stdout F\n`, o)).toMatchObject({ log: '', partial: false, error: undefined });
    const recs = run([`${TS} stderr P abc\n${TS} stderr F\n`], o);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ log: 'abc', stream: 'stderr', partial: false, lines: 2 });
  });

  it('keeps leading spaces, inner spaces, tabs, \\r, UTF-8 bytes of the content', () => {
    expect(one(`${TS} stdout F  two leading\n`, o).log).toBe(' two leading');
    expect(one(`${TS} stdout F    a  b\t c\r\n`, o).log).toBe('   a  b\t c\r');
    expect(one(`${TS} stdout F héllo ✓ 🚀\n`, o).log).toBe('héllo ✓ 🚀');
  });

  it('empty TAGS (two spaces after the stream) is full; content is what follows', () => {
    expect(one(`${TS} stdout  content here\n`, o)).toMatchObject({ log: 'content here', partial: false, error: undefined });
  });

  describe('errors carry the raw line, stream unknown, previous good time', () => {
    const cases: Array<[string, string, string]> = [
      ['no space at all', 'garbage', 'bad_timestamp'],
      ['timestamp only', TS, 'bad_timestamp'],
      ['unsupported format', 'unsupported log format test log', 'bad_timestamp'],
      ['bad month', '2016-13-20T18:39:20Z stdout F x', 'bad_timestamp'],
      ['lowercase t', '2016-10-20t18:39:20Z stdout F x', 'bad_timestamp'],
      ['space instead of T', '2016-10-20 18:39:20Z stdout F x', 'bad_timestamp'],
      ['leading space', ` ${TS} stdout F x`, 'bad_timestamp'],
      ['nothing after TS SP', `${TS} `, 'bad_stream'],
      ['unknown stream', `${TS} stdin F x`, 'bad_stream'],
      ['uppercase stream', `${TS} STDOUT F x`, 'bad_stream'],
      ['stream prefix', `${TS} std F x`, 'bad_stream'],
      ['no space after stream', `${TS} stdout`, 'bad_stream'],
      ['no space after stream (stderr)', `${TS} stderr`, 'bad_stream'],
      ['nothing after STREAM SP', `${TS} stdout `, 'missing_tag'],
    ];
    it.each(cases)('%s', (_name, line, reason) => {
      const r = one(`${line}\n`, o);
      expect(r).toMatchObject({ error: reason, stream: 'unknown', log: line, partial: false, lines: 1, timeNs: 0n });
    });

    it('an error record takes the time of the previous good line, and does not touch held pieces', () => {
      const recs = run([`${TS} stdout P held\n${TS.replace('20.5', '21.5')} stderr F e1\nbroken line\n2016-10-20T18:39:30Z stdout F end\n`], o);
      expect(recs.map((r) => [r.log, r.error ?? null, r.stream])).toEqual([
        ['e1', null, 'stderr'], ['broken line', 'bad_timestamp', 'unknown'], ['heldend', null, 'stdout'],
      ]);
      expect(recs[1].timeNs).toBe(utcNs(2016, 10, 20, 18, 39, 21, 576064430n));
      expect(recs[2].timeNs).toBe(TS_NS);
      expect(recs.map((r) => r.lines)).toEqual([1, 1, 2]);
    });
  });

  it('forced cri format decodes a line starting with {', () => {
    expect(one('{"log":"x\\n","stream":"stdout","time":"2016-10-20T18:39:20Z"}\n', o)).toMatchObject({ error: 'bad_timestamp', format: 'cri' });
  });
});
