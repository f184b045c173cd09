// The one record path after join: every record — a whole line, a joined record, an error line, a piece
// released by flush, close or the budget — comes here, runs the later stages in order (group, enrich,
// select), and only then is counted and written as a row. A record a later stage takes (a line held in a
// group) is not counted; one select drops is counted as dropped (by filter kind), not as emitted.
//
// Enrich: the record's level (enrich/record-level.ts), detected here only when a filter reads it (else the row
// says LEVEL_LAZY and the encoder or the host detects it); the source's Kubernetes metadata is per source, kept
// current by engine/enrich.ts.
//
// Group: records of a source with detectors on, on stdout/stderr, with no flag, go through the group stage;
// a flagged record (partial, truncated) first closes its stream's group and then passes alone; error records
// (stream unknown) pass and leave groups alone.

import {
  C_DROPPED_GREP, C_DROPPED_QUERY, C_DROPPED_SELECTOR, C_ERROR_BASE, C_ERROR_RECORDS, C_PARTIAL_RELEASED,
  C_QUERY_ERRORS, C_TRUNCATED, count, countRecord,
} from "../common/counters";
import { LEVEL_LAZY, LEVEL_NONE } from "../common/levels";
import { recordLevel } from "../enrich/record-level";
import { SELECT_KEEP, queryError, selectNeedsLevel, selectOn, selectRecord } from "../select/select";
import { V_DROP_GREP, V_DROP_QUERY } from "../select/state";
import { freshen, metadataUsed } from "./enrich";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../common/record";
import { emitRow } from "../emit/table";
import { RecordQueue } from "../mem/record-queue";
import { joinOut } from "../join/join";
import { G_ALONE, groupApply, groupDecide, groupOut, groupPassesPlainInCall, groupRelease } from "../group/group";
import { rulesOn } from "../group/rules";
import { makeRoom } from "./budget";
import { sourceAt } from "./source";

/** Host clock (ns) of the current call (begin/flush), for the group stage's idle and age limits. */
export let callNowNs: i64 = 0;
/** True for a call in which no stage after join has anything to do (set at the start of every call). */
let plainCall = false;

/** True once any source was opened with detectors on: records of other engines skip the lookup. */
export let groupingUsed = false;

export function markGroupingUsed(): void {
  groupingUsed = true;
}

// @ts-ignore: decorator
@inline export function sink(
  time: i64, logPtr: usize, logLen: usize, attrsPtr: usize, attrsLen: usize,
  source: u32, lines: u32, stream: u8, flags: u8, error: u8, format: u8, start: u64,
): void {
  if (plainCall) {
    // no stage after join has work in this call: count and write, nothing else (the common case)
    countRecord();
    if (flags != 0) countFlags(flags, error);
    emitRow(time, logPtr, logLen, attrsPtr, attrsLen, source, lines, stream, flags, error, format, 0, 1, LEVEL_LAZY, 0);
    return;
  }
  if (groupingUsed && stream < 2 && !groupPassesPlainInCall(source, stream, flags, logPtr, logLen)
    && grouped(time, logPtr, logLen, attrsPtr, attrsLen, source, lines, stream, flags, format, start)) {
    return; // most lines of a call's source pass the first test (no candidate, nothing open): no lookup, no call
  }
  emit(time, logPtr, logLen, attrsPtr, attrsLen, source, lines, stream, flags, error, format, 0, 1);
}

/** Enrich and select, then counts the record and writes its row (or counts it dropped). */
// @ts-ignore: decorator
@inline function emit(
  time: i64, logPtr: usize, logLen: usize, attrsPtr: usize, attrsLen: usize,
  source: u32, lines: u32, stream: u8, flags: u8, error: u8, format: u8, detector: u8, logLines: u32,
): void {
  // the level only when a filter reads it; else whoever reads the row detects it (enrich/record-level.ts)
  const level = selectNeedsLevel ? recordLevel(logPtr, logLen, stream, detector) : LEVEL_LAZY;
  let qerr: u8 = 0;
  if (selectOn || metadataUsed) {
    if (!selected(source, stream, level == LEVEL_LAZY ? LEVEL_NONE : level, logPtr, logLen)) return;
    qerr = keptQueryError;
  }
  countRecord();
  if (flags != 0) countFlags(flags, error);
  emitRow(time, logPtr, logLen, attrsPtr, attrsLen, source, lines, stream, flags, error, format, detector, logLines, level, qerr);
}

