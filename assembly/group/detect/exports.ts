// Host export of the detector, for tests and tools: group_detect_step(languages, state, ptr, len) is
// detectStep (index.ts) over the bytes the host copied to [ptr, ptr+len) (allocate them with regex_alloc).
// group_is_lead_line(ptr, len) is isLeadLine (index.ts, matchers in lead.ts), likewise. Not a per-line ABI: the
// group stage calls detectLine (both questions in one pass) directly.

import { detectStep, isLeadLine } from "./index";

export function group_detect_step(languages: u32, state: u32, ptr: usize, len: usize): u32 {
  return detectStep(languages, state, ptr, len);
}

/** isLeadLine (index.ts) over [ptr, ptr+len): 1 or 0. */
export function group_is_lead_line(ptr: usize, len: usize): u32 {
  return isLeadLine(ptr, len) ? 1 : 0;
}
