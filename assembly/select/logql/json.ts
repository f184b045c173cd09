// `| json`: reads one JSON object per line and extracts only the labels the query names (docs/logql.md):
// nested object keys are flattened with `_` and sanitised (extract.ts); strings are unescaped (a lone
// surrogate escape, U+FFFD and invalid UTF-8 bytes become spaces, as Loki's removeInvalidUtf); numbers keep
// their text; true/false become "true"/"false"; null and arrays (and everything inside arrays) are not
// extracted. The whole line is validated as strict JSON (RFC 8259, as JSON.parse): one object, surrounded
// only by JSON whitespace; raw control bytes in strings, bad escapes, nesting past MAX_JSON_DEPTH or anything
// else invalid make the line a JSONParserErr, and then no label is extracted from it.
//
// Never builds the object: one pass with an explicit nesting stack (no recursion), strings skipped with the
// SIMD/SWAR JSON scanner; reads stay inside [p, p + n); allocates nothing (values that need decoding go to
// the program's scratch, reserved once per record).

import { hex4At } from "../../common/hex";
import { findJsonSpecial } from "../../scan/index";
import { appendPart, copyValid, needsRepair, scratchCommit, scratchReserve, scratchTop, setSlot, slotFor } from "./extract";
import { runeLen } from "./labels";
import { P_JSTACK, P_JSTACK_CAP } from "./program";

const TRUE = memory.data<u8>([0x74, 0x72, 0x75, 0x65]);
const FALSE = memory.data<u8>([0x66, 0x61, 0x6c, 0x73, 0x65]);

const ST_OPEN: i32 = 0; // just after { or [
const ST_MEMBER: i32 = 1; // a key is expected
const ST_VALUE: i32 = 2; // a value is expected
const ST_AFTER: i32 = 3; // after a value: , or a closing bracket

// the end of the string whose content starts at q (the byte after the opening quote): the index of the
// closing quote, or 0 when the string is invalid; flags in strEsc / strHigh
let strEsc = false;
let strHigh = false;


function scanString(q: usize, end: usize): usize {
  strEsc = false;
  strHigh = false;
  while (true) {
    q = findJsonSpecial(q, end);
    if (q >= end) return 0;
    const c = <u32>load<u8>(q);
    if (c == 0x22) return q;
    if (c == 0x5c) {
      strEsc = true;
      if (q + 1 >= end) return 0;
      const e = <u32>load<u8>(q + 1);
      if (e == 0x75) {
        if (end - q < 6 || hex4At(q + 2) < 0) return 0;
        q += 6;
      } else if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) {
        q += 2;
      } else return 0;
      continue;
    }
    if (c < 0x20) return 0; // raw control byte: invalid JSON
    strHigh = true;
    q++;
  }
}

// @ts-ignore: decorator
@inline function putUtf8(o: usize, cp: u32): usize {
  if (cp < 0x80) {
    store<u8>(o, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(o, <u8>(0xc0 | (cp >> 6)));
    store<u8>(o + 1, <u8>(0x80 | (cp & 0x3f)));
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(o, <u8>(0xe0 | (cp >> 12)));
    store<u8>(o + 1, <u8>(0x80 | ((cp >> 6) & 0x3f)));
    store<u8>(o + 2, <u8>(0x80 | (cp & 0x3f)));
    return 3;
  }
  store<u8>(o, <u8>(0xf0 | (cp >> 18)));
  store<u8>(o + 1, <u8>(0x80 | ((cp >> 12) & 0x3f)));
  store<u8>(o + 2, <u8>(0x80 | ((cp >> 6) & 0x3f)));
  store<u8>(o + 3, <u8>(0x80 | (cp & 0x3f)));
  return 4;
}

/** Decodes validated string content [q, end) to o (escapes; lone surrogates, U+FFFD and invalid UTF-8 bytes
 *  become spaces); returns the bytes written (never more than end - q). */
function decodeString(o: usize, q: usize, end: usize): usize {
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
    const e = <u32>load<u8>(q + 1);
    if (e != 0x75) {
      let b: u32 = e;
      if (e == 0x62) b = 8;
      else if (e == 0x66) b = 12;
      else if (e == 0x6e) b = 10;
      else if (e == 0x72) b = 13;
      else if (e == 0x74) b = 9;
      store<u8>(w++, <u8>b);
      q += 2;
      continue;
    }
    let cp = <u32>hex4At(q + 2);
    q += 6;
    if (cp >= 0xd800 && cp <= 0xdbff && end - q >= 6 && load<u8>(q) == 0x5c && load<u8>(q + 1) == 0x75) {
      const lo = <u32>hex4At(q + 2);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        q += 6;
      }
    }
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffd) store<u8>(w++, 0x20);
    else w += putUtf8(w, cp);
  }
  return w - o;
}

// @ts-ignore: decorator
@inline function skipWs(q: usize, end: usize): usize {
  while (q < end) {
    const c = load<u8>(q);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
    q++;
  }
  return q;
}

// @ts-ignore: decorator
@inline function isDigit(c: u32): bool {
  return c - 0x30 < 10;
}

