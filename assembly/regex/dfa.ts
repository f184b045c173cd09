// Lazy DFA for yes/no questions (test, full match): states are sets of NFA pcs, built on demand and cached
// in a bounded transition table over byte classes.
//
// Block layout (u32 fields at the offsets D_*), then the class map (256 bytes) and class representatives:
// the transition table, state infos, pc pool, hash table and closure scratch are separate heap blocks.
//
// Invariants:
// - Every assertion is modelled, so the DFA decides exactly what the Pike VM decides for "is there a match":
//   assertions on the past (\A, (?m)^, and the left side of \b \B) are resolved while building a state from
//   its context bits (at start, previous byte a word byte, previous byte '\n'); assertions on the future
//   ($, \z, (?m)$, \b, \B, the internal code point boundary) stay in the state as pending pcs and are resolved
//   when the next byte is known (computing a transition: a match found then is a match *before* that byte,
//   recorded as SF_SAWMATCH on the target) or at the end of the input (SF_ENDMATCH).
// - A state = (sorted kernel pcs: BYTE, SET, MATCH and pending ASSERT pcs after the epsilon closure, flags:
//   context bits and SF_SAWMATCH). Equal keys are one state (hash table). Context bits are recorded only for
//   the assertions the program has, so a program without \b never splits states on word bytes.
// - A transition entry is UNKNOWN (0xffffffff) or the target's row offset (index * ncls * 4) | MATCH_TAG if
//   the target contains MATCH | DEAD_TAG if its kernel is empty. Row offsets stay < 2^30.
// - The cache grows by doubling up to MAX_STATES states / MAX_POOL pool words; when full it is cleared and
//   rebuilt from the current state. A search that clears it more than MAX_RESETS times gives up (DFA_FAIL)
//   and the caller runs the Pike VM, so the work stays O(input × program) either way.
// - Pair transitions (when there are at most 16 byte classes): a second table maps (state, class of b0,
//   class of b1) to the state two bytes later, as a pair-row offset (index * ncls^2 * 4). An entry is filled
//   only after two single steps that met neither a match nor a dead state nor a cache reset, so following it
//   is exactly two single steps; anything else is PAIR_SLOW and the search takes the single steps. This halves
//   the dependent loads per byte on the hot path.
// - No managed objects; no recursion.

import { I_ASSERT, I_BYTE, I_JMP, I_MATCH, I_SAVE, I_SET, I_SPLIT, instAccepts, instW0, instX, instY, isWordByte } from "./prog";
import { Assert } from "./ast";
import { countSearch } from "./work";

export const DFA_FAIL: i32 = -1;
const UNKNOWN: u32 = 0xffffffff;
const MATCH_TAG: u32 = 0x80000000;
const DEAD_TAG: u32 = 0x40000000;
const ROW_MASK: u32 = 0x3fffffff;
const SF_MATCH: u32 = 1; // MATCH in the closure: a match ends here
const SF_ENDMATCH: u32 = 2; // a match ends here if the input ends here
const SF_SAWMATCH: u32 = 4; // a match ended just before the byte that led here
// context bits (also state flags): what the closure may assume about the past and, while computing a
// transition, about the next byte
const C_ATSTART: u32 = 0x10;
const C_PREVWORD: u32 = 0x20;
const C_PREVNL: u32 = 0x40;
const C_LOOK: u32 = 0x100; // the next byte is known (C_NEXT*), or with C_END the input ends
const C_END: u32 = 0x200;
const C_NEXTWORD: u32 = 0x400;
const C_NEXTNL: u32 = 0x800;
const C_NEXTCONT: u32 = 0x1000;
const KEY_FLAGS: u32 = SF_SAWMATCH | C_ATSTART | C_PREVWORD | C_PREVNL;
const MAX_TRANS_BYTES: u32 = 1 << 20;
const MAX_STATES_CAP: u32 = 4096;
const MAX_POOL: u32 = 1 << 18;
const MAX_RESETS: i32 = 3;

