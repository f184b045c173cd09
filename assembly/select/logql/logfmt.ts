// `| logfmt`: Loki's (non-strict) logfmt decoder, extracting only the labels the query names. Per pair:
//   skip bytes <= ' '; a key runs to '=' or a byte <= ' ' (a bare key has no value: not extracted);
//   a '"' inside a key, an empty key before '=', or a key with invalid UTF-8 / U+FFFD skips to the next
//   byte <= ' '; after '=': a byte <= ' ' or the end is an empty value; '"' starts a quoted value that ends at
//   the next unescaped '"' (escapes \" \\ \/ \' \b \f \n \r \t \uXXXX, a lone surrogate → U+FFFD; any other
//   escape, or no closing quote, drops the pair); otherwise the value runs to a byte <= ' ', and a '=' or '"'
//   inside it drops the pair (skipping to the next byte <= ' ').
//   Empty values are not extracted; invalid UTF-8 bytes and U+FFFD in values become spaces; the first value
//   of a label wins. Non-strict logfmt never sets __error__ (as Loki).
// Raw memory only; reads stay inside [p, p + n).

import { hex4At } from "../../common/hex";
import { appendPart, copyValid, needsRepair, scratchCommit, scratchReserve, scratchTop, setSlot, slotFor } from "./extract";
import { runeLen } from "./labels";


/** Has [p, p + n) a code point Go decodes as utf8.RuneError (an invalid byte or U+FFFD)? */
function hasRuneError(p: usize, n: usize): bool {
  return needsRepair(p, n);
}

/** Unquotes the content [q, end) of a quoted value with escapes into o; returns the length or -1 when an
 *  escape is invalid (Go's logfmt unquoteBytes). U+FFFD and invalid bytes become spaces. */
function unquote(o: usize, q: usize, end: usize): isize {
  let w = o;
  while (q < end) {
    const c = <u32>load<u8>(q);
    if (c != 0x5c) {
      if (c < 0x80) {
        store<u8>(w++, <u8>c);
        q++;
      } else {
        const l = runeLen(q, end);
        w += copyValid(w, q, l);
        q += l;
      }
      continue;
    }
    if (q + 1 >= end) return -1;
    const e = <u32>load<u8>(q + 1);
    q += 2;
    if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x27) store<u8>(w++, <u8>e);
    else if (e == 0x62) store<u8>(w++, 8);
    else if (e == 0x66) store<u8>(w++, 12);
    else if (e == 0x6e) store<u8>(w++, 10);
    else if (e == 0x72) store<u8>(w++, 13);
    else if (e == 0x74) store<u8>(w++, 9);
    else if (e == 0x75) {
      if (end - q < 4) return -1;
      let cp = hex4At(q);
      if (cp < 0) return -1;
      q += 4;
      if (cp >= 0xd800 && cp <= 0xdfff) {
        // a pair when a low surrogate escape follows, else U+FFFD (a space here)
        let lo = -1;
        if (end - q >= 6 && load<u8>(q) == 0x5c && load<u8>(q + 1) == 0x75) lo = hex4At(q + 2);
        if (cp <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          q += 6;
        } else cp = 0xfffd;
      }
      if (cp == 0xfffd) store<u8>(w++, 0x20);
      else {
        const u = <u32>cp;
        if (u < 0x80) store<u8>(w++, <u8>u);
        else if (u < 0x800) {
          store<u8>(w++, <u8>(0xc0 | (u >> 6)));
          store<u8>(w++, <u8>(0x80 | (u & 0x3f)));
        } else if (u < 0x10000) {
          store<u8>(w++, <u8>(0xe0 | (u >> 12)));
          store<u8>(w++, <u8>(0x80 | ((u >> 6) & 0x3f)));
          store<u8>(w++, <u8>(0x80 | (u & 0x3f)));
        } else {
          store<u8>(w++, <u8>(0xf0 | (u >> 18)));
          store<u8>(w++, <u8>(0x80 | ((u >> 12) & 0x3f)));
          store<u8>(w++, <u8>(0x80 | ((u >> 6) & 0x3f)));
          store<u8>(w++, <u8>(0x80 | (u & 0x3f)));
        }
      }
    } else return -1;
  }
  return <isize>(w - o);
}

export function logfmtExtract(prog: usize, p: usize, n: usize): void {
  const end = p + n;
  let q = p;
  let reserved = false;
  while (q < end) {
    // skip to the key
    while (q < end && load<u8>(q) <= 0x20) q++;
    if (q >= end) return;
    const ks = q;
    let multibyte = false;
    let skip = false;
    let bare = false;
    while (q < end) {
      const c = load<u8>(q);
      if (c == 0x3d || c <= 0x20) break;
      if (c == 0x22) {
        skip = true;
        break;
      }
      if (c >= 0x80) multibyte = true;
      q++;
    }
    const ke = q;
    if (skip) {
      while (q < end && load<u8>(q) > 0x20) q++;
      continue;
    }
    if (q >= end || load<u8>(q) <= 0x20) bare = true;
    if (multibyte && hasRuneError(ks, ke - ks)) {
      // invalid key: a bare one ends here; with '=' its value is skipped
      if (!bare) while (q < end && load<u8>(q) > 0x20) q++;
      continue;
    }
    if (bare) continue; // no value: not extracted
    // q at '='
    if (ke == ks) {
      while (q < end && load<u8>(q) > 0x20) q++;
      continue;
    }
    q++;
    if (q >= end || load<u8>(q) <= 0x20) continue; // empty value
    let vs: usize = 0;
    let ve: usize = 0;
    let quotedEsc = false;
    if (load<u8>(q) == 0x22) {
      const qs = q;
      let esc = false;
      let hasEsc = false;
      let r = q + 1;
      let closed = false;
      while (r < end) {
        const c = load<u8>(r);
        if (esc) esc = false;
        else if (c == 0x5c) {
          esc = true;
          hasEsc = true;
        } else if (c == 0x22) {
          closed = true;
          break;
        }
        r++;
      }
      if (!closed) return; // unterminated: the rest of the line is consumed
      q = r + 1;
      vs = qs + 1;
      ve = r;
      quotedEsc = hasEsc;
    } else {
      vs = q;
      let bad = false;
      while (q < end) {
        const c = load<u8>(q);
        if (c <= 0x20) break;
        if (c == 0x3d || c == 0x22) {
          bad = true;
          break;
        }
        q++;
      }
      if (bad) {
        while (q < end && load<u8>(q) > 0x20) q++;
        continue;
      }
      ve = q;
    }
    const path = appendPart(prog, 0, ks, ke - ks);
    const slot = slotFor(prog, path);
    if (slot < 0) {
      // an invalid escape drops the pair whether or not it is wanted: nothing else to do
      continue;
    }
    if (quotedEsc) {
      if (!reserved) {
        scratchReserve(prog, n);
        reserved = true;
      }
      const o = scratchTop(prog);
      const w = unquote(o, vs, ve);
      if (w <= 0) continue; // invalid escape: the pair is dropped; empty: not extracted
      scratchCommit(prog, <usize>w);
      setSlot(prog, slot, o, <usize>w);
    } else {
      if (ve == vs) continue;
      if (needsRepair(vs, ve - vs)) {
        if (!reserved) {
          scratchReserve(prog, n);
          reserved = true;
        }
        const o = scratchTop(prog);
        const w = copyValid(o, vs, ve - vs);
        scratchCommit(prog, w);
        setSlot(prog, slot, o, w);
      } else setSlot(prog, slot, vs, ve - vs);
    }
  }
}