/** The LogQL error of the record `selected` last kept (0 when none, or when no filter ran). */
let keptQueryError: u8 = 0;

/**
 * Keeps the source's metadata current, then runs the select stage for one record: true to keep it; a dropped
 * record is counted by the filter that dropped it.
 */
function selected(source: u32, stream: u8, level: u8, p: usize, n: usize): bool {
  keptQueryError = 0;
  const src = sourceAt(source);
  if (src === null) return true;
  freshen(src);
  if (!selectOn) return true;
  const v = selectRecord(src.select, src.enrich.kube, stream, level, p, n);
  if (v == SELECT_KEEP) {
    keptQueryError = queryError;
    if (queryError != 0) count(C_QUERY_ERRORS);
    return true;
  }
  count(v == V_DROP_QUERY ? C_DROPPED_QUERY : v == V_DROP_GREP ? C_DROPPED_GREP : C_DROPPED_SELECTOR);
  return false;
}

function countFlags(flags: u8, error: u8): void {
  if (flags & FLAG_ERROR) {
    count(C_ERROR_RECORDS);
    count(C_ERROR_BASE + <i32>error);
  }
  if (flags & FLAG_TRUNCATED) count(C_TRUNCATED);
  if (flags & FLAG_PARTIAL) count(C_PARTIAL_RELEASED);
}

/** The group stage for one record; true when it took the record (held, or emitted inside a group). */
function grouped(
  time: i64, p: usize, n: usize, attrsPtr: usize, attrsLen: usize, source: u32, lines: u32, stream: u8, flags: u8,
  format: u8, start: u64,
): bool {
  const src = sourceAt(source);
  if (src === null) return false;
  const gs = src.group;
  const langs = gs.languages;
  if (langs == 0 && !rulesOn()) return false;
  const g = gs.group(stream);
  if (flags != 0) {
    groupRelease(g);
    drainGroups();
    return false;
  }
  const act = groupDecide(g, langs, p, n);
  if (act == G_ALONE && !g.active) return false; // most lines: alone, nothing open, not a lead line (groupApply's no-op)
  if ((act & G_ALONE) == 0) makeRoom(n + 1);
  const alone = groupApply(g, act, langs, callNowNs, time, p, n, attrsPtr, attrsLen, lines, format, start);
  if (groupOut.head < groupOut.count) drainGroups(); // most lines complete no group: skip the call
  return !alone;
}

function drain(q: RecordQueue, grouping: bool): void {
  if (q.draining) return;
  q.draining = true;
  while (q.head < q.count) {
    const r = q.at(q.head);
    q.head++;
    const time = load<i64>(r);
    const ptr = <usize>load<u32>(r, 8);
    const len = <usize>load<u32>(r, 12);
    const attrsPtr = <usize>load<u32>(r, 16);
    const attrsLen = <usize>load<u32>(r, 20);
    const source = load<u32>(r, 24);
    const lines = load<u32>(r, 28);
    const stream = load<u8>(r, 32);
    const flags = load<u8>(r, 33);
    const format = load<u8>(r, 34);
    if (grouping) {
      emit(time, ptr, len, attrsPtr, attrsLen, source, lines, stream, flags, 0, format, load<u8>(r, 35), load<u32>(r, 36));
    } else {
      sink(time, ptr, len, attrsPtr, attrsLen, source, lines, stream, flags, 0, format, load<u64>(r, 40));
    }
  }
  q.reset();
}

/** Passes every record join queued (mem/record-queue.ts, its layout) to the sink, in order. */
export function drainJoin(): void {
  drain(joinOut, false);
}

/** Writes every record the group stage completed, in order (they have passed every stage up to group). */
export function drainGroups(): void {
  drain(groupOut, true);
}

/** At the start of every host call: queues a trap interrupted are emptied (see mem/record-queue.ts). */
export function sinkCallStart(nowNs: i64): void {
  joinOut.reset();
  groupOut.reset();
  callNowNs = nowNs;
  // what turns the later stages on is only ever changed by host calls of its own, never inside this one
  plainCall = !groupingUsed && !selectOn && !metadataUsed;
}
