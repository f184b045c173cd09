// Engine-wide limits, set once by `configure` before any source is opened.

export let maxRecordBytes: usize = 1 << 20;
export let maxLineBytes: usize = (1 << 20) + (64 << 10);
/** Engine-wide budget for held bytes (engine/budget.ts). */
export let maxHeldBytes: usize = 64 << 20;

// Largest accepted values: with them, every buffer the engine keeps stays far below 4 GiB of linear memory
// (ARCHITECTURE.md, "Memory"). The bindings refuse larger options with a RangeError first.
export const MAX_RECORD_BYTES_LIMIT: usize = 256 << 20;
export const MAX_LINE_BYTES_LIMIT: usize = (256 << 20) + (64 << 10);
export const MAX_HELD_BYTES_LIMIT: usize = 1 << 30;
/** Largest input window (one push): push() refuses more; pushNdjson/pushCount work in 4 MiB windows. */
export const MAX_WINDOW_BYTES: usize = 256 << 20;

export function setLimits(record: usize, line: usize, held: usize): void {
  maxRecordBytes = min(max<usize>(record, 1), MAX_RECORD_BYTES_LIMIT);
  maxLineBytes = min(max<usize>(line, 1), MAX_LINE_BYTES_LIMIT);
  maxHeldBytes = min(max<usize>(held, 1), MAX_HELD_BYTES_LIMIT);
}

// Grouping (group/): defaults for new sources and the limits of every group. Idle 3 s (Alloy's default, and
// a trace is written at once, so a quiet container's last trace waits no longer), at most 30 s from its first
// line (Vector's expiry), 1000 lines (detect-exceptions' and OTel's cap), maxRecordBytes bytes.
export let groupLanguages: u32 = 0; // group/detect language bits; 0: off (the library's default)
export let groupMaxLines: u32 = 1000;
export let groupMaxBytes: usize = 1 << 20;
export let groupIdleNs: i64 = 3_000_000_000;
export let groupMaxAgeNs: i64 = 30_000_000_000;
/** A logger line right before a trace joins it (docs/multiline.md "Lead line"). */
export let groupLeadLine: bool = true;

export function setGroupOptions(
  languages: u32, maxLines: u32, maxBytes: u32, idleMs: f64, maxAgeMs: f64, leadLine: bool,
): void {
  groupLeadLine = leadLine;
  groupLanguages = languages & 0xff;
  groupMaxLines = max<u32>(maxLines, 1);
  groupMaxBytes = max<usize>(<usize>maxBytes, 1);
  groupIdleNs = <i64>(max(idleMs, 0) * 1e6);
  groupMaxAgeNs = <i64>(max(maxAgeMs, 0) * 1e6);
}

/** Rows one line (one segment) can add: truncation cuts of held + segment, plus the final row. */
/** Whether records show their level (NDJSON `level`, the JS record's `level`); filters that read levels detect
 *  them either way. On by default; a host that never shows levels turns it off to save the detection. */
export let showLevels: bool = true;

export function setShowLevels(on: bool): void {
  showLevels = on;
}

export function rowsPerSegment(): i32 {
  return <i32>((maxRecordBytes + maxLineBytes) / maxRecordBytes) + 4;
}

/** The limits above, for the host (bindings/core/abi.ts reads them instead of repeating them). */
export function limit(which: i32): u32 {
  switch (which) {
    case 0: return <u32>MAX_RECORD_BYTES_LIMIT;
    case 1: return <u32>MAX_LINE_BYTES_LIMIT;
    case 2: return <u32>MAX_HELD_BYTES_LIMIT;
    case 3: return <u32>MAX_WINDOW_BYTES;
    case 4: return <u32>maxHeldBytes; // the default until configure() changes it
  }
  return 0;
}
