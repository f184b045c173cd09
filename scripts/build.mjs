// Builds everything the package ships, skipping steps whose outputs are newer than their inputs:
//   build/logsieve-{simd,scalar}.wasm  (asc, two targets of one source)
//   build/logsieve-fluent-bit.wasm     (asc, the Fluent Bit filter_wasm module: assembly/fluent-bit.ts)
//   dist/logsieve-fluent-bit.x86_64.aot (+ .json manifest) when a wamrc is found (scripts/aot.mjs)
//   dist/*.wasm, dist/node.js, dist/node.cjs, dist/browser.js, dist/cli.js (esbuild),
//   dist/types/**/*.d.ts and dist/types/cjs/**/*.d.ts (tsc)
//   dist/viewer/ (the viewer page: index.html, viewer.js, worker.js, viewer.css with uPlot's, both .wasm)
// Usage: node scripts/build.mjs [--wasm-only] [--force]
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AOT_FILE, aotProblem, buildAot, findWamrc } from './aot.mjs';

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
{
  const out = 'build/logsieve-fluent-bit.wasm';
  if (stale([out], Math.max(asTime, mtime('asconfig.fluent-bit.json')))) {
    console.error('[build] asc fluent-bit module');
    run(bin('asc'), ['--config', 'asconfig.fluent-bit.json']);
  }
  copyFileSync(join(root, out), join(root, 'dist/logsieve-fluent-bit.wasm'));
}
{
  // the module compiled ahead of time for Fluent Bit's WAMR, when a wamrc is at hand (scripts/aot.mjs)
  const wamrc = findWamrc();
  if (!wamrc) {
    console.error(`[build] ${AOT_FILE}: skipped (no wamrc: set WAMRC or put wamrc on PATH; docs/fluent-bit.md)`);
  } else if (force || aotProblem(root) !== '') {
    console.error(`[build] wamrc → ${AOT_FILE}`);
    buildAot(root, wamrc);
  }
}
if (wasmOnly) process.exit(0);

// build.mjs and the tsconfigs are inputs too: changing how things are built rebuilds them
const tsTime = Math.max(newest('bindings', ['.ts']), mtime('tsconfig.json'), mtime('tsconfig.build.json'),
  mtime('scripts/build.mjs'), mtime('scripts/cjs-import-meta-url.js'));
// The CommonJS bundle has no import.meta: its import.meta.url (locating the .wasm) is the bundle's file URL.
const cjsImportMetaUrl = ['--inject:scripts/cjs-import-meta-url.js', '--define:import.meta.url=importMetaUrl'];
const bundles = [
  { entry: 'bindings/node.ts', out: 'dist/node.js', platform: 'node', format: 'esm' },
  { entry: 'bindings/node.ts', out: 'dist/node.cjs', platform: 'node', format: 'cjs', extra: cjsImportMetaUrl },
  { entry: 'bindings/browser.ts', out: 'dist/browser.js', platform: 'browser', format: 'esm' },
  // the CLI bundles CommonJS packages (yaml, for the agent's configuration): they need a real `require`
  { entry: 'bindings/cli.ts', out: 'dist/cli.js', platform: 'node', format: 'esm',
    extra: ["--banner:js=import { createRequire as __logsieveRequire } from 'node:module'; const require = __logsieveRequire(import.meta.url);"] },
];
for (const b of bundles) {
  if (!existsSync(join(root, b.entry)) || !stale([b.out], tsTime)) continue;
  console.error(`[build] esbuild ${b.entry} (${b.format})`);
  run(bin('esbuild'), [b.entry, '--bundle', `--format=${b.format}`, `--platform=${b.platform}`, '--target=es2022',
    `--outfile=${b.out}`, '--log-level=warning', ...(b.extra ?? [])]);
}

// Declarations: tsc emits dist/types (ES module declarations, for `import`); a copy under dist/types/cjs with
// a {"type":"commonjs"} package.json describes dist/node.cjs (for `require`). tsc keeps the sources' `.ts`
// import specifiers in .d.ts files; consumers resolve `.js`, so they are rewritten.
const typesOut = ['dist/types/node.d.ts', 'dist/types/browser.d.ts', 'dist/types/cjs/node.d.ts'];
if (stale(typesOut, tsTime)) {
  console.error('[build] tsc declarations');
  rmSync(join(root, 'dist/types'), { recursive: true, force: true });
  // typescript's own tsc: node_modules/.bin/tsc may be another installed TypeScript's (typescript-5.0)
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  const types = join(root, 'dist/types');
  const cjs = join(types, 'cjs');
  for (const e of readdirSync(types, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.endsWith('.d.ts')) continue;
    const file = join(e.parentPath ?? e.path, e.name);
    const text = readFileSync(file, 'utf8').replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2');
    writeFileSync(file, text);
    const copy = join(cjs, relative(types, file));
    mkdirSync(dirname(copy), { recursive: true });
    writeFileSync(copy, text);
  }
  writeFileSync(join(cjs, 'package.json'), '{ "type": "commonjs" }\n');
}

// The viewer page (docs/viewer.md): a static folder that works from any URL and offline. The page and the
// worker are separate bundles (the worker holds the engine binding; the page never loads it); the .wasm
// files sit beside worker.js, where the browser binding's init() looks for them.
const viewerOut = ['dist/viewer/index.html', 'dist/viewer/viewer.js', 'dist/viewer/worker.js', 'dist/viewer/viewer.css'];
const viewerTime = Math.max(tsTime, newest('bindings/viewer', ['.html', '.css']), mtime('node_modules/uplot/package.json'),
  mtime('build/logsieve-simd.wasm'), mtime('build/logsieve-scalar.wasm'));
if (existsSync(join(root, 'bindings/viewer/page.ts')) && stale(viewerOut, viewerTime)) {
  console.error('[build] viewer page');
  mkdirSync(join(root, 'dist/viewer'), { recursive: true });
  for (const [entry, out] of [['bindings/viewer/page.ts', 'dist/viewer/viewer.js'], ['bindings/viewer/worker.ts', 'dist/viewer/worker.js']]) {
    run(bin('esbuild'), [entry, '--bundle', '--format=esm', '--platform=browser', '--target=es2022', '--minify',
      `--outfile=${out}`, '--log-level=warning']);
  }
  const css = readFileSync(join(root, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8') + '\n'
    + readFileSync(join(root, 'bindings/viewer/viewer.css'), 'utf8');
  writeFileSync(join(root, 'dist/viewer/viewer.css'), css);
  copyFileSync(join(root, 'bindings/viewer/index.html'), join(root, 'dist/viewer/index.html'));
  for (const target of ['simd', 'scalar']) {
    copyFileSync(join(root, `build/logsieve-${target}.wasm`), join(root, `dist/viewer/logsieve-${target}.wasm`));
  }
  // the page's weight as docs/viewer.md states it: what a browser downloads (one of the two .wasm builds)
  const files = ['index.html', 'viewer.js', 'viewer.css', 'worker.js', 'logsieve-simd.wasm'];
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(root, 'dist/viewer', f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  console.error(`[build] viewer page weight: ${(raw / 1024).toFixed(0)} KiB, ${(gz / 1024).toFixed(0)} KiB gzipped (${files.join(', ')})`);
}
