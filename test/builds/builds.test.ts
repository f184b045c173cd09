// Build checks: the scalar module has no SIMD instruction, both modules validate, the package exports resolve,
// the declaration files exist. Run `node scripts/build.mjs` first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasm = (build: string) => readFileSync(`${root}dist/logsieve-${build}.wasm`);
const SIMD = /\b(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\b/g;

function text(build: string): string {
  const m = binaryen.readBinary(wasm(build));
  try {
    return m.emitText();
  } finally {
    m.dispose();
  }
}

describe('wasm builds', () => {
  it('the scalar build contains no SIMD instruction or type', () => {
    const t = text('scalar');
    expect(t.length).toBeGreaterThan(10_000);
    expect(t.match(SIMD)).toBeNull();
  });

  it('the SIMD build does contain SIMD instructions', () => {
    const found = new Set(text('simd').match(SIMD) ?? []);
    expect(found.has('v128')).toBe(true);
    expect(found.has('i8x16')).toBe(true);
  });

  it.each(['simd', 'scalar'])('%s validates (WebAssembly.validate and binaryen)', (build) => {
    expect(WebAssembly.validate(wasm(build))).toBe(true);
    const m = binaryen.readBinary(wasm(build));
    m.setFeatures(binaryen.Features.All);
    expect(m.validate()).toBeTruthy();
    m.dispose();
  });

  it('the scalar build validates with SIMD disabled in binaryen (MVP + what it needs, no simd)', () => {
    const m = binaryen.readBinary(wasm('scalar'));
    m.setFeatures(binaryen.Features.All & ~binaryen.Features.SIMD128);
    expect(m.validate()).toBeTruthy();
    m.dispose();
  });

  it('both builds export the same engine ABI', () => {
    const names = (build: string) => WebAssembly.Module.exports(new WebAssembly.Module(wasm(build))).map((e) => e.name).sort();
    const simd = names('simd');
    expect(simd).toEqual(names('scalar'));
    for (const n of ['memory', 'configure', 'inputReserve', 'openSource', 'begin', 'next', 'remaining', 'flush', 'close',
      'encodeNdjson', 'tableAddress', 'outAddress', 'countersAddress']) {
      expect(simd, n).toContain(n);
    }
  });
});

describe('package', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

  /** Every path string in an exports map (conditions nest). */
  function paths(v: unknown): string[] {
    if (typeof v === 'string') return [v];
    if (v && typeof v === 'object') return Object.values(v).flatMap(paths);
    return [];
  }

  it('every path of the exports map, main, types and bin exists after the build', () => {
    const all = [...paths(pkg.exports), pkg.main, pkg.types, ...paths(pkg.bin)];
    expect(all.length).toBeGreaterThan(8);
    for (const p of all) {
      expect(p.startsWith('./'), p).toBe(true);
      expect(existsSync(`${root}${p}`), p).toBe(true);
    }
  });

  it('the exports map points at the right kinds of files', () => {
    const dot = pkg.exports['.'];
    expect(dot.import.default).toBe('./dist/node.js');
    expect(dot.require.default).toBe('./dist/node.cjs');
    expect(dot.require.types).toBe('./dist/types/cjs/node.d.ts');
    expect(dot.browser.default).toBe('./dist/browser.js');
    expect(pkg.main).toBe('./dist/node.cjs');
    expect(pkg.exports['./browser'].default).toBe('./dist/browser.js');
    expect(paths(pkg.exports).filter((p) => p.endsWith('.d.ts')).every((p) => p.startsWith('./dist/types/'))).toBe(true);
  });

  it('dist/types/node.d.ts and browser.d.ts exist and declare the API', () => {
    const node = readFileSync(`${root}dist/types/node.d.ts`, 'utf8');
    const browser = readFileSync(`${root}dist/types/browser.d.ts`, 'utf8');
    expect(node).toMatch(/createEngine/);
    expect(node).toMatch(/createLogStream/);
    expect(browser).toMatch(/init/);
    expect(browser).toMatch(/createTransformStream/);
    expect(existsSync(`${root}dist/types/core/engine.d.ts`)).toBe(true);
  });

  it('the Node bundle loads on its own and finds the wasm beside it', async () => {
    const mod = await import(`${root}dist/node.js`);
    for (const build of ['simd', 'scalar']) {
      const src = mod.createEngine({ build }).source();
      expect(new TextDecoder().decode(src.pushNdjson(new TextEncoder().encode('2024-05-01T12:00:01Z stdout F z\n'))))
        .toBe('{"time":"2024-05-01T12:00:01.000000000Z","stream":"stdout","log":"z"}\n');
    }
  });

  it('the bundles do not reference TypeScript sources', () => {
    for (const f of ['node.js', 'node.cjs', 'browser.js', 'cli.js']) {
      expect(readFileSync(`${root}dist/${f}`, 'utf8'), f).not.toMatch(/from ['"][^'"]+\.ts['"]/);
    }
  });
});
