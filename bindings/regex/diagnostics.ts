// Deterministic work counters of one wasm instance's regex engine (for tests and diagnostics, never timing):
// compile steps and search steps counted inside the wasm (assembly/regex/work.ts), and the input bytes the host
// copied into the instance's memory. Tests compare the counts for inputs or patterns of size n and 2n to show
// linear work without a clock.
import type { WasmHandle } from '../core/wasm.ts';

export interface RegexWork {
  /** Parser, literal-analysis, case-folding and compiler steps. */
  compile: number;
  /** Input positions examined by the matchers plus the automaton work done at them. */
  search: number;
  /** Input bytes copied (or UTF-8 encoded) into wasm memory by the host. */
  staged: number;
}

const staged = new WeakMap<WasmHandle, number>();

/** Called by the input staging code for every copy into wasm memory. */
export function countStaged(w: WasmHandle, bytes: number): void {
  staged.set(w, (staged.get(w) ?? 0) + bytes);
}

export function regexWork(w: WasmHandle): RegexWork {
  return {
    compile: w.exports.regex_debug_compile_work() as number,
    search: w.exports.regex_debug_search_work() as number,
    staged: staged.get(w) ?? 0,
  };
}

export function resetRegexWork(w: WasmHandle): void {
  w.exports.regex_debug_reset_work();
  staged.set(w, 0);
}
