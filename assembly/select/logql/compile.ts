// logqlCompile / logqlFree: parses a query (parser.ts) and lays the result out as a program (program.ts).
// Compile time only: may allocate managed objects; the program itself is raw memory owned by its header.
//
// Invariants: on any error nothing is leaked (regexes compiled so far are freed) and 0 is returned with
// filterFail set; on success filterOk() clears the error. Scratch buffers for the per-record path (slots,
// evaluation stack, JSON path and nesting stack, decoded values) are allocated here once.

import { filterFail, filterOk } from "../error";
import { regexFree } from "../../regex/regex";
import { buildLiteralTable, freeLiteralTable } from "../../regex/prefilter";
import { MAX_QUERY_BYTES, Parser, Query } from "./parser";
import {
  F_LINES_ONLY, F_PIPELINE, F_REFERENCE, L_ALL, LEAF_SIZE, MATCHER_SIZE, N_ERROR, N_LABEL, NAME_SIZE, O_BLOCK, O_LITTAB, O_REGEX,
  P_CODE, P_FLAGS, P_JSTACK, P_JSTACK_CAP, P_LEAF, P_MAXNAME, P_NAME, P_NAME_N, P_OWNED, P_OWNED_N, P_PATH,
  P_PATH_CAP, P_SCRATCH, P_SCRATCH_CAP, P_SEL, P_SEL_N, P_SLOTS, P_STACK, P_STACK_CAP, P_STAGE, P_STAGE_N,
  PROG_SIZE, S_FILTER, S_JSON, S_LINE, SLOT_SIZE, STAGE_SIZE, L_CONTAINS, L_NOT_CONTAINS,
} from "./program";

/** JSON nesting deeper than this is a parse error of the line (JSONParserErr). */
export const MAX_JSON_DEPTH: u32 = 512;
const SCRATCH_INITIAL: usize = 4096;
const EXTRACTED = "_extracted";

class Owned {
  kinds: Array<u32> = new Array<u32>();
  handles: Array<usize> = new Array<usize>();
  add(kind: u32, h: usize): usize {
    this.kinds.push(kind);
    this.handles.push(h);
    return h;
  }
  block(size: usize): usize {
    const b = heap.alloc(size > 0 ? size : 1);
    memory.fill(b, 0, size > 0 ? size : 1);
    return this.add(O_BLOCK, b);
  }
}

function bytesBlock(own: Owned, a: Array<u8>): usize {
  const b = own.block(<usize>a.length);
  for (let i = 0; i < a.length; i++) store<u8>(b + <usize>i, a[i]);
  return b;
}

function endsWithExtracted(a: Array<u8>): bool {
  const n = EXTRACTED.length;
  if (a.length <= n) return false;
  for (let i = 0; i < n; i++) if (<i32>a[a.length - n + i] != EXTRACTED.charCodeAt(i)) return false;
  return true;
}

function isErrorName(a: Array<u8>): bool {
  const w = "__error__";
  if (a.length != w.length) return false;
  for (let i = 0; i < w.length; i++) if (<i32>a[i] != w.charCodeAt(i)) return false;
  return true;
}

/** mode bit 0: reference program (no literal fast paths; regexes run on the Pike VM alone). */
export function logqlCompileWith(ptr: usize, len: usize, mode: u32): usize {
  if (len > MAX_QUERY_BYTES) return filterFail(<i32>MAX_QUERY_BYTES, "query longer than " + MAX_QUERY_BYTES.toString() + " bytes");
  const reference = (mode & 1) != 0;
  const parser = new Parser(ptr, len, reference);
  if (!parser.parse()) {
    const rs = parser.q.regexes;
    for (let i = 0; i < rs.length; i++) regexFree(rs[i]);
    return 0;
  }
  const prog = layout(parser.q, reference);
  filterOk();
  return prog;
}

export function logqlCompile(ptr: usize, len: usize): usize {
  return logqlCompileWith(ptr, len, 0);
}