const D_PROG: usize = 0;
const D_NINST: usize = 4;
const D_USTART: usize = 8;
const D_ASTART: usize = 12;
const D_NCLS: usize = 16;
const D_CAP: usize = 20; // allocated states
const D_MAXSTATES: usize = 24;
const D_NSTATES: usize = 28;
const D_TRANS: usize = 32;
const D_INFO: usize = 36; // 3 u32 per state: pool offset, count, flags
const D_POOL: usize = 40;
const D_POOLCAP: usize = 44;
const D_POOLUSED: usize = 48;
const D_HASH: usize = 52;
const D_HCAP: usize = 56;
const D_WORK: usize = 60; // sparse[ninst], dense[ninst], stack[2 * ninst + 2], kernel[ninst]
const D_START_U: usize = 64; // cached start transitions (atStart) or UNKNOWN
const D_START_A: usize = 68;
const D_NEED: usize = 72; // context bits worth recording: C_PREVWORD if \b/\B, C_PREVNL if (?m)^
const D_CLSMAP: usize = 80; // 256 bytes
const D_CLSREP: usize = 336; // 256 bytes: a representative byte per class
const D_PAIR: usize = 76; // pair transition table (cap * ncls^2 u32), or 0 when ncls > MAX_PAIR_CLASSES
const D_HIMAP: usize = 592; // 256 u16: class(b) * ncls * 4 (first byte of a pair)
const D_LOMAP: usize = 1104; // 256 u16: class(b) * 4 (second byte of a pair)
const D_SIZE: usize = 1616;
const MAX_PAIR_CLASSES: u32 = 16;
const MAX_PAIR_BYTES: u32 = 2 << 20;
const PAIR_SLOW: u32 = 0xffffffff; // pair entry not known (or not plain): take two single steps

export function dfaNew(prog: usize, ninst: u32, ustart: u32, astart: u32, assertMask: u32): usize {
  const d = heap.alloc(D_SIZE);
  memory.fill(d, 0, D_SIZE);
  store<u32>(d + D_PROG, <u32>prog);
  store<u32>(d + D_NINST, ninst);
  store<u32>(d + D_USTART, ustart);
  store<u32>(d + D_ASTART, astart);
  // byte classes: a boundary before byte b when some instruction treats b-1 and b differently
  const bounds = d + D_CLSREP; // temporarily used as a 256-byte boundary table
  memory.fill(bounds, 0, 256);
  for (let pc: u32 = 0; pc < ninst; pc++) {
    const w = instW0(prog, pc);
    const op = w & 0xff;
    if (op == I_BYTE) {
      const lo = (w >> 8) & 0xff;
      const hi = w >> 16;
      store<u8>(bounds + <usize>lo, 1);
      if (hi < 255) store<u8>(bounds + <usize>hi + 1, 1);
    } else if (op == I_SET) {
      for (let b: u32 = 1; b < 256; b++) {
        if (instAccepts(prog, pc, b) != instAccepts(prog, pc, b - 1)) store<u8>(bounds + <usize>b, 1);
      }
    }
  }
  // bytes the assertions tell apart: UTF-8 continuation bytes always (code point boundary), word bytes for
  // \b \B, '\n' for multi-line anchors
  store<u8>(bounds + 0x80, 1);
  store<u8>(bounds + 0xc0, 1);
  let need: u32 = 0;
  if ((assertMask & ((1 << Assert.WordB) | (1 << Assert.NotWordB))) != 0) {
    need |= C_PREVWORD;
    store<u8>(bounds + 0x30, 1); store<u8>(bounds + 0x3a, 1);
    store<u8>(bounds + 0x41, 1); store<u8>(bounds + 0x5b, 1);
    store<u8>(bounds + 0x5f, 1); store<u8>(bounds + 0x60, 1);
    store<u8>(bounds + 0x61, 1); store<u8>(bounds + 0x7b, 1);
  }
  if ((assertMask & ((1 << Assert.BeginLine) | (1 << Assert.EndLine))) != 0) {
    if ((assertMask & (1 << Assert.BeginLine)) != 0) need |= C_PREVNL;
    store<u8>(bounds + 0x0a, 1); store<u8>(bounds + 0x0b, 1);
  }
  store<u32>(d + D_NEED, need);
  let cls: u32 = 0;
  for (let b = 0; b < 256; b++) {
    if (b > 0 && load<u8>(bounds + <usize>b) != 0) cls++;
    store<u8>(d + D_CLSMAP + <usize>b, <u8>cls);
  }
  const ncls = cls + 1;
  for (let b = 255; b >= 0; b--) store<u8>(d + D_CLSREP + <usize>load<u8>(d + D_CLSMAP + <usize>b), <u8>b);
  store<u32>(d + D_NCLS, ncls);
  let maxStates = MAX_TRANS_BYTES / (ncls * 4);
  if (maxStates > MAX_STATES_CAP) maxStates = MAX_STATES_CAP;
  const pairs = ncls <= MAX_PAIR_CLASSES;
  if (pairs && maxStates > MAX_PAIR_BYTES / (ncls * ncls * 4)) maxStates = MAX_PAIR_BYTES / (ncls * ncls * 4);
  for (let b = 0; b < 256; b++) {
    const c = <u32>load<u8>(d + D_CLSMAP + <usize>b);
    store<u16>(d + D_HIMAP + (<usize>b << 1), <u16>(c * ncls * 4));
    store<u16>(d + D_LOMAP + (<usize>b << 1), <u16>(c * 4));
  }
  store<u32>(d + D_MAXSTATES, maxStates);
  const cap: u32 = maxStates < 32 ? maxStates : 32;
  store<u32>(d + D_CAP, cap);
  store<u32>(d + D_TRANS, <u32>heap.alloc(<usize>cap * ncls * 4));
  if (pairs) store<u32>(d + D_PAIR, <u32>heap.alloc(<usize>cap * ncls * ncls * 4));
  store<u32>(d + D_INFO, <u32>heap.alloc(<usize>cap * 12));
  const poolCap: u32 = ninst * 2 + 64 < MAX_POOL ? ninst * 2 + 64 : MAX_POOL;
  store<u32>(d + D_POOLCAP, poolCap);
  store<u32>(d + D_POOL, <u32>heap.alloc(<usize>poolCap * 4));
  const hcap = maxStates * 2;
  store<u32>(d + D_HCAP, hcap);
  store<u32>(d + D_HASH, <u32>heap.alloc(<usize>hcap * 4));
  store<u32>(d + D_WORK, <u32>heap.alloc(<usize>(5 * ninst + 4) * 4));
  resetCache(d);
  return d;
}

