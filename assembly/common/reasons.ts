// Error reasons: the code in a record's `error` byte, its name in NDJSON, and its counter slot
// (common/counters.ts: C_ERROR_BASE + code), all from this one table. bindings/core/abi.ts mirrors the names;
// test/common/abi.test.ts reads them back through `abi_reason_name` and checks they agree.

export const ERR_NONE: u8 = 0;
export const ERR_BAD_TIMESTAMP: u8 = 1;
export const ERR_BAD_STREAM: u8 = 2;
export const ERR_MISSING_TAG: u8 = 3;
export const ERR_BAD_JSON: u8 = 4;
export const ERR_BAD_ESCAPE: u8 = 5;
export const ERR_MISSING_LOG: u8 = 6;
export const ERR_LINE_TOO_LONG: u8 = 7;
/** One more than the largest code. */
export const ERR_COUNT: u8 = 8;

// the names, in code order, as one blob with offsets (index = code; code 0 has no name)
const NAMES = memory.data<u8>([
  // bad_timestamp
  0x62, 0x61, 0x64, 0x5f, 0x74, 0x69, 0x6d, 0x65, 0x73, 0x74, 0x61, 0x6d, 0x70,
  // bad_stream
  0x62, 0x61, 0x64, 0x5f, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d,
  // missing_tag
  0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x5f, 0x74, 0x61, 0x67,
  // bad_json
  0x62, 0x61, 0x64, 0x5f, 0x6a, 0x73, 0x6f, 0x6e,
  // bad_escape
  0x62, 0x61, 0x64, 0x5f, 0x65, 0x73, 0x63, 0x61, 0x70, 0x65,
  // missing_log
  0x6d, 0x69, 0x73, 0x73, 0x69, 0x6e, 0x67, 0x5f, 0x6c, 0x6f, 0x67,
  // line_too_long
  0x6c, 0x69, 0x6e, 0x65, 0x5f, 0x74, 0x6f, 0x6f, 0x5f, 0x6c, 0x6f, 0x6e, 0x67,
]);
const NAME_OFF = memory.data<u8>([0, 0, 13, 23, 34, 42, 52, 63]);
const NAME_LEN = memory.data<u8>([0, 13, 10, 11, 8, 10, 11, 13]);

/** Address of the name of `code` (1 .. ERR_COUNT-1); see reasonNameLen. */
// @ts-ignore: decorator
@inline export function reasonNamePtr(code: u32): usize {
  return NAMES + <usize>load<u8>(NAME_OFF + code);
}

/** Length of the name of `code`; 0 for ERR_NONE or a code out of range. */
// @ts-ignore: decorator
@inline export function reasonNameLen(code: u32): usize {
  return code < <u32>ERR_COUNT ? <usize>load<u8>(NAME_LEN + code) : 0;
}
