// Hex digits, as JSON's \uXXXX and Go's \x / \u escapes write them: one definition for the decoders and the
// filter languages.

/** The value of the ASCII hex digit c (either case), or -1. */
// @ts-ignore: decorator
@inline export function hexDigit(c: u32): i32 {
  if (c - 0x30 < 10) return <i32>(c - 0x30);
  const l = c | 0x20;
  if (l - 0x61 < 6) return <i32>(l - 0x61 + 10);
  return -1;
}

/** The value of the 4 hex digits at q, or -1 when one is not a digit. Reads [q, q + 4): the caller checks. */
export function hex4At(q: usize): i32 {
  let v: i32 = 0;
  for (let i: usize = 0; i < 4; i++) {
    const d = hexDigit(<u32>load<u8>(q + i));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}
