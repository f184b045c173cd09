// Engine-wide counters: a fixed array of u64 in linear memory that the host reads in one go
// (`countersAddress()`). Slot names are defined here once (COUNTER_NAMES below, in slot order); the
// bindings' COUNTER_NAMES mirror them and test/common/abi.test.ts reads them back through `abi_*` exports.
// Error slots: C_ERROR_BASE + reason code for every code of common/reasons.ts (slot C_ERROR_BASE itself is
// "errorNone", never counted).

export const C_BYTES_IN = 0;        // bytes pushed
export const C_LINES_IN = 1;        // physical lines completed (terminated by '\n' or by close)
export const C_RECORDS = 2;         // rows emitted
export const C_ERROR_RECORDS = 3;   // rows flagged error
export const C_ERROR_BASE = 4;      // 4 + reason (1..7): error rows per reason
export const C_TRUNCATED = 12;      // rows cut at maxRecordBytes
export const C_PIECES_JOINED = 13;  // partial pieces held and joined
export const C_PARTIAL_RELEASED = 14; // rows released by flush/close before their final piece
export const C_LINES_CUT = 15;      // physical lines longer than maxLineBytes, cut into segments
export const C_SOURCES_OPEN = 16;
export const C_BUDGET_RELEASES = 17; // held records released and tails cut because the held-bytes budget was full
export const C_DROPPED_SELECTOR = 18; // records dropped by the label selector
export const C_DROPPED_QUERY = 19;   // records dropped by the LogQL query
export const C_DROPPED_GREP = 20;    // records dropped by the Fluent Bit grep rules
export const C_QUERY_ERRORS = 21;    // records the LogQL pipeline kept with an error (Loki's __error__)
export const C_RESUME_SKIPPED = 22;  // lines skipped after a resume: their records were done before (docs/offsets.md)
export const C_COUNT = 23;

/** The slots' names, comma-separated in slot order (what the bindings call them). */
export const COUNTER_NAMES = "bytesIn,linesIn,records,errorRecords,errorNone,bad_timestamp,bad_stream,missing_tag,"
  + "bad_json,bad_escape,missing_log,line_too_long,truncatedRecords,piecesJoined,partialReleased,linesCut,"
  + "sourcesOpen,budgetReleases,droppedBySelector,droppedByQuery,droppedByGrep,queryErrors,"
  + "resumeSkipped";

export const counters: usize = memory.data(C_COUNT * 8);

// @ts-ignore: decorator
@inline export function count(i: i32, n: u64 = 1): void {
  const p = counters + (<usize>i << 3);
  store<u64>(p, load<u64>(p) + n);
}

// The two counters touched per line and per row live in globals and are written out when the host reads.
let linesIn: u64 = 0;
let records: u64 = 0;

// @ts-ignore: decorator
@inline export function countLine(): void {
  linesIn++;
}

// @ts-ignore: decorator
@inline export function countRecord(): void {
  records++;
}

/** Writes the global counters into the array; returns its address. */
export function syncCounters(): usize {
  store<u64>(counters + (<usize>C_LINES_IN << 3), linesIn);
  store<u64>(counters + (<usize>C_RECORDS << 3), records);
  return counters;
}
