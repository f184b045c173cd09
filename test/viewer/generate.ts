// Generated inputs for the viewer tests, in a temporary directory (removed by the caller through `remove`).
//   a seeded ~100 MB CRI file (bench/viewer-corpus.mjs: traces, several levels, JSON messages, P/F pieces, a few
//   malformed lines, an open partial at the end) and a seeded file of random bytes (the "binary file" a user drops).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain JavaScript module of the bench (no declarations)
import { writeViewerCorpus } from '../../bench/viewer-corpus.mjs';

export interface Scratch {
  dir: string;
  remove(): void;
}

export function scratch(prefix = 'logsieve-viewer-'): Scratch {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the seeded CRI file (at least `bytes` long, whole lines) to `path`. */
export function generateCri(path: string, bytes: number): { bytes: number; lines: number; malformed: number } {
  return writeViewerCorpus(path, bytes);
}

/** `n` seeded random bytes (xorshift32; with some newlines among them, as any binary has). */
export function generateBinary(path: string, n: number, seed = 0xb1a5): void {
  const out = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = s & 0xff;
  }
  writeFileSync(path, out);
}