/** The end of the strict JSON number at q, or 0 when it is not one. */
function scanNumber(q: usize, end: usize): usize {
  if (q < end && load<u8>(q) == 0x2d) q++;
  if (q >= end) return 0;
  if (load<u8>(q) == 0x30) q++;
  else if (isDigit(load<u8>(q))) {
    while (q < end && isDigit(load<u8>(q))) q++;
  } else return 0;
  if (q < end && load<u8>(q) == 0x2e) {
    q++;
    if (q >= end || !isDigit(load<u8>(q))) return 0;
    while (q < end && isDigit(load<u8>(q))) q++;
  }
  if (q < end && (load<u8>(q) | 0x20) == 0x65) {
    q++;
    if (q < end && (load<u8>(q) == 0x2b || load<u8>(q) == 0x2d)) q++;
    if (q >= end || !isDigit(load<u8>(q))) return 0;
    while (q < end && isDigit(load<u8>(q))) q++;
  }
  return q;
}

function wordAt(q: usize, end: usize, w: usize, n: usize): bool {
  if (end - q < n) return false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(q + i) != load<u8>(w + i)) return false;
  return true;
}

/** Extracts from the line [p, p + n); false when it is not valid JSON as described above. */
export function jsonExtract(prog: usize, p: usize, n: usize): bool {
  const end = p + n;
  const stack = <usize>load<u32>(prog + P_JSTACK); // per level: u32 kind (0 object, 1 array), u32 path base
  const cap = load<u32>(prog + P_JSTACK_CAP);
  let q = skipWs(p, end);
  if (q >= end || load<u8>(q) != 0x7b) return false;
  let depth: u32 = 0;
  let arrays: u32 = 0; // open arrays: nothing inside one is extracted
  let path: usize = 0; // the current member's key length (virtual)
  let reserved = false;
  // push the top-level object
  store<u32>(stack, 0);
  store<u32>(stack, 0, 4);
  depth = 1;
  q++;
  let state = ST_OPEN;
  while (true) {
    q = skipWs(q, end);
    if (q >= end) return false;
    const c = <u32>load<u8>(q);
    const top = stack + <usize>(depth - 1) * 8;
    const inObject = load<u32>(top) == 0;
    if (state == ST_OPEN) {
      if (c == (inObject ? 0x7d : 0x5d)) state = ST_AFTER; // empty: falls to the close below
      else {
        state = inObject ? ST_MEMBER : ST_VALUE;
        continue;
      }
    }
    if (state == ST_MEMBER) {
      if (c != 0x22) return false;
      const ks = q + 1;
      const ke = scanString(ks, end);
      if (ke == 0) return false;
      if (arrays == 0) {
        const base = <usize>load<u32>(top, 4);
        if (!strEsc) path = appendPart(prog, base, ks, ke - ks);
        else {
          if (!reserved) {
            scratchReserve(prog, n);
            reserved = true;
          }
          const o = scratchTop(prog);
          path = appendPart(prog, base, o, decodeString(o, ks, ke));
        }
      }
      q = skipWs(ke + 1, end);
      if (q >= end || load<u8>(q) != 0x3a) return false;
      q++;
      state = ST_VALUE;
      continue;
    }
    if (state == ST_VALUE) {
      const leaf = inObject && arrays == 0; // a member value outside arrays may be extracted
      if (c == 0x7b || c == 0x5b) {
        if (depth >= cap) return false;
        const fr = stack + <usize>depth * 8;
        store<u32>(fr, c == 0x7b ? 0 : 1);
        store<u32>(fr, <u32>(leaf ? path : 0), 4);
        depth++;
        if (c == 0x5b) arrays++;
        q++;
        state = ST_OPEN;
        continue;
      }
      let vs = q;
      let ve: usize = 0;
      let slot: i32 = -1;
      if (c == 0x22) {
        ve = scanString(q + 1, end);
        if (ve == 0) return false;
        vs = q + 1;
        q = ve + 1;
        if (leaf) slot = slotFor(prog, path);
        if (slot >= 0) {
          if (strEsc || (strHigh && needsRepair(vs, ve - vs))) {
            if (!reserved) {
              scratchReserve(prog, n);
              reserved = true;
            }
            const o = scratchTop(prog);
            const w = decodeString(o, vs, ve);
            scratchCommit(prog, w);
            setSlot(prog, slot, o, w);
          } else setSlot(prog, slot, vs, ve - vs);
        }
      } else if (c == 0x74 || c == 0x66) {
        const isTrue = c == 0x74;
        const wl: usize = isTrue ? 4 : 5;
        if (!wordAt(q, end, isTrue ? TRUE : FALSE, wl)) return false;
        q += wl;
        if (leaf) slot = slotFor(prog, path);
        if (slot >= 0) setSlot(prog, slot, isTrue ? TRUE : FALSE, wl);
      } else if (c == 0x6e) {
        if (end - q < 4 || load<u32>(q) != 0x6c6c756e) return false; // "null": not extracted
        q += 4;
      } else {
        ve = scanNumber(q, end);
        if (ve == 0) return false;
        q = ve;
        if (leaf) slot = slotFor(prog, path);
        if (slot >= 0) setSlot(prog, slot, vs, ve - vs);
      }
      state = ST_AFTER;
      continue;
    }
    // ST_AFTER
    if (c == 0x2c) {
      q++;
      state = inObject ? ST_MEMBER : ST_VALUE;
      continue;
    }
    if (c != (inObject ? 0x7d : 0x5d)) return false;
    if (!inObject) arrays--;
    depth--;
    q++;
    if (depth == 0) return skipWs(q, end) == end;
    state = ST_AFTER;
  }
}
