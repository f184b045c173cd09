// The lead-line matcher isLeadLine (assembly/group/detect/lead.ts; docs/multiline.md "Lead line"), on both builds:
// hand-written cases for each accepted form and each near miss, and seeded properties (arbitrary bytes never trap;
// bytes around the line never change the answer; SIMD = scalar). Its agreement with the oracle's LEAD_LINE is
// checked in agreement.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import { BUILDS } from '../../helpers/engine.ts';
import { isLeadLine } from './driver.ts';

const LEAD = [
  '2026-01-02 03:04:05.123 ERROR 1 --- [main] c.e.App : Request failed', // Spring Boot / logback
  '2026-01-02 03:04:05,123 [main] ERROR c.e.App - request failed', // log4j
  'ERROR:root:request failed', // Python logging default format
  'SEVERE: Servlet.service() threw exception', // java.util.logging
  '[FATAL] boom',
  'CRITICAL',
  'E, [2026-01-02T03:04:05.123 #1] ERROR -- : boom', // Ruby Logger
  'E0102 03:04:05.123456       1 controller.go:114] sync failed', // klog error
  'F0102 03:04:05.123456       1 main.go:9] fatal', // klog fatal
  'level=x msg="ERROR"',
  'x ERROR\r',
];
const NOT_LEAD = [
  'Jan 02, 2026 3:04:05 AM c.e.App run\r', '', 'plain', 'level=error msg=x', 'error: lower case', 'Error: x', 'ERRORS=0', 'MY_ERROR x',
  'ERROR1', 'xERROR', 'FATALITY', 'SEVERELY', 'CRITICALLY', 'CRIT x', 'I0102 03:04:05.1 1 a.go:1] info', 'W0102 03:04:05.1 x',
  'E0102 3:04:05.1 x', 'E102 03:04:05 x', ' E0102 03:04:05 x', 'E0102 03:04', 'ERRO', 'ERRO\r',
];

describe.each(BUILDS)('isLeadLine (%s)', (build) => {
  it.each(LEAD.filter((l) => !NOT_LEAD.includes(l)))('lead line: %j', (line) => {
    expect(isLeadLine(build, line)).toBe(true);
  });
  it.each(NOT_LEAD)('not a lead line: %j', (line) => {
    expect(isLeadLine(build, line)).toBe(false);
  });
  it('bytes >= 0x80 are not word bytes: a level word next to UTF-8 text still counts; invalid UTF-8 never traps', () => {
    expect(isLeadLine(build, 'é ERRORé')).toBe(true);
    expect(isLeadLine(build, Uint8Array.of(0xff, 0x45, 0x52, 0x52, 0x4f, 0x52, 0xfe))).toBe(true);
    expect(isLeadLine(build, Uint8Array.of(0xff, 0x00, 0x0d))).toBe(false);
  });
});

describe('isLeadLine properties', () => {
  const piece = fc.constantFrom('ERROR', 'FATAL', 'SEVERE', 'CRITICAL', 'E0102 03:04:05', 'F', '0', ' ', ':', '_', 'x', 'é', '\r', '\0');
  const line = fc.oneof(fc.uint8Array({ maxLength: 60 }), fc.array(piece, { maxLength: 8 }).map((ps) => new TextEncoder().encode(ps.join(''))));
  it('SIMD and scalar agree; bytes around the line never change the answer', () => {
    const w = sharedInstance('scalar');
    const base = w.exports.regex_alloc(256);
    fc.assert(fc.property(line, (ln) => {
      const want = isLeadLine('scalar', ln);
      expect(isLeadLine('simd', ln)).toBe(want);
      for (const guard of [0x00, 0x20, 0x52, 0x5f, 0xff]) {
        const u8 = w.u8();
        u8.fill(guard, base, base + 256);
        u8.set(ln, base + 80);
        expect(w.exports.group_is_lead_line(base + 80, ln.length) >>> 0).toBe(want ? 1 : 0);
      }
    }), { seed: 0x1ead, numRuns: 400 });
    w.exports.regex_dealloc(base);
  });
});