export function dfaFree(d: usize): void {
  heap.free(<usize>load<u32>(d + D_TRANS));
  const pair = <usize>load<u32>(d + D_PAIR);
  if (pair != 0) heap.free(pair);
  heap.free(<usize>load<u32>(d + D_INFO));
  heap.free(<usize>load<u32>(d + D_POOL));
  heap.free(<usize>load<u32>(d + D_HASH));
  heap.free(<usize>load<u32>(d + D_WORK));
  heap.free(d);
}

function resetCache(d: usize): void {
  store<u32>(d + D_NSTATES, 0);
  store<u32>(d + D_POOLUSED, 0);
  memory.fill(<usize>load<u32>(d + D_HASH), 0, <usize>load<u32>(d + D_HCAP) * 4);
  store<u32>(d + D_START_U, UNKNOWN);
  store<u32>(d + D_START_A, UNKNOWN);
}

/** Does an assertion of `kind` hold in context `ctx`? -1: it depends on the next byte, not known yet. */
function assertIn(kind: u32, ctx: u32): i32 {
  switch (kind) {
    case Assert.BeginText: return (ctx & C_ATSTART) != 0 ? 1 : 0;
    case Assert.BeginLine: return (ctx & (C_ATSTART | C_PREVNL)) != 0 ? 1 : 0;
    case Assert.CpBoundary: if ((ctx & C_ATSTART) != 0) return 1; break; // the Pike VM always seeds at the start
  }
  if ((ctx & C_LOOK) == 0) return -1;
  const end = (ctx & C_END) != 0;
  switch (kind) {
    case Assert.EndText: return end ? 1 : 0;
    case Assert.EndLine: return end || (ctx & C_NEXTNL) != 0 ? 1 : 0;
    case Assert.CpBoundary: return end || (ctx & C_NEXTCONT) == 0 ? 1 : 0;
    case Assert.WordB:
    case Assert.NotWordB: {
      const a = (ctx & C_PREVWORD) != 0;
      const b = !end && (ctx & C_NEXTWORD) != 0;
      return (a != b) == (kind == Assert.WordB) ? 1 : 0;
    }
  }
  return 0;
}

