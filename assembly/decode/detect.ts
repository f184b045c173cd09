// Format detection for `auto` sources, and the BOM at a source's start (ARCHITECTURE.md "Record semantics").
// While a source is undecided, each line is decoded in the format its first non-blank byte suggests (`{`
// Docker, else CRI); the first line valid in it decides the source. Blank lines do not count; after
// AUTO_LOOKAHEAD non-blank lines with no valid one, the first of them decides.

import { FORMAT_CRI, FORMAT_DOCKER } from "../common/record";
import { DecodeState, FORMAT_AT_START } from "./state";

/** Non-blank lines an `auto` source may see without a valid one before its format is fixed. */
export const AUTO_LOOKAHEAD: u32 = 100;

/** The format a line suggests, and 0 for a blank line (only spaces, tabs, '\r'). Reads [p, p+n). */
export function guessFormat(p: usize, n: usize): u8 {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c == 0x20 || c == 0x09 || c == 0x0d) continue;
    return c == 0x7b ? FORMAT_DOCKER : FORMAT_CRI;
  }
  return 0;
}

/** At the source's first segment: clears FORMAT_AT_START; returns the length of a UTF-8 BOM there (0 or 3). */
export function sourceStart(ds: DecodeState, p: usize, n: usize): usize {
  if ((ds.format & FORMAT_AT_START) == 0) return 0;
  ds.format &= ~FORMAT_AT_START;
  return n >= 3 && load<u16>(p) == 0xbbef && load<u8>(p, 2) == 0xbf ? 3 : 0;
}

/** An undecided source saw a line that is not valid in the format it suggested (`guess`, 0 when blank). */
export function autoMiss(ds: DecodeState, guess: u8): void {
  if (guess == 0) return;
  if (ds.autoGuess == 0) ds.autoGuess = guess;
  if (++ds.autoLines >= AUTO_LOOKAHEAD) ds.format = ds.autoGuess;
}
