// A source: one file or byte stream. It only composes the stages' own per-source state — frame (carried
// tail, cut state), decode (format, last good time), join (held pieces); emit keeps its file member by id
// (emit/files.ts). Unmanaged: allocated when the host opens a source, freed when it closes.
//
// Source slots: ids are indexes into a growable array of pointers; closed slots are reused.

import { C_SOURCES_OPEN, count } from "../common/counters";
import { DecodeState } from "../decode/state";
import { FrameState } from "../frame/state";
import { JoinState } from "../join/held";

@unmanaged
export class Source {
  id!: u32;
  frame!: FrameState;
  decode!: DecodeState;
  join!: JoinState;

  static create(id: u32, format: u8): Source {
    const s = changetype<Source>(heap.alloc(offsetof<Source>()));
    const self = changetype<usize>(s);
    s.id = id;
    s.frame = FrameState.create(self);
    s.decode = DecodeState.create(format);
    s.join = JoinState.create(self, id);
    count(C_SOURCES_OPEN);
    return s;
  }

  dispose(): void {
    this.frame.dispose();
    this.decode.dispose();
    this.join.dispose();
    heap.free(changetype<usize>(this));
  }
}

let slots: usize = 0;
let slotCap: u32 = 0;

export function sourceAt(id: u32): Source | null {
  if (id >= slotCap) return null;
  const p = load<usize>(slots + (<usize>id << alignof<usize>()));
  return p == 0 ? null : changetype<Source>(p);
}

export function openSlot(format: u8): Source {
  let id: u32 = 0;
  while (id < slotCap && load<usize>(slots + (<usize>id << alignof<usize>())) != 0) id++;
  if (id == slotCap) {
    const cap = slotCap == 0 ? <u32>16 : slotCap * 2;
    const bytes = <usize>cap << alignof<usize>();
    const fresh = heap.alloc(bytes);
    memory.fill(fresh, 0, bytes);
    if (slotCap != 0) {
      memory.copy(fresh, slots, <usize>slotCap << alignof<usize>());
      heap.free(slots);
    }
    slots = fresh;
    slotCap = cap;
  }
  const s = Source.create(id, format);
  store<usize>(slots + (<usize>id << alignof<usize>()), changetype<usize>(s));
  return s;
}

export function freeSlot(s: Source): void {
  store<usize>(slots + (<usize>s.id << alignof<usize>()), 0);
  s.dispose();
}
