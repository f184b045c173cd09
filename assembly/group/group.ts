// Group: joins the lines of an exception stack trace (group/detect decides per line) into one record per
// (source, stream): its lines joined with '\n', the first line's time, the detector's language, how many
// records it holds. Lines that are no trace pass alone; the other stream never breaks or joins a group.
//
// Per line the caller (engine/sink.ts) asks `groupDecide` (runs the user's rules and the detector; group/rules.ts
// says which wins), makes room in the engine's budget when the line will be held, then `groupApply`. Records the stage completes go to the `groupOut`
// queue, never straight to rows. A line that passes alone is returned to the caller (true), after any group
// it closed was queued.
//
// Limits: a group reaching groupMaxLines records or groupMaxBytes bytes is queued flagged truncated, and the
// line that did not fit begins a continuation with the same detector state (never line by line). Time:
// `groupFlushDue` queues groups idle longer than groupIdleNs (host clock of the last push that added to it)
// or older than groupMaxAgeNs (since the push that began it); `groupRelease` queues one at once.
//
// Invariant: a Group is in `groupAges` (oldest first) exactly while it is active.

import { arenaAlloc } from "../mem/arena";
import { AgeList, agePush, ageListNew, ageRemove } from "../mem/age-list";
import { RecordQueue } from "../mem/record-queue";
import { FLAG_TRUNCATED } from "../common/record";
import { groupLeadLine, groupMaxBytes, groupMaxLines } from "../common/config";
import {
  DET_CUSTOM, DET_DART, DET_GO, DET_NONE, DET_PHP, DET_PYTHON, DET_RUBY,
} from "../common/detectors";
import { ACT_NO_TRACE, ACT_START, DETECT_LEAD, detectLine, markWindow, plainLine, windowForget } from "./detect";
import { GroupState } from "./state";
import { continues, isEnd, isStart, rulesOn } from "./rules";

// What to do with a line (bits): the line passes alone (closing the open group first); the open group is
// closed before the line begins a new one; the group is closed after the line joins it; the line belongs to
// a user-rule record; with G_ALONE: the line is a lead line (held for one line when lead lines are on: the
// detector answers this in the same pass, detect/index.ts detectLine). None of them: the line joins the open
// group (or begins one).
export const G_ALONE: u32 = 1;
export const G_BREAK: u32 = 2;
export const G_END: u32 = 4;
export const G_CUSTOM: u32 = 8;
export const G_LEAD: u32 = 16;

const FROM_DETECTOR = memory.data<u8>([1, 0, 4, 2]); // ACT_NO_TRACE, INSIDE, END, START → G_*
import { S_DART_EXC, S_GO_AFTER_PANIC, S_JS_OBJ, S_JS_SRC1, S_PHP_BEGIN, S_PY_TB, S_RB_RAILS_BEFORE } from "./detect/states";
import { jvmLabelInside, jvmStartLabel } from "./label";
import { Group } from "./state";

/** The records the stage completed in the current call (drained by the caller). */
export const groupOut: RecordQueue = RecordQueue.create();

const groupAges: AgeList = ageListNew();
let groupSeq: u64 = 0;

/** The oldest active group, or 0 (for the engine's budget). */
export function oldestGroup(): usize {
  return groupAges.oldest;
}

/** The language of a detector state (states belong to one language; the JVM family, whose states are shared by
 *  Java, JavaScript and C#, takes the trace's label: group/label.ts). */
function languageOf(g: Group, state: u32): u8 {
  if (state == 0) return DET_NONE;
  if (state < S_PY_TB) return g.traceLabel;
  if (state < S_PHP_BEGIN) return DET_PYTHON;
  if (state < S_GO_AFTER_PANIC) return DET_PHP;
  if (state < S_RB_RAILS_BEFORE) return DET_GO;
  if (state < S_DART_EXC) return DET_RUBY;
  return DET_DART;
}

/** A line matching the user's `start` begins a user record (closing what is open), ending at once when it
 *  also matches `end`. */
function userStart(g: Group, p: usize, n: usize): u32 {
  g.state = 0;
  return G_BREAK | G_CUSTOM | (isEnd(p, n) ? G_END : 0);
}

/** The detector's result (detect/index.ts detectLine) as G_* bits: its action, and G_LEAD on a lead line. */
// @ts-ignore: decorator
@inline function fromDetector(r: u32): u32 {
  return <u32>load<u8>(FROM_DETECTOR + ((r >> 16) & 0xff)) | ((r & DETECT_LEAD) != 0 ? G_LEAD : 0);
}

/** Decides what the line [p, p+n) does (G_* bits); the detector's state is kept in g. Lead lines are asked for
 *  (G_LEAD) only when the engine holds them (groupLeadLine) and some detector is on. */
