// Shuffle table for the SIMD JSON escaper: for each 8-bit mask of '"'/'\\' positions in 8 input bytes, the
// i8x16.swizzle indices that spread the bytes out with a gap before each marked one, and the bytes to OR in
// (a '\\' in each gap). Entry = 32 bytes: [16 swizzle indices][16 OR bytes]. Built once at start-up (8 KiB).
//
// Invariant: output byte j is either input byte idx[j] (idx < 8) or, where idx[j] = 0xff (swizzle gives 0),
// the backslash from the OR bytes; the first 8 + popcnt(mask) output bytes are the escaped input.

export const ESCAPE_TABLE: usize = memory.data(256 * 32, 16);

function buildTable(): void {
  for (let m: u32 = 0; m < 256; m++) {
    const entry = ESCAPE_TABLE + (<usize>m << 5);
    let j: usize = 0;
    for (let i: u32 = 0; i < 8; i++) {
      if ((m >> i) & 1) {
        store<u8>(entry + j, 0xff);
        store<u8>(entry + 16 + j, 0x5c);
        j++;
      }
      store<u8>(entry + j, <u8>i);
      store<u8>(entry + 16 + j, 0);
      j++;
    }
    while (j < 16) {
      store<u8>(entry + j, 0xff);
      store<u8>(entry + 16 + j, 0);
      j++;
    }
  }
}

// only the SIMD build uses it; the scalar build (Fluent Bit) neither builds nor reserves it
if (ASC_FEATURE_SIMD) buildTable();

/** The letter of each one-letter JSON escape of a control byte (\b \t \n \f \r), 0 for the other bytes < 0x20
 *  (those are written \u00XX). Both builds. */
export const SHORT_ESCAPES: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0x62, 0x74, 0x6e, 0, 0x66, 0x72, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
]);
