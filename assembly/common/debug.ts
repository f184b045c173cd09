// Invariant checks: `if (DEBUG) assert(…)` at each invariant (as AssemblyScript's std/assembly/rt does). Off in
// the shipped builds (the branch folds away); a debug build flips it to trap at the first broken invariant.

// @ts-ignore: decorator
@inline export const DEBUG: bool = false;
