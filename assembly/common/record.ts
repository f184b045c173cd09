// The words every stage uses for a record: streams, flags, formats. Defined here once; the record table
// (emit/table.ts) stores them as they are, and bindings/core/abi.ts mirrors them (test/common/abi.test.ts
// proves the two agree through the `abi_*` exports).

export const STREAM_STDOUT: u8 = 0;
export const STREAM_STDERR: u8 = 1;
export const STREAM_UNKNOWN: u8 = 2; // error records only

export const FLAG_TRUNCATED: u8 = 1; // cut at maxRecordBytes; the rest follows in the next record
export const FLAG_ERROR: u8 = 2;     // a malformed line, kept with its bytes; see common/reasons.ts
export const FLAG_PARTIAL: u8 = 4;   // released before its final piece (flush, close, or the held-bytes budget)

export const FORMAT_AUTO: u8 = 0;
export const FORMAT_CRI: u8 = 1;
export const FORMAT_DOCKER: u8 = 2;
