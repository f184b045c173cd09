// Conformance entries for two kubectl helpers that the engine itself does not use. They exist so the test suite
// can run the "aux" cases of ../shared/conformance/k8s-selectors (k8s-selector-aux-cases.json); compile time
// code only (managed objects allowed).
//
// requirementCheck(p, n): NewRequirement(key, op, values) — builds one requirement without parsing. Input block:
//   u32 keyLen, key, u32 opLen, op, u32 count, count × (u32 len, value)            (little-endian)
// op is one of in notin = == != gt lt exists !, or anything else (an error). Returns 1 and the requirement's
// canonical text in auxResult (values sorted, not deduplicated, as kubectl's String() does), 0 with the error
// in select/error.ts (position 0), or -1 when the block is malformed.
//
// labelsMapCheck(p, n): ConvertSelectorToLabelsMap(text) — accepts only comma-separated `key=value` pairs
// (each side trimmed of Unicode white space as Go's strings.TrimSpace does). Returns 1 and the pairs in text
// order in auxResult (u32 keyLen, key, u32 valLen, value; a later pair overrides an earlier one with the same
// key, as a Go map assignment does), or 0 with the error (position 0).

import { filterFail, filterOk } from "../error";
import { Req, requirementProblems } from "./requirement";
import { Text } from "./text";
import { keyProblems, valueProblems } from "./validate";
import { appendRequirement } from "./canonical";
import { sortRanges } from "./sort";
import { OP_EQ, OP_EQEQ, OP_EXISTS, OP_GT, OP_IN, OP_LT, OP_NEQ, OP_NOT_EXISTS, OP_NOTIN, OP_UNSUPPORTED } from "./program";

/** The last successful result's bytes. */
export let auxResult: Array<u8> = new Array<u8>();

function isText(p: usize, n: usize, s: string): bool {
  if (<i32>n != s.length) return false;
  for (let i = 0; i < s.length; i++) if (<i32>load<u8>(p + <usize>i) != s.charCodeAt(i)) return false;
  return true;
}

function opOf(p: usize, n: usize): i32 {
  if (isText(p, n, "in")) return OP_IN;
  if (isText(p, n, "notin")) return OP_NOTIN;
  if (isText(p, n, "=")) return OP_EQ;
  if (isText(p, n, "==")) return OP_EQEQ;
  if (isText(p, n, "!=")) return OP_NEQ;
  if (isText(p, n, "gt")) return OP_GT;
  if (isText(p, n, "lt")) return OP_LT;
  if (isText(p, n, "exists")) return OP_EXISTS;
  if (isText(p, n, "!")) return OP_NOT_EXISTS;
  return OP_UNSUPPORTED;
}

export function requirementCheck(p: usize, n: usize): i32 {
  const r = new Req();
  let q: usize = 0;
  // a length-prefixed field at q; -1 when it runs past the end
  if (n - q < 4) return -1;
  let len = <usize>load<u32>(p + q);
  q += 4;
  if (len > n - q) return -1;
  r.keyStart = <i32>q;
  r.keyLen = <i32>len;
  q += len;
  if (n - q < 4) return -1;
  len = <usize>load<u32>(p + q);
  q += 4;
  if (len > n - q) return -1;
  r.opStart = <i32>q;
  r.opLen = <i32>len;
  r.op = opOf(p + q, len);
  q += len;
  if (n - q < 4) return -1;
  const count = load<u32>(p + q);
  q += 4;
  for (let i: u32 = 0; i < count; i++) {
    if (n - q < 4) return -1;
    len = <usize>load<u32>(p + q);
    q += 4;
    if (len > n - q) return -1;
    r.valStarts.push(<i32>q);
    r.valLens.push(<i32>len);
    q += len;
  }
  if (q != n) return -1;
  const problems = requirementProblems(p, r, true);
  if (problems.bytes.length > 0) {
    filterFail(0, problems.toString());
    return 0;
  }
  // String() prints several values sorted (a copy; no deduplication)
  const order = sortRanges(p, r.valStarts, r.valLens);
  const sorted = new Req();
  sorted.op = r.op;
  sorted.keyStart = r.keyStart;
  sorted.keyLen = r.keyLen;
  for (let i = 0; i < order.length; i++) {
    sorted.valStarts.push(r.valStarts[order[i]]);
    sorted.valLens.push(r.valLens[order[i]]);
  }
  const t = new Text();
  appendRequirement(t, p, sorted);
  auxResult = t.bytes;
  filterOk();
  return 1;
}

