// The batch driver: one input window per `begin`, processed by `next` in steps until the window is used up
// or the record table is at its cap. The arena is reset per `begin` (not per `next`) so every row of every
// `next` of one window stays valid until the host's next `begin`, `flush` or `close`.

import { arenaReset } from "../mem/arena";
import { ROW_CAP, rowCount, tableInit, tablePtr, tableReset } from "../emit/table";
import { frameAnyLines, frameFinish, frameOneLine, frameStep } from "../frame/frame";
import { SegmentConsumer, consumerOf } from "./consumer";
import { releaseHeld } from "../join/join";
import { membersClear } from "../emit/members";
import { resolveSource } from "./enrich";
import { inputCap, inputPtr } from "./window";
import { onSegmentCall } from "./segment";
import { drainGroups, drainJoin, groupingUsed, markGroupingUsed, sinkCallStart } from "./sink";
import { budgetCallStart, setCutTailSegment } from "./budget";
import {
  MAX_WINDOW_BYTES, setShowLevels, groupIdleNs, groupLanguages, groupMaxAgeNs, rowsPerSegment, setGroupOptions, setLimits,
} from "../common/config";
import { groupCallStart, groupFlushDue, groupReleaseBoth, groupWindow } from "../group/group";
import { setRules } from "../group/rules";
import { C_BYTES_IN, C_SOURCES_OPEN, count } from "../common/counters";
import { Source, freeSlot, openSlot, sourceAt } from "./source";

// the budget decodes cut tails through the same onSegment as this loop (set at instantiation)
setCutTailSegment(onSegmentCall);


let current: Source | null = null;
// rows a `next` step stops at (at most the table's cap): a host that batches by size asks for small steps, so the
// rows of one step never overshoot its batch by much (the agent's Batcher)
let stepRows: i32 = ROW_CAP;

/** Bytes of the current window that `next` has not reached yet, for source s (0 for any other source): offsets
 *  read between two steps of one window (engine/offsets.ts) must not count them as handed on. */
export function windowRest(s: Source): u64 {
  return s === current ? <u64>(end - pos) : 0;
}

/** Sets the rows a `next` step stops at, 1 to ROW_CAP (the default); returns the value set. */
export function setStepRows(n: i32): i32 {
  stepRows = n < 1 ? 1 : n > ROW_CAP ? ROW_CAP : n;
  return stepRows;
}

// a closed source is freed at the next call, so the encoder can still read its file member for close()'s rows
let closing: Source | null = null;

export function freeClosing(): void {
  const c = closing;
  if (c !== null) {
    membersClear(c.id);
    freeSlot(c);
    closing = null;
  }
}

function startCall(nowMs: f64): void {
  freeClosing();
  sinkCallStart(<i64>(nowMs * 1e6));
  groupCallStart();
  budgetCallStart();
  if (tablePtr == 0) tableInit(rowsPerSegment() * 2 + 8);
  arenaReset();
  tableReset();
}
let pos: usize = 0;
let end: usize = 0;

export function configure(maxRecordBytes: u32, maxLineBytes: u32, maxHeldBytes: u32): void {
  setLimits(maxRecordBytes, maxLineBytes, maxHeldBytes);
  tableInit(rowsPerSegment() * 2 + 8);
}

/** Engine-wide grouping options (common/config.ts); `languages` is the default for sources opened after. */
export function configureGroup(
  languages: u32, maxLines: u32, maxBytes: u32, idleMs: f64, maxAgeMs: f64, leadLine: bool,
): void {
  setGroupOptions(languages, maxLines, maxBytes, idleMs, maxAgeMs, leadLine);
}

/** Whether records show their level (common/config.ts showLevels). */
export function configureLevels(on: bool): void {
  setShowLevels(on);
}

/** The user's multiline rules: compiled regex handles of this instance (0 = none); the engine owns them. */
export function configureGroupRules(start: usize, cont: usize, end: usize): void {
  setRules(start, cont, end);
  if (start != 0) markGroupingUsed();
}