/**
 * Epsilon closure of the seeds in kernel[0..nseeds) (the kernel area of the work block) in context `ctx`;
 * leaves the sorted kernel pcs (BYTE, SET, MATCH, and the ASSERTs that need the next byte) in kernel[0..]
 * and returns count | SF_MATCH << 24 when MATCH was reached.
 */
function closure(d: usize, nseeds: u32, ctx: u32): u32 {
  const prog = <usize>load<u32>(d + D_PROG);
  const ninst = load<u32>(d + D_NINST);
  const work = <usize>load<u32>(d + D_WORK);
  const sparse = work;
  const dense = work + (<usize>ninst << 2);
  const stack = dense + (<usize>ninst << 2);
  const kernel = stack + (<usize>(2 * ninst + 2) << 2);
  let n: u32 = 0; // visited count
  let flags: u32 = 0;
  let sp: u32 = 0;
  // seeds are pushed in reverse so the first seed is explored first
  for (let i = nseeds; i > 0; i--) {
    store<u32>(stack + (<usize>sp << 2), load<u32>(kernel + (<usize>(i - 1) << 2)));
    sp++;
  }
  while (sp > 0) {
    sp--;
    let pc = load<u32>(stack + (<usize>sp << 2));
    while (true) {
      const si = load<u32>(sparse + (<usize>pc << 2));
      if (si < n && load<u32>(dense + (<usize>si << 2)) == pc) break;
      store<u32>(sparse + (<usize>pc << 2), n);
      store<u32>(dense + (<usize>n << 2), pc);
      n++;
      const op = instW0(prog, pc) & 0xff;
      if (op == I_JMP || op == I_SAVE) { pc = instX(prog, pc); continue; }
      if (op == I_SPLIT) {
        if (sp < 2 * ninst + 2) {
          store<u32>(stack + (<usize>sp << 2), instY(prog, pc));
          sp++;
        }
        pc = instX(prog, pc);
        continue;
      }
      if (op == I_ASSERT) {
        if (assertIn(instY(prog, pc), ctx) == 1) { pc = instX(prog, pc); continue; }
        break;
      }
      if (op == I_MATCH) flags |= SF_MATCH;
      break;
    }
  }
  // kernel = visited pcs that are BYTE/SET/MATCH or a pending ASSERT, sorted
  let k: u32 = 0;
  if (n > 64) {
    for (let pc: u32 = 0; pc < ninst; pc++) {
      const si = load<u32>(sparse + (<usize>pc << 2));
      if (si < n && load<u32>(dense + (<usize>si << 2)) == pc && isKernel(prog, pc, ctx)) {
        store<u32>(kernel + (<usize>k << 2), pc);
        k++;
      }
    }
  } else {
    for (let i: u32 = 0; i < n; i++) {
      const pc = load<u32>(dense + (<usize>i << 2));
      if (!isKernel(prog, pc, ctx)) continue;
      let j = k;
      while (j > 0 && load<u32>(kernel + (<usize>(j - 1) << 2)) > pc) {
        store<u32>(kernel + (<usize>j << 2), load<u32>(kernel + (<usize>(j - 1) << 2)));
        j--;
      }
      store<u32>(kernel + (<usize>j << 2), pc);
      k++;
    }
  }
  countSearch(<usize>n);
  return k | (flags << 24);
}

function isKernel(prog: usize, pc: u32, ctx: u32): bool {
  const op = instW0(prog, pc) & 0xff;
  if (op == I_BYTE || op == I_SET || op == I_MATCH) return true;
  return op == I_ASSERT && assertIn(instY(prog, pc), ctx) < 0;
}

/** Kernel area of the work block. */
// @ts-ignore: decorator
@inline function kernelArea(d: usize): usize {
  return <usize>load<u32>(d + D_WORK) + (<usize>(4 * load<u32>(d + D_NINST) + 2) << 2);
}

/** Can the state (kernel in the kernel area, context ctx) reach MATCH if the input ends here? Clobbers the kernel area. */
function endMatch(d: usize, k: u32, ctx: u32): bool {
  const kf = closure(d, k, (ctx & KEY_FLAGS) | C_LOOK | C_END);
  return (kf >> 24) & SF_MATCH ? true : false;
}

