// Byte scanners of assembly/scan/ (findByte, findJsonSpecial, and their siblings findQuoteOrBackslash, isAscii)
// against naive JS loops, on every backend: random bytes, every offset/length around the 8/16-byte blocks, and the
// guarantee that they never read or return past `end`.
//
// The engine module does not export the scanners (assembly/index.ts exports only the host ABI), so this test
// compiles a tiny harness module that imports assembly/scan/index.ts and exports thin wrappers, once with
// `--enable simd` (simd.ts backend), once with `--disable simd` (swar.ts backend), exactly as asconfig.json does,
// and once as the interpreted Fluent Bit build (swar.ts, and host.ts: the host's memchr for long spans).
// If a later engine build exports `findByte` / `findJsonSpecial` itself, those exports are tested the same way.
import binaryen from 'binaryen';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HarnessBuild, compileHarness } from '../helpers/asc-harness.ts';
import { wamrLibc } from '../helpers/wamr-libc.ts';

const HARNESS = 'test/scan/__scan_harness__.ts';
const HARNESS_SRC = `
import { findByte, findJsonSpecial, findQuoteOrBackslash, isAscii } from "../../assembly/scan/index";
export function scanFindByte(p: usize, end: usize, b: u8): usize { return findByte(p, end, b); }
export function scanFindJsonSpecial(p: usize, end: usize): usize { return findJsonSpecial(p, end); }
export function scanFindQuoteOrBackslash(p: usize, end: usize): usize { return findQuoteOrBackslash(p, end); }
export function scanIsAscii(p: usize, end: usize): bool { return isAscii(p, end); }
export function heapBase(): usize { return __heap_base; }
`;

interface Scanners {
  findByte(p: number, end: number, b: number): number;
  findJsonSpecial(p: number, end: number): number;
  findQuoteOrBackslash?(p: number, end: number): number;
  isAscii?(p: number, end: number): number;
  memory: WebAssembly.Memory;
  /** where a buffer of n bytes may go so that it ends exactly at the end of memory (a read past it traps) */
  atEnd(n: number): number;
  /** a free address with room for n bytes plus slack after them */
  scratch(n: number): number;
}

const naive = {
  findByte: (m: Uint8Array, p: number, end: number, b: number) => {
    for (let i = p; i < end; i++) if (m[i] === b) return i;
    return end;
  },
  findJsonSpecial: (m: Uint8Array, p: number, end: number) => {
    for (let i = p; i < end; i++) if (m[i] === 0x22 || m[i] === 0x5c || m[i] < 0x20 || m[i] >= 0x80) return i;
    return end;
  },
  findQuoteOrBackslash: (m: Uint8Array, p: number, end: number) => {
    for (let i = p; i < end; i++) if (m[i] === 0x22 || m[i] === 0x5c) return i;
    return end;
  },
  isAscii: (m: Uint8Array, p: number, end: number) => {
    for (let i = p; i < end; i++) if (m[i] >= 0x80) return 0;
    return 1;
  },
};

/** Every scanner against its naive loop for data placed at `base`, for all (p, end) pairs inside [base, base+len]. */
function checkAll(s: Scanners, base: number, data: Uint8Array, needles: number[]) {
  const m = new Uint8Array(s.memory.buffer);
  m.set(data, base);
  const len = data.length;
  for (let a = 0; a <= len; a++) {
    for (let b = a; b <= len; b++) {
      const p = base + a;
      const end = base + b;
      for (const n of needles) {
        const got = s.findByte(p, end, n);
        if (got !== naive.findByte(m, p, end, n)) {
          throw new Error(`findByte(${a}, ${b}, ${n}) = ${got - base}, want ${naive.findByte(m, p, end, n) - base} on [${[...data]}]`);
        }
      }
      const got = s.findJsonSpecial(p, end);
      if (got !== naive.findJsonSpecial(m, p, end)) {
        throw new Error(`findJsonSpecial(${a}, ${b}) = ${got - base}, want ${naive.findJsonSpecial(m, p, end) - base} on [${[...data]}]`);
      }
      if (s.findQuoteOrBackslash && s.findQuoteOrBackslash(p, end) !== naive.findQuoteOrBackslash(m, p, end)) {
        throw new Error(`findQuoteOrBackslash(${a}, ${b}) wrong on [${[...data]}]`);
      }
      if (s.isAscii && Number(s.isAscii(p, end)) !== naive.isAscii(m, p, end)) {
        throw new Error(`isAscii(${a}, ${b}) wrong on [${[...data]}]`);
      }
    }
  }
}