// @ts-ignore: decorator
@inline export function groupDecide(g: Group, langs: u32, p: usize, n: usize): u32 {
  g.prevState = g.state;
  if (!rulesOn()) {
    if (langs == 0) return G_ALONE;
    const r = detectLine(langs, g.state, p, n, groupLeadLine);
    g.state = r & 0xffff;
    return fromDetector(r);
  }
  if (g.active && g.detector == DET_CUSTOM) {
    // a user record is held: the rules decide
    if (isStart(p, n)) return userStart(g, p, n);
    if (continues(p, n)) return G_CUSTOM | (isEnd(p, n) ? G_END : 0);
    // it does not continue: the record closes and the line is seen as on an idle stream
    if (langs == 0) return G_ALONE;
    const r = detectLine(langs, 0, p, n, groupLeadLine);
    g.state = r & 0xffff;
    return ((r >> 16) & 0xff) == ACT_NO_TRACE ? fromDetector(r) : G_BREAK | (fromDetector(r) & G_END);
  }
  if (g.active && langs != 0) {
    // a trace is held: the detector decides first
    const r = detectLine(langs, g.state, p, n, groupLeadLine);
    const act = (r >> 16) & 0xff;
    if (act == ACT_NO_TRACE || act == ACT_START) {
      if (isStart(p, n)) return userStart(g, p, n);
    }
    g.state = r & 0xffff;
    return fromDetector(r);
  }
  if (isStart(p, n)) return userStart(g, p, n);
  if (langs == 0) return G_ALONE;
  const r = detectLine(langs, g.state, p, n, groupLeadLine);
  g.state = r & 0xffff;
  return fromDetector(r);
}

/**
 * The common line, decided without the detector: true when the line passes alone exactly as groupDecide would
 * say (G_ALONE, no lead bit) with nothing to apply: no group open, the detector in its start state, no user rule,
 * and the call's candidate map shows the line plain (detect/index.ts plainLine). False: ask groupDecide.
 */
// @ts-ignore: decorator
@inline function groupPassesPlain(g: Group, langs: u32, p: usize, n: usize): bool {
  if (g.active || g.state != 0 || rulesOn() || !plainLine(langs, p, n, groupLeadLine)) return false;
  g.prevState = 0; // as groupDecide leaves it
  return true;
}

// The call's marked source (groupWindow): its id and its group state, so that the sink can ask
// groupPassesPlainInCall for that source's lines without looking the source up (the common case). Reset by
// groupCallStart; callSource is NO_SOURCE when the call marked nothing.
const NO_SOURCE: u32 = 0xffffffff;
let callSource: u32 = NO_SOURCE;
let callGroups: usize = 0; // a GroupState

/** At the start of a call that pushes the window [p, p+n) to source `id` with group state gs: marks the window's
 *  candidates for groupPassesPlain (only when the detector, not a user rule, decides its lines). */
export function groupWindow(id: u32, gs: GroupState, p: usize, n: usize): void {
  if (gs.languages != 0 && !rulesOn()) {
    markWindow(gs.languages, p, n, groupLeadLine);
    callSource = id;
    callGroups = changetype<usize>(gs);
  }
}

/** At the start of every call: the previous call's window is gone. */
export function groupCallStart(): void {
  windowForget();
  callSource = NO_SOURCE;
}

/** groupPassesPlain for a line of the call's marked source (false for any other source, or a flagged line: the
 *  caller then asks the group stage in full). The rules cannot be switched on inside a call, so the check
 *  groupWindow made holds. */
// @ts-ignore: decorator
@inline export function groupPassesPlainInCall(source: u32, stream: u8, flags: u8, p: usize, n: usize): bool {
  if (source != callSource || flags != 0) return false;
  const gs = changetype<GroupState>(callGroups);
  return groupPassesPlain(gs.group(stream), gs.languages, p, n);
}

/** Queues the group as a record (arena copy) and empties it. */
function emitGroup(g: Group, flags: u8): void {
  const len = g.buf.len;
  const ptr = arenaAlloc(len);
  memory.copy(ptr, g.buf.ptr, len);
  const attrsLen = g.attrs.len;
  let attrsPtr: usize = 0;
  if (attrsLen != 0) {
    attrsPtr = arenaAlloc(attrsLen);
    memory.copy(attrsPtr, g.attrs.ptr, attrsLen);
  }
  groupOut.push(g.time, ptr, len, attrsPtr, attrsLen, g.sourceId, g.lines, g.stream, flags, g.format, g.detector, g.logLines, 0);
  g.active = false;
  g.lead = false;
  ageRemove(groupAges, changetype<usize>(g), offsetof<Group>("older"));
  g.buf.truncate(0);
  if (g.buf.cap > (256 << 10)) g.buf.clear();
  g.attrs.clear();
}

