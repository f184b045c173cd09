// Engine-wide limits, set once by `configure` before any source is opened.

export let maxRecordBytes: usize = 1 << 20;
export let maxLineBytes: usize = (1 << 20) + (64 << 10);

export function setLimits(record: usize, line: usize): void {
  maxRecordBytes = max<usize>(record, 1);
  maxLineBytes = max<usize>(line, 1);
}

/** Rows one line (one segment) can add: truncation cuts of held + segment, plus the final row. */
export function rowsPerSegment(): i32 {
  return <i32>((maxRecordBytes + maxLineBytes) / maxRecordBytes) + 4;
}
