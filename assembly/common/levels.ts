// A record's severity: a code in the row's `level` byte (0 = none detected), its name in NDJSON, on the JS
// record and as LogQL's `level` stream label. Defined here once; the bindings mirror the names (checked by
// test/common/abi.test.ts). Ordered by severity, so "at least warn" is `level >= LEVEL_WARN`.

export const LEVEL_NONE: u8 = 0;
export const LEVEL_TRACE: u8 = 1;
export const LEVEL_DEBUG: u8 = 2;
export const LEVEL_INFO: u8 = 3;
export const LEVEL_WARN: u8 = 4;
export const LEVEL_ERROR: u8 = 5;
export const LEVEL_FATAL: u8 = 6;
/** One more than the largest code. */
export const LEVEL_COUNT: u8 = 7;
/** In a row: the level was not detected yet (nothing needed it before the row was written); whoever reads the
 *  row detects it from the record (enrich/record-level.ts). Never a record's level. */
export const LEVEL_LAZY: u8 = 0xff;

// names in code order: trace debug info warn error fatal
const NAMES = memory.data<u8>([
  0x74, 0x72, 0x61, 0x63, 0x65, 0x64, 0x65, 0x62, 0x75, 0x67, 0x69, 0x6e, 0x66, 0x6f, 0x77, 0x61, 0x72, 0x6e,
  0x65, 0x72, 0x72, 0x6f, 0x72, 0x66, 0x61, 0x74, 0x61, 0x6c,
]);
const NAME_OFF = memory.data<u8>([0, 0, 5, 10, 14, 18, 23]);
const NAME_LEN = memory.data<u8>([0, 5, 5, 4, 4, 5, 5]);

// @ts-ignore: decorator
@inline export function levelNamePtr(code: u32): usize {
  return NAMES + <usize>load<u8>(NAME_OFF + code);
}

/** 0 for LEVEL_NONE or a code out of range. */
// @ts-ignore: decorator
@inline export function levelNameLen(code: u32): usize {
  return code < <u32>LEVEL_COUNT ? <usize>load<u8>(NAME_LEN + code) : 0;
}
