// The emit stage's per-source state: each source's `,"file":"<escaped path>"` NDJSON member, written once
// when the source opens and copied per record. Keyed by source id (ids are small and reused after close).
//
// Invariant: fileMember(id) is the member of the source currently holding id, or empty.

import { ByteBuf } from "../mem/bytebuf";
import { writeFileMember } from "./ndjson";

let members: usize = 0; // ByteBuf pointers by id
let memberCap: u32 = 0;

function slot(id: u32): usize {
  if (id >= memberCap) {
    let cap = memberCap == 0 ? <u32>16 : memberCap;
    while (cap <= id) cap *= 2;
    const bytes = <usize>cap << alignof<usize>();
    const fresh = heap.alloc(bytes);
    memory.fill(fresh, 0, bytes);
    if (memberCap != 0) {
      memory.copy(fresh, members, <usize>memberCap << alignof<usize>());
      heap.free(members);
    }
    members = fresh;
    memberCap = cap;
  }
  return members + (<usize>id << alignof<usize>());
}

/** Sets the file member of source id from its path bytes (an empty path: no member). */
export function fileMemberSet(id: u32, pathPtr: usize, pathLen: usize): void {
  const s = slot(id);
  let b = load<usize>(s);
  if (b == 0) {
    b = changetype<usize>(ByteBuf.create());
    store<usize>(s, b);
  }
  const buf = changetype<ByteBuf>(b);
  buf.truncate(0);
  if (pathLen != 0) writeFileMember(buf, pathPtr, pathLen);
}

/** Forgets the member of a closed source (its buffer is kept for the next source with this id). */
export function fileMemberClear(id: u32): void {
  if (id < memberCap) {
    const b = load<usize>(members + (<usize>id << alignof<usize>()));
    if (b != 0) changetype<ByteBuf>(b).clear();
  }
}

/** The member of source id, or null when it has none. */
export function fileMember(id: u32): ByteBuf | null {
  if (id >= memberCap) return null;
  const b = load<usize>(members + (<usize>id << alignof<usize>()));
  return b == 0 ? null : changetype<ByteBuf>(b);
}
