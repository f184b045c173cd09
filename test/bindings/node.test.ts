// Node-specific output types: NDJSON comes back as a Buffer (the API), empty results too.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const line = '2026-11-24T10:00:00.5Z stdout F hello\n';

describe.each(BUILDS)('Node NDJSON output (%s)', (build) => {
  it('is a Buffer, also when empty and when a push spans several windows', () => {
    const src = createEngine({ build }).source('/x.log');
    const one = src.pushNdjson(Buffer.from(line));
    expect(Buffer.isBuffer(one)).toBe(true);
    expect(one.toString()).toBe('{"time":"2026-11-24T10:00:00.500000000Z","stream":"stdout","log":"hello","file":"/x.log"}\n');
    const big = Buffer.from(line.repeat(Math.ceil((9 << 20) / line.length)));
    const many = src.pushNdjson(big); // 9 MiB: more than one 4 MiB window
    expect(Buffer.isBuffer(many)).toBe(true);
    expect(many.toString().split('\n').length - 1).toBe(big.length / line.length);
    const none = src.pushNdjson(Buffer.from('2026-11-24T10:00:01Z stderr F no newline yet'));
    expect(Buffer.isBuffer(none)).toBe(true);
    expect(none.length).toBe(0);
    const last = src.closeNdjson();
    expect(Buffer.isBuffer(last)).toBe(true);
    expect(JSON.parse(last.toString()).log).toBe('no newline yet');
    const emptyEngine = createEngine({ build });
    expect(Buffer.isBuffer(emptyEngine.closeNdjson())).toBe(true);
    expect(Buffer.isBuffer(emptyEngine.flushNdjson())).toBe(true);
  });
});
