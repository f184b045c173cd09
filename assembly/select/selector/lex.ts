// The label-selector lexer (the `kubectl -l` language): reads bytes [base, base + len) and yields one token per
// call, without allocating. Token rules (docs/select.md, "Label selectors"):
//   - space, tab, CR and LF between tokens are skipped;
//   - `= ! ( ) , > <` are symbols, matched longest first, so `==` and `!=` are one token (there is no >= or <=);
//   - any other run of bytes is an identifier; exactly `in` / `notin` are keyword tokens (the parser reads them
//     as identifiers wherever it expects a key or a value);
//   - a NUL byte where a token would start ends the input; a NUL right after a token ends that token and is
//     skipped (kubectl's lexer reads byte 0 as its end-of-string marker; we keep its behaviour exactly).
//
// Contract: lexNext(base, len, pos) lexes the token at or after `pos` and leaves it in tokKind / tokStart /
// tokLen (byte offsets); it returns where the next token search starts. At the end (or a NUL in token position)
// it yields TOK_EOS with tokLen 0 at that offset. Invariant: pos ≤ result ≤ len, and tokStart + tokLen ≤ len.

import "../../common/debug";

export const TOK_EOS: i32 = 0;
export const TOK_IDENT: i32 = 1;
export const TOK_IN: i32 = 2;
export const TOK_NOTIN: i32 = 3;
export const TOK_OPEN: i32 = 4;
export const TOK_CLOSE: i32 = 5;
export const TOK_COMMA: i32 = 6;
/** `!`: "does not exist" before a key. */
export const TOK_NOT: i32 = 7;
export const TOK_EQ: i32 = 8;
export const TOK_EQEQ: i32 = 9;
export const TOK_NEQ: i32 = 10;
export const TOK_GT: i32 = 11;
export const TOK_LT: i32 = 12;

export let tokKind: i32 = TOK_EOS;
export let tokStart: i32 = 0;
export let tokLen: i32 = 0;

// @ts-ignore: decorator
@inline function isBlank(c: u32): bool {
  return c == 0x20 || c == 0x09 || c == 0x0d || c == 0x0a;
}

// @ts-ignore: decorator
@inline export function isSymbol(c: u32): bool {
  // = ! ( ) , > <
  return c == 0x3d || c == 0x21 || c == 0x28 || c == 0x29 || c == 0x2c || c == 0x3e || c == 0x3c;
}

function symbolKind(c: u32): i32 {
  if (c == 0x3d) return TOK_EQ;
  if (c == 0x21) return TOK_NOT;
  if (c == 0x28) return TOK_OPEN;
  if (c == 0x29) return TOK_CLOSE;
  if (c == 0x2c) return TOK_COMMA;
  if (c == 0x3e) return TOK_GT;
  return TOK_LT;
}

export function lexNext(base: usize, len: i32, pos: i32): i32 {
  while (pos < len && isBlank(<u32>load<u8>(base + <usize>pos))) pos++;
  tokStart = pos;
  tokLen = 0;
  if (pos >= len) {
    tokKind = TOK_EOS;
    return len;
  }
  let c = <u32>load<u8>(base + <usize>pos);
  if (c == 0) {
    tokKind = TOK_EOS;
    return pos + 1;
  }
  let end = pos + 1;
  if (isSymbol(c)) {
    tokKind = symbolKind(c);
    // longest match: only `==` and `!=` have two bytes
    if (end < len && load<u8>(base + <usize>end) == 0x3d && (c == 0x3d || c == 0x21)) {
      tokKind = c == 0x3d ? TOK_EQEQ : TOK_NEQ;
      end++;
    }
  } else {
    while (end < len) {
      const d = <u32>load<u8>(base + <usize>end);
      if (d == 0 || isSymbol(d) || isBlank(d)) break;
      end++;
    }
    tokKind = TOK_IDENT;
    const n = end - pos;
    const p = base + <usize>pos;
    if (n == 2 && load<u8>(p) == 0x69 && load<u8>(p, 1) == 0x6e) tokKind = TOK_IN;
    else if (n == 5 && load<u32>(p) == 0x69746f6e && load<u8>(p, 4) == 0x6e) tokKind = TOK_NOTIN; // "noti" "n"
  }
  tokLen = end - pos;
  if (end < len && load<u8>(base + <usize>end) == 0) end++; // the NUL that ended the token is consumed
  if (DEBUG) assert(tokLen > 0 && end <= len);
  return end;
}

/** In a key or value position the keywords are plain identifiers. */
// @ts-ignore: decorator
@inline export function asValueKind(kind: i32): i32 {
  return kind == TOK_IN || kind == TOK_NOTIN ? TOK_IDENT : kind;
}
