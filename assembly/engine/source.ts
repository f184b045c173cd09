// Per-source state: everything the engine keeps between pushes for one file or stream of bytes.
// Unmanaged: allocated with heap.alloc when the host opens a source, freed on close.
//
//   format      FORMAT_AUTO until the first valid line decides, or what the host forced; FORMAT_AT_START is
//               set on it until the first segment (so the per-line check of both is one compare)
//   tail        the frame's carried bytes of an incomplete line (at most maxLineBytes)
//   cut*        set while a physical line longer than maxLineBytes is being cut into segments
//   held[2]     join state per stream (stdout, stderr)
//   lastTime    time of the last good line (error records reuse it)
//   auto*       while format is FORMAT_AUTO: lines seen without a valid one, the first line's guess
//
// Held bytes (tail, held pieces, held attrs) count towards the engine-wide budget (engine/budget.ts): a Held
// is in the held age list exactly while it is active, a Source in the tail age list exactly while its tail
// is non-empty.

import { ByteBuf } from "../mem/bytebuf";
import { C_SOURCES_OPEN, count } from "./counters";

/** Or-ed into Source.format until the source's first segment has been seen (its BOM is skipped). */
export const FORMAT_AT_START: u8 = 0x80;

export const CUT_NONE: u8 = 0;
export const CUT_CRI: u8 = 1;    // later segments are content of the same CRI piece
export const CUT_ERROR: u8 = 2;  // later segments are error records with cutReason

// Fields are set by create(): these objects come from heap.alloc, never from `new`.
@unmanaged
export class Held {
  older!: usize; // age list links (mem/age-list.ts): keep these two fields first and together
  newer!: usize;
  owner!: usize; // the Source
  stream!: u8;
  active!: bool;
  time!: i64;
  lines!: u32;
  format!: u8;
  buf!: ByteBuf;
  attrs!: ByteBuf;

  static create(owner: usize, stream: u8): Held {
    const h = changetype<Held>(heap.alloc(offsetof<Held>()));
    h.older = 0;
    h.newer = 0;
    h.owner = owner;
    h.stream = stream;
    h.active = false;
    h.time = 0;
    h.lines = 0;
    h.format = 0;
    h.buf = ByteBuf.createHeld();
    h.attrs = ByteBuf.createHeld();
    return h;
  }

  /** Empties the holder (the caller has taken it out of the age list). */
  reset(): void {
    this.active = false;
    this.lines = 0;
    this.buf.clear();
    this.attrs.clear();
  }

  dispose(): void {
    this.buf.dispose();
    this.attrs.dispose();
    heap.free(changetype<usize>(this));
  }
}

@unmanaged
export class Source {
  tailOlder!: usize; // tail age list links (mem/age-list.ts): keep these two fields first and together
  tailNewer!: usize;
  id!: u32;
  format!: u8;
  cutMode!: u8;
  cutStream!: u8;
  cutPartial!: bool;
  cutReason!: u8;
  cutFormat!: u8;
  lastTime!: i64;
  autoLines!: u32;
  autoGuess!: u8;
  tail!: ByteBuf;
  path!: ByteBuf;
  fileJson!: ByteBuf; // `,"file":"<escaped path>"` written once, copied per record
  out!: Held;
  err!: Held;

  static create(id: u32, format: u8): Source {
    const s = changetype<Source>(heap.alloc(offsetof<Source>()));
    s.tailOlder = 0;
    s.tailNewer = 0;
    s.id = id;
    s.format = format | FORMAT_AT_START;
    s.cutMode = CUT_NONE;
    s.cutStream = 0;
    s.cutPartial = false;
    s.cutReason = 0;
    s.cutFormat = 0;
    s.lastTime = 0;
    s.autoLines = 0;
    s.autoGuess = 0;
    s.tail = ByteBuf.createHeld();
    s.path = ByteBuf.create();
    s.fileJson = ByteBuf.create();
    s.out = Held.create(changetype<usize>(s), 0);
    s.err = Held.create(changetype<usize>(s), 1);
    count(C_SOURCES_OPEN);
    return s;
  }

  held(stream: u8): Held {
    return stream == 0 ? this.out : this.err;
  }

  dispose(): void {
    this.tail.dispose();
    this.path.dispose();
    this.fileJson.dispose();
    this.out.dispose();
    this.err.dispose();
    heap.free(changetype<usize>(this));
  }
}

// Source slots: ids are indexes into a growable array of pointers; closed slots are reused.
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
