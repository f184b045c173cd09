// Builds everything the package ships, skipping steps whose outputs are newer than their inputs:
//   build/logsieve-{simd,scalar}.wasm  (asc, two targets of one source)
//   build/logsieve-fluent-bit.wasm     (asc, the Fluent Bit filter_wasm module: assembly/fluent-bit.ts)
//   dist/*.wasm, dist/node.js, dist/node.cjs, dist/browser.js, dist/cli.js (esbuild),
//   dist/types/**/*.d.ts and dist/types/cjs/**/*.d.ts (tsc)
// Usage: node scripts/build.mjs [--wasm-only] [--force]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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
{
  const out = 'build/logsieve-fluent-bit.wasm';
  if (stale([out], Math.max(asTime, mtime('asconfig.fluent-bit.json')))) {
    console.error('[build] asc fluent-bit module');
    run(bin('asc'), ['--config', 'asconfig.fluent-bit.json']);
  }
  copyFileSync(join(root, out), join(root, 'dist/logsieve-fluent-bit.wasm'));
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
