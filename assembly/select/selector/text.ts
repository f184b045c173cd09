// Error-message text for the selector compiler (compile time only: managed objects allowed, never in match).
//
// kubectl's messages are Go strings: bytes, quoted with Go's %q inside "Invalid value: …" and with
// encoding/json for value lists; raw (%s) elsewhere, so they may hold the input's invalid UTF-8. A Text collects
// those bytes exactly; toString() decodes them the way a host's TextDecoder does (WHATWG UTF-8: each maximal
// invalid subpart becomes U+FFFD), so the message the host reads equals kubectl's message as decoded by JS.

/** A growable byte string. */
export class Text {
  bytes: Array<u8> = new Array<u8>();

  ascii(s: string): Text {
    // every literal passed here is ASCII (the Go messages are)
    for (let i = 0; i < s.length; i++) this.bytes.push(<u8>s.charCodeAt(i));
    return this;
  }

  raw(p: usize, n: usize): Text {
    for (let i: usize = 0; i < n; i++) this.bytes.push(load<u8>(p + i));
    return this;
  }

  text(t: Text): Text {
    for (let i = 0; i < t.bytes.length; i++) this.bytes.push(t.bytes[i]);
    return this;
  }

  byte(b: u32): Text {
    this.bytes.push(<u8>b);
    return this;
  }

  hex(v: u32, digits: i32): Text {
    for (let i = digits - 1; i >= 0; i--) {
      const d = (v >> (<u32>i * 4)) & 15;
      this.bytes.push(<u8>(d < 10 ? 0x30 + d : 0x57 + d));
    }
    return this;
  }

  /** Go's %q of the bytes [p, p + n). */
  goQuoted(p: usize, n: usize): Text {
    this.byte(0x22);
    let i: usize = 0;
    while (i < n) {
      const w = runeAt(p + i, n - i);
      const r = decodedRune;
      if (w == 1 && r == 0xfffd) {
        this.ascii("\\x").hex(load<u8>(p + i), 2);
      } else if (r == 0x22 || r == 0x5c) {
        this.byte(0x5c).byte(r);
      } else if (isGoPrint(r)) {
        this.raw(p + i, w);
      } else if (r == 7) this.ascii("\\a");
      else if (r == 8) this.ascii("\\b");
      else if (r == 12) this.ascii("\\f");
      else if (r == 10) this.ascii("\\n");
      else if (r == 13) this.ascii("\\r");
      else if (r == 9) this.ascii("\\t");
      else if (r == 11) this.ascii("\\v");
      else if (r < 0x20 || r == 0x7f) this.ascii("\\x").hex(r, 2);
      else if (r < 0x10000) this.ascii("\\u").hex(r, 4);
      else this.ascii("\\U").hex(r, 8);
      i += w;
    }
    return this.byte(0x22);
  }

  /** Go's encoding/json string for the bytes [p, p + n) (HTML-safe escapes, invalid bytes as \ufffd). */
  jsonQuoted(p: usize, n: usize): Text {
    this.byte(0x22);
    let i: usize = 0;
    while (i < n) {
      const w = runeAt(p + i, n - i);
      const r = decodedRune;
      if (w == 1 && r == 0xfffd) this.ascii("\\ufffd");
      else if (r == 0x22 || r == 0x5c) this.byte(0x5c).byte(r);
      else if (r == 10) this.ascii("\\n");
      else if (r == 13) this.ascii("\\r");
      else if (r == 9) this.ascii("\\t");
      else if (r < 0x20 || r == 0x3c || r == 0x3e || r == 0x26 || r == 0x2028 || r == 0x2029) this.ascii("\\u").hex(r, 4);
      else this.raw(p + i, w);
      i += w;
    }
    return this.byte(0x22);
  }

  toString(): string {
    return decodeLossy(this.bytes.dataStart, <usize>this.bytes.length);
  }
}

/** The rune decodeRune read. */
export let decodedRune: u32 = 0;

/** Go's utf8.DecodeRune on [p, p + n), n ≥ 1: sets decodedRune and returns the width; an invalid or short
 *  sequence is (U+FFFD, 1). */
