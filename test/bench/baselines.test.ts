// The benchmark compares like with like: on the generated corpora, the three JS baselines and the oracle (the spec
// of what logsieve produces) agree on the joined records: same count, order, streams, logs and first-piece times.
import { describe, expect, it } from 'vitest';
// @ts-ignore -- plain ESM benchmark modules without type declarations
import { criIndexOf, criSplitRegex, dockerJsonParse } from '../../bench/baselines.mjs';
// @ts-ignore -- plain ESM benchmark modules without type declarations
import { makeCriCorpus, makeDockerCorpus } from '../../bench/corpus.mjs';
import { type OracleRecord, oracleRun } from '../oracle/records.ts';
import { parseRfc3339 } from '../oracle/time.ts';

type Rec = { time: string | number; stream: string; log: string };
type Corpus = { bytes: Uint8Array; messages: number; lines: number; records: number };

const dec = new TextDecoder('utf-8', { ignoreBOM: true });
const view = (r: OracleRecord) => ({ stream: r.stream, log: dec.decode(r.log) });

function agree(name: string, got: Rec[], oracle: OracleRecord[]) {
  expect(got.length, name).toBe(oracle.length);
  expect(got.map((r) => ({ stream: r.stream, log: r.log })), name).toEqual(oracle.map(view));
  expect(got.map((r) => parseRfc3339(String(r.time))), name).toEqual(oracle.map((r) => r.time));
  expect((got as Rec[] & { skipped: number }).skipped, name).toBe(0);
}

describe('bench corpora', () => {
  it('are deterministic and have the advertised shape', () => {
    const a: Corpus = makeCriCorpus(100_000);
    const b: Corpus = makeCriCorpus(100_000);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.bytes.length).toBeGreaterThanOrEqual(100_000);
    expect(a.bytes[a.bytes.length - 1]).toBe(10);
    const text = dec.decode(a.bytes);
    const lines = text.split('\n').slice(0, -1);
    expect(lines.length).toBe(a.lines);
    const avg = a.bytes.length / a.lines;
    expect(avg).toBeGreaterThan(140);
    expect(avg).toBeLessThan(180);
    const pLines = lines.filter((l) => l.split(' ')[2] === 'P').length;
    expect(pLines / a.messages).toBeGreaterThan(0.05);
    expect(pLines / a.messages).toBeLessThan(0.25);
    expect(lines.some((l) => l.split(' ')[1] === 'stderr')).toBe(true);
    expect(/[^\x00-\x7f]/.test(text)).toBe(true);
    const d: Corpus = makeDockerCorpus(100_000);
    expect(dec.decode(d.bytes)).toContain('\\u003c');
    expect(dec.decode(d.bytes)).toContain('\\u0026');
  });
});

describe('baselines agree with the oracle', () => {
  const cri: Corpus = makeCriCorpus(300_000);
  const docker: Corpus = makeDockerCorpus(300_000);
  const oCri = oracleRun({ chunks: [cri.bytes], format: 'cri' });
  const oDocker = oracleRun({ chunks: [docker.bytes], format: 'docker' });

  it('the oracle sees clean corpora: one record per message, no errors, nothing partial', () => {
    expect(oCri.length).toBe(cri.records);
    expect(oDocker.length).toBe(docker.records);
    for (const rs of [oCri, oDocker]) expect(rs.every((r) => !r.error && !r.partial && !r.truncated)).toBe(true);
    expect(oCri.reduce((n, r) => n + r.lines, 0)).toBe(cri.lines);
    expect(oDocker.reduce((n, r) => n + r.lines, 0)).toBe(docker.lines);
  });
  it('criSplitRegex', () => agree('criSplitRegex', criSplitRegex(cri.bytes), oCri));
  it('criIndexOf (also from a Uint8Array view at an offset)', () => {
    agree('criIndexOf', criIndexOf(cri.bytes), oCri);
    const padded = new Uint8Array(cri.bytes.length + 7);
    padded.set(cri.bytes, 7);
    agree('criIndexOf view', criIndexOf(padded.subarray(7)), oCri);
  });
  it('dockerJsonParse', () => agree('dockerJsonParse', dockerJsonParse(docker.bytes), oDocker));
  it('parseTime gives Date.parse milliseconds of the first piece time', () => {
    const got: Rec[] = criIndexOf(cri.bytes, { parseTime: true });
    expect(got.map((r) => r.time)).toEqual(oCri.map((r) => Number(r.time / 1_000_000n)));
  });
  it('the CRI and Docker corpora carry the same messages in the same order', () => {
    const n = Math.min(oCri.length, oDocker.length);
    expect(n).toBeGreaterThan(1000);
    expect(oDocker.slice(0, n).map(view)).toEqual(oCri.slice(0, n).map(view));
  });
  it('baselines join interleaved and trailing pieces like the oracle on a hand-made input', () => {
    const text = [
      '2026-01-02T03:04:05.1Z stdout P a',
      '2026-01-02T03:04:05.2Z stderr P:x e',
      '2026-01-02T03:04:05.3Z stdout F b\r',
      '2026-01-02T03:04:05.4Z stderr F f',
      '2026-01-02T03:04:05.5Z stdout P tail',
    ].join('\n') + '\n';
    const bytes = new TextEncoder().encode(text);
    const o = oracleRun({ chunks: [bytes] });
    agree('criSplitRegex', criSplitRegex(bytes), o);
    agree('criIndexOf', criIndexOf(bytes), o);
    const dl = (log: string, stream: string, t: string) => JSON.stringify({ log, stream, time: t });
    const dtext = [dl('a', 'stdout', '2026-01-02T03:04:05.1Z'), dl('e', 'stderr', '2026-01-02T03:04:05.2Z'),
      dl('b\u2028\n', 'stdout', '2026-01-02T03:04:05.3Z'), dl('f\n', 'stderr', '2026-01-02T03:04:05.4Z'),
      dl('tail', 'stdout', '2026-01-02T03:04:05.5Z')].join('\n') + '\n';
    const dbytes = new TextEncoder().encode(dtext);
    agree('dockerJsonParse', dockerJsonParse(dbytes), oracleRun({ chunks: [dbytes] }));
  });
});
