// A small host driver over the logql_* exports (assembly/select/logql/exports.ts): compiles queries (reading
// compile errors through filter_error_*), builds test KubeMeta with logql_kube_build, and matches lines.
// Bytes are staged in wasm memory with regex_alloc / regex_dealloc.
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import type { Build } from '../../../bindings/core/wasm.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

export const STREAM = { stdout: 0, stderr: 1, unknown: 2 } as const;
export const LEVEL = { none: 0, trace: 1, debug: 2, info: 3, warn: 4, error: 5, fatal: 6 } as const;
export const KEEP = 1;
export const ERR = 2;
export const ERR_JSON = 4;

export interface Kube {
  namespace?: string;
  pod?: string;
  container?: string;
  labels?: Record<string, string>;
}

export class CompileError extends Error {
  constructor(readonly position: number, message: string) {
    super(message);
  }
}

type Bytes = string | Uint8Array;
const toBytes = (b: Bytes) => (typeof b === 'string' ? enc.encode(b) : b);

export class LogQL {
  readonly w;
  private buf = 0;
  private cap = 0;

  constructor(readonly build: Build) {
    this.w = sharedInstance(build);
  }

  /** Stages bytes in the driver's reusable block; returns its address. */
  private stage(b: Uint8Array): number {
    const e = this.w.exports;
    if (b.length > this.cap || this.buf === 0) {
      if (this.buf) e.regex_dealloc(this.buf);
      this.cap = Math.max(64, b.length * 2);
      this.buf = e.regex_alloc(this.cap);
    }
    this.w.u8().set(b, this.buf);
    return this.buf;
  }

  /** Compiles; throws CompileError (with the byte position) on a bad query. */
  compile(query: Bytes, reference = false): number {
    const e = this.w.exports;
    const b = toBytes(query);
    const p = this.stage(b);
    const prog = (reference ? e.logql_compile_reference : e.logql_compile)(p, b.length) >>> 0;
    if (prog === 0) {
      const mp = e.filter_error_message_ptr() >>> 0;
      const ml = e.filter_error_message_len() >>> 0;
      const msg = dec.decode(this.w.u8().slice(mp, mp + ml));
      throw new CompileError(e.filter_error_pos(), msg);
    }
    return prog;
  }

  /** The compile error of a query, or null when it compiles (the program is freed). */
  error(query: Bytes): { pos: number; msg: string } | null {
    try {
      this.free(this.compile(query));
      return null;
    } catch (err) {
      if (err instanceof CompileError) return { pos: err.position, msg: err.message };
      throw err;
    }
  }

  free(prog: number): void {
    this.w.exports.logql_free(prog);
  }

  kube(k: Kube | null): number {
    if (!k) return 0;
    const e = this.w.exports;
    const parts: number[] = [];
    const enc32 = (n: number) => parts.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
    for (const [key, v] of Object.entries(k.labels ?? {})) {
      const kb = enc.encode(key);
      const vb = enc.encode(v);
      enc32(kb.length);
      parts.push(...kb);
      enc32(vb.length);
      parts.push(...vb);
    }
    const strs = [k.namespace ?? '', k.pod ?? '', k.container ?? ''].map((s) => enc.encode(s));
    const labels = Uint8Array.from(parts);
    const ptrs = [...strs, labels].map((b) => {
      const p = e.regex_alloc(Math.max(1, b.length)) >>> 0;
      this.w.u8().set(b, p);
      return p;
    });
    const kube = e.logql_kube_build(ptrs[0], strs[0].length, ptrs[1], strs[1].length, ptrs[2], strs[2].length, ptrs[3], labels.length) >>> 0;
    for (const p of ptrs) e.regex_dealloc(p);
    return kube;
  }

  freeKube(kube: number): void {
    this.w.exports.logql_kube_free(kube);
  }

  streamMatch(prog: number, kube: number, stream: number, level: number): boolean {
    return this.w.exports.logql_stream_match(prog, kube, stream, level) !== 0;
  }

  hasPipeline(prog: number): boolean {
    return this.w.exports.logql_has_pipeline(prog) !== 0;
  }

  lineMatch(prog: number, kube: number, stream: number, level: number, line: Bytes): number {
    const b = toBytes(line);
    const p = this.stage(b);
    return this.w.exports.logql_line_match(prog, kube, stream, level, p, b.length) >>> 0;
  }
}

export interface Record_ {
  kube?: Kube | null;
  stream?: number;
  level?: number;
  line: Bytes;
}

/** Full evaluation of one record: 0 when the stream selector or the pipeline drops it, else the line bits. */
export function run(l: LogQL, query: Bytes, rec: Record_, reference = false): number {
  const prog = l.compile(query, reference);
  const kube = l.kube(rec.kube ?? null);
  try {
    const stream = rec.stream ?? STREAM.stdout;
    const level = rec.level ?? LEVEL.none;
    if (!l.streamMatch(prog, kube, stream, level)) return 0;
    return l.lineMatch(prog, kube, stream, level, rec.line);
  } finally {
    if (kube) l.freeKube(kube);
    l.free(prog);
  }
}