/** A cheap assertion for hot loops (expect() per iteration is slow). */
function eq(got: number, want: number, what: string) {
  if (got !== want) throw new Error(`${what}: got ${got}, want ${want}`);
}

const LENGTHS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 47, 48, 49, 63, 64, 65];
const SPECIALS = [0x00, 0x0a, 0x1f, 0x20, 0x21, 0x22, 0x5c, 0x7f, 0x80, 0xff, 0x61];

function suite(name: string, load: () => Promise<Scanners>) {
  describe(name, () => {
    let s: Scanners;
    beforeAll(async () => {
      s = await load();
    });

    it('no match: returns end for every length and alignment; a single special byte at every position', () => {
      for (const len of LENGTHS) {
        for (let align = 0; align < 16; align++) {
          const base = s.scratch(len + 32) + align;
          const m = new Uint8Array(s.memory.buffer);
          m.fill(0x61, base, base + len);
          m.fill(0x22, base + len, base + len + 32); // bytes after end all match: must not be seen
          expect(s.findByte(base, base + len, 0x22)).toBe(base + len);
          expect(s.findJsonSpecial(base, base + len)).toBe(base + len);
          for (const sp of SPECIALS) {
            for (let at = 0; at < len; at++) {
              m[base + at] = sp;
              const wantJ = sp === 0x22 || sp === 0x5c || sp < 0x20 || sp >= 0x80 ? base + at : base + len;
              eq(s.findJsonSpecial(base, base + len), wantJ, `findJsonSpecial len ${len} align ${align} byte ${sp} at ${at}`);
              eq(s.findByte(base, base + len, sp), sp === 0x61 ? base : base + at, `findByte len ${len} align ${align} byte ${sp} at ${at}`);
              m[base + at] = 0x61;
            }
          }
        }
      }
    });

    it('findJsonSpecial and findQuoteOrBackslash: every byte value at every place of a block, alone and above each kind of byte', () => {
      // the SWAR tests flag a byte by subtractions sharing one high-bit mask (swar.ts jsonSpecial, quoteOrBackslash):
      // exact for all 256 values, and a borrow only ever comes from a flagged byte below
      const base = s.scratch(64);
      const m = new Uint8Array(s.memory.buffer);
      for (const below of [0x61, 0x22, 0x5c, 0x00, 0x1f, 0x20, 0x21, 0x80, 0xa3, 0xff]) {
        for (let b = 0; b < 256; b++) {
          for (let at = 0; at < 24; at++) {
            m.fill(0x61, base, base + 40);
            if (at > 0) m[base + at - 1] = below;
            m[base + at] = b;
            eq(s.findJsonSpecial(base, base + 40), naive.findJsonSpecial(m, base, base + 40), `byte ${b} at ${at} above ${below}`);
            if (s.findQuoteOrBackslash) {
              eq(s.findQuoteOrBackslash(base, base + 40), naive.findQuoteOrBackslash(m, base, base + 40), `quote/backslash: byte ${b} at ${at} above ${below}`);
            }
          }
        }
      }
    });

    it('two matches: the first is returned (no false flag from the one above it)', () => {
      const base = s.scratch(64);
      const m = new Uint8Array(s.memory.buffer);
      for (let i = 0; i < 40; i++) {
        for (let j = i + 1; j < Math.min(40, i + 10); j++) {
          m.fill(0x41, base, base + 40);
          m[base + i] = 0x0a;
          m[base + j] = 0x0a;
          eq(s.findByte(base, base + 40, 0x0a), base + i, `findByte ${i} ${j}`);
          // SWAR borrow: 0x01 right above a match byte; 0x80 / 0x20 boundaries
          m.fill(0x41, base, base + 40);
          m[base + i] = 0x22;
          m[base + j] = 0x21;
          eq(s.findJsonSpecial(base, base + 40), base + i, `findJsonSpecial " ${i} ${j}`);
          m[base + i] = 0x1f;
          m[base + j] = 0x20;
          eq(s.findJsonSpecial(base, base + 40), base + i, `findJsonSpecial 0x1f ${i} ${j}`);
        }
      }
    });

    it('every (offset, end) pair over random bytes matches the naive loop', () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 0, maxLength: 40 }),
          fc.integer({ min: 0, max: 15 }),
          fc.integer({ min: 0, max: 255 }),
          (data, align, needle) => {
            checkAll(s, s.scratch(data.length + 32) + align, data, [needle, data[0] ?? 0, data[data.length >> 1] ?? 0]);
          },
        ),
        { numRuns: 120 },
      );
    });

    it('random bytes biased to specials, longer buffers', () => {
      const byte = fc.oneof(fc.integer({ min: 0x23, max: 0x5b }), fc.constantFrom(...SPECIALS));
      fc.assert(
        fc.property(fc.array(byte, { minLength: 0, maxLength: 300 }), fc.integer({ min: 0, max: 15 }), (arr, align) => {
          const data = new Uint8Array(arr);
          const base = s.scratch(data.length + 32) + align;
          const m = new Uint8Array(s.memory.buffer);
          m.set(data, base);
          for (let a = 0; a <= Math.min(17, data.length); a++) {
            const p = base + a;
            const end = base + data.length;
            eq(s.findByte(p, end, 0x0a), naive.findByte(m, p, end, 0x0a), `findByte from ${a} on [${arr}]`);
            eq(s.findJsonSpecial(p, end), naive.findJsonSpecial(m, p, end), `findJsonSpecial from ${a} on [${arr}]`);
          }
        }),
        { numRuns: 150 },
      );
    });

    it('never reads past end: buffers ending at the last byte of memory do not trap', () => {
      for (const len of [...LENGTHS, 100, 127, 128, 129]) {
        const base = s.atEnd(len);
        const m = new Uint8Array(s.memory.buffer);
        m.fill(0x61, base, base + len);
        expect(base + len).toBe(s.memory.buffer.byteLength);
        for (let a = 0; a <= len; a++) {
          eq(s.findByte(base + a, base + len, 0x0a), base + len, `findByte at end, len ${len} from ${a}`);
          eq(s.findJsonSpecial(base + a, base + len), base + len, `findJsonSpecial at end, len ${len} from ${a}`);
          if (s.findQuoteOrBackslash) eq(s.findQuoteOrBackslash(base + a, base + len), base + len, `findQuoteOrBackslash at end ${len}/${a}`);
          if (s.isAscii) eq(Number(s.isAscii(base + a, base + len)), 1, `isAscii at end ${len}/${a}`);
        }
        if (len > 0) {
          m[base + len - 1] = 0x0a;
          expect(s.findByte(base, base + len, 0x0a)).toBe(base + len - 1);
          expect(s.findJsonSpecial(base, base + len)).toBe(base + len - 1);
        }
      }
    });
  });
}

