// The one record path after join: every record — a whole line, a joined record, an error line, a piece
// released by flush, close or the budget — comes here, runs the later stages in order (group, then enrich
// and select: issues 7 and 8; none yet), and only then is counted and written as a row. A record a later
// stage drops will be counted as dropped here, never as emitted.

import { C_ERROR_BASE, C_ERROR_RECORDS, C_PARTIAL_RELEASED, C_TRUNCATED, count, countRecord } from "../common/counters";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../common/record";
import { emitRow } from "../emit/table";
import { joinOutAt, joinOutReset, outCount } from "../join/out";

// @ts-ignore: decorator
@inline export function sink(
  time: i64, logPtr: usize, logLen: usize, attrsPtr: usize, attrsLen: usize,
  source: u32, lines: u32, stream: u8, flags: u8, error: u8, format: u8,
): void {
  countRecord();
  if (flags != 0) countFlags(flags, error);
  emitRow(time, logPtr, logLen, attrsPtr, attrsLen, source, lines, stream, flags, error, format);
}

function countFlags(flags: u8, error: u8): void {
  if (flags & FLAG_ERROR) {
    count(C_ERROR_RECORDS);
    count(C_ERROR_BASE + <i32>error);
  }
  if (flags & FLAG_TRUNCATED) count(C_TRUNCATED);
  if (flags & FLAG_PARTIAL) count(C_PARTIAL_RELEASED);
}

/** Passes every record join queued (join/out.ts, its layout) to the sink, in order, and empties the queue. */
export function drainJoin(): void {
  const n = outCount;
  for (let i = 0; i < n; i++) {
    const r = joinOutAt(i);
    sink(
      load<i64>(r), <usize>load<u32>(r, 8), <usize>load<u32>(r, 12), <usize>load<u32>(r, 16),
      <usize>load<u32>(r, 20), load<u32>(r, 24), load<u32>(r, 28), load<u8>(r, 32), load<u8>(r, 33), 0,
      load<u8>(r, 34),
    );
  }
  joinOutReset();
}
