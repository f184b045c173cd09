// Test driver over the enrich exports (assembly/enrich/exports.ts): stages bytes in wasm memory with regex_alloc
// and reads enrich_parse_path's out block back as a PathMeta (the oracle's shape, test/oracle/enrich.ts).
import { sharedInstance } from '../../bindings/node-wasm.ts';
import type { Build } from '../../bindings/core/wasm.ts';
import type { PathMeta } from '../oracle/enrich.ts';

export const BUILDS: Build[] = ['simd', 'scalar'];
const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b).toString('latin1');

export class Enrich {
  private readonly w;
  constructor(build: Build) {
    this.w = sharedInstance(build);
  }

  /** Runs f with the bytes staged at a fresh block (freed after). */
  staged<T>(bytes: Uint8Array, f: (ptr: number) => T): T {
    const e = this.w.exports;
    const ptr = e.regex_alloc(bytes.length + 1) >>> 0;
    this.w.u8().set(bytes, ptr);
    try {
      return f(ptr);
    } finally {
      e.regex_dealloc(ptr);
    }
  }

  parsePath(path: string | Uint8Array): PathMeta {
    const b = typeof path === 'string' ? enc.encode(path) : path;
    const e = this.w.exports;
    const out = e.regex_alloc(48) >>> 0;
    try {
      return this.staged(b, (ptr) => {
        e.enrich_parse_path(ptr, b.length, out);
        const v = new DataView(this.w.u8().buffer, out, 48);
        const field = (i: number) => {
          const len = v.getUint32(i * 8 + 4, true);
          if (len === 0) return undefined;
          const off = v.getUint32(i * 8, true);
          return latin1(b.subarray(off, off + len));
        };
        const m: PathMeta = { shape: v.getUint32(44, true), restart: v.getInt32(40, true) };
        const names = ['namespace', 'pod', 'podId', 'container', 'dockerId'] as const;
        names.forEach((n, i) => {
          const f = field(i);
          if (f !== undefined) m[n] = f;
        });
        return m;
      });
    } finally {
      e.regex_dealloc(out);
    }
  }

  private endPage = -1;

  /** detectLevel on the bytes placed flush against the end of wasm memory, so that a read past them traps. The
   *  last page is one grown here: the allocator only adds pages above the size it sees when it grows itself. */
  levelAtEnd(line: string | Uint8Array): number {
    const b = typeof line === 'string' ? enc.encode(line) : line;
    const pages = this.w.memory.buffer.byteLength >>> 16;
    if (this.endPage !== pages - 1) this.endPage = this.w.memory.grow(1);
    const end = (this.endPage + 1) << 16;
    this.w.u8().set(b, end - b.length);
    return this.w.exports.enrich_detect_level(end - b.length, b.length) >>> 0;
  }

  level(line: string | Uint8Array): number {
    const b = typeof line === 'string' ? enc.encode(line) : line;
    return this.staged(b, (ptr) => this.w.exports.enrich_detect_level(ptr, b.length) >>> 0);
  }
}
