// The lead-line matcher (docs/multiline.md "Lead line"): is this line a logger header that may introduce the
// exception trace starting on the NEXT line (`2026-… ERROR [main] c.e.App : Request failed` before
// `java.lang.IllegalStateException: boom`)? The group stage asks it only about a line the detector classed
// NO_TRACE (a line that starts a trace is never a lead line), holds such a line for at most one line, and joins it
// to the record only if the very next line of the same (source, stream) STARTS a trace (detectStep from state 0
// gives INSIDE, or START from a trace state); otherwise the held line goes out alone. The detector itself stays
// per-line and never sees the held line.
//
// isLeadLine(p, n) (index.ts) is true when the line (a final '\r' ignored) contains
//  - an upper-case level word `ERROR`, `FATAL`, `SEVERE` or `CRITICAL` as a whole word: the byte before it and the
//    byte after it (if any) are not ASCII letters, digits or '_' (`[ERROR]`, ` ERROR `, `ERROR:root:`, `SEVERE:`;
//    not `ERRORS`, `MY_ERROR`, `error`); or
//  - a klog / glog header at the line start: `E` or `F`, four digits, a space, `hh:mm:ss` (digits) — Kubernetes
//    components' error and fatal lines (`E0102 03:04:05.123456   1 file.go:12] msg`).
// This file holds the two matchers; the search for level words is part of the detector's single pass over the
// line (start.ts startScan, which calls levelWordAt only at the candidate letters C, E, F, S that
// candidates.ts finds), so a line is read once for both the start rules and the lead words.
// Contract: reads only [p, p+n); allocates nothing; no globals, no recursion; each call reads at most 14 bytes.

import { at, isDigit, isWord } from "./bytes";
import { LV_CRITICAL, LV_CRITICAL_N, LV_ERROR, LV_ERROR_N, LV_FATAL, LV_FATAL_N, LV_SEVERE, LV_SEVERE_N } from "./literals";

/** `[EF]dddd hh:mm:ss` at the line start. */
export function klogHeader(p: usize, n: usize): bool {
  if (n < 14) return false;
  const c = load<u8>(p);
  if (c != 0x45 && c != 0x46) return false; // E, F
  for (let i: usize = 1; i < 14; i++) {
    const b = <u32>load<u8>(p + i);
    if (i == 5) { if (b != 0x20) return false; }
    else if (i == 8 || i == 11) { if (b != 0x3a) return false; }
    else if (!isDigit(b)) return false;
  }
  return true;
}

/** The length of the level word starting at offset i (0 if none starts there). */
@inline function levelAt(p: usize, n: usize, i: usize): usize {
  const c = load<u8>(p + i);
  if (c == 0x45) return at(p, n, i, LV_ERROR, LV_ERROR_N) ? LV_ERROR_N : 0; // E
  if (c == 0x46) return at(p, n, i, LV_FATAL, LV_FATAL_N) ? LV_FATAL_N : 0; // F
  if (c == 0x53) return at(p, n, i, LV_SEVERE, LV_SEVERE_N) ? LV_SEVERE_N : 0; // S
  if (c == 0x43) return at(p, n, i, LV_CRITICAL, LV_CRITICAL_N) ? LV_CRITICAL_N : 0; // C
  return 0;
}

/** Is a level word at offset i (a word start, and a word end after it)? */
// @ts-ignore: decorator
@inline export function levelWordAt(p: usize, n: usize, i: usize): bool {
  if (i > 0 && isWord(load<u8>(p + i - 1))) return false; // not at a word start
  const len = levelAt(p, n, i);
  return len != 0 && (i + len == n || !isWord(load<u8>(p + i + len)));
}
