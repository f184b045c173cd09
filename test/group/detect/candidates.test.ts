// The detector's candidate pass (assembly/group/detect/candidates.ts) at every block position: the SIMD build
// classifies 16 bytes at a time and looks at each candidate byte's neighbours (the byte before a ':' or '\'', the
// byte after a ':' or a lead letter), the scalar build 8 at a time without neighbours; a rule's byte must be
// found wherever it falls: at the line start, across a block boundary, in the last (overlapping) block, at the
// line end. Each sample is shifted by 0..40 bytes and followed by 0..24 bytes, on both builds.
import { describe, expect, it } from 'vitest';
import { ACT, Detector, LANG, isLeadLine } from './driver.ts';

const enc = new TextEncoder();
// lines that start a trace wherever the header is (state 0, all detectors): action INSIDE
const ANYWHERE = [
  'java.lang.IllegalStateException: boom', 'Error: boom', 'x Throwable: y', 'V8 errors stack trace:', 'PHP Fatal error:  x',
  'PHP Warning: x', 'PHP Notice: x', 'PHP Parse error: x', "exception 'E' with message 'm'", 'panic: boom',
  'http: panic serving 10.0.0.1:1234: x', 'Error [ERR_X]: y', 'TimeoutException\r more',
];
const FILL = [' ', '\t', '"', '1'];

describe.each(['simd', 'scalar'] as const)('candidate pass at every offset (%s)', (build) => {
  it('a start rule\'s header is found wherever it falls in the line', () => {
    const d = new Detector(build, LANG.all);
    for (const s of ANYWHERE) {
      for (const fill of FILL) {
        for (let k = 0; k <= 40; k++) {
          for (let j = 0; j <= 24; j += 3) {
            // a digit right before `panic` would make `\bpanic` fail: pad that one with spaces only
            const pre = (s.startsWith('panic') && fill === '1' ? ' ' : fill).repeat(k);
            d.state = 0;
            const r = d.stepRaw(enc.encode(pre + s + ' z'.repeat(j >> 1) + (j & 1 ? ' ' : '')));
            expect([s, k, j, r >>> 16]).toEqual([s, k, j, ACT.INSIDE]);
          }
        }
      }
    }
    d.dispose();
  });

  it('the Ruby `:in` at any offset of the first token', () => {
    const d = new Detector(build, LANG.all);
    for (let k = 1; k <= 40; k++) {
      d.state = 0;
      const r = d.stepRaw(enc.encode('a'.repeat(k) + ".rb:12:in 'm': boom (RuntimeError)"));
      expect([k, r >>> 16]).toEqual([k, ACT.INSIDE]);
    }
    d.dispose();
  });

  it('a lead word is found wherever it falls, and a near miss is not one', () => {
    for (const w of ['ERROR', 'FATAL', 'SEVERE', 'CRITICAL']) {
      for (let k = 0; k <= 40; k++) {
        for (const tail of ['', ' x', ': y', ' '.repeat(20), '\r']) {
          expect([w, k, tail, isLeadLine(build, ' '.repeat(k) + w + tail)]).toEqual([w, k, tail, true]);
          expect(isLeadLine(build, 'x'.repeat(k) + w + tail)).toBe(k === 0); // a word byte before it
          expect(isLeadLine(build, ' '.repeat(k) + w.slice(0, -1) + tail)).toBe(false);
        }
      }
    }
  });
});

describe('candidate pass: SIMD and scalar agree with one detector on (some candidate kinds not asked for)', () => {
  it('every line of a seeded stream gives the same (action, state) on both builds, per language', () => {
    const alphabet = Array.from(' :\'\r"ceEgnprRiA]FSCUVatx1[\0', (c) => c.charCodeAt(0));
    const words = ['Exception', 'Error', 'panic', 'http', ':in \'', 'ERROR', 'FATAL', 'exception \'', 'PHP Warning'];
    for (const lang of [LANG.java, LANG.js, LANG.python, LANG.go, LANG.ruby, LANG.php, LANG.dart]) {
      let seed = 777 + lang;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
      const a = new Detector('simd', lang);
      const b = new Detector('scalar', lang);
      for (let i = 0; i < 800; i++) {
        const n = Math.floor(rnd() * 70);
        let s = '';
        while (s.length < n) s += rnd() < 0.2 ? words[Math.floor(rnd() * words.length)] : String.fromCharCode(alphabet[Math.floor(rnd() * alphabet.length)]);
        const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
        a.state = 0;
        b.state = 0;
        expect([lang, s, a.stepRaw(bytes)]).toEqual([lang, s, b.stepRaw(bytes)]);
      }
      a.dispose();
      b.dispose();
    }
  });
});

describe('candidate pass: SIMD and scalar agree on long lines of candidate-rich bytes', () => {
  it('every line of a seeded stream gives the same (action, state) on both builds', () => {
    const alphabet = Array.from(' :\'\r"ceEgnprRiA]FSCUVatx1[', (c) => c.charCodeAt(0));
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const words = ['Exception', 'Error', 'panic', 'http', ':in \'', 'ERROR', 'FATAL', 'exception \'', 'PHP Warning'];
    const a = new Detector('simd', LANG.all);
    const b = new Detector('scalar', LANG.all);
    for (let i = 0; i < 3000; i++) {
      const n = Math.floor(rnd() * 90);
      let s = '';
      while (s.length < n) s += rnd() < 0.2 ? words[Math.floor(rnd() * words.length)] : String.fromCharCode(alphabet[Math.floor(rnd() * alphabet.length)]);
      const bytes = Uint8Array.from(s, (c) => c.charCodeAt(0));
      expect(a.stepRaw(bytes)).toBe(b.stepRaw(bytes));
      expect(isLeadLine('simd', bytes)).toBe(isLeadLine('scalar', bytes));
    }
    a.dispose();
    b.dispose();
  });
});
