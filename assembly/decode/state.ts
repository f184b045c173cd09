// The decode stage's state for one source: its format (forced, decided, or still being detected) and the
// time of its last good line (error records reuse it: nothing is invented).
//
//   format      FORMAT_AUTO until the first valid line decides (decode/detect.ts), or what the host forced;
//               FORMAT_AT_START is or-ed in until the source's first segment, so the per-line check of
//               both is one compare
//   autoLines   non-blank lines an undecided source has seen without a valid one
//   autoGuess   the format the first of them suggested (it decides after AUTO_LOOKAHEAD lines)
// Unmanaged: laid out inside the composing source's block (`initAt`); it owns nothing to free.

/** Or-ed into DecodeState.format until the source's first segment has been seen (its BOM is skipped). */
export const FORMAT_AT_START: u8 = 0x80;

@unmanaged
export class DecodeState {
  lastTime!: i64;
  autoLines!: u32;
  format!: u8;
  autoGuess!: u8;

  /** Initialises the state in place at `at` (offsetof<DecodeState>() bytes the caller owns). */
  static initAt(at: usize, format: u8): DecodeState {
    const d = changetype<DecodeState>(at);
    d.lastTime = 0;
    d.autoLines = 0;
    d.format = format | FORMAT_AT_START;
    d.autoGuess = 0;
    return d;
  }
}