function hashKey(kernel: usize, k: u32, flags: u32): u32 {
  let h: u32 = 0x811c9dc5 ^ (flags * 0x9e3779b9);
  for (let i: u32 = 0; i < k; i++) {
    h = (h ^ load<u32>(kernel + (<usize>i << 2))) * 0x01000193;
  }
  return h ^ (h >> 15);
}

/** Grows the state arrays; returns false when at the cap. */
function grow(d: usize): bool {
  const cap = load<u32>(d + D_CAP);
  const max = load<u32>(d + D_MAXSTATES);
  if (cap >= max) return false;
  const ncap = cap * 2 < max ? cap * 2 : max;
  const ncls = load<u32>(d + D_NCLS);
  store<u32>(d + D_TRANS, <u32>heap.realloc(<usize>load<u32>(d + D_TRANS), <usize>ncap * ncls * 4));
  const pair = <usize>load<u32>(d + D_PAIR);
  if (pair != 0) store<u32>(d + D_PAIR, <u32>heap.realloc(pair, <usize>ncap * ncls * ncls * 4));
  store<u32>(d + D_INFO, <u32>heap.realloc(<usize>load<u32>(d + D_INFO), <usize>ncap * 12));
  store<u32>(d + D_CAP, ncap);
  return true;
}

function growPool(d: usize, need: u32): bool {
  const cap = load<u32>(d + D_POOLCAP);
  if (cap >= MAX_POOL) return false;
  let ncap = cap * 2;
  while (ncap < need) ncap *= 2;
  if (ncap > MAX_POOL) ncap = MAX_POOL;
  if (ncap < need) return false;
  store<u32>(d + D_POOL, <u32>heap.realloc(<usize>load<u32>(d + D_POOL), <usize>ncap * 4));
  store<u32>(d + D_POOLCAP, ncap);
  return true;
}

/**
 * Finds or adds the state whose kernel is in the kernel area, with key flags `kflags` (context bits and
 * SF_SAWMATCH) and SF_MATCH from `kf`. Returns its tagged transition value, or UNKNOWN when the cache is full
 * (the caller resets and retries). Clobbers the kernel area when it adds a state.
 */
function intern(d: usize, kf: u32, kflags: u32): u32 {
  const kernel = kernelArea(d);
  const k = kf & 0xffffff;
  let flags = (kf >> 24) | (kflags & KEY_FLAGS);
  const ncls = load<u32>(d + D_NCLS);
  const rowBytes = ncls * 4;
  const hash = <usize>load<u32>(d + D_HASH);
  const hcap = load<u32>(d + D_HCAP);
  const pool = <usize>load<u32>(d + D_POOL);
  const info = <usize>load<u32>(d + D_INFO);
  const h = hashKey(kernel, k, kflags & KEY_FLAGS);
  let slot = h % hcap;
  while (true) {
    const e = load<u32>(hash + (<usize>slot << 2));
    if (e == 0) break;
    const idx = e - 1;
    const rec = info + <usize>idx * 12;
    const sf = load<u32>(rec, 8);
    if (load<u32>(rec, 4) == k && (sf & KEY_FLAGS) == (kflags & KEY_FLAGS) &&
        memory.compare(pool + (<usize>load<u32>(rec) << 2), kernel, <usize>k << 2) == 0) {
      return tagOf(idx * rowBytes, sf, k);
    }
    slot = slot + 1 == hcap ? 0 : slot + 1;
  }
  const n = load<u32>(d + D_NSTATES);
  if (n >= load<u32>(d + D_CAP) && !grow(d)) return UNKNOWN;
  const used = load<u32>(d + D_POOLUSED);
  if (used + k > load<u32>(d + D_POOLCAP) && !growPool(d, used + k)) return UNKNOWN;
  const pool2 = <usize>load<u32>(d + D_POOL);
  const info2 = <usize>load<u32>(d + D_INFO);
  memory.copy(pool2 + (<usize>used << 2), kernel, <usize>k << 2);
  store<u32>(d + D_POOLUSED, used + k);
  if (endMatch(d, k, flags)) flags |= SF_ENDMATCH;
  const rec = info2 + <usize>n * 12;
  store<u32>(rec, used);
  store<u32>(rec, k, 4);
  store<u32>(rec, flags, 8);
  memory.fill(<usize>load<u32>(d + D_TRANS) + <usize>n * rowBytes, 0xff, <usize>rowBytes);
  const pair = <usize>load<u32>(d + D_PAIR);
  if (pair != 0) memory.fill(pair + <usize>n * rowBytes * ncls, 0xff, <usize>rowBytes * ncls);
  store<u32>(hash + (<usize>slot << 2), n + 1);
  store<u32>(d + D_NSTATES, n + 1);
  return tagOf(n * rowBytes, flags, k);
}