// Go's strings.TrimSpace: the result range of the last trim
let trimStart: usize = 0;
let trimEnd: usize = 0;

/** Length of the Unicode white space (Go's unicode.IsSpace) starting at p + i, or 0. */
function spaceAt(p: usize, i: usize, end: usize): usize {
  const c = <u32>load<u8>(p + i);
  if (c == 0x20 || (c >= 0x09 && c <= 0x0d)) return 1;
  if (c == 0xc2 && i + 1 < end) {
    const d = <u32>load<u8>(p + i + 1);
    return d == 0x85 || d == 0xa0 ? 2 : 0;
  }
  if (c >= 0xe1 && c <= 0xe3 && i + 2 < end) {
    const d = <u32>load<u8>(p + i + 1);
    const e = <u32>load<u8>(p + i + 2);
    if (c == 0xe1) return d == 0x9a && e == 0x80 ? 3 : 0; // U+1680
    if (c == 0xe3) return d == 0x80 && e == 0x80 ? 3 : 0; // U+3000
    if (d == 0x80 && ((e >= 0x80 && e <= 0x8a) || e == 0xa8 || e == 0xa9 || e == 0xaf)) return 3; // U+2000–200A, 2028, 2029, 202F
    if (d == 0x81 && e == 0x9f) return 3; // U+205F
  }
  return 0;
}

function trimSpace(p: usize, start: usize, end: usize): void {
  let s = start;
  let e = end;
  while (s < e) {
    const w = spaceAt(p, s, e);
    if (w == 0) break;
    s += w;
  }
  while (e > s) {
    // the last rune is white space when one of the forms above ends exactly at e
    if (spaceAt(p, e - 1, e) == 1) { e -= 1; continue; }
    if (e - s >= 2 && spaceAt(p, e - 2, e) == 2) { e -= 2; continue; }
    if (e - s >= 3 && spaceAt(p, e - 3, e) == 3) { e -= 3; continue; }
    break;
  }
  trimStart = s;
  trimEnd = e;
}

function pushU32(out: Array<u8>, v: u32): void {
  out.push(<u8>v);
  out.push(<u8>(v >> 8));
  out.push(<u8>(v >> 16));
  out.push(<u8>(v >> 24));
}

export function labelsMapCheck(p: usize, n: usize): i32 {
  const out = new Array<u8>();
  let pairStart: usize = 0;
  while (n > 0 && pairStart <= n) {
    let pairEnd = pairStart;
    while (pairEnd < n && load<u8>(p + pairEnd) != 0x2c) pairEnd++;
    // split the pair at every '='; exactly two parts are allowed
    let eq: usize = pairEnd;
    let parts = 1;
    for (let i = pairStart; i < pairEnd; i++) {
      if (load<u8>(p + i) == 0x3d) {
        if (parts == 1) eq = i;
        parts++;
      }
    }
    if (parts != 2) {
      // Go prints the parts as a list: "[a b c]"
      const t = new Text().ascii("invalid selector: [");
      for (let i = pairStart; i < pairEnd; i++) {
        const c = <u32>load<u8>(p + i);
        t.byte(c == 0x3d ? 0x20 : c);
      }
      filterFail(0, t.byte(0x5d).toString());
      return 0;
    }
    trimSpace(p, pairStart, eq);
    const ks = trimStart;
    const kn = trimEnd - trimStart;
    const keyErr = keyProblems(p + ks, kn);
    if (keyErr.length > 0) {
      filterFail(0, new Text().ascii("<nil>: Invalid value: ").goQuoted(p + ks, kn).ascii(": ").ascii(keyErr).toString());
      return 0;
    }
    trimSpace(p, eq + 1, pairEnd);
    const vs = trimStart;
    const vn = trimEnd - trimStart;
    const valueErr = valueProblems(p + vs, vn);
    if (valueErr.length > 0) {
      filterFail(0, new Text().byte(0x5b).raw(p + ks, kn).ascii("]: Invalid value: ").goQuoted(p + vs, vn).ascii(": ").ascii(valueErr).toString());
      return 0;
    }
    pushU32(out, <u32>kn);
    for (let i: usize = 0; i < kn; i++) out.push(load<u8>(p + ks + i));
    pushU32(out, <u32>vn);
    for (let i: usize = 0; i < vn; i++) out.push(load<u8>(p + vs + i));
    pairStart = pairEnd + 1;
  }
  auxResult = out;
  filterOk();
  return 1;
}
