// Test driver over the grep exports (assembly/select/grep/exports.ts) and the enrich test exports: compiles rules
// text, builds a KubeMeta with label sets from a GrepRecord (test/oracle/grep.ts) and asks grep_match.
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import type { Build } from '../../../bindings/core/wasm.ts';
import type { GrepRecord } from '../../oracle/grep.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const LEVELS = ['', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
const KUBE_FIELDS = ['namespace_name', 'pod_name', 'pod_id', 'container_name', 'docker_id'] as const;

export class Grep {
  private readonly w;
  constructor(build: Build) {
    this.w = sharedInstance(build);
  }

  private stage(bytes: Uint8Array): number {
    const ptr = this.w.exports.regex_alloc(bytes.length + 1) >>> 0;
    this.w.u8().set(bytes, ptr);
    return ptr;
  }

  /** A program handle, or the error (byte position and message). */
  compile(text: string): number | { pos: number; message: string } {
    const e = this.w.exports;
    const b = enc.encode(text);
    const ptr = this.stage(b);
    const h = e.grep_compile(ptr, b.length) >>> 0;
    e.regex_dealloc(ptr);
    if (h !== 0) return h;
    const mp = e.filter_error_message_ptr() >>> 0;
    const ml = e.filter_error_message_len() >>> 0;
    return { pos: e.filter_error_pos(), message: dec.decode(this.w.u8().slice(mp, mp + ml)) };
  }

  free(h: number): void {
    this.w.exports.grep_free(h);
  }

  needsLine(h: number): boolean {
    return this.w.exports.grep_needs_line(h) === 1;
  }

  private labels(map: unknown): number {
    if (typeof map !== 'object' || map === null) return 0;
    const parts: number[] = [];
    const u32 = (n: number) => parts.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
    for (const [k, v] of Object.entries(map)) {
      const kb = enc.encode(k);
      const vb = enc.encode(String(v));
      u32(kb.length);
      parts.push(...kb);
      u32(vb.length);
      parts.push(...vb);
    }
    const b = Uint8Array.from(parts);
    const ptr = this.stage(b);
    const set = this.w.exports.labels_build(ptr, b.length) >>> 0;
    this.w.exports.regex_dealloc(ptr);
    return set;
  }

  /** Does the program keep the record? (labels/annotations given as objects of strings) */
  keep(h: number, rec: GrepRecord): boolean {
    const e = this.w.exports;
    let kube = 0;
    let labels = 0;
    let annotations = 0;
    const k = rec.kubernetes;
    if (k) {
      labels = this.labels(k.labels);
      annotations = this.labels(k.annotations);
      const parts: number[] = [];
      const u32 = (n: number) => parts.push(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
      for (const f of KUBE_FIELDS) {
        const v = k[f];
        if (typeof v !== 'string') u32(0xffffffff);
        else {
          const b = enc.encode(v);
          u32(b.length);
          parts.push(...b);
        }
      }
      u32(typeof k.restart_count === 'string' ? Number(k.restart_count) : -1);
      const b = Uint8Array.from(parts);
      const ptr = this.stage(b);
      kube = e.enrich_kube_new(ptr, b.length, labels, annotations) >>> 0;
      e.regex_dealloc(ptr);
    }
    const log = enc.encode(rec.log ?? '');
    const lp = this.stage(log);
    const stream = rec.stream === 'stdout' ? 0 : rec.stream === 'stderr' ? 1 : 2;
    const level = rec.level ? LEVELS.indexOf(rec.level) : 0;
    const r = e.grep_match(h, kube, stream, level, lp, log.length) === 1;
    e.regex_dealloc(lp);
    e.enrich_kube_free(kube);
    e.labels_free(labels);
    e.labels_free(annotations);
    return r;
  }
}