// @ts-ignore: decorator
@inline function tagOf(row: u32, flags: u32, k: u32): u32 {
  return row | ((flags & (SF_MATCH | SF_SAWMATCH)) != 0 ? MATCH_TAG : 0) | (k == 0 ? DEAD_TAG : 0);
}

function startState(d: usize, anchored: bool): u32 {
  const field = anchored ? D_START_A : D_START_U;
  let t = load<u32>(d + field);
  if (t != UNKNOWN) return t;
  const kernel = kernelArea(d);
  const pc = load<u32>(d + (anchored ? D_ASTART : D_USTART));
  store<u32>(kernel, pc);
  t = intern(d, closure(d, 1, C_ATSTART), C_ATSTART);
  if (t == UNKNOWN) {
    resetCache(d);
    store<u32>(kernel, pc);
    t = intern(d, closure(d, 1, C_ATSTART), C_ATSTART);
  }
  store<u32>(d + field, t);
  return t;
}

/** Computes (and caches) the transition of the state at row `row` on class `c`. */
function computeNext(d: usize, row: u32, c: u32): u32 {
  const prog = <usize>load<u32>(d + D_PROG);
  const ncls = load<u32>(d + D_NCLS);
  const idx = row / (ncls * 4);
  const rec = <usize>load<u32>(d + D_INFO) + <usize>idx * 12;
  const pool = <usize>load<u32>(d + D_POOL);
  const set = pool + (<usize>load<u32>(rec) << 2);
  const cnt = load<u32>(rec, 4);
  const sflags = load<u32>(rec, 8);
  const kernel = kernelArea(d);
  const b = <u32>load<u8>(d + D_CLSREP + <usize>c);
  // 1. resolve the pending assertions now that the next byte is known
  let look: u32 = C_LOOK;
  if (isWordByte(b)) look |= C_NEXTWORD;
  if (b == 0x0a) look |= C_NEXTNL;
  if ((b & 0xc0) == 0x80) look |= C_NEXTCONT;
  memory.copy(kernel, set, <usize>cnt << 2);
  const k1 = closure(d, cnt, (sflags & KEY_FLAGS) | look);
  const saw = ((k1 >> 24) & SF_MATCH) != 0;
  // 2. step over b
  const n1 = k1 & 0xffffff;
  let ns: u32 = 0;
  for (let i: u32 = 0; i < n1; i++) {
    const pc = load<u32>(kernel + (<usize>i << 2));
    if (instAccepts(prog, pc, b)) {
      store<u32>(kernel + (<usize>ns << 2), instX(prog, pc));
      ns++;
    }
  }
  // 3. the target's closure in its own context
  const need = load<u32>(d + D_NEED);
  let ctx: u32 = 0;
  if ((need & C_PREVWORD) != 0 && isWordByte(b)) ctx |= C_PREVWORD;
  if ((need & C_PREVNL) != 0 && b == 0x0a) ctx |= C_PREVNL;
  const kf = closure(d, ns, ctx);
  const kflags = ctx | (saw ? SF_SAWMATCH : 0);
  const t = intern(d, kf, kflags);
  if (t == UNKNOWN) {
    // cache full: clear it and add the target alone (the source row is gone; the caller continues from it).
    // intern clobbered nothing (it returned before adding), so the kernel area still holds the target.
    resetCache(d);
    return intern(d, kf, kflags);
  }
  store<u32>(<usize>load<u32>(d + D_TRANS) + <usize>row + (<usize>c << 2), t);
  return t;
}

