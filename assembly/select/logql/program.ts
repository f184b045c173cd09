// The layout of a compiled LogQL query ("program"): one header block in linear memory that owns every block
// below. Compiling (parser.ts) builds it; matching (match.ts) only reads it and writes the per-record scratch
// it owns, so the per-record path allocates nothing. All fields are u32 (pointers are wasm32 addresses).
//
// Header (PROG_SIZE bytes):
//   P_FLAGS        F_* bits
//   P_SEL_N, P_SEL         stream matchers, MATCHER_SIZE each:  op (M_*), name index, value ptr | regex, value len
//   P_STAGE_N, P_STAGE     pipeline stages in order, STAGE_SIZE each:  kind (S_*), op, a, b
//                            S_LINE:   op L_*, a = alternative count, b = literal table (fast) or ALT array
//                                      (reference: u32 ptr, u32 len per literal) or regex handle array;
//                                      op | L_ALL when an alternative is "" (contains "" is always true)
//                            S_JSON / S_LOGFMT: no operands
//                            S_FILTER: a = first code word, b = code word count
//   P_NAME_N, P_NAME       label names the query mentions, NAME_SIZE each:  ptr, len, kind (N_*),
//                            stripped length (len - 10 when the name ends in "_extracted", else 0)
//   P_LEAF         label-filter leaves, LEAF_SIZE each:  type (V_*), op (C_*), name index, ptr | regex, len,
//                  pad, then an 8-byte value at +24 (f64 number, i64 nanoseconds, u64 bytes)
//   P_CODE         label-filter code: u32 words (OP_* << 24 | operand), see filter.ts
//   P_STACK, P_STACK_CAP   the evaluation stack of filter.ts (bytes)
//   P_SLOTS        per-record state of each name, SLOT_SIZE each: value ptr, value len, flags (SL_*)
//   P_SCRATCH, P_SCRATCH_CAP  decoded values (JSON/logfmt escapes, invalid UTF-8 replaced)
//   P_PATH, P_PATH_CAP     the flattened JSON key being read (json.ts); P_JSTACK, P_JSTACK_CAP its nesting stack
//   P_MAXNAME      the longest name (bytes): longer JSON keys can never match and are not written
//   P_ERR          per-record __error__ (E_*)
//   P_OWNED_N, P_OWNED     blocks to release: u32 kind (O_*), u32 handle
//
// Example: {app="api"} |= "timeout" or "refused" | json | status >= 500
//   names [app, status]; one matcher (M_EQ, name 0, "api");
//   stages [S_LINE(L_CONTAINS, 2 alternatives, one literal table of both), S_JSON, S_FILTER(code 0, 1 word)];
//   leaf 0 = (V_NUMBER, C_GE, name 1, 500.0); code [OP_LEAF|0].
//
// Invariants: every pointer in the header is 0 or a block the header owns (listed in P_OWNED, or a field
// freed by programFree); slots are rewritten at the start of every record; the scratch only grows, when a
// decoded value would not fit (values are decoded at most once per record, so its size is bounded by the
// longest line with escapes seen).

export const P_FLAGS: usize = 0;
export const P_SEL_N: usize = 4;
export const P_SEL: usize = 8;
export const P_STAGE_N: usize = 12;
export const P_STAGE: usize = 16;
export const P_NAME_N: usize = 20;
export const P_NAME: usize = 24;
export const P_LEAF: usize = 28;
export const P_CODE: usize = 32;
export const P_STACK: usize = 36;
export const P_STACK_CAP: usize = 40;
export const P_SLOTS: usize = 44;
export const P_SCRATCH: usize = 48;
export const P_SCRATCH_CAP: usize = 52;
export const P_PATH: usize = 56;
export const P_PATH_CAP: usize = 60;
export const P_JSTACK: usize = 64;
export const P_JSTACK_CAP: usize = 68;
export const P_MAXNAME: usize = 72;
export const P_ERR: usize = 76;
export const P_OWNED_N: usize = 80;
export const P_OWNED: usize = 84;
export const P_SCRATCH_USED: usize = 88;
export const PROG_SIZE: usize = 96;

export const F_PIPELINE: u32 = 1; // there is at least one stage
export const F_REFERENCE: u32 = 2; // compiled without fast paths (tests compare against it)
export const F_LINES_ONLY: u32 = 4; // every stage is a line filter: no labels, no errors, no scratch per record

export const MATCHER_SIZE: usize = 16;
export const M_EQ: u32 = 0;
export const M_NE: u32 = 1;
export const M_RE: u32 = 2;
export const M_NRE: u32 = 3;

export const STAGE_SIZE: usize = 16;
export const S_LINE: u32 = 0;
export const S_JSON: u32 = 1;
export const S_LOGFMT: u32 = 2;
export const S_FILTER: u32 = 3;

export const L_CONTAINS: u32 = 0;
export const L_NOT_CONTAINS: u32 = 1;
export const L_REGEX: u32 = 2;
export const L_NOT_REGEX: u32 = 3;
export const L_ALL: u32 = 0x100; // an alternative is the empty literal

export const NAME_SIZE: usize = 16;
export const N_LABEL: u32 = 0;
export const N_ERROR: u32 = 1; // __error__

export const LEAF_SIZE: usize = 32;
export const V_STRING: u32 = 0; // op M_*
export const V_NUMBER: u32 = 1; // op C_*
export const V_DURATION: u32 = 2;
export const V_BYTES: u32 = 3;

export const C_EQ: u32 = 0;
export const C_NE: u32 = 1;
export const C_GT: u32 = 2;
export const C_GE: u32 = 3;
export const C_LT: u32 = 4;
export const C_LE: u32 = 5;

export const SLOT_SIZE: usize = 16;
export const SL_PRESENT: u32 = 1; // the label has a value (possibly empty)
export const SL_BASE_SELF: u32 = 2; // the stream has a label of this name (an extracted key of this name is renamed)
export const SL_BASE_STRIPPED: u32 = 4; // the name is K_extracted and the stream has K
export const SL_EXTRACTED: u32 = 8; // a parser set it in this record (the first value wins)

export const E_NONE: u32 = 0;
export const E_JSON: u32 = 1; // JSONParserErr
export const E_LABEL_FILTER: u32 = 2; // LabelFilterErr

export const O_BLOCK: u32 = 0; // heap block
export const O_REGEX: u32 = 1;
export const O_LITTAB: u32 = 2;

// @ts-ignore: decorator
@inline export function progU32(prog: usize, field: usize): u32 {
  return load<u32>(prog + field);
}

// @ts-ignore: decorator
@inline export function progPtr(prog: usize, field: usize): usize {
  return <usize>load<u32>(prog + field);
}
