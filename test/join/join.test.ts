// Joining partial pieces (ARCHITECTURE.md "Join"): CRI P…F and Docker pieces without "\n", keyed by stream,
// maxRecordBytes cuts, flush/close releasing held pieces, `lines` accounting.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes, copy, run, utcNs, type Rec } from '../decode/util.ts';

const ts = (s: number) => `2024-05-01T12:00:${String(s).padStart(2, '0')}Z`;
const ns = (s: number) => utcNs(2024, 5, 1, 12, 0, s);
const cri = (s: number, stream: string, tag: string, content: string) => `${ts(s)} ${stream} ${tag} ${content}\n`;
const dk = (s: number, stream: string, log: string, attrs?: string) =>
  `{"log":${JSON.stringify(log)},"stream":"${stream}","time":"${ts(s)}"${attrs ? `,"attrs":${attrs}` : ''}}\n`;
const view = (recs: Rec[]) => recs.map((r) => ({ log: r.log, stream: r.stream, t: r.timeNs, tr: r.truncated, p: r.partial, lines: r.lines }));

describe.each(BUILDS)('join (%s)', (build) => {
  it('CRI P…F joins per stream with interleaved stdout/stderr', () => {
    const input = cri(1, 'stdout', 'P', 'out-a ') + cri(2, 'stderr', 'P', 'err-a ') + cri(3, 'stdout', 'P', 'out-b ')
      + cri(4, 'stderr', 'F', 'err-b') + cri(5, 'stdout', 'F', 'out-c') + cri(6, 'stderr', 'F', 'alone');
    expect(view(run(input, { build }))).toEqual([
      { log: 'err-a err-b', stream: 'stderr', t: ns(2), tr: false, p: false, lines: 2 },
      { log: 'out-a out-b out-c', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 3 },
      { log: 'alone', stream: 'stderr', t: ns(6), tr: false, p: false, lines: 1 },
    ]);
  });

  it('Docker pieces without \\n join; first piece time and attrs kept; streams are separate', () => {
    const input = dk(1, 'stdout', 'a1', '{"n":1}') + dk(2, 'stderr', 'b1') + dk(3, 'stdout', 'a2', '{"n":2}')
      + dk(4, 'stderr', 'b2\n', '{"m":1}') + dk(5, 'stdout', 'a3\n');
    const recs = run(input, { build });
    expect(view(recs)).toEqual([
      { log: 'b1b2', stream: 'stderr', t: ns(2), tr: false, p: false, lines: 2 },
      { log: 'a1a2a3', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 3 },
    ]);
    expect(recs.map((r) => r.attrs)).toEqual([undefined, '{"n":1}']);
  });

  it('an error line between pieces does not disturb the held record', () => {
    const recs = run(cri(1, 'stdout', 'P', 'x') + 'not a line\n' + cri(2, 'stdout', 'F', 'y'), { build });
    expect(recs.map((r) => [r.log, r.error ?? null, r.lines])).toEqual([['not a line', 'bad_timestamp', 1], ['xy', null, 2]]);
  });

  describe('maxRecordBytes', () => {
    const o = { build, maxRecordBytes: 10, maxLineBytes: 1000 };

    it('a record of exactly the cap stays whole', () => {
      expect(view(run(cri(1, 'stdout', 'P', 'abcdef') + cri(2, 'stdout', 'F', 'ghij'), o))).toEqual([
        { log: 'abcdefghij', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 2 },
      ]);
      expect(view(run(cri(1, 'stdout', 'F', '0123456789'), o))).toEqual([
        { log: '0123456789', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 1 },
      ]);
    });

    it('one byte more is cut at the cap; the rest goes on with the same time', () => {
      expect(view(run(cri(1, 'stdout', 'P', 'abcdef') + cri(2, 'stdout', 'F', 'ghijk'), o))).toEqual([
        { log: 'abcdefghij', stream: 'stdout', t: ns(1), tr: true, p: false, lines: 1 },
        { log: 'k', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 1 },
      ]);
      expect(view(run(cri(1, 'stdout', 'F', '0123456789X'), o))).toEqual([
        { log: '0123456789', stream: 'stdout', t: ns(1), tr: true, p: false, lines: 0 },
        { log: 'X', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 1 },
      ]);
    });

    it('a long full line is cut into cap-sized records; nothing is dropped', () => {
      const content = 'abcdefghijklmnopqrstuvwxyz0123456789'; // 36 bytes
      const recs = run(cri(1, 'stderr', 'F', content), o);
      expect(recs.map((r) => r.log)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz0123', '456789']);
      expect(recs.map((r) => r.truncated)).toEqual([true, true, true, false]);
      expect(recs.every((r) => r.timeNs === ns(1) && r.stream === 'stderr')).toBe(true);
      expect(recs.reduce((n, r) => n + r.lines, 0)).toBe(1);
    });

    it('a held record of exactly the cap, completed by an empty F piece, is not truncated', () => {
      expect(view(run(cri(1, 'stdout', 'P', '0123456789') + cri(2, 'stdout', 'F', ''), o))).toEqual([
        { log: '0123456789', stream: 'stdout', t: ns(1), tr: false, p: false, lines: 2 },
      ]);
    });

    it('many pieces across the cap: the concatenation of all records equals all pieces', () => {
      const pieces = ['abc', 'defgh', 'ijklmnop', 'q', 'rstuvwxyz01', '23', '4567'];
      let input = '';
      pieces.forEach((p, i) => (input += cri(i + 1, 'stdout', i === pieces.length - 1 ? 'F' : 'P', p)));
      const recs = run(input, o);
      expect(recs.map((r) => r.log).join('')).toBe(pieces.join(''));
      expect(recs.slice(0, -1).every((r) => r.log.length === 10 && r.truncated)).toBe(true);
      expect(recs.at(-1)!.truncated).toBe(false);
      expect(recs.every((r) => r.timeNs === ns(1))).toBe(true);
      expect(recs.reduce((n, r) => n + r.lines, 0)).toBe(pieces.length);
    });

    it('Docker pieces are cut the same way', () => {
      const recs = run(dk(1, 'stdout', 'abcdefgh') + dk(2, 'stdout', 'ijklmnopqrstuvwxy\n'), o);
      expect(recs.map((r) => [r.log, r.truncated])).toEqual([['abcdefghij', true], ['klmnopqrst', true], ['uvwxy', false]]);
      expect(recs.every((r) => r.timeNs === ns(1))).toBe(true);
    });
  });

  it('flush releases held pieces flagged partial; later pieces start a new record', () => {
    const engine = createEngine({ build });
    const src = engine.source(undefined, { format: 'cri' });
    expect(copy(src.push(bytes(cri(1, 'stdout', 'P', 'a') + cri(2, 'stderr', 'P', 'b'))))).toEqual([]);
    const flushed = copy(src.flush());
    expect(flushed.map((r) => [r.log, r.stream, r.partial, r.timeNs, r.lines]).sort()).toEqual(
      [['a', 'stdout', true, ns(1), 1], ['b', 'stderr', true, ns(2), 1]].sort(),
    );
    expect(copy(src.flush())).toEqual([]);
    const after = copy(src.push(bytes(cri(3, 'stdout', 'F', 'c'))));
    expect(view(after)).toEqual([{ log: 'c', stream: 'stdout', t: ns(3), tr: false, p: false, lines: 1 }]);
    expect(copy(src.close())).toEqual([]);
  });

  it('close releases held pieces too (flagged partial), including an empty one', () => {
    const recs = run([cri(1, 'stdout', 'P', 'x') + cri(2, 'stdout', 'P', 'y') + cri(3, 'stderr', 'P', '')], { build });
    expect(recs.map((r) => [r.log, r.stream, r.partial, r.lines]).sort()).toEqual([['', 'stderr', true, 1], ['xy', 'stdout', true, 2]]);
  });

  it('Docker: flush releases a piece without \\n flagged partial', () => {
    const recs = run([dk(1, 'stdout', 'abc'), null, dk(2, 'stdout', 'def\n')], { build });
    expect(view(recs)).toEqual([
      { log: 'abc', stream: 'stdout', t: ns(1), tr: false, p: true, lines: 1 },
      { log: 'def', stream: 'stdout', t: ns(2), tr: false, p: false, lines: 1 },
    ]);
  });

  it('sources are independent', () => {
    const engine = createEngine({ build });
    const a = engine.source('a', { format: 'cri' });
    const b = engine.source('b', { format: 'cri' });
    expect(copy(a.push(bytes(cri(1, 'stdout', 'P', 'A1'))))).toEqual([]);
    expect(copy(b.push(bytes(cri(2, 'stdout', 'F', 'B'))))).toMatchObject([{ log: 'B', file: 'b' }]);
    expect(copy(a.push(bytes(cri(3, 'stdout', 'F', 'A2'))))).toMatchObject([{ log: 'A1A2', file: 'a', timeNs: ns(1) }]);
  });
});
