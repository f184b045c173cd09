// Running a program (program.ts) on a source and a record. logqlStreamMatch evaluates the stream selector
// alone; logqlLineMatch runs the pipeline stages in order on one record and returns
//   bit 0  keep
//   bit 1  __error__ is set (a parser or label-filter error; the line is kept, as Loki keeps it)
//   bit 2  that error is JSONParserErr (else LabelFilterErr)
// Line-filter `or` alternatives: |= and |~ keep a line that any alternative matches; != and !~ keep a line
// that no alternative matches. Label filters (Loki's rules): a string filter compares a missing label as "";
// a number/duration/bytes filter drops the line when the label is missing and, when its value does not parse,
// keeps the line and sets __error__=LabelFilterErr (unless an error is already set); `and` evaluates both
// sides, `or` skips its right side when the left is true.
//
// Per record: raw memory only, no allocation except the scratch's growth (extract.ts), no recursion.

import { findLiterals } from "../../scan/literals";
import { regexFullMatch, regexTest } from "../../regex/regex";
import { labelLen, labelPtr, streamLabel } from "./labels";
import { jsonExtract } from "./json";
import { logfmtExtract } from "./logfmt";
import { bytesValue, durationValue, numberValue, parseBytes, parseGoDuration, parseNumber } from "./units";
import {
  C_EQ, C_GE, C_GT, C_LE, C_LT, C_NE, E_JSON, E_LABEL_FILTER, E_NONE, F_PIPELINE, L_ALL, L_CONTAINS, L_NOT_CONTAINS,
  L_NOT_REGEX, L_REGEX, LEAF_SIZE, M_EQ, M_NE, M_NRE, M_RE, MATCHER_SIZE, N_ERROR, NAME_SIZE, P_CODE, P_ERR, P_FLAGS,
  P_LEAF, P_NAME, P_NAME_N, P_SCRATCH_USED, P_SEL, P_SEL_N, P_SLOTS, P_STACK, P_STAGE, P_STAGE_N, S_FILTER, S_JSON,
  S_LINE, S_LOGFMT, SL_BASE_SELF, SL_BASE_STRIPPED, SL_PRESENT, SLOT_SIZE, STAGE_SIZE, V_BYTES, V_DURATION, V_NUMBER,
  V_STRING, F_LINES_ONLY, F_REFERENCE,
} from "./program";
import { OP_AND, OP_LEAF, OP_ORJ } from "./parser";

export const KEEP: u32 = 1;
export const ERROR: u32 = 2;
export const ERROR_JSON: u32 = 4;

// "JSONParserErr", "LabelFilterErr": the value of __error__
const JSON_ERR = memory.data<u8>([0x4a, 0x53, 0x4f, 0x4e, 0x50, 0x61, 0x72, 0x73, 0x65, 0x72, 0x45, 0x72, 0x72]);
const LF_ERR = memory.data<u8>([0x4c, 0x61, 0x62, 0x65, 0x6c, 0x46, 0x69, 0x6c, 0x74, 0x65, 0x72, 0x45, 0x72, 0x72]);

