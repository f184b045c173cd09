// The record store (for the viewer, docs/viewer.md): every row the engine writes, kept, so the filters can run
// again over all records without reparsing, and a selection can be written by the NDJSON encoder unchanged.
//
//   arena chunk  [log | attrs][log | attrs]…   8 MiB blocks that never move; a record too big for one gets its own
//   row chunk    65536 rows in emit/table.ts's 48-byte layout; log/attrs pointers point into the arena;
//                level detected (never LEVEL_LAZY); byte 38 (query error) is the last selection's answer
//   selection    u32 store indices of the records the last storeSelect kept, in store order
//
// Invariants: row i is at rowDir[i >> ROW_SHIFT] + (i & ROW_MASK) * ROW_SIZE for i < storeCount; stored bytes
// never move and are freed only by storeClear; the sources the rows name stay open while the store holds
// them (the host ends them with `finish`, never `close`, engine/engine.ts).
//
// Contracts:
//   storeAppend()  reads the current table's rows and their bytes; appends them; returns the store's count.
//   storeSelect()  reads every stored row and its bytes, runs the installed filters (select stage, as the sink
//                  runs them) and the time range; writes the selection, the histogram and the per-source
//                  counts; counts nothing in the engine's counters; returns the number kept.
//   storeEncode()  copies selection entries [from, to) (at most ROW_CAP) into the table and encodes them with
//                  the NDJSON encoder; returns the bytes at outAddress().

import { ROW_CAP, ROW_SIZE, rowCount, tablePtr, tableAppendRow, tableReset } from "../emit/table";
import { encodeNdjson } from "../emit/ndjson";
import { copyBytes } from "../mem/copy";
import { LEVEL_COUNT, LEVEL_LAZY } from "../common/levels";
import { recordLevelInline } from "../enrich/record-level";
import { SELECT_KEEP, queryError, selectOn, selectRecord } from "../select/select";
import { V_DROP_GREP, V_DROP_QUERY } from "../select/state";
import { PointerArray } from "../mem/pointer-array";
import { freshen } from "./enrich";
import { sourceAt } from "./source";
import { DEBUG } from "../common/debug";

const ROW_SHIFT: u32 = 16;
const ROW_MASK: u32 = (1 << ROW_SHIFT) - 1;
const ARENA_CHUNK: usize = 8 << 20;
const STREAMS: u32 = 3;

let storeCount: u32 = 0;
const rowDir: PointerArray = PointerArray.create();
/** every arena block (for storeClear) */
const blocks: PointerArray = PointerArray.create();
let blockCount: u32 = 0;
let arenaPos: usize = 0;
let arenaEnd: usize = 0;
let storedBytes: u64 = 0;
/** one more than the highest source id a stored row names */
let sourceSpan: u32 = 0;
let minTime: i64 = i64.MAX_VALUE;
let maxTime: i64 = i64.MIN_VALUE;

let selPtr: usize = 0;
let selCap: u32 = 0;
let selCount: u32 = 0;
let histPtr: usize = 0;
let histCap: usize = 0;
let bySrcPtr: usize = 0;
let bySrcCap: usize = 0;
let bySrcSources: u32 = 0;
let droppedSelector: u32 = 0;
let droppedQuery: u32 = 0;
let droppedGrep: u32 = 0;
let droppedTime: u32 = 0;

// @ts-ignore: decorator
@inline function rowAt(i: u32): usize {
  return rowDir.get(i >> ROW_SHIFT) + <usize>(i & ROW_MASK) * ROW_SIZE;
}

function newBlock(size: usize): usize {
  const p = heap.alloc(size);
  blocks.set(blockCount++, p);
  storedBytes += size;
  return p;
}

/** n bytes of arena that never move. */
function arenaTake(n: usize): usize {
  if (n > ARENA_CHUNK >> 2) return newBlock(n); // a big record: its own block, the current one stays in use
  if (arenaPos + n > arenaEnd) {
    arenaPos = newBlock(ARENA_CHUNK);
    arenaEnd = arenaPos + ARENA_CHUNK;
  }
  const p = arenaPos;
  arenaPos += n;
  return p;
}

export function storeAppend(): u32 {
  for (let k = 0; k < rowCount; k++) {
    const r = tablePtr + <usize>k * ROW_SIZE;
    const i = storeCount;
    if ((i & ROW_MASK) == 0) rowDir.set(i >> ROW_SHIFT, newBlock(<usize>(ROW_MASK + 1) * ROW_SIZE));
    const s = rowAt(i);
    memory.copy(s, r, ROW_SIZE);
    const logPtr = <usize>load<u32>(r, 8);
    const logLen = <usize>load<u32>(r, 12);
    const attrsPtr = <usize>load<u32>(r, 16);
    const attrsLen = <usize>load<u32>(r, 20);
    const p = arenaTake(logLen + attrsLen);
    copyBytes(p, logPtr, logLen);
    copyBytes(p + logLen, attrsPtr, attrsLen);
    store<u32>(s, <u32>p, 8);
    store<u32>(s, <u32>(p + logLen), 16);
    // the level as the encoder would write it, decided once
    // (detected even when levels are off: a filter may read it; the encoder leaves it out then)
    let level = load<u8>(r, 37);
    if (level == LEVEL_LAZY) level = recordLevelInline(p, logLen, load<u8>(r, 32), load<u8>(r, 36));
    store<u8>(s, level, 37);
    const id = load<u32>(r, 24);
    if (id >= sourceSpan) sourceSpan = id + 1;
    store<u8>(s, 0, 38);
    const t = load<i64>(r);
    if (t > 0 && t < minTime) minTime = t; // time 0: none known (an error line before any good one)
    if (t > 0 && t > maxTime) maxTime = t;
    storeCount = i + 1;
  }
  return storeCount;
}

