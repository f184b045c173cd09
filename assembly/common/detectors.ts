// Which detector grouped a record: a code in the row's `detector` byte (0 = not grouped), its name in NDJSON
// and on the JS record. Defined here once; bindings/core/abi.ts mirrors the names (checked by test/common).

export const DET_NONE: u8 = 0;
export const DET_JAVA: u8 = 1;
export const DET_JS: u8 = 2;
export const DET_CSHARP: u8 = 3;
export const DET_PYTHON: u8 = 4;
export const DET_GO: u8 = 5;
export const DET_RUBY: u8 = 6;
export const DET_PHP: u8 = 7;
export const DET_DART: u8 = 8;
export const DET_CUSTOM: u8 = 9; // the user's start/continue/end rules
/** One more than the largest code. */
export const DET_COUNT: u8 = 10;

// names in code order: java js csharp python go ruby php dart custom
const NAMES = memory.data<u8>([
  0x6a, 0x61, 0x76, 0x61, 0x6a, 0x73, 0x63, 0x73, 0x68, 0x61, 0x72, 0x70, 0x70, 0x79, 0x74, 0x68, 0x6f, 0x6e,
  0x67, 0x6f, 0x72, 0x75, 0x62, 0x79, 0x70, 0x68, 0x70, 0x64, 0x61, 0x72, 0x74,
  0x63, 0x75, 0x73, 0x74, 0x6f, 0x6d,
]);
const NAME_OFF = memory.data<u8>([0, 0, 4, 6, 12, 18, 20, 24, 27, 31]);
const NAME_LEN = memory.data<u8>([0, 4, 2, 6, 6, 2, 4, 3, 4, 6]);

// @ts-ignore: decorator
@inline export function detectorNamePtr(code: u32): usize {
  return NAMES + <usize>load<u8>(NAME_OFF + code);
}

/** 0 for DET_NONE or a code out of range. */
// @ts-ignore: decorator
@inline export function detectorNameLen(code: u32): usize {
  return code < <u32>DET_COUNT ? <usize>load<u8>(NAME_LEN + code) : 0;
}
