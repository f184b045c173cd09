// Engine counters after known inputs, the batch-lifetime rule, closed sources, and bounded memory.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';
import { bytes } from '../decode/util.ts';
// @ts-expect-error: plain JS module without types
import { makeCriCorpus } from '../../bench/corpus.mjs';

const TS = '2024-05-01T12:00:01Z';

describe.each(BUILDS)('counters (%s)', (build) => {
  it('count bytes, lines, records, errors per reason, joins, partial releases', () => {
    const engine = createEngine({ build });
    const zero = engine.counters();
    expect(zero).toEqual({
      bytesIn: 0, linesIn: 0, records: 0, errorRecords: 0, truncatedRecords: 0, piecesJoined: 0, partialReleased: 0,
      linesCut: 0, sourcesOpen: 0, budgetReleases: 0, droppedBySelector: 0, droppedByQuery: 0, droppedByGrep: 0, queryErrors: 0, resumeSkipped: 0,
      errors: { bad_timestamp: 0, bad_stream: 0, missing_tag: 0, bad_json: 0, bad_escape: 0, missing_log: 0, line_too_long: 0 },
    });
    const cri = engine.source('a.log', { format: 'cri' });
    const criInput = `${TS} stdout F a\n${TS} stdout P b\n${TS} stdout P c\n${TS} stdout F d\nbad\n${TS} stdin F x\n`
      + `${TS} stdout \n${TS} stderr P e\n${TS} stdout F tail-without-newline`;
    expect(cri.pushCount(bytes(criInput))).toBe(5); // a, bcd, bad, stdin, missing_tag
    let c = engine.counters();
    expect(c.bytesIn).toBe(criInput.length);
    expect(c.linesIn).toBe(8);
    expect(c.records).toBe(5);
    expect(c.errorRecords).toBe(3);
    expect(c.errors).toMatchObject({ bad_timestamp: 1, bad_stream: 1, missing_tag: 1, bad_json: 0 });
    expect(c.piecesJoined).toBe(3); // P b, P c, P e held
    expect(c.partialReleased).toBe(0);
    expect(c.sourcesOpen).toBe(1);
    expect(cri.close().length).toBe(2); // the held e (partial) and the tail line
    c = engine.counters();
    expect(c.linesIn).toBe(9);
    expect(c.records).toBe(7);
    expect(c.partialReleased).toBe(1);

    const d = engine.source('b.log', { format: 'docker' });
    const T = `"time":"${TS}"`;
    const dInput = `{"log":"x","stream":"stdout",${T}}\n{"log":"y\\n","stream":"stdout",${T}}\n{"log":"\\q"}\n{"log":\n{"stream":"stdout"}\n`
      + `{"log":"z","stream":"stderr",${T}}\n`;
    d.push(bytes(dInput));
    d.flush();
    c = engine.counters();
    expect(c.bytesIn).toBe(criInput.length + dInput.length);
    expect(c.linesIn).toBe(9 + 6);
    expect(c.records).toBe(7 + 5); // xy, 3 errors, z released by flush
    expect(c.errorRecords).toBe(6);
    expect(c.errors).toMatchObject({ bad_escape: 1, bad_json: 1, missing_log: 1 });
    expect(c.piecesJoined).toBe(3 + 2);
    expect(c.partialReleased).toBe(2);
    expect(c.sourcesOpen).toBe(1); // a.log was closed
  });

  it('truncatedRecords and linesCut', () => {
    const engine = createEngine({ build, maxRecordBytes: 10, maxLineBytes: 40 });
    const s = engine.source(undefined, { format: 'cri' });
    s.pushCount(bytes(`${TS} stdout F ${'x'.repeat(25)}\n`)); // 55-byte line: cut once (40 + 15); 25 → 10, 10, 5
    s.pushCount(bytes(`{"log":"${'y'.repeat(40)}"}\n`)); // not CRI: 50 bytes, cut, both segments bad_timestamp
    const c = engine.counters();
    expect(c.truncatedRecords).toBe(2);
    expect(c.linesCut).toBe(2);
    expect(c.errors.bad_timestamp).toBe(2);
    expect(c.errors.line_too_long).toBe(0);
    const d = engine.source(undefined, { format: 'docker' });
    d.pushCount(bytes(`{"log":"${'y'.repeat(40)}"}\n`));
    expect(engine.counters().errors.line_too_long).toBe(2);
    expect(engine.counters().linesCut).toBe(3);
  });

  it('sourcesOpen follows open and close, counted at the call that opens it', () => {
    const engine = createEngine({ build });
    const a = engine.source('a');
    const b = engine.source('b');
    expect(engine.counters().sourcesOpen).toBe(2);
    b.push(bytes(`${TS} stdout F x\n`));
    expect(engine.counters().sourcesOpen).toBe(2);
    a.close();
    const c = engine.source('c');
    b.close();
    c.close();
    engine.source('d');
    expect(engine.counters().sourcesOpen).toBe(1);
  });

  // close() frees the source's memory only at the next engine call (so close()'s rows can still read its path),
  // but the source counts as closed at once: the CLI reads the counters right after closing its last file.
  it('sourcesOpen drops at close (not at the next call)', () => {
    const engine = createEngine({ build });
    const a = engine.source('a');
    expect(engine.counters().sourcesOpen).toBe(1);
    a.close();
    expect(engine.counters().sourcesOpen).toBe(0);
  });

  it('a Batch (and its records) used after the next call on the engine throws', () => {
    const engine = createEngine({ build });
    const s = engine.source();
    const other = engine.source();
    const calls: Array<[string, () => unknown]> = [
      ['push', () => s.push(bytes(`${TS} stdout F y\n`))],
      ['pushNdjson', () => s.pushNdjson(bytes(`${TS} stdout F y\n`))],
      ['pushCount', () => s.pushCount(bytes(`${TS} stdout F y\n`))],
      ['flush', () => s.flush()],
      ['flushNdjson', () => s.flushNdjson()],
      ['push on another source', () => other.push(bytes(`${TS} stdout F y\n`))],
      ['open a source', () => engine.source()],
      ['engine.flushNdjson', () => engine.flushNdjson()],
    ];
    for (const [name, call] of calls) {
      const batch = s.push(bytes(`${TS} stdout F x\n`));
      const rec = batch.get(0);
      expect(rec.log).toBe('x');
      expect(batch.length).toBe(1);
      call();
      expect(() => rec.log, name).toThrow(/batch used after/);
      expect(() => rec.timeNs, name).toThrow(/batch used after/);
      expect(() => batch.get(0).stream, name).toThrow(/batch used after/);
      expect(() => batch.toObjects(), name).toThrow(/batch used after/);
    }
    const batch = s.push(bytes(`${TS} stdout F x\n`));
    engine.counters();
    engine.memoryBytes();
    expect(batch.get(0).log).toBe('x'); // reading counters is not a call that moves rows
    s.close();
    expect(() => batch.get(0).log).toThrow(/batch used after/);
    expect(() => batch.get(1)).toThrow(RangeError);
  });

  it('every method of a closed source throws', () => {
    const engine = createEngine({ build });
    const s = engine.source();
    s.close();
    expect(s.isClosed).toBe(true);
    for (const f of [() => s.push(bytes('x\n')), () => s.pushNdjson(bytes('x\n')), () => s.pushCount(bytes('x\n')),
      () => s.flush(), () => s.flushNdjson(), () => s.close(), () => s.closeNdjson()]) {
      expect(f).toThrow(/source is closed/);
    }
    const t = engine.source();
    t.closeNdjson();
    expect(() => t.push(bytes('x\n'))).toThrow(/source is closed/);
    expect(engine.counters().bytesIn).toBe(0);
  });

  it('memory stays bounded: 256 MiB of CRI lines in 1 MiB chunks keep wasm memory under 64 MiB', () => {
    const corpus = makeCriCorpus(8 << 20) as { bytes: Uint8Array; records: number; lines: number };
    const engine = createEngine({ build });
    const s = engine.source('big.log', { format: 'cri' });
    const MiB = 1 << 20;
    let records = 0;
    let pushed = 0;
    const rounds = Math.ceil((256 * MiB) / corpus.bytes.length);
    for (let k = 0; k < rounds; k++) {
      for (let off = 0; off < corpus.bytes.length; off += MiB) {
        const chunk = corpus.bytes.subarray(off, off + MiB);
        records += s.pushCount(chunk);
        pushed += chunk.length;
      }
    }
    records += s.close().length;
    expect(pushed).toBeGreaterThanOrEqual(256 * MiB);
    expect(records).toBe(corpus.records * rounds);
    const c = engine.counters();
    expect(c.errorRecords).toBe(0);
    expect(c.linesIn).toBe(corpus.lines * rounds);
    expect(engine.memoryBytes()).toBeLessThan(64 * MiB);
  });
});
