// Host side of the regex engine: compile a pattern inside a wasm instance and run it on strings or bytes.
// Inputs are copied (or UTF-8 encoded) into a staging block in the instance's memory (input.ts: size limit,
// offset checks, out-of-memory errors); spans are UTF-8 byte offsets. A Regex owns a handle in the instance:
// free() releases it (a FinalizationRegistry also does when the Regex is garbage-collected).
import type { WasmHandle } from '../core/wasm.ts';
import { checkOffset, checkOffsetType, compileReserve, guarded, inputByteLength, outBlock, reserve, stage, wasmAlloc } from './input.ts';
export { MAX_INPUT_BYTES } from './input.ts';

export interface Span {
  start: number;
  end: number;
}

export interface RegexOptions {
  /** Same as a leading (?i). */
  caseInsensitive?: boolean;
  /** Same as a leading (?m). */
  multiLine?: boolean;
  /** Same as a leading (?s). */
  dotAll?: boolean;
  /** Same as a leading (?U). */
  ungreedy?: boolean;
  /**
   * Testing only: 'pike' disables every fast path (literal scan, prefilter, DFA, bounded backtracker),
   * 'dfa' disables the literal fast paths, 'backtrack' keeps only the bounded backtracker (for find and
   * captures on short inputs) over the Pike VM. Default 'auto'.
   */
  engine?: 'auto' | 'pike' | 'dfa' | 'backtrack';
}

/** Bytes copied once into an instance's memory (e.g. a whole chunk for countMatchingLines). */
export class WasmBytes {
  readonly ptr: number;
  readonly length: number;
  private readonly w: WasmHandle;
  private freed = false;
  constructor(w: WasmHandle, bytes: Uint8Array) {
    inputByteLength(bytes);
    this.w = w;
    this.length = bytes.length;
    this.ptr = wasmAlloc(w, bytes.length + 16); // + room for scanner over-reads, as the staging block
    w.u8().set(bytes, this.ptr);
  }
  get handle(): WasmHandle {
    return this.w;
  }
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.w.exports.regex_dealloc(this.ptr);
  }
}

