// The emit stage's per-source state: each source's `,"file":"<escaped path>"` NDJSON member, written once
// when the source opens and copied per record. Keyed by source id (ids are small and reused after close).
//
// Invariant: fileMember(id) is the member of the source currently holding id, or empty.

import { ByteBuf } from "../mem/bytebuf";
import { PointerArray } from "../mem/pointer-array";
import { writeFileMember } from "./ndjson";

const members: PointerArray = PointerArray.create(); // ByteBuf pointers by id

/** Sets the file member of source id from its path bytes (an empty path: no member). */
export function fileMemberSet(id: u32, pathPtr: usize, pathLen: usize): void {
  let b = members.get(id);
  if (b == 0) {
    b = changetype<usize>(ByteBuf.create());
    members.set(id, b);
  }
  const buf = changetype<ByteBuf>(b);
  buf.truncate(0);
  if (pathLen != 0) writeFileMember(buf, pathPtr, pathLen);
}

/** Forgets the member of a closed source (its buffer is kept for the next source with this id). */
export function fileMemberClear(id: u32): void {
  const b = members.get(id);
  if (b != 0) changetype<ByteBuf>(b).clear();
}

/** The member of source id, or null when it has none. */
export function fileMember(id: u32): ByteBuf | null {
  const b = members.get(id);
  return b == 0 ? null : changetype<ByteBuf>(b);
}
