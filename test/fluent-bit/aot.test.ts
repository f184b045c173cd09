// The module compiled ahead of time (scripts/aot.mjs, docs/fluent-bit.md "Ahead-of-time compiled module"): the AOT
// file the build writes when a wamrc is at hand must come from the .wasm built next to it, for baseline x86-64.
// Without one (no wamrc on this machine: CI) it is not built and this says so loudly. Its records inside a real
// Fluent Bit are checked by real.test.ts, which runs every test with the AOT compile too when a wamrc is found.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AOT_FILE, AOT_MAGIC, AOT_MANIFEST, AOT_TARGET, aotProblem, findWamrc, sha256 } from '../../scripts/aot.mjs';
import { root } from './harness.ts';

const BUILT = existsSync(join(root, AOT_FILE));
if (!BUILT) console.warn(`\n*** SKIPPED: ${AOT_FILE} is not built (no wamrc${findWamrc() ? '' : ': set WAMRC'}): its checks did not run ***\n`);

describe.skipIf(!BUILT)('the shipped AOT file', () => {
  it('was compiled from the .wasm built next to it (not stale)', () => {
    expect(aotProblem(root)).toBe('');
    const manifest = JSON.parse(readFileSync(join(root, AOT_MANIFEST), 'utf8'));
    expect(manifest.wasmSha256).toBe(sha256(readFileSync(join(root, 'dist/logsieve-fluent-bit.wasm'))));
  });

  it('is a WAMR AOT file for baseline x86-64, by a wamrc of WAMR 2.4.1 (Fluent Bit 5.1.x)', () => {
    const bytes = readFileSync(join(root, AOT_FILE));
    expect([...bytes.subarray(0, 4)]).toEqual(AOT_MAGIC);
    const manifest = JSON.parse(readFileSync(join(root, AOT_MANIFEST), 'utf8'));
    expect({ target: manifest.target, cpu: manifest.cpu }).toEqual(AOT_TARGET);
    expect(AOT_TARGET).toEqual({ target: 'x86_64', cpu: 'x86-64' });
    expect(manifest.wamrc).toMatch(/\b2\.4\.1\b/);
  });
});