/**
 * Runs the DFA over hay[0..len). anchored: the match must start at 0. mustEnd: the match must end at len
 * (full match); otherwise returns as soon as any match is seen. Returns 1 (match), 0 (none) or DFA_FAIL.
 */
export function dfaTest(d: usize, hay: usize, len: usize, anchored: bool, mustEnd: bool): i32 {
  let t = startState(d, anchored);
  if ((t & MATCH_TAG) != 0 && !mustEnd) { countSearch(1); return 1; }
  if ((t & DEAD_TAG) != 0) { countSearch(1); return 0; }
  let row = t & ROW_MASK;
  let trans = <usize>load<u32>(d + D_TRANS);
  const clsmap = d + D_CLSMAP;
  const ncls = load<u32>(d + D_NCLS);
  const rowBytes = ncls * 4;
  let p = hay;
  const end = hay + len;
  let resets = 0;
  let pair = <usize>load<u32>(d + D_PAIR);
  if (pair != 0 && len >= 2) {
    // pair loop: prow = state index * ncls^2 * 4
    const hiMap = d + D_HIMAP;
    const loMap = d + D_LOMAP;
    const pairRowBytes = rowBytes * ncls;
    let prow = (row / rowBytes) * pairRowBytes;
    while (p + 2 <= end) {
      const off = <usize>load<u16>(hiMap + (<usize>load<u8>(p) << 1)) + <usize>load<u16>(loMap + (<usize>load<u8>(p, 1) << 1));
      const tp = load<u32>(pair + <usize>prow + off);
      if (tp != PAIR_SLOW) {
        prow = tp;
        p += 2;
        continue;
      }
      // two single steps; fill the pair entry when both were plain
      row = (prow / pairRowBytes) * rowBytes;
      let plain = true;
      for (let k = 0; k < 2; k++) {
        const c = <usize>load<u8>(clsmap + <usize>load<u8>(p));
        t = load<u32>(trans + <usize>row + (c << 2));
        if (t >= DEAD_TAG) {
          if (t == UNKNOWN) {
            const before = load<u32>(d + D_NSTATES);
            t = computeNext(d, row, <u32>c);
            if (load<u32>(d + D_NSTATES) < before) {
              plain = false; // the cache was cleared: prow's entry is gone
              resets++;
              if (resets > MAX_RESETS) { countSearch(p - hay + 1); return DFA_FAIL; }
            }
            trans = <usize>load<u32>(d + D_TRANS);
            pair = <usize>load<u32>(d + D_PAIR);
          }
          if ((t & MATCH_TAG) != 0) {
            if (!mustEnd) { countSearch(p - hay + 1); return 1; }
            plain = false;
          }
          if ((t & DEAD_TAG) != 0) { countSearch(p - hay + 1); return 0; }
        }
        row = t & ROW_MASK;
        p++;
      }
      const nprow = (row / rowBytes) * pairRowBytes;
      if (plain) store<u32>(pair + <usize>prow + off, nprow);
      prow = nprow;
    }
    row = (prow / pairRowBytes) * rowBytes;
  }
  while (p < end) {
    const c = <usize>load<u8>(clsmap + <usize>load<u8>(p));
    t = load<u32>(trans + <usize>row + (c << 2));
    if (t >= DEAD_TAG) {
      if (t == UNKNOWN) {
        const before = load<u32>(d + D_NSTATES);
        t = computeNext(d, row, <u32>c);
        if (load<u32>(d + D_NSTATES) < before) {
          resets++;
          if (resets > MAX_RESETS) { countSearch(p - hay + 1); return DFA_FAIL; }
        }
        trans = <usize>load<u32>(d + D_TRANS);
      }
      if ((t & MATCH_TAG) != 0 && !mustEnd) { countSearch(p - hay + 1); return 1; }
      if ((t & DEAD_TAG) != 0) { countSearch(p - hay + 1); return 0; }
    }
    row = t & ROW_MASK;
    p++;
  }
  countSearch(p - hay + 1);
  const idx = row / rowBytes;
  const sf = load<u32>(<usize>load<u32>(d + D_INFO) + <usize>idx * 12, 8);
  return (sf & (SF_MATCH | SF_ENDMATCH)) != 0 ? 1 : 0;
}
