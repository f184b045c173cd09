// The record table: fixed-width rows in linear memory, the engine's primary output.
// Layout (48 bytes, little-endian), mirrored in bindings/core/abi.ts:
//   0 i64 time ns (UTC)   8 u32 log ptr   12 u32 log len   16 u32 attrs ptr   20 u32 attrs len
//  24 u32 source id      28 u32 lines    32 u8 stream     33 u8 flags        34 u8 error   35 u8 format
//  36 u8 detector (common/detectors.ts; 0 = not grouped)   37 u8 level (common/levels.ts; 0 = none, LEVEL_LAZY
//     0xff = not detected yet: the reader calls recordLevel)
//  38 u8 query error (select/select.ts QUERY_ERROR_*: Loki's `__error__`; 0 = none)   39 zero
//  40 u32 logLines (records in it)
//  44..47 reserved (zero)
// Invariant: rowCount <= capacity; `next()` stops taking lines once rowCount >= ROW_CAP, and a single line
// adds at most `rowSlack` rows, so the table never overflows (if it ever did, it would grow, not drop rows).
// Rows are written only by the engine's sink (engine/sink.ts), which also counts them.

export const ROW_SIZE: usize = 48;
export const ROW_CAP: i32 = 8192;


export let tablePtr: usize = 0;
export let rowCount: i32 = 0;
let rowCapacity: i32 = 0;

/** Sizes the table for ROW_CAP rows plus what one line can add beyond the cap. */
export function tableInit(rowSlack: i32): void {
  const cap = ROW_CAP + rowSlack;
  if (cap <= rowCapacity) return;
  if (tablePtr != 0) heap.free(tablePtr);
  tablePtr = heap.alloc(<usize>cap * ROW_SIZE);
  rowCapacity = cap;
}

/** Doubles the table, keeping its rows (the host re-reads tableAddress() after every call). */
function growTable(): void {
  const cap = rowCapacity * 2;
  tablePtr = heap.realloc(tablePtr, <usize>cap * ROW_SIZE);
  rowCapacity = cap;
}

/** Appends a copy of the 48-byte row at r (the record store hands its kept rows to the encoder this way). */
export function tableAppendRow(r: usize): void {
  if (rowCount >= rowCapacity) growTable();
  memory.copy(tablePtr + <usize>rowCount * ROW_SIZE, r, ROW_SIZE);
  rowCount++;
}

export function tableReset(): void {
  rowCount = 0;
}

// @ts-ignore: decorator
@inline export function emitRow(
  time: i64, logPtr: usize, logLen: usize, attrsPtr: usize, attrsLen: usize,
  source: u32, lines: u32, stream: u8, flags: u8, error: u8, format: u8, detector: u8, logLines: u32, level: u8, queryError: u8,
): void {
  if (rowCount >= rowCapacity) growTable(); // not reached by construction (see invariant); never drop a row
  const r = tablePtr + <usize>rowCount * ROW_SIZE;
  store<i64>(r, time, 0);
  store<u32>(r, <u32>logPtr, 8);
  store<u32>(r, <u32>logLen, 12);
  store<u32>(r, <u32>attrsPtr, 16);
  store<u32>(r, <u32>attrsLen, 20);
  store<u32>(r, source, 24);
  store<u32>(r, lines, 28);
  // bytes 32..39 (stream, flags, error, format, detector, level, query error, zero) and 40..47 (logLines,
  // zero): two stores
  store<u64>(r, <u64>(<u32>stream | (<u32>flags << 8) | (<u32>error << 16) | (<u32>format << 24))
    | (<u64>detector << 32) | (<u64>level << 40) | (<u64>queryError << 48), 32);
  store<u64>(r, <u64>logLines, 40);
  rowCount++;
}
