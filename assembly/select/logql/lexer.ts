// The LogQL lexer (compile time only): turns the query bytes into tokens, one at a time, each with its byte
// position. Strings are decoded as Loki does (Go's rules): "…" with Go escapes (\a \b \f \n \r \t \v \\ \"
// \ooo \xhh \uhhhh \Uhhhhhhhh; a newline or an unknown escape is an error), `…` raw (no escapes). A number
// directly followed by duration or bytes unit characters becomes a DURATION or BYTES token when the whole run
// parses as one, exactly as Loki's lexer tries (units.ts). `#` starts a comment to the end of the line.
//
// Invariants: never reads outside [base, base + len); on a bad token it returns T_ERROR with errPos/errMsg
// set; strings are decoded into `str` (a managed buffer: compile time only).

import { hexDigit } from "../../common/hex";
import { parseBytes, parseDurationLiteral, parseNumber, numberValue, durationValue, bytesValue } from "./units";

export const T_EOF: i32 = 0;
export const T_ERROR: i32 = 1;
export const T_LBRACE: i32 = 2;
export const T_RBRACE: i32 = 3;
export const T_LPAREN: i32 = 4;
export const T_RPAREN: i32 = 5;
export const T_COMMA: i32 = 6;
export const T_PIPE: i32 = 7; // |
export const T_PIPE_EXACT: i32 = 8; // |=
export const T_PIPE_MATCH: i32 = 9; // |~
export const T_PIPE_PATTERN: i32 = 10; // |>
export const T_NPA: i32 = 11; // !>
export const T_NEQ: i32 = 12; // !=
export const T_NRE: i32 = 13; // !~
export const T_EQ: i32 = 14; // =
export const T_CMP_EQ: i32 = 15; // ==
export const T_RE: i32 = 16; // =~
export const T_GT: i32 = 17;
export const T_GTE: i32 = 18;
export const T_LT: i32 = 19;
export const T_LTE: i32 = 20;
export const T_STRING: i32 = 21;
export const T_NUMBER: i32 = 22;
export const T_DURATION: i32 = 23;
export const T_BYTES: i32 = 24;
export const T_IDENT: i32 = 25;
export const T_LBRACKET: i32 = 26;
export const T_OTHER: i32 = 27; // a character LogQL has but pipelines do not use (e.g. `]`, `*`, `/`)

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

// @ts-ignore: decorator
@inline function isIdentStart(c: u32): bool {
  return (c | 0x20) - 0x61 < 26 || c == 0x5f;
}

// @ts-ignore: decorator
@inline function isIdentChar(c: u32): bool {
  return isIdentStart(c) || isDigit(c);
}


/** Is [p, p + n) valid UTF-8 (no overlongs, surrogates, or code points past U+10FFFF)? */
export function validUtf8(p: usize, n: usize): bool {
  const end = p + n;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c < 0x80) {
      p++;
      continue;
    }
    let need: usize = 0;
    let min: u32 = 0;
    let cp: u32 = 0;
    if (c - 0xc2 < 30) {
      need = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      need = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c - 0xf0 < 5) {
      need = 3;
      cp = c & 0x07;
      min = 0x10000;
    } else return false;
    if (end - p <= need) return false;
    for (let i: usize = 1; i <= need; i++) {
      const d = <u32>load<u8>(p + i);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    p += need + 1;
  }
  return true;
}

export class Lexer {
  base: usize;
  end: usize;
  pos: usize; // next byte to read
  // the current token
  tok: i32 = T_EOF;
  start: i32 = 0; // byte offset of the token
  tokEnd: i32 = 0;
  str: Array<u8> = new Array<u8>(); // decoded string (T_STRING)
  rawString: bool = false; // the string had no escapes: decoded bytes = the bytes after tokStart + 1
  num: f64 = 0;
  dur: i64 = 0;
  bytes: u64 = 0;
  errPos: i32 = 0;
  errMsg: string = "";

  constructor(base: usize, len: usize) {
    this.base = base;
    this.end = base + len;
    this.pos = base;
  }

  /** The token text [start, tokEnd) as a string (for messages and identifiers). */
  text(): string {
    return String.UTF8.decodeUnsafe(this.base + <usize>this.start, <usize>(this.tokEnd - this.start));
  }

  /** Is the current token the identifier `word` (ASCII, case-insensitive, as Loki's keywords)? */
  isWord(word: string): bool {
    if (this.tok != T_IDENT) return false;
    const n = this.tokEnd - this.start;
    if (n != word.length) return false;
    for (let i = 0; i < n; i++) {
      let c = <u32>load<u8>(this.base + <usize>(this.start + i));
      if (c - 0x41 < 26) c |= 0x20;
      if (c != <u32>word.charCodeAt(i)) return false;
    }
    return true;
  }

  private fail(pos: usize, msg: string): i32 {
    this.errPos = <i32>(pos - this.base);
    this.errMsg = msg;
    this.tok = T_ERROR;
    return T_ERROR;
  }