function layout(q: Query, reference: bool): usize {
  const own = new Owned();
  const prog = heap.alloc(PROG_SIZE);
  memory.fill(prog, 0, PROG_SIZE);
  for (let i = 0; i < q.regexes.length; i++) own.add(O_REGEX, q.regexes[i]);
  let flags: u32 = q.stages.length > 0 ? F_PIPELINE : 0;
  if (reference) flags |= F_REFERENCE;
  let linesOnly = q.stages.length > 0;
  for (let i = 0; i < q.stages.length; i++) if (q.stages[i].kind != S_LINE) linesOnly = false;
  if (linesOnly) flags |= F_LINES_ONLY;
  store<u32>(prog + P_FLAGS, flags);

  // names
  const nn = q.names.length;
  const names = own.block(<usize>nn * NAME_SIZE);
  let maxName: usize = 0;
  for (let i = 0; i < nn; i++) {
    const a = q.names[i];
    const e = names + <usize>i * NAME_SIZE;
    store<u32>(e, <u32>bytesBlock(own, a));
    store<u32>(e, <u32>a.length, 4);
    store<u32>(e, isErrorName(a) ? N_ERROR : N_LABEL, 8);
    store<u32>(e, endsWithExtracted(a) ? <u32>(a.length - EXTRACTED.length) : 0, 12);
    if (<usize>a.length > maxName) maxName = <usize>a.length;
  }
  store<u32>(prog + P_NAME_N, <u32>nn);
  store<u32>(prog + P_NAME, <u32>names);
  store<u32>(prog + P_SLOTS, <u32>own.block(<usize>nn * SLOT_SIZE));
  store<u32>(prog + P_MAXNAME, <u32>maxName);
  store<u32>(prog + P_PATH, <u32>own.block(maxName + 1));
  store<u32>(prog + P_PATH_CAP, <u32>maxName);
  store<u32>(prog + P_JSTACK, <u32>own.block(<usize>MAX_JSON_DEPTH * 8));
  store<u32>(prog + P_JSTACK_CAP, MAX_JSON_DEPTH);
  store<u32>(prog + P_SCRATCH, <u32>heap.alloc(SCRATCH_INITIAL)); // freed by logqlFree (it may be replaced)
  store<u32>(prog + P_SCRATCH_CAP, <u32>SCRATCH_INITIAL);

  // stream matchers
  const nm = q.matchers.length;
  const sel = own.block(<usize>nm * MATCHER_SIZE);
  for (let i = 0; i < nm; i++) {
    const m = q.matchers[i];
    const e = sel + <usize>i * MATCHER_SIZE;
    store<u32>(e, m.op);
    store<u32>(e, <u32>m.name, 4);
    if (m.op >= 2) store<u32>(e, <u32>m.regex, 8);
    else {
      store<u32>(e, <u32>bytesBlock(own, m.value), 8);
      store<u32>(e, <u32>m.value.length, 12);
    }
  }
  store<u32>(prog + P_SEL_N, <u32>nm);
  store<u32>(prog + P_SEL, <u32>sel);

  // leaves
  const nl = q.leaves.length;
  const leaves = own.block(<usize>nl * LEAF_SIZE);
  for (let i = 0; i < nl; i++) {
    const l = q.leaves[i];
    const e = leaves + <usize>i * LEAF_SIZE;
    store<u32>(e, l.type);
    store<u32>(e, l.op, 4);
    store<u32>(e, <u32>l.name, 8);
    if (l.type == 0) {
      if (l.op >= 2) store<u32>(e, <u32>l.regex, 12);
      else {
        store<u32>(e, <u32>bytesBlock(own, l.str), 12);
        store<u32>(e, <u32>l.str.length, 16);
      }
    } else if (l.type == 1) store<f64>(e, l.num, 24);
    else if (l.type == 2) store<i64>(e, l.dur, 24);
    else store<u64>(e, l.bytes, 24);
  }
  store<u32>(prog + P_LEAF, <u32>leaves);

  // stages (filter code concatenated into one block)
  const ns = q.stages.length;
  let codeWords = 0;
  for (let i = 0; i < ns; i++) codeWords += q.stages[i].code.length;
  const code = own.block(<usize>codeWords * 4);
  const stages = own.block(<usize>ns * STAGE_SIZE);
  let cw = 0;
  for (let i = 0; i < ns; i++) {
    const s = q.stages[i];
    const e = stages + <usize>i * STAGE_SIZE;
    store<u32>(e, s.kind);
    let op = s.op;
    if (s.kind == S_LINE) {
      const n = s.alts.length;
      store<u32>(e, <u32>n, 8);
      if (op == L_CONTAINS || op == L_NOT_CONTAINS) {
        let all = false;
        for (let k = 0; k < n; k++) if (s.alts[k].bytes.length == 0) all = true;
        if (all) op |= L_ALL;
        else if (reference) {
          // reference: the literals as (ptr, len) pairs, searched byte by byte
          const arr = own.block(<usize>n * 8);
          for (let k = 0; k < n; k++) {
            const a = s.alts[k].bytes;
            store<u32>(arr + <usize>k * 8, <u32>bytesBlock(own, a));
            store<u32>(arr + <usize>k * 8, <u32>a.length, 4);
          }
          store<u32>(e, <u32>arr, 12);
        } else {
          // the multi-literal scanner (SIMD or SWAR): one table for all alternatives
          const set = new Array<Array<u16>>();
          for (let k = 0; k < n; k++) {
            const a = s.alts[k].bytes;
            const lit = new Array<u16>(a.length);
            for (let j = 0; j < a.length; j++) lit[j] = <u16>a[j];
            set.push(lit);
          }
          store<u32>(e, <u32>own.add(O_LITTAB, buildLiteralTable(set)), 12);
        }
      } else {
        const arr = own.block(<usize>n * 4);
        for (let k = 0; k < n; k++) store<u32>(arr + <usize>k * 4, <u32>s.alts[k].regex);
        store<u32>(e, <u32>arr, 12);
      }
    } else if (s.kind == S_FILTER) {
      store<u32>(e, <u32>cw, 8);
      store<u32>(e, <u32>s.code.length, 12);
      for (let k = 0; k < s.code.length; k++) store<u32>(code + <usize>(cw + k) * 4, s.code[k]);
      cw += s.code.length;
    }
    store<u32>(e, op, 4);
  }
  store<u32>(prog + P_STAGE_N, <u32>ns);
  store<u32>(prog + P_STAGE, <u32>stages);
  store<u32>(prog + P_CODE, <u32>code);
  const stackCap = <usize>q.maxDepth + 1;
  store<u32>(prog + P_STACK, <u32>own.block(stackCap));
  store<u32>(prog + P_STACK_CAP, <u32>stackCap);
  if (DEBUG) assert(S_JSON == 1);

  // the owned list (itself a block: freed last)
  const no = own.kinds.length;
  const list = heap.alloc(<usize>no * 8 + 8);
  for (let i = 0; i < no; i++) {
    store<u32>(list + <usize>i * 8, own.kinds[i]);
    store<u32>(list + <usize>i * 8, <u32>own.handles[i], 4);
  }
  store<u32>(prog + P_OWNED_N, <u32>no);
  store<u32>(prog + P_OWNED, <u32>list);
  return prog;
}

export function logqlFree(prog: usize): void {
  if (prog == 0) return;
  const n = <usize>load<u32>(prog + P_OWNED_N);
  const list = <usize>load<u32>(prog + P_OWNED);
  for (let i: usize = 0; i < n; i++) {
    const kind = load<u32>(list + i * 8);
    const h = <usize>load<u32>(list + i * 8, 4);
    if (kind == O_REGEX) regexFree(h);
    else if (kind == O_LITTAB) freeLiteralTable(h);
    else heap.free(h);
  }
  heap.free(list);
  heap.free(<usize>load<u32>(prog + P_SCRATCH));
  heap.free(prog);
}
