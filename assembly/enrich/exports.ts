// Host exports for label sets (enrich/labels.ts): a host builds a set from its encoding (u32 keyLen, key,
// u32 valLen, value, repeated; staged with regex_alloc) and frees it when done. labels_build returns the handle
// (0 for no pairs, which is the empty set), or all ones (-1) for a malformed encoding.

import { labelSetBuild, labelSetFree } from "./labels";

export function labels_build(p: usize, n: usize): usize {
  return labelSetBuild(p, n);
}

export function labels_free(set: usize): void {
  if (set != <usize>-1) labelSetFree(set);
}