  private done(kind: i32, startPtr: usize): i32 {
    this.tok = kind;
    this.start = <i32>(startPtr - this.base);
    this.tokEnd = <i32>(this.pos - this.base);
    return kind;
  }

  /** Reads the next token into the fields above and returns its kind. */
  next(): i32 {
    const end = this.end;
    // whitespace and comments
    while (this.pos < end) {
      const c = <u32>load<u8>(this.pos);
      if (c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d) this.pos++;
      else if (c == 0x23) {
        while (this.pos < end && load<u8>(this.pos) != 0x0a) this.pos++;
      } else break;
    }
    const s = this.pos;
    if (s >= end) {
      this.pos = end;
      return this.done(T_EOF, s);
    }
    const c = <u32>load<u8>(s);
    const c1: u32 = s + 1 < end ? <u32>load<u8>(s + 1) : 0;
    this.pos = s + 1;
    switch (c) {
      case 0x7b: return this.done(T_LBRACE, s);
      case 0x7d: return this.done(T_RBRACE, s);
      case 0x28: return this.done(T_LPAREN, s);
      case 0x29: return this.done(T_RPAREN, s);
      case 0x2c: return this.done(T_COMMA, s);
      case 0x5b: return this.done(T_LBRACKET, s);
      case 0x7c: {
        // | |= |~ |>
        if (c1 == 0x3d) { this.pos++; return this.done(T_PIPE_EXACT, s); }
        if (c1 == 0x7e) { this.pos++; return this.done(T_PIPE_MATCH, s); }
        if (c1 == 0x3e) { this.pos++; return this.done(T_PIPE_PATTERN, s); }
        return this.done(T_PIPE, s);
      }
      case 0x21: {
        if (c1 == 0x3d) { this.pos++; return this.done(T_NEQ, s); }
        if (c1 == 0x7e) { this.pos++; return this.done(T_NRE, s); }
        if (c1 == 0x3e) { this.pos++; return this.done(T_NPA, s); }
        return this.fail(s, "unexpected '!': expected != !~ or !>");
      }
      case 0x3d: {
        if (c1 == 0x3d) { this.pos++; return this.done(T_CMP_EQ, s); }
        if (c1 == 0x7e) { this.pos++; return this.done(T_RE, s); }
        return this.done(T_EQ, s);
      }
      case 0x3e: {
        if (c1 == 0x3d) { this.pos++; return this.done(T_GTE, s); }
        return this.done(T_GT, s);
      }
      case 0x3c: {
        if (c1 == 0x3d) { this.pos++; return this.done(T_LTE, s); }
        return this.done(T_LT, s);
      }
      case 0x22: return this.quoted(s);
      case 0x60: return this.raw(s);
    }
    if (isIdentStart(c)) {
      while (this.pos < end && isIdentChar(load<u8>(this.pos))) this.pos++;
      return this.done(T_IDENT, s);
    }
    if (isDigit(c) || (c == 0x2e && isDigit(c1)) || ((c == 0x2d || c == 0x2b) && (isDigit(c1) || c1 == 0x2e))) {
      return this.number(s);
    }
    if (c >= 0x80) return this.fail(s, "unexpected non-ASCII character");
    return this.done(T_OTHER, s);
  }

  private number(s: usize): i32 {
    const end = this.end;
    let q = s;
    if (load<u8>(q) == 0x2d || load<u8>(q) == 0x2b) q++;
    while (q < end && isDigit(load<u8>(q))) q++;
    if (q < end && load<u8>(q) == 0x2e) {
      q++;
      while (q < end && isDigit(load<u8>(q))) q++;
    }
    // an exponent only when digits follow (`5e` stays 5 then an identifier, as Go's scanner would refuse it)
    if (q < end && (load<u8>(q) | 0x20) == 0x65) {
      let r = q + 1;
      if (r < end && (load<u8>(r) == 0x2b || load<u8>(r) == 0x2d)) r++;
      if (r < end && isDigit(load<u8>(r))) {
        while (r < end && isDigit(load<u8>(r))) r++;
        q = r;
      }
    }
    const numEnd = q;
    // a duration: the number then [0-9.nuµmshdwy]+ (µ is U+00B5)
    let r = numEnd;
    while (r < end) {
      const c = <u32>load<u8>(r);
      if (isDigit(c) || c == 0x2e || c == 0x6e || c == 0x75 || c == 0x6d || c == 0x73 || c == 0x68 || c == 0x64 || c == 0x77 || c == 0x79) r++;
      else if (c == 0xc2 && r + 1 < end && load<u8>(r + 1) == 0xb5) r += 2;
      else break;
    }
    if (r > numEnd && parseDurationLiteral(s, r - s)) {
      this.dur = durationValue;
      this.pos = r;
      return this.done(T_DURATION, s);
    }
    // bytes: the number then [0-9.BikKMGTP]+ (no sign)
    r = numEnd;
    while (r < end) {
      const c = <u32>load<u8>(r);
      if (isDigit(c) || c == 0x2e || c == 0x42 || c == 0x69 || c == 0x6b || c == 0x4b || c == 0x4d || c == 0x47 || c == 0x54 || c == 0x50) r++;
      else break;
    }
    if (r > numEnd && load<u8>(s) != 0x2d && load<u8>(s) != 0x2b && parseBytes(s, r - s)) {
      this.bytes = bytesValue;
      this.pos = r;
      return this.done(T_BYTES, s);
    }
    if (!parseNumber(s, numEnd - s)) return this.fail(s, "invalid number");
    this.num = numberValue;
    this.pos = numEnd;
    return this.done(T_NUMBER, s);
  }

