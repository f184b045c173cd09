// Compiles a small AssemblyScript harness module (source given as text, placed at `path` so its relative imports
// reach assembly/) with the flags a build uses, for tests of functions the engine does not export.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The three builds' compile flags: SIMD and scalar engines, and the interpreted (Fluent Bit) build. */
export type HarnessBuild = 'simd' | 'scalar' | 'interpreted';

export async function compileHarness(path: string, source: string, build: HarnessBuild, runtime = 'stub'): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const errors: string[] = [];
  const { error } = await asc.main([
    path, '--outFile', 'harness.wasm', '--runtime', runtime, '--optimizeLevel', '3', '--noAssert', '--use', 'abort=',
    '--use', `HOST_INTERPRETED=${build === 'interpreted' ? 1 : 0}`, build === 'simd' ? '--enable' : '--disable', 'simd',
  ], {
    readFile(filename: string, baseDir: string) {
      const p = resolve(baseDir, filename);
      if (p === resolve(root, path)) return source;
      if (filename.endsWith('asconfig.json')) return null; // the flags above are the whole build (asc would merge the project's `use`)
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    },
    writeFile(filename: string, contents: Uint8Array | string) {
      if (filename.endsWith('.wasm')) binary = contents as Uint8Array;
    },
    listFiles: () => [],
    stdout: { write: () => true } as any,
    stderr: { write: (s: string) => (errors.push(String(s)), true) } as any,
  } as any);
  if (error || !binary) throw new Error(`harness did not compile: ${error}\n${errors.join('')}`);
  return binary;
}
