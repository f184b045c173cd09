// When the wasm memory cannot grow any more (wasm32: 4 GiB), the regex API throws a RangeError instead of
// trapping, and the instance keeps working: once memory is available again every answer is right. Each test
// uses its own instance, grows its memory from the host to the maximum (untouched pages: no real memory is
// used) and takes every free block, so that the next allocation inside the engine fails.
import { describe, expect, it } from 'vitest';
import { instantiate } from '../../bindings/node-wasm.ts';
import { compileRegexWith, RegexSyntaxError } from '../../bindings/regex/index.ts';
import type { WasmHandle } from '../../bindings/core/wasm.ts';
import { builds } from './helpers.ts';

const MAX_PAGES = 65536; // 4 GiB of 64 KiB pages

/**
 * Leaves the allocator without any free memory; returns the blocks taken, for release(), which gives back
 * (among others) a free 16 MiB block made first.
 */
function exhaust(w: WasmHandle): number[] {
  w.exports.regex_dealloc(w.exports.regex_alloc(16 << 20));
  w.memory.grow(MAX_PAGES - w.memory.buffer.byteLength / 65536);
  const taken: number[] = [];
  for (let size = 64 << 20; size >= 16; ) {
    try {
      taken.push(w.exports.regex_alloc(size) as number);
    } catch (e) {
      expect(e).toBeInstanceOf(WebAssembly.RuntimeError); // an allocation trap, which changes nothing
      size >>= 1;
    }
  }
  return taken;
}

function release(w: WasmHandle, taken: number[]): void {
  for (const p of taken) w.exports.regex_dealloc(p);
}

for (const build of builds) {
  describe(`regex out of wasm memory [${build}]`, () => {
    it('staging, compiling and the lazily built matchers fail with a RangeError; afterwards all is well', () => {
      const w = instantiate(build);
      const re = compileRegexWith(w, '(a|b)*a(a|b){3}c'); // its DFA is built on first use
      const small = compileRegexWith(w, 'x+y');
      expect(small.find('axxy')).toEqual({ start: 1, end: 4 });
      const taken = exhaust(w);

      expect(() => re.test('abaabbc')).toThrow(RangeError); // the DFA cannot be allocated
      expect(() => re.test('abaabbc')).toThrow(/out of wasm memory in test\(\)/);
      expect(() => re.find('abaabbc')).toThrow(/out of wasm memory/);
      expect(() => small.test(new Uint8Array(1 << 20))).toThrow(/out of wasm memory allocating/); // staging
      expect(() => compileRegexWith(w, 'another(pattern)')).toThrow(/out of wasm memory/);
      expect(small.find('axxy')).toEqual({ start: 1, end: 4 }); // what is already allocated still works

      release(w, taken);
      expect(re.test('abaabbc')).toBe(true);
      expect(re.test('abaabc')).toBe(false);
      expect(re.find('zzabaabbc')).toEqual({ start: 2, end: 9 });
      expect(small.test(new Uint8Array(1 << 20))).toBe(false);
      expect(compileRegexWith(w, 'another(pattern)').captures('xanotherpattern')).toEqual([{ start: 1, end: 15 }, { start: 8, end: 15 }]);
      expect(() => compileRegexWith(w, 'a(b')).toThrow(RegexSyntaxError);
    });

    it('a backtracker search interrupted by a trap does not poison later searches', () => {
      const w = instantiate(build);
      const re = compileRegexWith(w, '(a|b)*c', { engine: 'backtrack' });
      const long = 'ab'.repeat(3000);
      expect(re.captures('abc')).toEqual([{ start: 0, end: 3 }, { start: 1, end: 2 }]); // a small job stack
      compileRegexWith(w, 'z').test(long); // the staging block has room for the long input
      const taken = exhaust(w);
      // each repetition leaves a capture-restore job: the job stack must grow in the middle of the search
      expect(() => re.captures(long)).toThrow(/out of wasm memory in captures\(\)/);
      release(w, taken);
      expect(re.captures('abc')).toEqual([{ start: 0, end: 3 }, { start: 1, end: 2 }]);
      expect(re.captures('xbac')).toEqual([{ start: 1, end: 4 }, { start: 2, end: 3 }]);
      expect(re.captures(long + 'c')).toEqual([{ start: 0, end: 6001 }, { start: 5999, end: 6000 }]);
      expect(re.captures(long)).toBeNull();
    });
  });
}