/** Grows a buffer of u32 counts to hold n (zeroed). */
function zeroed(ptr: usize, cap: usize, bytes: usize): usize {
  if (bytes > cap) {
    if (ptr != 0) heap.free(ptr);
    ptr = heap.alloc(bytes);
  }
  memory.fill(ptr, 0, bytes);
  return ptr;
}

export function storeSelect(fromNs: i64, toNs: i64, bucketFromNs: i64, bucketNs: i64, buckets: u32): u32 {
  if (selCap < storeCount) {
    if (selPtr != 0) heap.free(selPtr);
    selCap = storeCount;
    selPtr = heap.alloc(<usize>selCap << 2);
  }
  const histBytes = <usize>buckets * <usize>LEVEL_COUNT * 4;
  histPtr = zeroed(histPtr, histCap, histBytes);
  if (histBytes > histCap) histCap = histBytes;
  // per-source counts: as many sources as the highest id any stored row names
  const sources = sourceSpan;
  bySrcSources = sources;
  const srcBytes = <usize>sources * STREAMS * <usize>LEVEL_COUNT * 4;
  bySrcPtr = zeroed(bySrcPtr, bySrcCap, srcBytes);
  if (srcBytes > bySrcCap) bySrcCap = srcBytes;
  droppedSelector = droppedQuery = droppedGrep = droppedTime = 0;

  let kept: u32 = 0;
  for (let i: u32 = 0; i < storeCount; i++) {
    const s = rowAt(i);
    const t = load<i64>(s);
    if (t < fromNs || t >= toNs) {
      droppedTime++;
      continue;
    }
    const id = load<u32>(s, 24);
    const stream = load<u8>(s, 32);
    const level = load<u8>(s, 37);
    let qerr: u8 = 0;
    if (selectOn) {
      const src = sourceAt(id);
      if (src !== null) {
        freshen(src);
        const v = selectRecord(src.select, src.enrich.kube, stream, level, <usize>load<u32>(s, 8), <usize>load<u32>(s, 12));
        if (v != SELECT_KEEP) {
          if (v == V_DROP_QUERY) droppedQuery++;
          else if (v == V_DROP_GREP) droppedGrep++;
          else droppedSelector++;
          continue;
        }
        qerr = queryError;
      }
    }
    store<u8>(s, qerr, 38);
    store<u32>(selPtr + (<usize>kept << 2), i);
    kept++;
    if (DEBUG) assert(level < LEVEL_COUNT && stream < <u8>STREAMS);
    const sc = bySrcPtr + ((<usize>id * STREAMS + <usize>stream) * <usize>LEVEL_COUNT + <usize>level) * 4;
    store<u32>(sc, load<u32>(sc) + 1);
    if (buckets != 0 && t >= bucketFromNs) {
      const b = (t - bucketFromNs) / bucketNs;
      if (b < <i64>buckets) {
        const hc = histPtr + (<usize>b * <usize>LEVEL_COUNT + <usize>level) * 4;
        store<u32>(hc, load<u32>(hc) + 1);
      }
    }
  }
  selCount = kept;
  return kept;
}

export function storeEncode(from: u32, to: u32): u32 {
  tableReset();
  if (to > selCount) to = selCount;
  if (to > from + <u32>ROW_CAP) to = from + <u32>ROW_CAP;
  for (let k = from; k < to; k++) tableAppendRow(rowAt(load<u32>(selPtr + (<usize>k << 2))));
  const n = encodeNdjson();
  tableReset();
  return n;
}

/** Frees every stored record (the sources stay as they are). */
export function storeClear(): void {
  for (let b: u32 = 0; b < blockCount; b++) heap.free(blocks.get(b));
  blockCount = 0;
  storeCount = 0;
  selCount = 0;
  arenaPos = arenaEnd = 0;
  storedBytes = 0;
  sourceSpan = 0;
  minTime = i64.MAX_VALUE;
  maxTime = i64.MIN_VALUE;
}

export function storeLength(): u32 {
  return storeCount;
}

export function storeRowAddress(i: u32): usize {
  return i < storeCount ? rowAt(i) : 0;
}

export function storeSelectedAddress(): usize {
  return selPtr;
}

export function storeHistogramAddress(): usize {
  return histPtr;
}

export function storeBySourceAddress(): usize {
  return bySrcPtr;
}

export function storeBySourceSources(): u32 {
  return bySrcSources;
}

/** Records the last selection dropped: 0 selector, 1 query, 2 grep, 3 time range. */
export function storeDropped(kind: i32): u32 {
  return kind == 0 ? droppedSelector : kind == 1 ? droppedQuery : kind == 2 ? droppedGrep : droppedTime;
}

export function storeMinTime(): i64 {
  return minTime;
}

export function storeMaxTime(): i64 {
  return maxTime;
}

/** Bytes the store holds (arena blocks and row chunks). */
export function storeBytes(): f64 {
  return <f64>storedBytes;
}
