// A source: one file or byte stream. It only composes the stages' own per-source state — frame (carried
// tail, cut state), decode (format, last good time), join (held pieces), group (detector state, open
// groups), enrich (path, host-given metadata, resolved Kubernetes metadata), select (cached verdicts); emit
// keeps its NDJSON members by id
// (emit/files.ts). Unmanaged: one block per source, allocated when the host opens it and freed when it closes:
//
//   [ Source | FrameState | DecodeState | JoinState | GroupState | EnrichState (+ KubeMeta) | SelectState ]
//
// so a stage's state is at a fixed offset from the source (an add, not a load, on the per-line path).
//
// Source slots: ids are indexes into a growable array of pointers; closed slots are reused.

import { C_SOURCES_OPEN, count } from "../common/counters";
import { DecodeState } from "../decode/state";
import { FrameState } from "../frame/state";
import { JoinState } from "../join/held";
import { GroupState } from "../group/state";
import { EnrichState } from "../enrich/state";
import { SelectState } from "../select/state";
import { PointerArray } from "../mem/pointer-array";

const FRAME_AT: usize = (offsetof<Source>() + 7) & ~7;
const DECODE_AT: usize = (FRAME_AT + offsetof<FrameState>() + 7) & ~7;
const JOIN_AT: usize = (DECODE_AT + offsetof<DecodeState>() + 7) & ~7;
const GROUP_AT: usize = (JOIN_AT + offsetof<JoinState>() + 7) & ~7;
const ENRICH_AT: usize = (GROUP_AT + offsetof<GroupState>() + 7) & ~7;
const SELECT_AT: usize = (ENRICH_AT + EnrichState.size + 7) & ~7;
const BLOCK: usize = SELECT_AT + SelectState.size;

@unmanaged
export class Source {
  id!: u32;
  // after `resume` (engine/offsets.ts): lines of stream s ending at or before doneBefore[s] are skipped
  resuming!: bool;
  doneOut!: u64;
  doneErr!: u64;
  doneUnknown!: u64;

  static create(id: u32, format: u8, languages: u32, pathPtr: usize, pathLen: usize): Source {
    const self = heap.alloc(BLOCK);
    const s = changetype<Source>(self);
    s.id = id;
    s.resuming = false;
    s.doneOut = s.doneErr = s.doneUnknown = 0;
    FrameState.initAt(self + FRAME_AT);
    DecodeState.initAt(self + DECODE_AT, format);
    JoinState.initAt(self + JOIN_AT, id);
    GroupState.initAt(self + GROUP_AT, id, languages);
    EnrichState.initAt(self + ENRICH_AT, pathPtr, pathLen);
    SelectState.initAt(self + SELECT_AT);
    count(C_SOURCES_OPEN);
    return s;
  }

  // @ts-ignore: decorator
  @inline get frame(): FrameState {
    return changetype<FrameState>(changetype<usize>(this) + FRAME_AT);
  }

  // @ts-ignore: decorator
  @inline get decode(): DecodeState {
    return changetype<DecodeState>(changetype<usize>(this) + DECODE_AT);
  }

  // @ts-ignore: decorator
  @inline get join(): JoinState {
    return changetype<JoinState>(changetype<usize>(this) + JOIN_AT);
  }

  // @ts-ignore: decorator
  @inline get group(): GroupState {
    return changetype<GroupState>(changetype<usize>(this) + GROUP_AT);
  }

  // @ts-ignore: decorator
  @inline get enrich(): EnrichState {
    return changetype<EnrichState>(changetype<usize>(this) + ENRICH_AT);
  }

  // @ts-ignore: decorator
  @inline get select(): SelectState {
    return changetype<SelectState>(changetype<usize>(this) + SELECT_AT);
  }

  /** The source whose block holds this frame state (the budget finds tails by their frame state). */
  // @ts-ignore: decorator
  @inline static ofFrame(fs: FrameState): Source {
    return changetype<Source>(changetype<usize>(fs) - FRAME_AT);
  }

  dispose(): void {
    this.frame.release();
    this.join.release();
    this.group.release();
    this.enrich.release();
    heap.free(changetype<usize>(this));
  }
}

const slots: PointerArray = PointerArray.create();

export function sourceAt(id: u32): Source | null {
  const p = slots.get(id);
  return p == 0 ? null : changetype<Source>(p);
}

/** Opens a source in the lowest free id. */
export function openSlot(format: u8, languages: u32, pathPtr: usize, pathLen: usize): Source {
  let id: u32 = 0;
  while (slots.get(id) != 0) id++;
  const s = Source.create(id, format, languages, pathPtr, pathLen);
  slots.set(id, changetype<usize>(s));
  return s;
}

export function freeSlot(s: Source): void {
  slots.set(s.id, 0);
  s.dispose();
}
