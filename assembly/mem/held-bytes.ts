// Engine-wide count of held bytes: content that waits in per-source buffers between pushes (the frame's
// carried tail, join's held pieces and their attrs). ByteBufs made with `ByteBuf.createHeld()` keep it up to
// date on every change of their length, so it is exact by construction; the engine's budget
// (engine/budget.ts) compares it with `maxHeldBytes` before a buffer grows.
//
// Invariant: heldBytes == sum of len over every live held ByteBuf.

export let heldBytes: usize = 0;

// @ts-ignore: decorator
@inline export function heldGrew(n: usize): void {
  heldBytes += n;
}

// @ts-ignore: decorator
@inline export function heldShrank(n: usize): void {
  heldBytes -= n;
}