/** A pattern the engine rejects. `position` is the byte offset (in the UTF-8 pattern) of the offending construct. */
export class RegexSyntaxError extends Error {
  readonly position: number;
  readonly pattern: string;
  constructor(message: string, position: number, pattern: string) {
    const shown = pattern.length > 200 ? `${pattern.slice(0, 200)}… (${pattern.length} characters)` : pattern;
    super(`${message} at position ${position} in /${shown}/`);
    this.name = 'RegexSyntaxError';
    this.position = position;
    this.pattern = pattern;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Byte offset of the code point after the one starting at `i` in memory [p, p + n) (i + 1 on invalid UTF-8). */
function nextCodePointIn(mem: Uint8Array, p: number, n: number, i: number): number {
  if (i >= n) return i + 1;
  const b = mem[p + i];
  const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  let k = 1;
  while (k < len && i + k < n && (mem[p + i + k] & 0xc0) === 0x80) k++;
  return i + k;
}

const registry = new FinalizationRegistry<{ w: WasmHandle; h: number }>(({ w, h }) => {
  w.exports.regex_free(h);
});

export class Regex {
  readonly pattern: string;
  /** Capture groups, not counting group 0 (the whole match). */
  readonly groupCount: number;
  /** Names by group index (index 0 is the whole match; null for unnamed groups). */
  readonly groupNames: (string | null)[];
  private h: number;
  private readonly w: WasmHandle;
  private readonly nslots: number;

  constructor(w: WasmHandle, h: number, pattern: string) {
    this.w = w;
    this.h = h;
    this.pattern = pattern;
    const e = w.exports;
    this.nslots = e.regex_slot_count(h) as number;
    this.groupCount = e.regex_group_count(h) as number;
    const names: (string | null)[] = [null];
    for (let i = 1; i <= this.groupCount; i++) {
      const len = e.regex_group_name_len(h, i) as number;
      if (len === 0) names.push(null);
      else {
        const p = (e.regex_group_name_ptr(h, i) as number) >>> 0;
        names.push(decoder.decode(w.u8().slice(p, p + len)));
      }
    }
    this.groupNames = names;
    registry.register(this, { w, h }, this);
  }

  private handle(): number {
    if (!this.h) throw new Error('logsieve: Regex used after free()');
    return this.h;
  }

  /** Is there a match anywhere in the input? */
  test(input: string | Uint8Array): boolean {
    const h = this.handle();
    const [p, n] = stage(this.w, input);
    return guarded(this.w, 'in test()', () => this.w.exports.regex_test(h, p, n) !== 0);
  }

  /** Does the whole input match (anchored at both ends, as for label values)? */
  fullMatch(input: string | Uint8Array): boolean {
    const h = this.handle();
    const [p, n] = stage(this.w, input);
    return guarded(this.w, 'in fullMatch()', () => this.w.exports.regex_full_match(h, p, n) !== 0);
  }

  /**
   * The leftmost-first match at or after byte offset `start` ({ start, end } in UTF-8 bytes), or null.
   * `anchored`: the match must begin exactly at `start`. Matches begin only at code point boundaries: a
   * `start` inside a code point searches from the next one (anchored: no match). `start` must be an integer in
   * [0, byte length] (RangeError otherwise).
   */
  find(input: string | Uint8Array, start = 0, anchored = false): Span | null {
    const h = this.handle();
    checkOffsetType(start);
    const [p, n] = stage(this.w, input);
    checkOffset(start, n);
    const out = outBlock(this.w).ptr;
    if (!guarded(this.w, 'in find()', () => this.w.exports.regex_find(h, p, n, start, anchored ? 1 : 0, out))) return null;
    const dv = this.w.view();
    return { start: dv.getUint32(out, true), end: dv.getUint32(out + 4, true) };
  }

  /** Spans of group 0 (the whole match) and every capture group (null when a group did not take part). */
  captures(input: string | Uint8Array, start = 0, anchored = false): (Span | null)[] | null {
    const h = this.handle();
    checkOffsetType(start);
    const [p, n] = stage(this.w, input);
    checkOffset(start, n);
    // a literal-only regex builds its program on its first captures(): make room for that compile first
    if (!(this.w.exports.regex_info(h) & 0x100)) reserve(this.w, compileReserve(encoder.encode(this.pattern).length));
    const block = outBlock(this.w);
    const bytes = this.nslots * 4;
    const big = bytes > block.bytes ? wasmAlloc(this.w, bytes) : 0;
    const out = big || block.ptr;
    try {
      if (!guarded(this.w, 'in captures()', () => this.w.exports.regex_captures(h, p, n, start, anchored ? 1 : 0, out))) return null;
      const dv = this.w.view();
      const res: (Span | null)[] = [];
      for (let i = 0; i < this.nslots; i += 2) {
        const a = dv.getUint32(out + i * 4, true);
        const b = dv.getUint32(out + i * 4 + 4, true);
        res.push(a === 0xffffffff || b === 0xffffffff ? null : { start: a, end: b });
      }
      return res;
    } finally {
      if (big) this.w.exports.regex_dealloc(big);
    }
  }

  /**
   * Every successive non-overlapping match, as Rust's `find_iter` and RE2/Go's `FindAll` (docs/regex.md,
   * "findAll"): each search starts where the previous match ended; an empty match right where the previous
   * match ended is not reported (`a*` on `aab`: 0-2, 3-3, where a JavaScript `g` regex also gives 2-2); after
   * an empty match the next search starts one code point later. The input is copied into wasm once.
   */
  findAll(input: string | Uint8Array): Span[] {
    const h = this.handle();
    const [p, n] = stage(this.w, input);
    const out = outBlock(this.w).ptr;
    const e = this.w.exports;
    const spans: Span[] = [];
    let at = 0;
    let lastEnd = -1;
    const find = (from: number) => guarded(this.w, 'in findAll()', () => e.regex_find(h, p, n, from, 0, out));
    while (at <= n) {
      if (!find(at)) break;
      const dv = this.w.view();
      const m = { start: dv.getUint32(out, true), end: dv.getUint32(out + 4, true) };
      if (m.start === m.end && m.end === lastEnd) {
        at = nextCodePointIn(this.w.u8(), p, n, at);
        continue;
      }
      spans.push(m);
      lastEnd = m.end;
      at = m.end === m.start ? nextCodePointIn(this.w.u8(), p, n, m.end) : m.end;
    }
    return spans;
  }

  /**
   * Runs `test` (or, with fullMatch, a whole-line match) on every '\n'-terminated line of `buf` inside wasm,
   * the way the filter stage does, and returns how many lines match.
   */
  countMatchingLines(buf: Uint8Array | WasmBytes, fullMatch = false): number {
    const h = this.handle();
    if (buf instanceof WasmBytes) {
      if (buf.handle !== this.w) throw new Error('logsieve: WasmBytes belong to another instance');
      return guarded(this.w, 'in countMatchingLines()', () => this.w.exports.regex_count_lines(h, buf.ptr, buf.length, fullMatch ? 1 : 0) as number);
    }
    const [p, n] = stage(this.w, buf);
    return guarded(this.w, 'in countMatchingLines()', () => this.w.exports.regex_count_lines(h, p, n, fullMatch ? 1 : 0) as number);
  }

  /** Which matching strategy the engine picked (diagnostics and tests). */
  engineInfo(): { dfa: boolean; alwaysTrue: boolean; literal: boolean; prefilter: boolean; programBuilt: boolean; dfaBuilt: boolean } {
    const f = this.w.exports.regex_info(this.handle()) as number;
    return { dfa: !!(f & 1), alwaysTrue: !!(f & 2), literal: !!(f & 4), prefilter: !!(f & 8), programBuilt: !!(f & 0x100), dfaBuilt: !!(f & 0x200) };
  }

  /** Instructions in the compiled NFA program (0 while it is not built). The bounded backtracker takes inputs up
   *  to 262144 / programSize bytes. */
  programSize(): number {
    return this.w.exports.regex_program_size(this.handle()) as number;
  }

  /** Copies bytes once into this regex's wasm instance (for repeated countMatchingLines over the same buffer). */
  copyIn(bytes: Uint8Array): WasmBytes {
    return new WasmBytes(this.w, bytes);
  }

  /** @internal Hands the compiled program over to its instance (the engine's multiline rules own it). */
  detach(): number {
    const h = this.handle();
    registry.unregister(this);
    this.h = 0;
    return h;
  }

  /** Releases the compiled program inside the wasm instance. The Regex cannot be used afterwards. */
  free(): void {
    if (!this.h) return;
    registry.unregister(this);
    this.w.exports.regex_free(this.h);
    this.h = 0;
  }
}

/** Byte offset of the code point after the one starting at `i` (i + 1 on invalid UTF-8 or at the end). */
export function nextCodePoint(bytes: Uint8Array, i: number): number {
  if (i >= bytes.length) return i + 1;
  const b = bytes[i];
  let n = 1;
  if (b >= 0xf0) n = 4;
  else if (b >= 0xe0) n = 3;
  else if (b >= 0xc0) n = 2;
  let k = 1;
  while (k < n && i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80) k++;
  return i + k;
}

/** Longest pattern in UTF-8 bytes (assembly/regex/limits.ts). */
export const MAX_PATTERN_BYTES = 128 * 1024;

function flagBits(o?: RegexOptions): number {
  if (!o) return 0;
  const engine = o.engine === 'pike' ? 16 | 32 | 64 : o.engine === 'dfa' ? 16 : o.engine === 'backtrack' ? 16 | 32 : 0;
  return (o.caseInsensitive ? 1 : 0) | (o.multiLine ? 2 : 0) | (o.dotAll ? 4 : 0) | (o.ungreedy ? 8 : 0) | engine;
}

/** Compiles an RE2-syntax pattern inside the given wasm instance. Throws RegexSyntaxError when invalid. */
export function compileRegexWith(w: WasmHandle, pattern: string, options?: RegexOptions): Regex {
  const bytes = encoder.encode(pattern);
  const e = w.exports;
  // over the length limit: let the compiler reject it (with its position) without reserving room for it
  if (bytes.length <= MAX_PATTERN_BYTES) reserve(w, compileReserve(bytes.length));
  const p = wasmAlloc(w, bytes.length);
  w.u8().set(bytes, p);
  let h: number;
  try {
    h = guarded(w, 'compiling a pattern', () => e.regex_compile(p, bytes.length, flagBits(options)) as number);
  } finally {
    e.regex_dealloc(p);
  }
  if (!h) {
    const mp = (e.regex_error_message_ptr() as number) >>> 0;
    const ml = e.regex_error_message_len() as number;
    const msg = decoder.decode(w.u8().slice(mp, mp + ml));
    throw new RegexSyntaxError(msg, e.regex_error_pos() as number, pattern);
  }
  return new Regex(w, h >>> 0, pattern);
}
