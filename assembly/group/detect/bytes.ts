// Byte primitives shared by the detector matchers. Every function reads only bytes of the line [p, p+n) it is
// given (offsets are checked against n before any load), allocates nothing and never traps.

/** `[\t ]`: the indentation bytes of the upstream patterns. */
@inline export function isIndent(c: u32): bool {
  return c == 0x20 || c == 0x09;
}

/** `\s` as Ruby (Onigmo, ASCII) defines it: space, \t, \n, \v, \f, \r. */
@inline export function isSpace(c: u32): bool {
  return c == 0x20 || (c >= 0x09 && c <= 0x0d);
}

@inline export function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** `\w` for `\b`: ASCII letters, digits and '_' (bytes ≥ 0x80 are not word bytes: see docs/multiline.md). */
@inline export function isWord(c: u32): bool {
  return isDigit(c) || ((c | 0x20) - 0x61 < 26) || c == 0x5f;
}

/** Does the literal [lit, lit+len) occur in the line at offset `off`? (false when it would run past n) */
export function at(p: usize, n: usize, off: usize, lit: usize, len: usize): bool {
  if (off > n || len > n - off) return false;
  for (let i: usize = 0; i < len; i++) {
    if (load<u8>(p + off + i) != load<u8>(lit + i)) return false;
  }
  return true;
}

/** Does the literal end exactly at offset `end` (i.e. occupy [end-len, end))? */
@inline export function endsAt(p: usize, end: usize, lit: usize, len: usize): bool {
  return end >= len && at(p, end, end - len, lit, len);
}

/** The offset of the first byte at or after `off` that is not ' ' or '\t' (n when none). */
export function skipIndent(p: usize, n: usize, off: usize): usize {
  while (off < n && isIndent(load<u8>(p + off))) off++;
  return off;
}

/** The offset of the first byte at or after `off` that is not a digit (off itself when there is none). */
export function skipDigits(p: usize, n: usize, off: usize): usize {
  while (off < n && isDigit(load<u8>(p + off))) off++;
  return off;
}

/** The offset of the first `c` at or after `off` (n when none). */
export function findByte(p: usize, n: usize, off: usize, c: u32): usize {
  while (off < n && <u32>load<u8>(p + off) != c) off++;
  return off;
}

/** Does the line contain byte `c` anywhere in [off, n)? */
@inline export function hasByte(p: usize, n: usize, off: usize, c: u32): bool {
  return findByte(p, n, off, c) < n;
}

/** `[^\t ]`: does the line contain any byte other than ' ' and '\t'? */
export function hasNonIndent(p: usize, n: usize): bool {
  return skipIndent(p, n, 0) < n;
}

/** The last byte of a non-empty line (0 for an empty one, which no caller mistakes for a real byte). */
@inline export function lastByte(p: usize, n: usize): u32 {
  return n > 0 ? <u32>load<u8>(p + n - 1) : 0;
}
