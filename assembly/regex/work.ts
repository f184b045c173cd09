// Deterministic work counters (diagnostics): how much the compiler and the matchers did, in abstract steps, so
// tests can show that compile and search work grow linearly with the pattern and the input without timing
// anything.
//
// Invariants:
// - compileWork counts every loop iteration of the parser, literal analysis, case folding and compiler whose
//   trip count is not bounded by a constant (bytes read, nodes visited, set members copied, instructions
//   emitted, holes patched). searchWork counts, per search, the input positions each matcher examined plus the
//   automaton work done there (Pike VM threads, backtracker (pc, position) pairs and bitmap bytes cleared, DFA
//   closure steps). Both only ever grow; the host reads and resets them through exports.ts.
// - Counting is added once per loop trip or once per search, never as a second pass, so the counts bound the
//   real work and cost nothing measurable on the DFA and literal-scan hot paths (they add once per call).

let compileWork: u64 = 0;
let searchWork: u64 = 0;

// @ts-ignore: decorator
@inline export function countCompile(n: i32): void {
  compileWork += <u64>n;
}

// @ts-ignore: decorator
@inline export function countSearch(n: usize): void {
  searchWork += <u64>n;
}

export function compileWorkTotal(): u64 {
  return compileWork;
}

export function searchWorkTotal(): u64 {
  return searchWork;
}

export function resetWork(): void {
  compileWork = 0;
  searchWork = 0;
}
