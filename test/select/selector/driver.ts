// A test driver over the label-selector exports (assembly/select/selector/exports.ts) of one build's shared
// instance: stages bytes with regex_alloc / regex_dealloc, compiles, matches against label sets built with
// labels_build, reads canonical text, tokens and the aux results. Every handle it makes it frees.
import { sharedInstance } from '../../../bindings/node-wasm.ts';
import type { Build } from '../../../bindings/core/wasm.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytesOf = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? enc.encode(s) : s);

/** lex.ts's TOK_* in order, under the conformance data's names. */
export const TOKEN_NAMES = ['EndOfStringToken', 'IdentifierToken', 'InToken', 'NotInToken', 'OpenParToken',
  'ClosedParToken', 'CommaToken', 'DoesNotExistToken', 'EqualsToken', 'DoubleEqualsToken', 'NotEqualsToken',
  'GreaterThanToken', 'LessThanToken'] as const;

export type CompileResult =
  | { ok: true; canonical: string; canonicalBytes: Uint8Array; matches: (labels: Record<string, string> | [Uint8Array, Uint8Array][]) => boolean }
  | { ok: false; pos: number; error: string };

export interface Token { kind: string; start: number; len: number; text: string }

export class SelectorDriver {
  private readonly w;
  constructor(readonly build: Build) {
    this.w = sharedInstance(build);
  }

  private stage(b: Uint8Array): number {
    const p = this.w.exports.regex_alloc(b.length);
    this.w.u8().set(b, p);
    return p;
  }

  private read(p: number, n: number): Uint8Array {
    return this.w.u8().slice(p, p + n);
  }

  error(): { pos: number; error: string } {
    const e = this.w.exports;
    return { pos: e.filter_error_pos(), error: dec.decode(this.read(e.filter_error_message_ptr(), e.filter_error_message_len())) };
  }

  /** Builds a label set from an object or raw pairs; returns its handle. */
  labels(labels: Record<string, string> | [Uint8Array, Uint8Array][]): number {
    const pairs: [Uint8Array, Uint8Array][] = Array.isArray(labels)
      ? labels : Object.entries(labels).map(([k, v]) => [enc.encode(k), enc.encode(v)]);
    const parts: number[] = [];
    for (const [k, v] of pairs) {
      append(parts, u32(k.length), k, u32(v.length), v);
    }
    const p = this.stage(Uint8Array.from(parts));
    const set = this.w.exports.labels_build(p, parts.length) >>> 0;
    this.w.exports.regex_dealloc(p);
    return set;
  }

  /** Compiles, reads the result, and keeps the handle alive only inside `use`. */
  compile<T>(text: string | Uint8Array, use: (r: CompileResult) => T): T {
    const e = this.w.exports;
    const b = bytesOf(text);
    const p = this.stage(b);
    const h = e.selector_compile(p, b.length) >>> 0;
    e.regex_dealloc(p);
    if (h === 0) return use({ ok: false, ...this.error() });
    try {
      const canonicalBytes = this.read(e.selector_canonical_ptr(h), e.selector_canonical_len(h));
      return use({
        ok: true,
        canonical: dec.decode(canonicalBytes),
        canonicalBytes,
        matches: (labels) => {
          const set = this.labels(labels);
          const r = e.selector_match(h, set) === 1;
          e.labels_free(set);
          return r;
        },
      });
    } finally {
      e.selector_free(h);
    }
  }

  /** Compile result without matching (the handle is freed). */
  parse(text: string | Uint8Array): { ok: true; canonical: string; canonicalBytes: Uint8Array } | { ok: false; pos: number; error: string } {
    return this.compile(text, (r) => (r.ok ? { ok: true as const, canonical: r.canonical, canonicalBytes: r.canonicalBytes } : r));
  }

  lex(text: string | Uint8Array): Token[] {
    const e = this.w.exports;
    const b = bytesOf(text);
    const p = this.stage(b);
    const n = e.selector_lex(p, b.length);
    e.regex_dealloc(p);
    const out: Token[] = [];
    const dv = this.w.view();
    const q = e.selector_lex_ptr() >>> 0;
    for (let i = 0; i < n; i++) {
      const kind = dv.getUint32(q + i * 12, true);
      const start = dv.getUint32(q + i * 12 + 4, true);
      const len = dv.getUint32(q + i * 12 + 8, true);
      out.push({ kind: TOKEN_NAMES[kind], start, len, text: dec.decode(b.subarray(start, start + len)) });
    }
    return out;
  }

  requirement(key: string, op: string, values: string[]): { ok: true; canonical: string } | { ok: false; error: string } {
    const e = this.w.exports;
    const parts: number[] = [];
    const field = (s: string) => {
      const b = enc.encode(s);
      append(parts, u32(b.length), b);
    };
    field(key);
    field(op);
    parts.push(...u32(values.length));
    values.forEach(field);
    const p = this.stage(Uint8Array.from(parts));
    const r = e.selector_requirement(p, parts.length);
    e.regex_dealloc(p);
    if (r === 1) return { ok: true, canonical: dec.decode(this.read(e.selector_aux_ptr(), e.selector_aux_len())) };
    if (r !== 0) throw new Error(`selector_requirement: malformed block (${r})`);
    return { ok: false, error: this.error().error };
  }

  labelsMap(text: string): { ok: true; labels: Record<string, string> } | { ok: false; error: string } {
    const e = this.w.exports;
    const b = enc.encode(text);
    const p = this.stage(b);
    const r = e.selector_labels_map(p, b.length);
    e.regex_dealloc(p);
    if (r !== 1) return { ok: false, error: this.error().error };
    const out = this.read(e.selector_aux_ptr(), e.selector_aux_len());
    const dv = new DataView(out.buffer);
    const labels: Record<string, string> = {};
    let q = 0;
    while (q < out.length) {
      const kl = dv.getUint32(q, true);
      const k = dec.decode(out.subarray(q + 4, q + 4 + kl));
      q += 4 + kl;
      const vl = dv.getUint32(q, true);
      labels[k] = dec.decode(out.subarray(q + 4, q + 4 + vl));
      q += 4 + vl;
    }
    return { ok: true, labels };
  }
}

function u32(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

function append(out: number[], ...chunks: ArrayLike<number>[]): void {
  for (const c of chunks) for (let i = 0; i < c.length; i++) out.push(c[i]);
}
