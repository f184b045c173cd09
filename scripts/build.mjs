// Builds everything the package ships, skipping steps whose outputs are newer than their inputs:
//   build/logsieve-{simd,scalar}.wasm  (asc, two targets of one source)
//   dist/*.wasm, dist/node.js, dist/browser.js, dist/cli.js (esbuild), dist/types/*.d.ts (tsc)
// Usage: node scripts/build.mjs [--wasm-only] [--force]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const force = process.argv.includes('--force');
const wasmOnly = process.argv.includes('--wasm-only');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function newest(dir, exts) {
  let t = 0;
  for (const e of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !exts.some((x) => e.name.endsWith(x))) continue;
    t = Math.max(t, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}
const mtime = (f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0);
const stale = (outputs, inputTime) => force || outputs.some((o) => mtime(o) < inputTime);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

mkdirSync(join(root, 'build'), { recursive: true });
mkdirSync(join(root, 'dist'), { recursive: true });

const asTime = Math.max(newest('assembly', ['.ts']), mtime('asconfig.json'));
for (const target of ['simd', 'scalar']) {
  const out = `build/logsieve-${target}.wasm`;
  if (stale([out], asTime)) {
    console.error(`[build] asc --target ${target}`);
    run(bin('asc'), ['assembly/index.ts', '--config', 'asconfig.json', '--target', target]);
  }
  copyFileSync(join(root, out), join(root, `dist/logsieve-${target}.wasm`));
}
if (wasmOnly) process.exit(0);

const tsTime = Math.max(newest('bindings', ['.ts']), mtime('tsconfig.json'));
const bundles = [
  { entry: 'bindings/node.ts', out: 'dist/node.js', platform: 'node' },
  { entry: 'bindings/browser.ts', out: 'dist/browser.js', platform: 'browser' },
  { entry: 'bindings/cli.ts', out: 'dist/cli.js', platform: 'node' },
];
for (const b of bundles) {
  if (!existsSync(join(root, b.entry)) || !stale([b.out], tsTime)) continue;
  console.error(`[build] esbuild ${b.entry}`);
  run(bin('esbuild'), [b.entry, '--bundle', '--format=esm', `--platform=${b.platform}`, '--target=es2022',
    `--outfile=${b.out}`, '--log-level=warning']);
}
if (stale(['dist/types/node.d.ts'], tsTime)) {
  console.error('[build] tsc declarations');
  run(bin('tsc'), ['-p', 'tsconfig.build.json']);
}