const HARNESS_BUILDS: readonly HarnessBuild[] = ['simd', 'scalar', 'interpreted'];

for (const build of HARNESS_BUILDS) {
  suite(`scan harness (${build} backend)`, async () => {
    const bin = await compileHarness(HARNESS, HARNESS_SRC, build);
    // the harness really uses the backend it was compiled for: v128 only in SIMD, the host's memchr only when
    // interpreted (spans of HOST_MIN bytes or more; shorter ones take the SWAR loop, as in the scalar build)
    expect(WebAssembly.validate(bin as Uint8Array<ArrayBuffer>)).toBe(true);
    const mod = binaryen.readBinary(bin);
    const hasSimd = /\b(v128|i8x16)\b/.test(mod.emitText());
    mod.dispose();
    expect(hasSimd).toBe(build === 'simd');
    const envImports = WebAssembly.Module.imports(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>)).filter((i) => i.module === 'env').map((i) => i.name);
    expect(envImports.includes('memchr')).toBe(build === 'interpreted');
    let memory: WebAssembly.Memory;
    const env = { abort() { throw new Error('abort'); }, ...wamrLibc(() => memory) };
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>), { env });
    const x = instance.exports as any;
    memory = x.memory as WebAssembly.Memory;
    const heap = Number(x.heapBase());
    return {
      findByte: (p, e, b) => Number(x.scanFindByte(p, e, b)),
      findJsonSpecial: (p, e) => Number(x.scanFindJsonSpecial(p, e)),
      findQuoteOrBackslash: (p, e) => Number(x.scanFindQuoteOrBackslash(p, e)),
      isAscii: (p, e) => Number(x.scanIsAscii(p, e)),
      memory,
      scratch: (n) => {
        const start = (heap + 15) & ~15;
        if (start + n + 64 > memory.buffer.byteLength) memory.grow(Math.ceil((start + n + 64 - memory.buffer.byteLength) / 65536));
        return start;
      },
      atEnd: (n) => {
        const start = (heap + 15) & ~15;
        if (start + n + 64 > memory.buffer.byteLength) memory.grow(Math.ceil((start + n + 64 - memory.buffer.byteLength) / 65536));
        return memory.buffer.byteLength - n;
      },
    } satisfies Scanners;
  });

}