function begin(
  g: Group, langs: u32, custom: bool, nowNs: i64, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize,
  lines: u32, format: u8, start: u64,
): void {
  g.active = true;
  g.start = start;
  g.seq = ++groupSeq;
  agePush(groupAges, changetype<usize>(g), offsetof<Group>("older"));
  g.detector = custom ? DET_CUSTOM : languageOf(g, g.state != 0 ? g.state : g.prevState);
  g.format = format;
  g.time = time;
  g.lines = lines;
  g.logLines = 1;
  g.firstSeen = nowNs;
  g.buf.set(p, n);
  g.attrs.set(attrsPtr, attrsLen);
}

/** Keeps g.traceLabel, the JVM-family member of the trace this line belongs to (group/label.ts). */
function updateTraceLabel(g: Group, langs: u32, act: u32, p: usize, n: usize): void {
  const s = g.state != 0 ? g.state : g.prevState;
  if (s == 0 || s >= S_PY_TB) return; // not a JVM-family trace
  const starts = g.prevState == 0 || g.prevState >= S_PY_TB || (act & G_BREAK) != 0;
  g.traceLabel = starts
    ? jvmStartLabel(langs, p, n, g.state == S_JS_SRC1)
    : jvmLabelInside(langs, g.traceLabel, p, n, g.state == S_JS_OBJ || g.state == S_JS_SRC1);
}

/**
 * Applies groupDecide's decision (G_* bits) to the line; returns true when the line passes alone (the caller
 * emits it after draining groupOut), false when the stage took it.
 */
export function groupApply(
  g: Group, act: u32, langs: u32, nowNs: i64, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize,
  lines: u32, format: u8, start: u64,
): bool {
  if (act & G_ALONE) {
    if (g.active) emitGroup(g, 0);
    if (act & G_LEAD) { // (only asked for when groupLeadLine is on and langs != 0)
      // a logger line that may introduce a trace on the next line: held for that one line
      begin(g, langs, false, nowNs, time, p, n, attrsPtr, attrsLen, lines, format, start);
      g.lead = true;
      g.detector = DET_NONE; // alone, it is no trace; joined, it takes the trace's language
      g.lastSeen = nowNs;
      return false;
    }
    return true;
  }
  const custom = (act & G_CUSTOM) != 0;
  if (!custom) updateTraceLabel(g, langs, act, p, n);
  // a user record and a trace never share a group
  if (g.active && ((act & G_BREAK) != 0 || custom != (g.detector == DET_CUSTOM))) emitGroup(g, 0);
  if (g.active && (g.logLines >= groupMaxLines || g.buf.len + 1 + n > groupMaxBytes)) emitGroup(g, FLAG_TRUNCATED);
  if (!g.active) {
    begin(g, langs, custom, nowNs, time, p, n, attrsPtr, attrsLen, lines, format, start);
  } else {
    g.buf.append(memory.data<u8>([0x0a]), 1);
    g.buf.append(p, n);
    g.lines += lines;
    g.logLines++;
    if (g.lead) {
      // the held lead line is followed by a trace's first line: the record is that trace's
      g.lead = false;
      g.detector = languageOf(g, g.state != 0 ? g.state : g.prevState);
    }
  }
  g.lastSeen = nowNs;
  if (act & G_END) emitGroup(g, 0);
  return false;
}

/** Queues the group now if it is open (close, an explicit flush, the budget, a record that cannot join). */
export function groupRelease(g: Group): void {
  if (g.active) emitGroup(g, 0);
}

/** Queues both streams' open groups, the one begun first first. */
export function groupReleaseBoth(a: Group, b: Group): void {
  if (b.active && (!a.active || b.seq < a.seq)) {
    emitGroup(b, 0);
    groupRelease(a);
  } else {
    groupRelease(a);
    groupRelease(b);
  }
}

/** g is open, and idle longer than idleNs or open longer than maxAgeNs at host time nowNs. */
export function groupDue(g: Group, nowNs: i64, idleNs: i64, maxAgeNs: i64): bool {
  return g.active && (nowNs - g.lastSeen > idleNs || nowNs - g.firstSeen > maxAgeNs);
}

/** Queues the groups (of both streams) idle longer than idleNs or open longer than maxAgeNs at host time nowNs,
 *  the one begun first first. */
export function groupFlushDue(a: Group, b: Group, nowNs: i64, idleNs: i64, maxAgeNs: i64): void {
  const da = groupDue(a, nowNs, idleNs, maxAgeNs);
  const db = groupDue(b, nowNs, idleNs, maxAgeNs);
  if (da && db) groupReleaseBoth(a, b);
  else if (da) emitGroup(a, 0);
  else if (db) emitGroup(b, 0);
}
