// Input size: any input is matched or refused up front with a RangeError naming the limit (MAX_INPUT_BYTES,
// 1 GiB - 1 MiB: the wasm allocator's largest block), never a wasm trap. The over-limit inputs here are
// zero-filled ArrayBuffers the OS maps lazily, so refusing them costs no memory or time; the limit logic
// itself is checked with small limits.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sharedInstance } from '../../bindings/node-wasm.ts';
import { compileRegexWith, MAX_INPUT_BYTES } from '../../bindings/regex/index.ts';
import { inputByteLength, utf8Length } from '../../bindings/regex/input.ts';
import { builds } from './helpers.ts';

const enc = new TextEncoder();

describe('regex input size limit logic', () => {
  it('inputByteLength: bytes and strings over the limit are a RangeError naming it', () => {
    expect(inputByteLength(new Uint8Array(10), 10)).toBe(10);
    expect(() => inputByteLength(new Uint8Array(11), 10)).toThrow(RangeError);
    expect(() => inputByteLength(new Uint8Array(11), 10)).toThrow(/input of 11 bytes is over the limit of 10 bytes/);
    // strings: their UTF-8 length counts, not their UTF-16 length
    expect(inputByteLength('é'.repeat(5), 10)).toBe(10);
    expect(() => inputByteLength('é'.repeat(6), 10)).toThrow(/input of 12 bytes is over the limit of 10 bytes/);
    expect(() => inputByteLength('😀'.repeat(3), 10)).toThrow(/input of 12 bytes/);
    expect(inputByteLength('abc', 10)).toBe(-1); // 3 bytes per unit fit: no need to measure
  });

  it('utf8Length is the length TextEncoder produces (lone surrogates become U+FFFD)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => utf8Length(s) === enc.encode(s).length), { seed: 6, numRuns: 2000 });
    for (const s of ['\ud800', '\udc00x', 'a\ud83d', '\ud83d\ude00', '\u07ff\u0800\uffff']) expect(utf8Length(s)).toBe(enc.encode(s).length);
  });

  it('the limit is under the allocator\'s largest block (1 GiB)', () => {
    expect(MAX_INPUT_BYTES).toBe(2 ** 30 - 2 ** 20);
  });
});

for (const build of builds) {
  describe(`regex inputs over MAX_INPUT_BYTES [${build}]`, () => {
    it('every matching call refuses them with a RangeError, and the instance stays usable', () => {
      const w = sharedInstance(build);
      const re = compileRegexWith(w, 'needle\\d');
      const huge = new Uint8Array(MAX_INPUT_BYTES + 1); // lazily mapped zeros: nothing is touched
      const calls: [string, () => unknown][] = [
        ['test', () => re.test(huge)],
        ['fullMatch', () => re.fullMatch(huge)],
        ['find', () => re.find(huge)],
        ['captures', () => re.captures(huge)],
        ['findAll', () => re.findAll(huge)],
        ['countMatchingLines', () => re.countMatchingLines(huge)],
        ['copyIn', () => re.copyIn(huge)],
      ];
      for (const [name, call] of calls) {
        expect(call, name).toThrow(RangeError);
        expect(call, name).toThrow(`input of ${MAX_INPUT_BYTES + 1} bytes is over the limit of ${MAX_INPUT_BYTES} bytes`);
      }
      expect(re.test('a needle7 b')).toBe(true);
      expect(re.find('a needle7 b')).toEqual({ start: 2, end: 9 });
      re.free();
    });
  });
}
