// Makes a validated JSON value safe to copy into NDJSON as is: Docker writes `attrs` as raw JSON, and JSON
// parsers (ours too) accept raw control bytes and any bytes inside strings, which JSON.parse and UTF-8
// readers reject. Inside strings, raw control bytes become escapes (`\t`, `\u0001`, as JSON.stringify
// writes them) and each maximal invalid UTF-8 subsequence becomes U+FFFD; escapes already written and
// everything outside strings are copied unchanged, so the value keeps its meaning.
//
// Contract: [p, p+n) is a JSON value that json-skip.ts accepted (strings closed, escapes well formed).
// A value with no byte below 0x20 and none above 0x7f is returned as it is (the common case, no copy);
// otherwise the repaired copy is written to the batch arena.

import { arenaAlloc, arenaTrim } from "../mem/arena";
import { escapeJson } from "../emit/json-escape";

/** Result of `repairJsonValue`: where the safe value is. */
export let repairedPtr: usize = 0;
export let repairedLen: usize = 0;

function needsRepair(p: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(p + i);
    if (c < 0x20 || c >= 0x80) return true;
  }
  return false;
}

export function repairJsonValue(p: usize, n: usize): void {
  repairedPtr = p;
  repairedLen = n;
  if (!needsRepair(p, n)) return;
  const out = arenaAlloc(n * 6 + 16); // escapeJson's worst case and block stores
  let o = out;
  const end = p + n;
  let inString = false;
  while (p < end) {
    const c = load<u8>(p);
    if (!inString) {
      store<u8>(o++, c);
      p++;
      if (c == 0x22) inString = true;
    } else if (c == 0x22) {
      store<u8>(o++, c);
      p++;
      inString = false;
    } else if (c == 0x5c) {
      // an escape the validator accepted: copy the backslash and the byte after it
      store<u8>(o++, c);
      store<u8>(o++, load<u8>(p + 1));
      p += 2;
    } else {
      // a run of string bytes with no quote and no backslash: escape controls, replace invalid UTF-8
      let q = p;
      while (q < end && load<u8>(q) != 0x22 && load<u8>(q) != 0x5c) q++;
      o = escapeJson(o, p, q - p);
      p = q;
    }
  }
  repairedPtr = out;
  repairedLen = o - out;
  arenaTrim(out, repairedLen);
}