export function runeAt(p: usize, n: usize): usize {
  const b0 = <u32>load<u8>(p);
  decodedRune = b0;
  if (b0 < 0x80) return 1;
  decodedRune = 0xfffd;
  let need: usize = 0;
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  let cp: u32 = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) { need = 1; cp = b0 & 0x1f; }
  else if (b0 >= 0xe0 && b0 <= 0xef) { need = 2; cp = b0 & 0x0f; if (b0 == 0xe0) lo = 0xa0; if (b0 == 0xed) hi = 0x9f; }
  else if (b0 >= 0xf0 && b0 <= 0xf4) { need = 3; cp = b0 & 0x07; if (b0 == 0xf0) lo = 0x90; if (b0 == 0xf4) hi = 0x8f; }
  else return 1;
  if (n < need + 1) return 1;
  for (let k: usize = 1; k <= need; k++) {
    const c = <u32>load<u8>(p + k);
    if (c < lo || c > hi) return 1;
    lo = 0x80;
    hi = 0xbf;
    cp = (cp << 6) | (c & 0x3f);
  }
  decodedRune = cp;
  return need + 1;
}

/**
 * Go's unicode.IsPrint for a code point, exact for ASCII, Latin-1 and the format/space/separator/private-use
 * ranges listed; unassigned code points elsewhere count as printable here (Go escapes them as \u…): the only
 * place this shows is the quoting of such a code point in an error message.
 */
export function isGoPrint(r: u32): bool {
  if (r < 0x20 || r == 0x7f) return false;
  if (r < 0x7f) return true;
  if (r < 0xa0 || r == 0xa0 || r == 0xad) return false;
  if (r < 0x600) return true;
  if (r <= 0x605 || r == 0x61c || r == 0x6dd || r == 0x70f || r == 0x890 || r == 0x891 || r == 0x8e2) return false;
  if (r == 0x1680 || r == 0x180e) return false;
  if (r >= 0x2000 && r <= 0x200f) return false;
  if (r >= 0x2028 && r <= 0x202f) return false;
  if (r >= 0x205f && r <= 0x206f && r != 0x2065) return false;
  if (r == 0x3000) return false;
  if (r >= 0xd800 && r <= 0xf8ff) return false; // surrogates, private use
  if (r >= 0xfdd0 && r <= 0xfdef) return false; // noncharacters
  if (r == 0xfeff || (r >= 0xfff9 && r <= 0xfffb)) return false;
  if ((r & 0xfffe) == 0xfffe) return false; // U+xFFFE, U+xFFFF
  if (r == 0x110bd || r == 0x110cd || (r >= 0x13430 && r <= 0x1343f) || (r >= 0x1bca0 && r <= 0x1bca3)) return false;
  if (r >= 0x1d173 && r <= 0x1d17a) return false;
  if (r == 0xe0001 || (r >= 0xe0020 && r <= 0xe007f)) return false;
  if (r >= 0xf0000) return false; // planes 15 and 16: private use
  return true;
}

/** UTF-8 bytes → string as WHATWG's decoder does it (a maximal invalid subpart → one U+FFFD). */
export function decodeLossy(p: usize, n: usize): string {
  const out = new Array<u16>();
  let i: usize = 0;
  while (i < n) {
    const b0 = <u32>load<u8>(p + i);
    if (b0 < 0x80) {
      out.push(<u16>b0);
      i++;
      continue;
    }
    let need: usize = 0;
    let lo: u32 = 0x80;
    let hi: u32 = 0xbf;
    let cp: u32 = 0;
    if (b0 >= 0xc2 && b0 <= 0xdf) { need = 1; cp = b0 & 0x1f; }
    else if (b0 >= 0xe0 && b0 <= 0xef) { need = 2; cp = b0 & 0x0f; if (b0 == 0xe0) lo = 0xa0; if (b0 == 0xed) hi = 0x9f; }
    else if (b0 >= 0xf0 && b0 <= 0xf4) { need = 3; cp = b0 & 0x07; if (b0 == 0xf0) lo = 0x90; if (b0 == 0xf4) hi = 0x8f; }
    else {
      out.push(0xfffd);
      i++;
      continue;
    }
    let j = i + 1;
    let ok = true;
    for (let k: usize = 0; k < need; k++) {
      if (j >= n) { ok = false; break; }
      const c = <u32>load<u8>(p + j);
      if (c < lo || c > hi) { ok = false; break; }
      lo = 0x80;
      hi = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
      j++;
    }
    i = j; // on failure the offending byte is not consumed: it starts the next sequence
    if (!ok) out.push(0xfffd);
    else if (cp < 0x10000) out.push(<u16>cp);
    else {
      cp -= 0x10000;
      out.push(<u16>(0xd800 | (cp >> 10)));
      out.push(<u16>(0xdc00 | (cp & 0x3ff)));
    }
  }
  return String.UTF16.decodeUnsafe(out.dataStart, <usize>out.length << 1);
}
