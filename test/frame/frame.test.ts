// Line framing (ARCHITECTURE.md "Lines", "Over-long physical lines"): carry across pushes, close, maxLineBytes cuts,
// `\r` and NUL as content, empty lines, multi-MiB lines.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes, copy, latin1, run, utcNs, type Rec } from '../decode/util.ts';

const TS = '2024-05-01T12:00:01Z';
const T_NS = utcNs(2024, 5, 1, 12, 0, 1);
const brief = (recs: Rec[]) => recs.map((r) => [r.log, r.stream, r.partial, r.truncated, r.error ?? null, r.lines]);

describe.each(BUILDS)('framing (%s)', (build) => {
  const small = `${TS} stdout F one\n${TS} stderr P tw\n${TS} stderr F o\r\n\nbad\n${TS} stdout F last`;
  const expected = [
    ['one', 'stdout', false, false, null, 1],
    ['two\r', 'stderr', false, false, null, 2],
    ['', 'unknown', false, false, 'bad_timestamp', 1],
    ['bad', 'unknown', false, false, 'bad_timestamp', 1],
    ['last', 'stdout', false, false, null, 1],
  ];

  it('a small input gives the hand-written records; close emits the last line without \\n', () => {
    expect(brief(run(small, { build }))).toEqual(expected);
  });

  it('every split point (and every pair of split points) gives the same records', () => {
    const b = bytes(small);
    for (let i = 0; i <= b.length; i++) {
      expect(brief(run([b.subarray(0, i), b.subarray(i)], { build })), `split at ${i}`).toEqual(expected);
    }
    for (let i = 0; i <= b.length; i += 3) {
      for (let j = i; j <= b.length; j += 5) {
        expect(brief(run([b.subarray(0, i), b.subarray(i, j), b.subarray(j)], { build })), `split at ${i},${j}`).toEqual(expected);
      }
    }
  });

  it('one byte per push gives the same records', () => {
    const b = bytes(small);
    expect(brief(run([...b].map((x) => new Uint8Array([x])), { build }))).toEqual(expected);
  });

  it('a pushed line is emitted by its push; an incomplete one only when its \\n arrives', () => {
    const engine = createEngine({ build });
    const src = engine.source();
    expect(copy(src.push(bytes(`${TS} stdout F ab`)))).toEqual([]);
    expect(copy(src.push(bytes('cd')))).toEqual([]);
    expect(copy(src.flush())).toEqual([]); // flush never processes the held tail
    expect(copy(src.push(bytes('ef\n')))).toMatchObject([{ log: 'abcdef', timeNs: T_NS, lines: 1 }]);
    expect(copy(src.close())).toEqual([]);
  });

  it('\\r is content (also \\r\\n), NUL bytes are content', () => {
    expect(run(`${TS} stdout F a\rb\r\r\n`, { build })[0].log).toBe('a\rb\r\r');
    const nul = new Uint8Array([...bytes(`${TS} stdout F `), 0, 0x61, 0, 0x0a]);
    expect([...run(nul, { build })[0].logBytes]).toEqual([0, 0x61, 0]);
    const dnul = new Uint8Array([...bytes('{"log":"'), 0, ...bytes(`\\n","stream":"stdout","time":"${TS}"}\n`)]);
    expect([...run(dnul, { build, format: 'docker' })[0].logBytes]).toEqual([0]);
  });

  it('empty lines are error records (CRI: bad_timestamp, Docker: bad_json)', () => {
    expect(brief(run('\n\n', { build, format: 'cri' }))).toEqual([
      ['', 'unknown', false, false, 'bad_timestamp', 1], ['', 'unknown', false, false, 'bad_timestamp', 1],
    ]);
    expect(brief(run('\n', { build, format: 'docker' }))).toEqual([['', 'unknown', false, false, 'bad_json', 1]]);
    expect(run('', { build })).toEqual([]);
  });

  describe('maxLineBytes', () => {
    const o = { build, maxRecordBytes: 1000, maxLineBytes: 40 };
    const header = `${TS} stdout F `; // 30 bytes
    const content = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX'; // 50 bytes

    it('CRI: later segments continue the content of the same piece', () => {
      const recs = run(`${header}${content}\n`, o);
      expect(brief(recs)).toEqual([[content, 'stdout', false, false, null, 1]]);
      expect(recs[0].timeNs).toBe(T_NS);
      const engine = createEngine(o);
      engine.source().close();
      const src = engine.source();
      copy(src.push(bytes(`${header}${content}\n`)));
      expect(engine.counters().linesCut).toBe(1);
    });

    it('CRI: a line of exactly maxLineBytes is not cut; one more byte is', () => {
      const e1 = createEngine(o);
      expect(copy(e1.source().push(bytes(`${header}${content.slice(0, 10)}\n`)))[0].log).toBe(content.slice(0, 10));
      expect(e1.counters().linesCut).toBe(0);
      const e2 = createEngine(o);
      expect(copy(e2.source().push(bytes(`${header}${content.slice(0, 11)}\n`)))[0].log).toBe(content.slice(0, 11));
      expect(e2.counters().linesCut).toBe(1);
    });

    it('CRI: the tag decides at the last segment (P held and joined with the next F)', () => {
      const recs = run(`${TS} stdout P ${content}\n${TS} stdout F !\n`, o);
      expect(brief(recs)).toEqual([[content + '!', 'stdout', false, false, null, 2]]);
    });

    it('CRI: a malformed first segment makes every segment an error record with its reason', () => {
      const line = `${TS} stdin  F ${content}`; // 80 bytes: segments 40, 40
      const recs = run(`${line}\n`, o);
      expect(brief(recs)).toEqual([
        [line.slice(0, 40), 'unknown', false, false, 'bad_stream', 0],
        [line.slice(40), 'unknown', false, false, 'bad_stream', 1],
      ]);
    });

    it('Docker: each segment is a line_too_long error record', () => {
      const line = `{"log":"${content}\\n","stream":"stdout","time":"${TS}"}`; // 99 bytes: 40, 40, 19
      const recs = run(`${line}\n`, { ...o, format: 'docker' });
      expect(brief(recs)).toEqual([
        [line.slice(0, 40), 'unknown', false, false, 'line_too_long', 0],
        [line.slice(40, 80), 'unknown', false, false, 'line_too_long', 0],
        [line.slice(80), 'unknown', false, false, 'line_too_long', 1],
      ]);
    });

    it('an over-long held tail is cut at close the same way', () => {
      expect(brief(run(`${header}${content}`, o))).toEqual([[content, 'stdout', false, false, null, 1]]);
    });

    it('an over-long line split across pushes at every point gives the same record', () => {
      const b = bytes(`${header}${content}\n${TS} stderr F z\n`);
      for (let i = 0; i <= b.length; i++) {
        expect(brief(run([b.subarray(0, i), b.subarray(i)], o)), `split at ${i}`).toEqual([
          [content, 'stdout', false, false, null, 1], ['z', 'stderr', false, false, null, 1],
        ]);
      }
    });
  });

  it('a 3 MiB CRI line with default limits: truncated 1 MiB records, content preserved, no trap', () => {
    const MiB = 1 << 20;
    const content = new Uint8Array(3 * MiB + 12345);
    for (let i = 0; i < content.length; i++) content[i] = 0x61 + (i % 26);
    const line = new Uint8Array([...bytes(`${TS} stdout F `), ...content.subarray(0, 0), 0]);
    const input = new Uint8Array(line.length - 1 + content.length + 1);
    input.set(line.subarray(0, line.length - 1));
    input.set(content, line.length - 1);
    input[input.length - 1] = 0x0a;
    const engine = createEngine({ build });
    const src = engine.source();
    const recs = copy(src.push(input));
    copy(src.close(), recs);
    expect(recs.map((r) => [r.logBytes.length, r.truncated])).toEqual([[MiB, true], [MiB, true], [MiB, true], [12345, false]]);
    expect(recs.every((r) => r.timeNs === T_NS && r.error === undefined)).toBe(true);
    const joined = new Uint8Array(content.length);
    let o = 0;
    for (const r of recs) joined.set(r.logBytes, (o += r.logBytes.length) - r.logBytes.length);
    expect(Buffer.compare(joined, content)).toBe(0);
    expect(recs.reduce((n, r) => n + r.lines, 0)).toBe(1);
    const c = engine.counters();
    expect(c.linesCut).toBe(1);
    expect(c.truncatedRecords).toBe(3);
  });

  it('1 MiB+ lines split across many pushes (CRI and Docker)', () => {
    const n = (1 << 20) + 5000;
    const content = 'xyz'.repeat(Math.ceil(n / 3)).slice(0, n);
    const criInput = bytes(`${TS} stdout F ${content}\n${TS} stdout F after\n`);
    const dockerInput = bytes(`{"log":"${content}\\n","stream":"stderr","time":"${TS}"}\n{"log":"after\\n","stream":"stderr","time":"${TS}"}\n`);
    for (const [input, stream] of [[criInput, 'stdout'], [dockerInput, 'stderr']] as const) {
      const chunks: Uint8Array[] = [];
      for (let i = 0, k = 1; i < input.length; i += k, k = (k * 7 + 3) % 9001 + 1) chunks.push(input.subarray(i, i + k));
      const recs = run(chunks, { build });
      expect(recs.map((r) => [r.log.length, r.truncated, r.stream, r.error ?? null])).toEqual([
        [1 << 20, true, stream, null], [5000, false, stream, null], [5, false, stream, null],
      ]);
      expect(recs[0].log + recs[1].log).toBe(content);
      expect(latin1(recs[2].logBytes)).toBe('after');
    }
  });
});
