// source.pushNdjsonParts (bindings/core/source.ts, engine.ts copyNdjsonOut): the same bytes as pushNdjson, in
// parts of at most 256 KiB, for outputs smaller and much larger than one part and than one 4 MiB window.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../bindings/node.ts';
import { BUILDS } from '../helpers/engine.ts';

const PART = 256 << 10;

describe.each(BUILDS)('pushNdjsonParts (%s)', (build) => {
  it('joins to exactly what pushNdjson gives; every part is at most 256 KiB; none is empty', () => {
    const line = (i: number) => `2026-11-24T10:00:00Z ${i % 2 ? 'stdout' : 'stderr'} ${i % 7 ? 'F' : 'P'} line ${i} ${'x'.repeat(i % 300)}\n`;
    for (const count of [0, 1, 500, 60_000]) {
      const text = Array.from({ length: count }, (_, i) => line(i)).join('');
      const a = createEngine({ build }).source('/var/log/pods/ns_pod_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/c/0.log');
      const b = createEngine({ build }).source('/var/log/pods/ns_pod_0b6a1c3e-5f2d-4e8a-9c7b-1d2e3f4a5b6c/c/0.log');
      const whole = Buffer.from(a.pushNdjson(text));
      const parts = b.pushNdjsonParts(text);
      for (const p of parts) {
        expect(p.length).toBeGreaterThan(0);
        expect(p.length).toBeLessThanOrEqual(PART);
      }
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
      if (count === 60_000) expect(parts.length).toBeGreaterThan(4 * 1024 * 1024 / PART);
      expect(Buffer.from(b.closeNdjson()).equals(Buffer.from(a.closeNdjson()))).toBe(true);
    }
  });
});
