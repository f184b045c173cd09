// What the parser stages (json.ts, logfmt.ts) share: building a sanitised key in the program's path buffer,
// finding the label slot an extracted key fills (with Loki's `_extracted` rename), and the scratch that holds
// decoded values. Per record, raw memory only.
//
// Key sanitising (Loki's appendSanitized): a key part is trimmed of ASCII whitespace; empty parts are skipped;
// parts are joined with `_`; a digit at the very start gets a `_` before it; every code point outside
// [A-Za-z0-9_] becomes one `_` (an invalid UTF-8 byte counts as one code point). The path buffer holds at most
// P_PATH_CAP bytes (the longest name): a longer key cannot match, so only its length is tracked.
//
// Renaming: an extracted key K is the label K when the stream has no label K, else K_extracted (Loki's
// duplicateSuffix); the first value extracted for a label in a record wins.

import { isAsciiSpace, isLabelChar, runeLen } from "./labels";
import { NAME_SIZE, N_ERROR, P_NAME, P_NAME_N, P_PATH, P_PATH_CAP, P_SCRATCH, P_SCRATCH_CAP, P_SCRATCH_USED, P_SLOTS, SLOT_SIZE, SL_BASE_SELF, SL_BASE_STRIPPED, SL_EXTRACTED, SL_PRESENT } from "./program";

/** Appends the sanitised part [kp, kp + kl) to the path of virtual length `base`; returns the new length. */
export function appendPart(prog: usize, base: usize, kp: usize, kl: usize): usize {
  const buf = <usize>load<u32>(prog + P_PATH);
  const cap = <usize>load<u32>(prog + P_PATH_CAP);
  let s = kp;
  let e = kp + kl;
  while (s < e && isAsciiSpace(load<u8>(s))) s++;
  while (e > s && isAsciiSpace(load<u8>(e - 1))) e--;
  if (s == e) return base;
  let n = base;
  if (n > 0) {
    if (n < cap) store<u8>(buf + n, 0x5f);
    n++;
  } else if (<u32>load<u8>(s) - 0x30 < 10) {
    if (n < cap) store<u8>(buf + n, 0x5f);
    n++;
  }
  while (s < e) {
    const c = <u32>load<u8>(s);
    let out: u32 = 0x5f;
    if (c < 0x80) {
      if (isLabelChar(c)) out = c;
      s++;
    } else s += runeLen(s, e);
    if (n < cap) store<u8>(buf + n, <u8>out);
    n++;
  }
  return n;
}

function pathEquals(buf: usize, np: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (load<u8>(buf + i) != load<u8>(np + i)) return false;
  return true;
}

/** The slot the key in the path buffer (length n) fills in this record, or -1 (none, or already set). */
export function slotFor(prog: usize, n: usize): i32 {
  if (n == 0 || n > <usize>load<u32>(prog + P_PATH_CAP)) return -1;
  const buf = <usize>load<u32>(prog + P_PATH);
  const count = load<u32>(prog + P_NAME_N);
  const names = <usize>load<u32>(prog + P_NAME);
  const slots = <usize>load<u32>(prog + P_SLOTS);
  for (let i: u32 = 0; i < count; i++) {
    const e = names + <usize>i * NAME_SIZE;
    if (load<u32>(e, 8) == N_ERROR) continue;
    const np = <usize>load<u32>(e);
    const nl = <usize>load<u32>(e, 4);
    const stripped = <usize>load<u32>(e, 12);
    const f = load<u32>(slots + <usize>i * SLOT_SIZE, 8);
    let hit = false;
    if (nl == n && (f & SL_BASE_SELF) == 0 && pathEquals(buf, np, n)) hit = true;
    else if (stripped == n && (f & SL_BASE_STRIPPED) != 0 && pathEquals(buf, np, n)) hit = true;
    if (hit) return (f & SL_EXTRACTED) != 0 ? -1 : <i32>i;
  }
  return -1;
}

export function setSlot(prog: usize, i: i32, p: usize, n: usize): void {
  const slot = <usize>load<u32>(prog + P_SLOTS) + <usize>i * SLOT_SIZE;
  store<u32>(slot, <u32>p);
  store<u32>(slot, <u32>n, 4);
  store<u32>(slot, load<u32>(slot, 8) | SL_PRESENT | SL_EXTRACTED, 8);
}

/** Makes the scratch hold at least `need` bytes past what this record used; call before the record's first
 *  decode with need = the line length (decoded values never exceed their encoded bytes, so nothing moves
 *  after that). Grows only when a longer line than any before needs decoding. */
export function scratchReserve(prog: usize, need: usize): void {
  const cap = <usize>load<u32>(prog + P_SCRATCH_CAP);
  if (need <= cap) return;
  let n = cap;
  while (n < need) n <<= 1;
  heap.free(<usize>load<u32>(prog + P_SCRATCH));
  store<u32>(prog + P_SCRATCH, <u32>heap.alloc(n));
  store<u32>(prog + P_SCRATCH_CAP, <u32>n);
}

// @ts-ignore: decorator
@inline export function scratchTop(prog: usize): usize {
  return <usize>load<u32>(prog + P_SCRATCH) + <usize>load<u32>(prog + P_SCRATCH_USED);
}

// @ts-ignore: decorator
@inline export function scratchCommit(prog: usize, n: usize): void {
  store<u32>(prog + P_SCRATCH_USED, load<u32>(prog + P_SCRATCH_USED) + <u32>n);
}

/** Copies [p, p + n) to o replacing each invalid UTF-8 byte and each U+FFFD with a space (Loki's
 *  removeInvalidUtf); returns the bytes written (<= n). */
export function copyValid(o: usize, p: usize, n: usize): usize {
  const end = p + n;
  let w = o;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c < 0x80) {
      store<u8>(w++, <u8>c);
      p++;
      continue;
    }
    const l = runeLen(p, end);
    if (l == 1 || (l == 3 && c == 0xef && load<u8>(p + 1) == 0xbf && load<u8>(p + 2) == 0xbd)) {
      store<u8>(w++, 0x20);
    } else {
      for (let i: usize = 0; i < l; i++) store<u8>(w + i, load<u8>(p + i));
      w += l;
    }
    p += l;
  }
  return w - o;
}

/** Does [p, p + n) need copyValid (invalid UTF-8 or U+FFFD)? */
export function needsRepair(p: usize, n: usize): bool {
  const end = p + n;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c < 0x80) {
      p++;
      continue;
    }
    const l = runeLen(p, end);
    if (l == 1 || (l == 3 && c == 0xef && load<u8>(p + 1) == 0xbf && load<u8>(p + 2) == 0xbd)) return true;
    p += l;
  }
  return false;
}
