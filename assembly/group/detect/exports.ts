// Host export of the detector, for tests and tools: group_detect_step(languages, state, ptr, len) is
// detectStep (index.ts) over the bytes the host copied to [ptr, ptr+len) (allocate them with regex_alloc).
// Not a per-line ABI: the group stage calls detectStep directly.

import { detectStep } from "./index";

export function group_detect_step(languages: u32, state: u32, ptr: usize, len: usize): u32 {
  return detectStep(languages, state, ptr, len);
}
