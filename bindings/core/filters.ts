// The engine's filters as JavaScript sets them: a Kubernetes label selector, a LogQL query, Fluent Bit grep
// rules. Each is compiled inside the engine's own wasm instance (assembly/select/), so every host filters the
// same way; a bad filter is a FilterSyntaxError with the position of the error.

import { FILTER_KINDS } from './abi.ts';
import type { WasmHandle } from './wasm.ts';

export type FilterKind = keyof typeof FILTER_KINDS;

/** One Fluent Bit grep rule: `Regex KEY PATTERN` or `Exclude KEY PATTERN`. */
export interface GrepRule {
  type: 'regex' | 'exclude';
  /** a record accessor: `log`, `$log`, `$kubernetes['labels']['app']`, … (docs/grep.md) */
  key: string;
  pattern: string;
}

/** Fluent Bit grep rules as text (one `Regex`/`Exclude`/`Logical_Op` per line) or as objects. */
export type GrepRules = string | { rules: readonly GrepRule[]; logicalOp?: 'legacy' | 'and' | 'or' };

export interface FilterOptions {
  /** A Kubernetes label selector as `kubectl -l` takes it, matched against the pod's labels. */
  selector?: string;
  /** A LogQL log query: stream selector, line filters, `| json`/`| logfmt`, label filters (docs/logql.md). */
  query?: string;
  /** Fluent Bit grep rules (docs/grep.md). */
  grep?: GrepRules;
}

const NAMES: Record<FilterKind, string> = { selector: 'label selector', query: 'LogQL query', grep: 'grep rules' };

export class FilterSyntaxError extends Error {
  /** which filter */
  readonly kind: FilterKind;
  /** the filter text */
  readonly text: string;
  /** index of the error in `text` (UTF-16 units, as JavaScript strings count) */
  readonly position: number;
  /** the error's byte offset in the UTF-8 text */
  readonly bytePosition: number;
  /** the message alone (without position) */
  readonly reason: string;

  constructor(kind: FilterKind, text: string, bytePosition: number, reason: string) {
    const position = charIndex(text, bytePosition);
    super(`${NAMES[kind]}: ${reason} at position ${position}`);
    this.name = 'FilterSyntaxError';
    this.kind = kind;
    this.text = text;
    this.position = position;
    this.bytePosition = bytePosition;
    this.reason = reason;
  }

  /** The text, a caret under the error, and the message (what the CLI prints). */
  caret(): string {
    const line = this.text.replace(/[\r\n\t]/g, ' ');
    return `${line}\n${' '.repeat(Math.min(this.position, line.length))}^ ${this.reason}`;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-16 index in s of UTF-8 byte offset b (clamped to the text). */
function charIndex(s: string, b: number): number {
  if (b <= 0) return 0;
  const bytes = encoder.encode(s);
  return decoder.decode(bytes.subarray(0, Math.min(b, bytes.length))).length;
}

/** Grep rules as the text the engine compiles. */
export function grepText(g: GrepRules): string {
  if (typeof g === 'string') return g;
  if (!g || typeof g !== 'object' || !Array.isArray(g.rules)) {
    throw new TypeError('logsieve: grep is rules text or { rules: [{ type, key, pattern }], logicalOp }');
  }
  const lines = g.rules.map((r, i) => {
    if (!r || (r.type !== 'regex' && r.type !== 'exclude') || typeof r.key !== 'string' || typeof r.pattern !== 'string') {
      throw new TypeError(`logsieve: grep rule ${i} needs type 'regex' or 'exclude', a key and a pattern`);
    }
    if (/\s/.test(r.key)) throw new TypeError(`logsieve: grep rule ${i}: a key has no spaces`);
    if (/[\r\n]/.test(r.pattern)) throw new TypeError(`logsieve: grep rule ${i}: a pattern is one line`);
    return `${r.type === 'regex' ? 'Regex' : 'Exclude'} ${r.key} ${r.pattern}`;
  });
  if (g.logicalOp !== undefined) lines.push(`Logical_Op ${g.logicalOp}`);
  return lines.join('\n');
}

/**
 * Compiles one filter in the instance without installing it; returns the program's handle. Throws
 * FilterSyntaxError when the text is bad.
 */
export function compileFilter(w: WasmHandle, kind: FilterKind, text: string): number {
  const x = w.exports as Record<string, (...a: number[]) => number>;
  if (typeof text !== 'string') throw new TypeError(`logsieve: the ${NAMES[kind]} must be a string`);
  const bytes = encoder.encode(text);
  const ptr = x.inputReserve(bytes.length);
  if (ptr === 0 && bytes.length > 0) throw new RangeError(`logsieve: the ${NAMES[kind]} is too long`);
  w.u8().set(bytes, ptr);
  const h = x.compileFilter(FILTER_KINDS[kind], bytes.length);
  if (h !== 0) return h;
  const msg = decoder.decode(new Uint8Array(w.memory.buffer, x.filter_error_message_ptr(), x.filter_error_message_len()));
  throw new FilterSyntaxError(kind, text, x.filter_error_pos(), msg || 'invalid');
}

/**
 * Sets several filters at once (undefined removes one): compiles every text first, so that a bad one
 * (FilterSyntaxError) changes nothing, then installs them.
 */
export function installFilters(w: WasmHandle, filters: ReadonlyArray<[FilterKind, string | undefined]>): void {
  const x = w.exports as Record<string, (...a: number[]) => number>;
  const compiled: Array<[FilterKind, number]> = [];
  try {
    for (const [kind, text] of filters) compiled.push([kind, text === undefined ? 0 : compileFilter(w, kind, text)]);
  } catch (err) {
    for (const [kind, h] of compiled) x.freeFilter(FILTER_KINDS[kind], h);
    throw err;
  }
  for (const [kind, h] of compiled) x.installFilter(FILTER_KINDS[kind], h);
}
