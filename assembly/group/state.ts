// The group stage's state for one source: which detectors run on it, and per stream (stdout, stderr) the
// detector's state and the record being grouped.
//
// Invariants:
//   - a Group is in group.ts's age list exactly while it is active (`older`/`newer` are its links);
//   - buf and attrs are held buffers (their bytes count towards the engine-wide budget);
//   - while active: logLines >= 1, buf holds the grouped lines joined with '\n', time is the first line's.
// Unmanaged: Groups are allocated when the source opens and freed when it closes; a GroupState is laid out
// inside the composing source's block (`initAt`) and frees its Groups in `release`.

import { ByteBuf } from "../mem/bytebuf";

@unmanaged
export class Group {
  older!: usize; // age list links (mem/age-list.ts): keep these two fields first and together
  newer!: usize;
  sourceId!: u32;
  stream!: u8;
  active!: bool;
  lead!: bool;    // the group is a held lead line waiting for the next line (docs/multiline.md "Lead line")
  detector!: u8;  // common/detectors.ts code of the group's language
  format!: u8;
  state!: u32;    // the detector's state for this stream (group/detect)
  prevState!: u32; // its state before the current line (a line that ends a trace names the trace's language)
  traceLabel!: u8; // the JVM-family member the current trace is (group/label.ts)
  lines!: u32;    // input lines in the group
  logLines!: u32; // records joined into it
  time!: i64;     // its first line's time
  start!: u64;    // input offset of its first line (docs/offsets.md)
  seq!: u64;      // when it began, engine-wide (records released together come out oldest first)
  firstSeen!: i64; // host clock (ns) of the push that began it
  lastSeen!: i64;  // host clock (ns) of the push that last added to it
  buf!: ByteBuf;
  attrs!: ByteBuf;

  static create(sourceId: u32, stream: u8): Group {
    const g = changetype<Group>(heap.alloc(offsetof<Group>()));
    g.older = 0;
    g.newer = 0;
    g.sourceId = sourceId;
    g.stream = stream;
    g.active = false;
    g.lead = false;
    g.detector = 0;
    g.format = 0;
    g.state = 0;
    g.prevState = 0;
    g.traceLabel = 0;
    g.lines = 0;
    g.logLines = 0;
    g.time = 0;
    g.start = 0;
    g.seq = 0;
    g.firstSeen = 0;
    g.lastSeen = 0;
    g.buf = ByteBuf.createHeld();
    g.attrs = ByteBuf.createHeld();
    return g;
  }

  dispose(): void {
    this.buf.dispose();
    this.attrs.dispose();
    heap.free(changetype<usize>(this));
  }
}

@unmanaged
export class GroupState {
  languages!: u32; // group/detect language bits; 0: grouping is off for this source
  out!: Group;
  err!: Group;

  /** Initialises the state in place at `at` (offsetof<GroupState>() bytes the caller owns). */
  static initAt(at: usize, sourceId: u32, languages: u32): GroupState {
    const s = changetype<GroupState>(at);
    s.languages = languages;
    s.out = Group.create(sourceId, 0);
    s.err = Group.create(sourceId, 1);
    return s;
  }

  // @ts-ignore: decorator
  @inline group(stream: u8): Group {
    return stream == 0 ? this.out : this.err;
  }

  /** Frees the groups (not the state's own bytes, which belong to the composing block). */
  release(): void {
    this.out.dispose();
    this.err.dispose();
  }
}