  private raw(s: usize): i32 {
    const end = this.end;
    let q = s + 1;
    while (q < end && load<u8>(q) != 0x60) q++;
    if (q >= end) return this.fail(s, "unterminated raw string");
    if (!validUtf8(s + 1, q - s - 1)) return this.fail(s, "invalid UTF-8 in string");
    this.str.length = 0;
    for (let i = s + 1; i < q; i++) this.str.push(load<u8>(i));
    this.rawString = true;
    this.pos = q + 1;
    return this.done(T_STRING, s);
  }

  private pushRune(cp: u32): void {
    const out = this.str;
    if (cp < 0x80) out.push(<u8>cp);
    else if (cp < 0x800) {
      out.push(<u8>(0xc0 | (cp >> 6)));
      out.push(<u8>(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
      out.push(<u8>(0xe0 | (cp >> 12)));
      out.push(<u8>(0x80 | ((cp >> 6) & 0x3f)));
      out.push(<u8>(0x80 | (cp & 0x3f)));
    } else {
      out.push(<u8>(0xf0 | (cp >> 18)));
      out.push(<u8>(0x80 | ((cp >> 12) & 0x3f)));
      out.push(<u8>(0x80 | ((cp >> 6) & 0x3f)));
      out.push(<u8>(0x80 | (cp & 0x3f)));
    }
  }

  private quoted(s: usize): i32 {
    const end = this.end;
    // find the closing quote first: the whole token must be valid UTF-8 (Loki checks the token text)
    let q = s + 1;
    while (q < end) {
      const c = load<u8>(q);
      if (c == 0x22) break;
      if (c == 0x0a) return this.fail(q, "newline in string");
      if (c == 0x5c) q++;
      q++;
    }
    if (q >= end) return this.fail(s, "unterminated string");
    if (!validUtf8(s + 1, q - s - 1)) return this.fail(s, "invalid UTF-8 in string");
    const close = q;
    this.str.length = 0;
    this.rawString = true;
    q = s + 1;
    while (q < close) {
      const c = <u32>load<u8>(q);
      if (c != 0x5c) {
        this.str.push(<u8>c);
        q++;
        continue;
      }
      this.rawString = false;
      const e = <u32>load<u8>(q + 1); // q + 1 < close: the scan above skipped the escaped byte
      const at = q;
      q += 2;
      switch (e) {
        case 0x61: this.str.push(7); break;
        case 0x62: this.str.push(8); break;
        case 0x66: this.str.push(12); break;
        case 0x6e: this.str.push(10); break;
        case 0x72: this.str.push(13); break;
        case 0x74: this.str.push(9); break;
        case 0x76: this.str.push(11); break;
        case 0x5c: this.str.push(0x5c); break;
        case 0x22: this.str.push(0x22); break;
        case 0x78: case 0x75: case 0x55: {
          const n: usize = e == 0x78 ? 2 : e == 0x75 ? 4 : 8;
          if (close - q < n) return this.fail(at, "invalid escape in string");
          let v: u32 = 0;
          for (let i: usize = 0; i < n; i++) {
            const h = hexDigit(load<u8>(q + i));
            if (h < 0) return this.fail(at, "invalid escape in string");
            v = (v << 4) | <u32>h;
          }
          q += n;
          if (e == 0x78) this.str.push(<u8>v);
          else {
            if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return this.fail(at, "invalid escape in string: not a code point");
            this.pushRune(v);
          }
          break;
        }
        default: {
          if (e - 0x30 < 8) {
            // \ooo: exactly three octal digits, at most 255
            if (close - q < 2) return this.fail(at, "invalid escape in string");
            const d1 = <u32>load<u8>(q) - 0x30;
            const d2 = <u32>load<u8>(q + 1) - 0x30;
            if (d1 >= 8 || d2 >= 8) return this.fail(at, "invalid escape in string");
            const v = ((e - 0x30) << 6) | (d1 << 3) | d2;
            if (v > 255) return this.fail(at, "invalid escape in string");
            this.str.push(<u8>v);
            q += 2;
            break;
          }
          return this.fail(at, "invalid escape in string");
        }
      }
    }
    this.pos = close + 1;
    return this.done(T_STRING, s);
  }
}
