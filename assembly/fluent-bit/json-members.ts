// Walks the members of one JSON object in place, without recursion and without decoding: the record reader
// (record.ts) and the kubernetes map (kube-map.ts) both read members this way.
//
//   let r = membersOpen(p, end);          // 1: a member is ready, 0: `{}`, -1: not an object
//   while (r > 0) {                       // memberKey/memberKeyLen (raw, still escaped), memberValue
//     const q = …the value's end…;        // the caller skips or decodes the value itself
//     r = q == 0 ? -1 : membersNext(q);
//   }                                     // r == 0: membersEnd is just past the '}'
//
// Contract: reads only [p, end); memberValue < end while a member is ready. One walk at a time (module state).
// Inlined: the record reader runs once per record, and in WAMR's interpreter every call costs a frame.

import { skipSpace } from "../decode/json-skip";
import { skipString } from "../decode/json-string";

export let memberKey: usize = 0;
export let memberKeyLen: usize = 0;
export let memberValue: usize = 0;
export let membersEnd: usize = 0;
let end: usize = 0;

/** Reads the key and colon at q; 1 when a member is ready, -1 when malformed. */
// @ts-ignore: decorator
@inline function readMember(q: usize): i32 {
  if (q >= end || load<u8>(q) != 0x22) return -1;
  const k = q + 1;
  q = skipString(k, end);
  if (q == 0) return -1;
  memberKey = k;
  memberKeyLen = q - 1 - k;
  q = skipSpace(q, end);
  if (q >= end || load<u8>(q) != 0x3a) return -1;
  q = skipSpace(q + 1, end);
  if (q >= end) return -1;
  memberValue = q;
  return 1;
}

/** Opens the object at the first non-space byte of [p, e). */
// @ts-ignore: decorator
@inline export function membersOpen(p: usize, e: usize): i32 {
  end = e;
  let q = skipSpace(p, e);
  if (q >= e || load<u8>(q) != 0x7b) return -1;
  q = skipSpace(q + 1, e);
  if (q < e && load<u8>(q) == 0x7d) {
    membersEnd = q + 1;
    return 0;
  }
  return readMember(q);
}

/** After a member's value, which ends at q: the next member (1), the object's end (0), or malformed (-1). */
// @ts-ignore: decorator
@inline export function membersNext(q: usize): i32 {
  q = skipSpace(q, end);
  if (q >= end) return -1;
  const c = load<u8>(q);
  if (c == 0x7d) {
    membersEnd = q + 1;
    return 0;
  }
  if (c != 0x2c) return -1;
  return readMember(skipSpace(q + 1, end));
}
