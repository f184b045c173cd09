// Group: joins the lines of an exception stack trace (group/detect decides per line) into one record per
// (source, stream): its lines joined with '\n', the first line's time, the detector's language, how many
// records it holds. Lines that are no trace pass alone; the other stream never breaks or joins a group.
//
// Per line the caller (engine/sink.ts) asks `groupDecide` (runs the detector), makes room in the engine's
// budget when the line will be held, then `groupApply`. Records the stage completes go to the `groupOut`
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
import { groupMaxBytes, groupMaxLines } from "../common/config";
import {
  DET_CSHARP, DET_DART, DET_GO, DET_JAVA, DET_JS, DET_NONE, DET_PHP, DET_PYTHON, DET_RUBY,
} from "../common/detectors";
import { ACT_END, ACT_NO_TRACE, ACT_START, LANG_CSHARP, LANG_JAVA, LANG_JS, detectStep } from "./detect";
import { S_DART_EXC, S_GO_AFTER_PANIC, S_JS_SRC1, S_PHP_BEGIN, S_PY_TB, S_RB_RAILS_BEFORE } from "./detect/states";
import { Group } from "./state";

/** The records the stage completed in the current call (drained by the caller). */
export const groupOut: RecordQueue = RecordQueue.create();

const groupAges: AgeList = ageListNew();

/** The oldest active group, or 0 (for the engine's budget). */
export function oldestGroup(): usize {
  return groupAges.oldest;
}

/** The language of a detector state (states belong to one language; the JVM family is shared). */
function languageOf(langs: u32, state: u32): u8 {
  if (state == 0) return DET_NONE;
  if (state < S_JS_SRC1) {
    // the shared JVM-family rules: name the one family member that is on, Java when several are
    const family = langs & (LANG_JAVA | LANG_JS | LANG_CSHARP);
    return family == LANG_JS ? DET_JS : family == LANG_CSHARP ? DET_CSHARP : DET_JAVA;
  }
  if (state < S_PY_TB) return DET_JS;
  if (state < S_PHP_BEGIN) return DET_PYTHON;
  if (state < S_GO_AFTER_PANIC) return DET_PHP;
  if (state < S_RB_RAILS_BEFORE) return DET_GO;
  if (state < S_DART_EXC) return DET_RUBY;
  return DET_DART;
}

/** Runs the detector on the line [p, p+n); returns its action (group/detect ACT_*), the state is kept. */
export function groupDecide(g: Group, langs: u32, p: usize, n: usize): u32 {
  const r = detectStep(langs, g.state, p, n);
  g.state = r & 0xffff;
  return r >> 16;
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
  groupOut.push(g.time, ptr, len, attrsPtr, attrsLen, g.sourceId, g.lines, g.stream, flags, g.format, g.detector, g.logLines);
  g.active = false;
  ageRemove(groupAges, changetype<usize>(g), offsetof<Group>("older"));
  g.buf.truncate(0);
  if (g.buf.cap > (256 << 10)) g.buf.clear();
  g.attrs.clear();
}

function begin(
  g: Group, langs: u32, nowNs: i64, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize, lines: u32,
  format: u8,
): void {
  g.active = true;
  agePush(groupAges, changetype<usize>(g), offsetof<Group>("older"));
  g.detector = languageOf(langs, g.state);
  g.format = format;
  g.time = time;
  g.lines = lines;
  g.logLines = 1;
  g.firstSeen = nowNs;
  g.buf.set(p, n);
  g.attrs.set(attrsPtr, attrsLen);
}

/**
 * Applies the detector's action to the line; returns true when the line passes alone (the caller emits it
 * after draining groupOut), false when the stage took it.
 */
export function groupApply(
  g: Group, act: u32, langs: u32, nowNs: i64, time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize,
  lines: u32, format: u8,
): bool {
  if (act == ACT_NO_TRACE) {
    if (g.active) emitGroup(g, 0);
    return true;
  }
  if (act == ACT_START && g.active) emitGroup(g, 0);
  if (g.active && (g.logLines >= groupMaxLines || g.buf.len + 1 + n > groupMaxBytes)) emitGroup(g, FLAG_TRUNCATED);
  if (!g.active) {
    begin(g, langs, nowNs, time, p, n, attrsPtr, attrsLen, lines, format);
  } else {
    g.buf.append(memory.data<u8>([0x0a]), 1);
    g.buf.append(p, n);
    g.lines += lines;
    g.logLines++;
  }
  g.lastSeen = nowNs;
  if (act == ACT_END) emitGroup(g, 0);
  return false;
}

/** Queues the group now if it is open (close, an explicit flush, the budget, a record that cannot join). */
export function groupRelease(g: Group): void {
  if (g.active) emitGroup(g, 0);
}

/** Queues the group if it has been idle longer than idleNs or open longer than maxAgeNs at host time nowNs. */
export function groupFlushDue(g: Group, nowNs: i64, idleNs: i64, maxAgeNs: i64): void {
  if (g.active && (nowNs - g.lastSeen > idleNs || nowNs - g.firstSeen > maxAgeNs)) emitGroup(g, 0);
}
