// DEBUG: a compile-time global for invariant checks, written `if (DEBUG) assert(...)`. It is true only when the
// module is built with assertions on (asconfig's `noAssert: false`); the shipped builds have noAssert, so the
// checks and their conditions compile to nothing. A module that uses DEBUG imports this file for its effect.

// @ts-ignore: decorator
@global export const DEBUG: bool = !ASC_NO_ASSERT;
