// Start offsets of find/captures: byte offsets that must be integers in [0, byte length] (RangeError
// otherwise, never a wrap to 32 bits), and matches that begin only at code point boundaries.
import { describe, expect, it } from 'vitest';
import { builds, compile } from './helpers.ts';

for (const build of builds) {
  describe(`regex start offsets [${build}]`, () => {
    it('a start inside a code point searches from the next code point; anchored there, no match', () => {
      const empty = compile(build, '');
      expect(empty.find('éa', 1)).toEqual({ start: 2, end: 2 }); // not 1-1, inside é (bytes 0-1)
      expect(empty.captures('éa', 1)).toEqual([{ start: 2, end: 2 }]);
      expect(empty.find('éa', 1, true)).toBeNull();
      expect(empty.find('éa', 2, true)).toEqual({ start: 2, end: 2 });
      expect(compile(build, 'a*').find('☃a', 1)).toEqual({ start: 3, end: 4 });
      expect(compile(build, 'a*').find('☃a', 2)).toEqual({ start: 3, end: 4 });
      expect(compile(build, '\\b').find('é a', 1)).toEqual({ start: 3, end: 3 });
      expect(compile(build, 'a').find('éa', 1)).toEqual({ start: 2, end: 3 });
      expect(compile(build, 'a|é').find('éa', 1)).toEqual({ start: 2, end: 3 });
      // the end of the input is a boundary, and so is the start of the input whatever byte is there
      expect(empty.find('é', 2)).toEqual({ start: 2, end: 2 });
      expect(empty.find(new Uint8Array([0x80, 0x41]), 0)).toEqual({ start: 0, end: 0 });
      expect(empty.find(new Uint8Array([0x80, 0x80, 0x41]), 1)).toEqual({ start: 2, end: 2 });
    });

    it('offsets that are not integers in [0, byte length] are a RangeError', () => {
      const re = compile(build, 'a');
      for (const bad of [2 ** 32 + 1, 2 ** 32, -1, 1.5, NaN, Infinity, 4]) {
        expect(() => re.find('aaa', bad), String(bad)).toThrow(RangeError);
        expect(() => re.captures('aaa', bad), String(bad)).toThrow(RangeError);
      }
      expect(() => re.find('aaa', 2 ** 32 + 1)).toThrow(/start offset 4294967297 is not an integer byte offset in \[0, 3\]/);
      expect(() => re.find('é', 3)).toThrow(/\[0, 2\]/); // the byte length, not the string length
      expect(re.find('aaa', 3)).toBeNull();
      expect(re.find('aaa', 2)).toEqual({ start: 2, end: 3 });
      // without the check, 2^32 + 1 wrapped to 1
      expect(re.find('aaa', 1)).toEqual({ start: 1, end: 2 });
    });
  });
}
