// A compiled label selector: one unmanaged block in linear memory (heap.alloc), position-independent, read by
// match.ts without allocating. Built once by buildProgram from the parsed requirements; freed by freeProgram.
//
//   0  u32 count          requirements, sorted by key (stable: equal keys keep their order in the text)
//   4  u32 size           of the whole block
//   8  u32 canonOff       the canonical text (canonical.ts), kept in the block for the host
//  12  u32 canonLen
//  16 + 32·i: requirement i
//        +0 u32 op        OP_*
//        +4 u32 keyOff    +8 u32 keyLen
//       +12 u32 valCount  +16 u32 valTableOff: valCount × (u32 off, u32 len), in unsigned byte order, no
//                         duplicates for in/notin (one entry for = == != > <, none for exists / !)
//       +20 u32 0         +24 i64 the value as an integer (> and < only)
//   then the value tables, then the key, value and canonical bytes.
//
// Invariants: every offset + length lies inside the block; a handle is never 0 (0 is the compile error), so the
// empty selector is a block with count 0 and it matches every label set.

import "../../common/debug";
import { Req } from "./requirement";
import { Text } from "./text";
import { sortRanges } from "./sort";
import { appendRequirement } from "./canonical";
import { parseInt64, parsedInt } from "./int64";

export const OP_EXISTS: i32 = 1;
export const OP_NOT_EXISTS: i32 = 2;
export const OP_EQ: i32 = 3;
export const OP_EQEQ: i32 = 4;
export const OP_NEQ: i32 = 5;
export const OP_IN: i32 = 6;
export const OP_NOTIN: i32 = 7;
export const OP_GT: i32 = 8;
export const OP_LT: i32 = 9;
/** Only the requirement constructor (aux.ts) meets an unknown operator; it never reaches a program. */
export const OP_UNSUPPORTED: i32 = 10;

export const PROG_HEAD: usize = 16;
export const PROG_ENTRY: usize = 32;

/** Requirements in canonical order: stable by key. */
export function sortByKey(base: usize, reqs: Array<Req>): Array<Req> {
  const starts = new Array<i32>(reqs.length);
  const lens = new Array<i32>(reqs.length);
  for (let i = 0; i < reqs.length; i++) {
    starts[i] = reqs[i].keyStart;
    lens[i] = reqs[i].keyLen;
  }
  const order = sortRanges(base, starts, lens);
  const out = new Array<Req>(reqs.length);
  for (let i = 0; i < reqs.length; i++) out[i] = reqs[order[i]];
  return out;
}

/** The block for requirements already in canonical order, whose values are as the program keeps them. */
export function buildProgram(base: usize, reqs: Array<Req>): usize {
  const canon = new Text();
  for (let i = 0; i < reqs.length; i++) {
    if (i > 0) canon.byte(0x2c);
    appendRequirement(canon, base, reqs[i]);
  }
  let values: usize = 0;
  let bytes: usize = <usize>canon.bytes.length;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i];
    values += <usize>r.valStarts.length;
    bytes += <usize>r.keyLen;
    for (let j = 0; j < r.valLens.length; j++) bytes += <usize>r.valLens[j];
  }
  const size = PROG_HEAD + <usize>reqs.length * PROG_ENTRY + values * 8 + bytes;
  const prog = heap.alloc(size);
  store<u32>(prog, <u32>reqs.length);
  store<u32>(prog, <u32>size, 4);
  let table = PROG_HEAD + <usize>reqs.length * PROG_ENTRY;
  let pool = table + values * 8;
  for (let i = 0; i < reqs.length; i++) {
    const r = reqs[i];
    const e = prog + PROG_HEAD + <usize>i * PROG_ENTRY;
    store<u32>(e, <u32>r.op);
    memory.copy(prog + pool, base + <usize>r.keyStart, <usize>r.keyLen);
    store<u32>(e, <u32>pool, 4);
    store<u32>(e, <u32>r.keyLen, 8);
    pool += <usize>r.keyLen;
    store<u32>(e, <u32>r.valStarts.length, 12);
    store<u32>(e, <u32>table, 16);
    store<u32>(e, 0, 20);
    store<i64>(e, 0, 24);
    for (let j = 0; j < r.valStarts.length; j++) {
      const n = <usize>r.valLens[j];
      memory.copy(prog + pool, base + <usize>r.valStarts[j], n);
      store<u32>(prog + table, <u32>pool);
      store<u32>(prog + table, <u32>n, 4);
      table += 8;
      pool += n;
    }
    if (r.op == OP_GT || r.op == OP_LT) {
      const ok = parseInt64(base + <usize>r.valStarts[0], <usize>r.valLens[0]);
      if (DEBUG) assert(ok); // validated before
      store<i64>(e, parsedInt, 24);
    }
  }
  const canonLen = <usize>canon.bytes.length;
  memory.copy(prog + pool, canon.bytes.dataStart, canonLen);
  store<u32>(prog, <u32>pool, 8);
  store<u32>(prog, <u32>canonLen, 12);
  if (DEBUG) assert(pool + canonLen == size && table == PROG_HEAD + <usize>reqs.length * PROG_ENTRY + values * 8);
  return prog;
}

export function freeProgram(prog: usize): void {
  if (prog != 0) heap.free(prog);
}

// @ts-ignore: decorator
@inline export function progCount(prog: usize): u32 {
  return load<u32>(prog);
}

// @ts-ignore: decorator
@inline export function progCanonicalPtr(prog: usize): usize {
  return prog + <usize>load<u32>(prog, 8);
}

// @ts-ignore: decorator
@inline export function progCanonicalLen(prog: usize): usize {
  return <usize>load<u32>(prog, 12);
}