function bytesEqual(a: usize, an: usize, b: usize, bn: usize): bool {
  if (an != bn) return false;
  for (let i: usize = 0; i < an; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** Does the stream selector match this source, stream and level? (true without a selector) */
export function logqlStreamMatch(prog: usize, kube: usize, stream: u8, level: u8): bool {
  const n = load<u32>(prog + P_SEL_N);
  const sel = <usize>load<u32>(prog + P_SEL);
  const names = <usize>load<u32>(prog + P_NAME);
  for (let i: u32 = 0; i < n; i++) {
    const m = sel + <usize>i * MATCHER_SIZE;
    const op = load<u32>(m);
    const name = names + <usize>load<u32>(m, 4) * NAME_SIZE;
    let vp: usize = 0;
    let vl: usize = 0;
    if (streamLabel(kube, stream, level, <usize>load<u32>(name), <usize>load<u32>(name, 4))) {
      vp = labelPtr;
      vl = labelLen;
    }
    let ok: bool;
    if (op == M_EQ || op == M_NE) {
      ok = bytesEqual(vp, vl, <usize>load<u32>(m, 8), <usize>load<u32>(m, 12));
      if (op == M_NE) ok = !ok;
    } else {
      ok = regexFullMatch(<usize>load<u32>(m, 8), vp, vl);
      if (op == M_NRE) ok = !ok;
    }
    if (!ok) return false;
  }
  return true;
}

export function logqlHasPipeline(prog: usize): bool {
  return (load<u32>(prog + P_FLAGS) & F_PIPELINE) != 0;
}

const LEVEL_NAME = memory.data<u8>([0x6c, 0x65, 0x76, 0x65, 0x6c]); // level

/** Does the query read the `level` stream label (a matcher or label filter on `level`, or on
 *  `level_extracted`, whose base is it)? When not, its result never depends on the record's level. */
export function logqlUsesLevel(prog: usize): bool {
  const n = load<u32>(prog + P_NAME_N);
  const names = <usize>load<u32>(prog + P_NAME);
  for (let i: u32 = 0; i < n; i++) {
    const e = names + <usize>i * NAME_SIZE;
    const np = <usize>load<u32>(e);
    const len = <usize>load<u32>(e, 4);
    const stripped = <usize>load<u32>(e, 12);
    if ((len == 5 || stripped == 5) && memory.compare(np, LEVEL_NAME, 5) == 0) return true;
  }
  return false;
}

/** Sets every slot to its stream label (or missing), with the rename flags for extracted keys. */
function initSlots(prog: usize, kube: usize, stream: u8, level: u8): void {
  const n = load<u32>(prog + P_NAME_N);
  const names = <usize>load<u32>(prog + P_NAME);
  const slots = <usize>load<u32>(prog + P_SLOTS);
  for (let i: u32 = 0; i < n; i++) {
    const e = names + <usize>i * NAME_SIZE;
    const s = slots + <usize>i * SLOT_SIZE;
    let f: u32 = 0;
    store<u32>(s, 0);
    store<u32>(s, 0, 4);
    if (load<u32>(e, 8) != N_ERROR) {
      const np = <usize>load<u32>(e);
      if (streamLabel(kube, stream, level, np, <usize>load<u32>(e, 4))) {
        f = SL_PRESENT | SL_BASE_SELF;
        store<u32>(s, <u32>labelPtr);
        store<u32>(s, <u32>labelLen, 4);
      }
      const stripped = <usize>load<u32>(e, 12);
      if (stripped != 0 && streamLabel(kube, stream, level, np, stripped)) f |= SL_BASE_STRIPPED;
    }
    store<u32>(s, f, 8);
  }
}

/** Naive substring search (the reference for the literal scanner). */
function naiveContains(p: usize, n: usize, lp: usize, ln: usize): bool {
  if (ln > n) return false;
  for (let i: usize = 0; i + ln <= n; i++) {
    if (bytesEqual(p + i, ln, lp, ln)) return true;
  }
  return false;
}

// @ts-ignore: decorator
@inline function lineStage(prog: usize, st: usize, p: usize, n: usize): bool {
  const opAll = load<u32>(st, 4);
  const op = opAll & 0xff;
  const count = load<u32>(st, 8);
  const arr = <usize>load<u32>(st, 12);
  if (op == L_CONTAINS || op == L_NOT_CONTAINS) {
    let found: bool;
    if ((opAll & L_ALL) != 0) found = true;
    else if ((load<u32>(prog + P_FLAGS) & F_REFERENCE) != 0) {
      found = false;
      for (let k: u32 = 0; k < count && !found; k++) {
        found = naiveContains(p, n, <usize>load<u32>(arr + <usize>k * 8), <usize>load<u32>(arr + <usize>k * 8, 4));
      }
    } else found = findLiterals(arr, p, p + n) != p + n;
    return op == L_CONTAINS ? found : !found;
  }
  let found = false;
  for (let k: u32 = 0; k < count && !found; k++) found = regexTest(<usize>load<u32>(arr + <usize>k * 4), p, n);
  if (DEBUG) assert(op == L_REGEX || op == L_NOT_REGEX);
  return op == L_REGEX ? found : !found;
}

function setError(prog: usize, e: u32): void {
  if (load<u32>(prog + P_ERR) == E_NONE) store<u32>(prog + P_ERR, e);
}

// @ts-ignore: decorator
@inline function compareValues<T>(op: u32, a: T, b: T): bool {
  if (op == C_EQ) return a == b;
  if (op == C_NE) return a != b;
  if (op == C_GT) return a > b;
  if (op == C_GE) return a >= b;
  if (op == C_LT) return a < b;
  return a <= b;
}

function leafTrue(prog: usize, leaf: usize): bool {
  const type = load<u32>(leaf);
  const op = load<u32>(leaf, 4);
  const ni = <usize>load<u32>(leaf, 8);
  let vp: usize = 0;
  let vl: usize = 0;
  let present = false;
  const name = <usize>load<u32>(prog + P_NAME) + ni * NAME_SIZE;
  if (load<u32>(name, 8) == N_ERROR) {
    const e = load<u32>(prog + P_ERR);
    if (e != E_NONE) {
      present = true;
      vp = e == E_JSON ? JSON_ERR : LF_ERR;
      vl = e == E_JSON ? 13 : 14;
    }
  } else {
    const slot = <usize>load<u32>(prog + P_SLOTS) + ni * SLOT_SIZE;
    if ((load<u32>(slot, 8) & SL_PRESENT) != 0) {
      present = true;
      vp = <usize>load<u32>(slot);
      vl = <usize>load<u32>(slot, 4);
    }
  }
  if (type == V_STRING) {
    let ok: bool;
    if (op == M_EQ || op == M_NE) {
      ok = bytesEqual(vp, vl, <usize>load<u32>(leaf, 12), <usize>load<u32>(leaf, 16));
      return op == M_EQ ? ok : !ok;
    }
    ok = regexFullMatch(<usize>load<u32>(leaf, 12), vp, vl);
    if (DEBUG) assert(op == M_RE || op == M_NRE);
    return op == M_RE ? ok : !ok;
  }
  if (!present) return false; // Loki: a typed filter on a missing label drops the line
  if (type == V_NUMBER) {
    if (!parseNumber(vp, vl)) {
      setError(prog, E_LABEL_FILTER);
      return true;
    }
    return compareValues<f64>(op, numberValue, load<f64>(leaf, 24));
  }
  if (type == V_DURATION) {
    if (!parseGoDuration(vp, vl)) {
      setError(prog, E_LABEL_FILTER);
      return true;
    }
    return compareValues<i64>(op, durationValue, load<i64>(leaf, 24));
  }
  if (DEBUG) assert(type == V_BYTES);
  if (!parseBytes(vp, vl)) {
    setError(prog, E_LABEL_FILTER);
    return true;
  }
  return compareValues<u64>(op, bytesValue, load<u64>(leaf, 24));
}

/** Runs the filter code [first, first + count): a bool stack machine (parser.ts emits the code). */
function filterStage(prog: usize, first: usize, count: usize): bool {
  const code = <usize>load<u32>(prog + P_CODE) + first * 4;
  const stack = <usize>load<u32>(prog + P_STACK);
  const leaves = <usize>load<u32>(prog + P_LEAF);
  let sp: usize = 0;
  let pc: usize = 0;
  while (pc < count) {
    const w = load<u32>(code + pc * 4);
    const op = w >>> 24;
    const arg = <usize>(w & 0xffffff);
    pc++;
    if (op == OP_LEAF) {
      store<u8>(stack + sp, leafTrue(prog, leaves + arg * LEAF_SIZE) ? 1 : 0);
      sp++;
    } else if (op == OP_AND) {
      sp--;
      const b = load<u8>(stack + sp);
      store<u8>(stack + sp - 1, load<u8>(stack + sp - 1) & b);
    } else {
      if (DEBUG) assert(op == OP_ORJ);
      if (load<u8>(stack + sp - 1) != 0) pc += arg;
      else sp--;
    }
  }
  if (DEBUG) assert(sp == 1);
  return load<u8>(stack) != 0;
}

/** logqlLineMatch for a program whose stages are all line filters (F_LINES_ONLY): they read no label, set no error
 *  and use no scratch, so there is no per-record setup; inlined into the select stage (one call less a record). */
// @ts-ignore: decorator
@inline export function logqlLinesOnly(prog: usize, p: usize, n: usize): u32 {
  const ns = load<u32>(prog + P_STAGE_N);
  const stages = <usize>load<u32>(prog + P_STAGE);
  for (let i: u32 = 0; i < ns; i++) if (!lineStage(prog, stages + <usize>i * STAGE_SIZE, p, n)) return 0;
  return KEEP;
}

/** Does the program's pipeline consist of line filters only (logqlLinesOnly applies)? */
export function logqlIsLinesOnly(prog: usize): bool {
  return (load<u32>(prog + P_FLAGS) & (F_PIPELINE | F_LINES_ONLY)) == (F_PIPELINE | F_LINES_ONLY);
}

export function logqlLineMatch(prog: usize, kube: usize, stream: u8, level: u8, p: usize, n: usize): u32 {
  const flags = load<u32>(prog + P_FLAGS);
  if ((flags & F_PIPELINE) == 0) return KEEP;
  if ((flags & F_LINES_ONLY) != 0) return logqlLinesOnly(prog, p, n);
  const ns = load<u32>(prog + P_STAGE_N);
  const stages = <usize>load<u32>(prog + P_STAGE);
  store<u32>(prog + P_ERR, E_NONE);
  store<u32>(prog + P_SCRATCH_USED, 0);
  initSlots(prog, kube, stream, level);
  for (let i: u32 = 0; i < ns; i++) {
    const st = stages + <usize>i * STAGE_SIZE;
    const kind = load<u32>(st);
    if (kind == S_LINE) {
      if (!lineStage(prog, st, p, n)) return 0;
    } else if (kind == S_FILTER) {
      if (!filterStage(prog, <usize>load<u32>(st, 8), <usize>load<u32>(st, 12))) return 0;
    } else if (kind == S_JSON) {
      if (!jsonExtract(prog, p, n)) {
        // Loki sets __error__=JSONParserErr and keeps the line; we also drop what was extracted before the error
        setError(prog, E_JSON);
        initSlots(prog, kube, stream, level);
      }
    } else {
      if (DEBUG) assert(kind == S_LOGFMT);
      logfmtExtract(prog, p, n);
    }
  }
  const e = load<u32>(prog + P_ERR);
  if (e == E_NONE) return KEEP;
  return KEEP | ERROR | (e == E_JSON ? ERROR_JSON : 0);
}
