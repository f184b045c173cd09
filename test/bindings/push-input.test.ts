// What the push methods accept (bytes or a string, alike in all three), byte paths, and what console.log shows.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const TS = '2024-05-01T12:00:01Z';
const text = `${TS} stdout F héllo 日本 😀\n${TS} stderr F "q"\n`;

describe.each(BUILDS)('push input (%s)', (build) => {
  it('a string is encoded as UTF-8 by push, pushNdjson and pushCount alike', () => {
    const e = createEngine({ build });
    const bytes = Buffer.from(text);
    expect(e.source('s').push(text).toObjects()).toEqual(e.source('s').push(bytes).toObjects());
    expect(e.source('s').push(text).get(0).log).toBe('héllo 日本 😀');
    expect(Buffer.from(e.source('s').pushNdjson(text)).equals(Buffer.from(e.source('s').pushNdjson(bytes)))).toBe(true);
    expect(e.source('s').pushCount(text)).toBe(2);
  });

  it('anything else is a TypeError from every push method, and nothing is pushed', () => {
    const e = createEngine({ build });
    const s = e.source('s');
    for (const bad of [42, null, undefined, {}, [1, 2], new DataView(new ArrayBuffer(4)), new Uint16Array(4)]) {
      expect(() => s.push(bad as never)).toThrow(TypeError);
      expect(() => s.pushNdjson(bad as never)).toThrow(TypeError);
      expect(() => s.pushCount(bad as never)).toThrow(/takes a Uint8Array \(or Buffer\) or a string/);
    }
    expect(e.counters().bytesIn).toBe(0);
  });

  it('a source path may be raw bytes (not UTF-8): file shows it with U+FFFD', () => {
    const e = createEngine({ build });
    const path = Buffer.concat([Buffer.from('/logs/a'), Buffer.from([0xff]), Buffer.from('.log')]);
    const s = e.source(path);
    expect(s.push(text).get(0).file).toBe('/logs/a\ufffd.log');
    expect(JSON.parse(Buffer.from(s.pushNdjson(text)).toString().split('\n')[0]).file).toBe('/logs/a\ufffd.log');
    expect(() => e.source(42 as never)).toThrow(TypeError);
  });

  it('console.log shows a record\'s fields, a batch\'s records and a source\'s identity, not engine internals', () => {
    const e = createEngine({ build });
    const s = e.source('a.log');
    const batch = s.push(text);
    const shown = inspect(batch.get(0));
    expect(shown).toContain("log: 'héllo 日本 😀'");
    expect(shown).toContain("file: 'a.log'");
    for (const internal of ['rowsBuf', 'generation', 'wasm', 'batch']) expect(shown).not.toContain(internal);
    expect(inspect(batch)).toContain("log: '\"q\"'");
    expect(inspect(s)).toBe("{ id: 0, path: 'a.log', format: 'auto', closed: false }");
    s.push('');
    expect(inspect(batch)).toContain('expired: true');
    expect(inspect(e)).toContain('sourcesOpen: 1');
  });
});
