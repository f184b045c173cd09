// The compiled program: a Thompson NFA over bytes, stored in linear memory.
//
// Layout: `ninst` instructions of 16 bytes each, then `nsets` byte sets of 32 bytes (256-bit bitmaps).
//   word0 (u32): op | lo << 8 | hi << 16
//   word1 (u32): x: the next pc (BYTE, SET, JMP, SAVE, ASSERT) or the preferred branch (SPLIT)
//   word2 (u32): y: the other branch (SPLIT), the slot (SAVE), the assertion kind (ASSERT),
//                or the byte offset of the set's bitmap from the program base (SET)
//   word3 (u32): unused, zero
//
// Invariants:
// - Every pc stored in x/y is < ninst; pc 0 is FAIL (holes that were never patched point there, and FAIL
//   kills the thread), so a malformed program can only fail, never read outside the program.
// - Consuming instructions (BYTE, SET) match exactly one byte; multi-byte UTF-8 sequences are chains.
// - Priority for leftmost-first: SPLIT prefers x. SAVE slots 0/1 are the whole match.

export const INST_SIZE: usize = 16;

export const I_FAIL: u32 = 0;
export const I_MATCH: u32 = 1;
export const I_BYTE: u32 = 2;
export const I_SET: u32 = 3;
export const I_SPLIT: u32 = 4;
export const I_JMP: u32 = 5;
export const I_SAVE: u32 = 6;
export const I_ASSERT: u32 = 7;

// @ts-ignore: decorator
@inline export function instOp(prog: usize, pc: u32): u32 {
  return load<u32>(prog + (<usize>pc << 4)) & 0xff;
}
// @ts-ignore: decorator
@inline export function instW0(prog: usize, pc: u32): u32 {
  return load<u32>(prog + (<usize>pc << 4));
}
// @ts-ignore: decorator
@inline export function instX(prog: usize, pc: u32): u32 {
  return load<u32>(prog + (<usize>pc << 4), 4);
}
// @ts-ignore: decorator
@inline export function instY(prog: usize, pc: u32): u32 {
  return load<u32>(prog + (<usize>pc << 4), 8);
}

/** Does the consuming instruction at pc accept byte b? */
// @ts-ignore: decorator
@inline export function instAccepts(prog: usize, pc: u32, b: u32): bool {
  const w = load<u32>(prog + (<usize>pc << 4));
  const op = w & 0xff;
  if (op == I_BYTE) return b >= ((w >> 8) & 0xff) && b <= (w >> 16);
  if (op == I_SET) {
    const bm = prog + <usize>load<u32>(prog + (<usize>pc << 4), 8);
    return ((<u32>load<u8>(bm + <usize>(b >> 3)) >> (b & 7)) & 1) != 0;
  }
  return false;
}

// @ts-ignore: decorator
@inline export function isWordByte(b: u32): bool {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b == 0x5f;
}

/** Is pc a consuming instruction that cannot accept the byte at pos (or pos is the end)? Such a branch dies at
 *  the next step, so the matchers need not follow it. */
// @ts-ignore: decorator
@inline export function deadBranch(prog: usize, pc: u32, hay: usize, len: usize, pos: usize): bool {
  const op = load<u32>(prog + (<usize>pc << 4)) & 0xff;
  if (op != I_BYTE && op != I_SET) return false;
  return pos >= len || !instAccepts(prog, pc, <u32>load<u8>(hay + pos));
}