/** Opens a source; `languages` < 0 takes the engine's default detectors, else these (0: no grouping). */
export function openSource(format: u8, pathPtr: usize, pathLen: u32, languages: i32): i32 {
  if (format > 2) return -1;
  freeClosing();
  const langs = languages < 0 ? groupLanguages : <u32>languages & 0xff;
  if (langs != 0) markGroupingUsed();
  const s = openSlot(format, langs, pathPtr, pathLen);
  resolveSource(s);
  return <i32>s.id;
}

/** Installs [inputPtr, inputPtr + len) as the window of source id at host time nowMs; -1 for an unknown
 *  source. */
export function begin(id: u32, len: u32, nowMs: f64): i32 {
  current = null;
  pos = end = 0;
  startCall(nowMs);
  frameAnyLines();
  const s = sourceAt(id);
  if (s === null || <usize>len > inputCap) return -1;
  current = s;
  pos = inputPtr;
  end = inputPtr + <usize>len;
  s.frame.window(inputPtr, len);
  if (groupingUsed) groupWindow(id, s.group, inputPtr, <usize>len);
  count(C_BYTES_IN, len);
  return 0;
}

/** begin for a window that is one whole line: its only '\n' is its last byte (the caller knows; the Fluent Bit
 *  module's raw records), which spares the frame stage its search in the interpreted build. */
export function beginLine(id: u32, len: u32, nowMs: f64): i32 {
  const r = begin(id, len, nowMs);
  if (r == 0 && len != 0) frameOneLine(inputPtr, inputPtr + <usize>len);
  return r;
}

/** Processes the window until it is used up or the table is full; returns the number of rows. */
export function next(): i32 {
  tableReset();
  const s = current;
  if (s === null) return 0;
  const c = consumerOf(s);
  const fs = s.frame;
  let p = pos;
  const e = end;
  while (p < e && rowCount < stepRows) p = frameStep<SegmentConsumer>(c, fs, p, e);
  pos = p;
  return rowCount;
}

/** Releases both streams' held records (stdout first) through the sink. */
function releaseBoth(s: Source): void {
  releaseHeld(s.join.out);
  releaseHeld(s.join.err);
  drainJoin();
}

export function remaining(): u32 {
  return <u32>(end - pos);
}

/**
 * Flushes a source at host time nowMs. `due` false: releases held partial pieces (flagged partial) and every
 * open group. `due` true: releases only groups idle longer than the idle limit or older than the age limit.
 */
export function flush(id: u32, nowMs: f64, due: bool): i32 {
  current = null;
  pos = end = 0;
  startCall(nowMs);
  const s = sourceAt(id);
  if (s === null) return -1;
  if (due) {
    const now = <i64>(nowMs * 1e6);
    groupFlushDue(s.group.out, s.group.err, now, groupIdleNs, groupMaxAgeNs);
    drainGroups();
  } else {
    releaseBoth(s);
    releaseGroups(s);
  }
  return rowCount;
}

/** Releases both streams' open groups (the one begun first first). */
function releaseGroups(s: Source): void {
  groupReleaseBoth(s.group.out, s.group.err);
  drainGroups();
}

/**
 * Ends a source's input as close does (its carried tail is its last line, held pieces and open groups are
 * released) but keeps the source open: its metadata, NDJSON members and select state stay, so records kept
 * by the record store (engine/store.ts) can still be selected and encoded. -1 for an unknown source.
 */
export function finish(id: u32, nowMs: f64): i32 {
  const s = endInput(id, nowMs);
  return s === null ? -1 : rowCount;
}

/** Ends a source: its carried tail is its last line, held pieces are released, its state is freed. */
export function close(id: u32, nowMs: f64): i32 {
  const s = endInput(id, nowMs);
  if (s === null) return -1;
  count(C_SOURCES_OPEN, <u64>-1); // closed now, even though its memory is freed at the next call
  closing = s;
  return rowCount;
}

/** A call that ends source id's input: its last line, held pieces, open groups; null for an unknown source. */
function endInput(id: u32, nowMs: f64): Source | null {
  current = null;
  pos = end = 0;
  startCall(nowMs);
  const s = sourceAt(id);
  if (s === null) return null;
  frameFinish<SegmentConsumer>(consumerOf(s), s.frame);
  releaseBoth(s);
  releaseGroups(s);
  return s;
}
