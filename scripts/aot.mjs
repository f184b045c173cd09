// The Fluent Bit module compiled ahead of time: WAMR's compiler `wamrc` turns dist/logsieve-fluent-bit.wasm into an
// AOT file that Fluent Bit's wasm filter loads from Wasm_Path like the .wasm (WAMR recognises the format by its
// magic), and runs as native code instead of in WAMR's interpreter (docs/fluent-bit.md "Ahead-of-time compiled
// module"). An AOT file only loads into the WAMR version whose compiler wrote it (Fluent Bit 5.1.x embeds WAMR
// 2.4.1), on the target it was compiled for: baseline x86-64 here (`--cpu=x86-64`: no instruction a particular
// x86-64 CPU may lack), so one file runs on every x86-64 node.
//
// wamrc is not an npm package (it needs LLVM): it is found through WAMRC, else `wamrc` on PATH, and built by hand
// from WAMR's source like Fluent Bit itself. Without it nothing here runs and the build says so.
// A manifest next to the AOT file records the SHA-256 of the .wasm it was compiled from, so a stale AOT file
// (the engine changed, the AOT was not rebuilt) is caught by a test and by `npm pack`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The shipped AOT file, its manifest, and what it is compiled for. */
export const AOT_FILE = 'dist/logsieve-fluent-bit.x86_64.aot';
export const AOT_MANIFEST = `${AOT_FILE}.json`;
export const AOT_TARGET = { target: 'x86_64', cpu: 'x86-64' };
/** The first bytes of every WAMR AOT file ("\0aot"): how WAMR tells one from a .wasm ("\0asm"). */
export const AOT_MAGIC = [0x00, 0x61, 0x6f, 0x74];

/** Is p an executable file? */
export function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in a directory of PATH, or null. */
export function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** WAMRC when it names an executable, else `wamrc` on PATH; null when there is none. */
export function findWamrc() {
  const env = process.env.WAMRC;
  if (env) return isExecutable(env) ? resolve(env) : null;
  return onPath('wamrc');
}

/** wamrc's own version line (e.g. "wamrc 2.4.1"). */
export function wamrcVersion(wamrc) {
  const r = spawnSync(wamrc, ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0];
}

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Compiles wasmPath to aotPath for AOT_TARGET; throws with wamrc's output on failure. */
export function compileAot(wamrc, wasmPath, aotPath) {
  const r = spawnSync(wamrc, [`--target=${AOT_TARGET.target}`, `--cpu=${AOT_TARGET.cpu}`, '-o', aotPath, wasmPath], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(aotPath)) throw new Error(`wamrc failed on ${wasmPath}: ${r.stdout}${r.stderr}`);
}

/** Compiles the module at root/wasm into root/AOT_FILE and writes the manifest. */
export function buildAot(root, wamrc, wasm = 'dist/logsieve-fluent-bit.wasm') {
  compileAot(wamrc, join(root, wasm), join(root, AOT_FILE));
  const manifest = { wasm: wasm.replace(/^dist\//, ''), wasmSha256: sha256(readFileSync(join(root, wasm))), wamrc: wamrcVersion(wamrc), ...AOT_TARGET };
  writeFileSync(join(root, AOT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Why root's AOT file cannot ship ('' when it can): missing, or compiled from another .wasm than dist's. */
export function aotProblem(root) {
  if (!existsSync(join(root, AOT_FILE)) || !existsSync(join(root, AOT_MANIFEST))) return `${AOT_FILE} is not built (no wamrc: set WAMRC)`;
  const manifest = JSON.parse(readFileSync(join(root, AOT_MANIFEST), 'utf8'));
  const now = sha256(readFileSync(join(root, 'dist', manifest.wasm)));
  if (manifest.wasmSha256 !== now) return `${AOT_FILE} is stale: compiled from another ${manifest.wasm} (run npm run build with WAMRC set)`;
  return '';
}
