// The select stage's state for one source: what the source-level filters decided, cached per (stream,
// level), so a label selector (and a LogQL stream selector, and grep rules that read no line) costs one byte
// load per record once a source's labels are known.
//
//   verdict[stream * LEVEL_COUNT + level]:  V_UNKNOWN, V_PASS (| V_GREP_DROPS), or the V_DROP_* kind that drops it
//
// Invariant: the verdicts are valid for the filters of generation `at` (select/select.ts) and the source's
// metadata as last resolved; resolving the source or changing a filter resets them (`at` = 0).
// Unmanaged: laid out inside the composing source's block (`initAt`); nothing to release.

import { LEVEL_COUNT } from "../common/levels";

export const V_UNKNOWN: u8 = 0;
export const V_PASS: u8 = 1;
export const V_DROP_SELECTOR: u8 = 2;
export const V_DROP_QUERY: u8 = 3;
export const V_DROP_GREP: u8 = 4;
/** With V_PASS: grep rules that read no line drop these records (counted after the query's line filters). */
export const V_GREP_DROPS: u8 = 0x80;

/** stdout, stderr, unknown (error records) × every level. */
const VERDICTS: usize = 3 * <usize>LEVEL_COUNT;

@unmanaged
export class SelectState {
  at!: u32;

  static initAt(at: usize): SelectState {
    const s = changetype<SelectState>(at);
    s.reset();
    return s;
  }

  // @ts-ignore: decorator
  @inline static get size(): usize {
    return VERDICT_AT + VERDICTS;
  }

  reset(): void {
    this.at = 0;
    memory.fill(changetype<usize>(this) + VERDICT_AT, V_UNKNOWN, VERDICTS);
  }

  // @ts-ignore: decorator
  @inline verdict(stream: u8, level: u8): u8 {
    return load<u8>(changetype<usize>(this) + VERDICT_AT + <usize>stream * <usize>LEVEL_COUNT + <usize>level);
  }

  // @ts-ignore: decorator
  @inline setVerdict(stream: u8, level: u8, v: u8): void {
    store<u8>(changetype<usize>(this) + VERDICT_AT + <usize>stream * <usize>LEVEL_COUNT + <usize>level, v);
  }
}

const VERDICT_AT: usize = offsetof<SelectState>();
