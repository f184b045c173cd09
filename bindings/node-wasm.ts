// Node: synchronous instantiation of the engine module from the .wasm file beside the JS bundle
// (dist/), or from dist/ when running the TypeScript sources directly (tests).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Build, type WasmHandle, engineImports, simdSupported, wrapInstance } from './core/wasm.ts';

const modules = new Map<Build, WebAssembly.Module>();

function wasmPath(build: Build): string {
  const name = `logsieve-${build}.wasm`;
  for (const rel of [`./${name}`, `../dist/${name}`]) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`logsieve: ${name} not found beside the bindings (run \`npm run build\`)`);
}

export function defaultBuild(): Build {
  return simdSupported() ? 'simd' : 'scalar';
}

export function compiledModule(build: Build): WebAssembly.Module {
  let m = modules.get(build);
  if (!m) {
    m = new WebAssembly.Module(readFileSync(wasmPath(build)));
    modules.set(build, m);
  }
  return m;
}

/** A fresh instance (own memory) of the chosen build. */
export function instantiate(build: Build = defaultBuild()): WasmHandle {
  return wrapInstance(new WebAssembly.Instance(compiledModule(build), engineImports()), build);
}

const shared = new Map<Build, WasmHandle>();
/** One shared instance per build, for light users such as compiled regexes. */
export function sharedInstance(build: Build = defaultBuild()): WasmHandle {
  let h = shared.get(build);
  if (!h) {
    h = instantiate(build);
    shared.set(build, h);
  }
  return h;
}
