// Moving inputs into a wasm instance for the regex engine, with the checks the wasm cannot do itself.
//
// Contract:
// - Inputs are strings (UTF-8 encoded into the instance) or Uint8Arrays (copied). One staging block per
//   instance is reused and grows by doubling, never beyond MAX_INPUT_BYTES + STAGING_SLACK.
// - An input over MAX_INPUT_BYTES bytes (UTF-8 bytes for strings) is refused up front with a RangeError naming
//   the limit: the wasm allocator's largest block is 1 GiB, and a regex search needs the whole input in one
//   block (matches may span any distance). A string's byte length is computed exactly only when 3 bytes per
//   UTF-16 unit could exceed the limit.
// - Byte offsets (search starts) must be integers in [0, byte length]; anything else is a RangeError, never
//   a silent wrap to 32 bits.
// - When the instance's memory cannot grow (4 GiB of wasm32 memory, or the host refuses), the allocation
//   trap is turned into a RangeError; allocation traps leave the instance usable (nothing was changed yet).
//   Compiling allocates managed objects, so it first reserves room for them (reserveForCompile): compiling
//   then does not need to grow memory, and a failure is reported before the compiler runs.
import type { WasmHandle } from '../core/wasm.ts';
import { countStaged } from './diagnostics.ts';

/** Largest input of test/find/captures/findAll/fullMatch/countMatchingLines/copyIn, in bytes (1 GiB − 1 MiB). */
export const MAX_INPUT_BYTES = 2 ** 30 - 2 ** 20;
const STAGING_SLACK = 16; // a zero byte after the input, and room for scanner over-reads
const OUT_BYTES = 16384; // spans and capture slots of one result

const encoder = new TextEncoder();

interface Staging {
  ptr: number;
  cap: number;
  out: number; // OUT_BYTES for spans/slots
}

const staging = new WeakMap<WasmHandle, Staging>();

/** UTF-8 byte length of a string as TextEncoder encodes it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function tooLarge(bytes: number, limit: number): RangeError {
  return new RangeError(`logsieve regex: input of ${bytes} bytes is over the limit of ${limit} bytes ` +
    '(MAX_INPUT_BYTES, 1 GiB - 1 MiB); split it (e.g. into lines) before matching');
}

/** Byte length the input will have in wasm memory; throws a RangeError over `limit`. */
export function inputByteLength(input: string | Uint8Array, limit = MAX_INPUT_BYTES): number {
  if (typeof input !== 'string') {
    if (input.length > limit) throw tooLarge(input.length, limit);
    return input.length;
  }
  if (input.length * 3 <= limit) return -1; // fits whatever it encodes to: encodeInto reports the length
  const n = utf8Length(input);
  if (n > limit) throw tooLarge(n, limit);
  return n;
}

/** Throws a RangeError unless `offset` is an integer in [0, byteLength]. */
export function checkOffset(offset: number, byteLength: number, what = 'start offset'): void {
  if (!Number.isInteger(offset) || offset < 0 || offset > byteLength) {
    throw new RangeError(`logsieve regex: ${what} ${String(offset)} is not an integer byte offset in ` +
      `[0, ${byteLength}]`);
  }
}

/** Throws a RangeError unless `offset` is a non-negative integer (checked before the input is staged). */
export function checkOffsetType(offset: number, what = 'start offset'): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new RangeError(`logsieve regex: ${what} ${String(offset)} is not a non-negative integer byte offset`);
  }
}

/**
 * Runs a regex export, turning a wasm trap into a RangeError. The regex code traps only when the allocator
 * cannot grow memory (its own code never traps), and every allocation site leaves the engine consistent.
 */
export function guarded<T>(w: WasmHandle, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    throw new RangeError(`logsieve regex: out of wasm memory ${what} (the instance has ` +
      `${w.memory.buffer.byteLength} bytes of at most 4 GiB; wasm trap: ${e.message}); the instance is still usable`,
      { cause: e });
  }
}

/** regex_alloc, with an allocation trap (memory cannot grow) turned into a RangeError. */
export function wasmAlloc(w: WasmHandle, bytes: number): number {
  return guarded(w, `allocating ${bytes} bytes`, () => (w.exports.regex_alloc(bytes) as number) >>> 0);
}

/** Makes sure the allocator has `bytes` free in one block, so that the managed allocations of a compile of
 *  that size do not need to grow memory (a trap there would leak the compiler's shadow stack). */
export function reserve(w: WasmHandle, bytes: number): void {
  w.exports.regex_dealloc(wasmAlloc(w, bytes));
}

/** Room a compile of a pattern of `patternBytes` may need: the worst pattern families at the length limit
 *  (128 KiB) compile within 512 bytes per pattern byte, small patterns within a few KiB. */
export function compileReserve(patternBytes: number): number {
  return 512 * patternBytes + 64 * 1024;
}

function stagingOf(w: WasmHandle): Staging {
  let s = staging.get(w);
  if (!s) {
    s = { ptr: 0, cap: 0, out: wasmAlloc(w, OUT_BYTES) };
    staging.set(w, s);
  }
  return s;
}

/** The instance's staging block with room for `need` bytes. */
function room(w: WasmHandle, need: number): Staging {
  const s = stagingOf(w);
  if (s.cap < need) {
    const cap = Math.max(need, Math.min(Math.max(s.cap * 2, 4096), MAX_INPUT_BYTES + STAGING_SLACK));
    const ptr = wasmAlloc(w, cap); // before freeing the old block: on failure the instance keeps it
    if (s.ptr) w.exports.regex_dealloc(s.ptr);
    s.ptr = ptr;
    s.cap = cap;
  }
  return s;
}

/** The output block (OUT_BYTES) of the instance, for spans and slots. */
export function outBlock(w: WasmHandle): { ptr: number; bytes: number } {
  return { ptr: stagingOf(w).out, bytes: OUT_BYTES };
}

/**
 * Copies the input into the instance's staging block; returns [ptr, byteLength]. Throws a RangeError when the
 * input is over MAX_INPUT_BYTES or memory cannot grow. The block stays valid until the next stage() call.
 */
export function stage(w: WasmHandle, input: string | Uint8Array): [number, number] {
  const known = inputByteLength(input);
  if (typeof input === 'string') {
    const s = room(w, (known >= 0 ? known : input.length * 3) + STAGING_SLACK);
    const r = encoder.encodeInto(input, w.u8().subarray(s.ptr, s.ptr + s.cap));
    countStaged(w, r.written);
    return [s.ptr, r.written];
  }
  const s = room(w, input.length + STAGING_SLACK);
  w.u8().set(input, s.ptr);
  countStaged(w, input.length);
  return [s.ptr, input.length];
}
