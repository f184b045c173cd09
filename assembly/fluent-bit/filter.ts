// The Fluent Bit filter: start-up (settings from logsieve.json, applied to the engine) and the per-record call.
//
// One call = one record in, at most one out (Fluent Bit's filter_wasm, JSON event format):
//
//   record ──▶ record.ts (members) ──▶ tick?  ──▶ a waiting record, or the oldest idle trace (flush due)
//                                  └─▶ no "log"? ──▶ passed through unchanged
//                                  └─▶ tags.ts (the tag's source) ──▶ line.ts (the engine's line, kind a or b)
//                                      ──▶ engine begin/next (decode, join, group, enrich, select: the one
//                                          record path) ──▶ NDJSON objects, each to its own tag's queue
//   answer: the tag's first waiting object (NUL-terminated), or "" (held, or dropped by a filter)
//
// Invariants: the answer is one JSON object or ""; records of a tag go out in the order the engine completed
// them; nothing completed is dropped (a closed tag's records wait in `orphans` until ticks take them).

import { begin, beginLine, close, configure, configureGroup, configureGroupRules, configureLevels, flush, next, openSource, remaining } from "../engine/engine";
import { inputReserve } from "../engine/window";
import { compileFilter, freeFilter, installFilter, setSourceMeta } from "../engine/metadata";
import { encodeNdjson, outPtr } from "../emit/ndjson";
import { ROW_SIZE, tablePtr } from "../emit/table";
import { groupDue, oldestGroup } from "../group/group";
import { groupIdleNs, groupMaxAgeNs } from "../common/config";
import { Group } from "../group/state";
import { FORMAT_DOCKER } from "../common/record";
import { regexCompile } from "../regex/regex";
import { errorMessage as regexErrorMessage, errorPos as regexErrorPos } from "../regex/errors";
import { FILTER_GREP, FILTER_QUERY, FILTER_SELECTOR } from "../select/select";
import { filter_error_message_len, filter_error_message_ptr, filter_error_pos } from "../select/error";
import { clockMs, fileError, fileLen, preopenCount, preopenFd, preopenName, preopenNameLen, readFileAt, writeStderr } from "./wasi";
import { atEnd, columnOf, errorMessage, errorOffset, fail, failed, lineOf, offset, readerStart } from "./config-json";
import * as settings from "./settings";
import { isObject, isTick, kubeAt, kubeEnd, logAt, logDecodedLen, logEnd, logPlainPrefix, logRoundTrips, readRecord } from "./record";
import { clearEscapedTwin, setEscapedTwin } from "../emit/escaped-twin";
import { isParsed, lineCapacity, parsedLine, rawLine } from "./line";
import { kubeEncoding, kubeEncodingCapacity } from "./kube-map";
import { tagPath } from "./tag-path";
import { findByte } from "../scan";
import { OutQueue, ResultBuf } from "./queue";
import { Tag, addTag, findTag, lru, removeTag, sameKube, setTagKube, tagCount, tagOfSource, tagsInit, touchTag } from "./tags";

const CONFIG_NAME = "logsieve.json";
const MAX_CONFIG_BYTES: usize = 1 << 20;
/** Tags closed for idleness per call at most (the rest go on later calls). */
const EVICT_PER_CALL: i32 = 4;
/** Groups a tick looks at, oldest first, for one that is due. */
const TICK_SCAN: i32 = 64;

const EMPTY: usize = memory.data(8); // "" (zeros)

let passthrough = false;
let prefixPtr: usize = 0;
let prefixLen: usize = 0;
const orphans = OutQueue.create();
const result = ResultBuf.create();
/** Records waiting in tags' queues (not counting orphans). */
let waiting: u32 = 0;

// the module's own counters (logsieve_stats)
let cRecords: u64 = 0, cPassed: u64 = 0, cTicks: u64 = 0, cTickOut: u64 = 0, cOut: u64 = 0;
let cNotObject: u64 = 0, cTagsOpened: u64 = 0, cTagsIdle: u64 = 0, cTagsLimit: u64 = 0, cKubeBad: u64 = 0;

// ------------------------------------------------------------------------------------------------ messages

function say(message: string): void {
  const b = String.UTF8.encode("[logsieve] " + message + "\n");
  writeStderr(changetype<usize>(b), <usize>b.byteLength);
}

function bytesText(p: usize, n: usize): string {
  return String.UTF8.decodeUnsafe(p, n);
}

// ------------------------------------------------------------------------------------------------ start-up

/** Reads logsieve.json from the first accessible path that has one and applies it; on any error says where on
 *  stderr and passes every record through unchanged. */
export function start(): void {
  const name = String.UTF8.encode(CONFIG_NAME);
  const n = preopenCount();
  let text: usize = 0;
  let where = "";
  for (let i: u32 = 0; i < n; i++) {
    const fd = preopenFd(i);
    const p = readFileAt(fd, changetype<usize>(name), <usize>name.byteLength, MAX_CONFIG_BYTES);
    const dir = preopenName(fd);
    const dirText = dir != 0 ? bytesText(dir, preopenNameLen) : "?";
    if (dir != 0) heap.free(dir);
    if (p != 0) {
      text = p;
      where = (dirText == "." ? "" : dirText + "/") + CONFIG_NAME;
      break;
    }
    if (fileError != 1) {
      passthrough = true;
      say(dirText + "/" + CONFIG_NAME + ": " + (fileError == 3 ? "larger than 1 MiB" : "could not be read") +
        "; records pass through unchanged");
      return;
    }
  }
  if (text != 0) {
    readerStart(text, fileLen);
    settings.readSettings();
    if (!failed && !atEnd()) fail(offset(), "text after the settings object");
    if (failed) {
      passthrough = true;
      say(where + ":" + lineOf(errorOffset).toString() + ":" + columnOf(errorOffset).toString() + ": " +
        errorMessage + "; records pass through unchanged");
      heap.free(text);
      return;
    }
  }
  const error = apply();
  if (error.length != 0) {
    passthrough = true;
    say((text != 0 ? where : CONFIG_NAME) + ":" + error + "; records pass through unchanged");
  } else {
    say(text != 0 ? "settings from " + where : "no " + CONFIG_NAME + " in accessible_paths: default settings");
  }
  if (text != 0) heap.free(text);
}

/** "L:C: what" for an error at byte pos of the string setting t (pos counted in its decoded bytes). */
function textError(t: settings.Text, what: string, pos: i32, message: string): string {
  return lineOf(t.offset).toString() + ":" + columnOf(t.offset).toString() + ": " + what + ": " + message +
    " at position " + pos.toString();
}

function compileRule(t: settings.Text, what: string): usize {
  if (t.ptr == 0) return 0;
  const h = regexCompile(t.ptr, <i32>t.len, 0);
  if (h == 0) ruleError = textError(t, what, regexErrorPos(), regexErrorMessage());
  return h;
}
let ruleError = "";

/** Compiles a filter setting through the engine's own host call (its text staged in the input window). */
function compileFilterText(kind: i32, t: settings.Text): usize {
  const w = inputReserve(<u32>t.len);
  if (w == 0) return 0;
  memory.copy(w, t.ptr, t.len);
  return compileFilter(kind, <u32>t.len);
}

/** Applies the settings to the engine; returns "" or the error ("L:C: …"). */
function apply(): string {
  configure(settings.maxRecordBytes, settings.lineBytes(), settings.heldBytes());
  configureLevels(settings.levels);
  configureGroup(settings.languages, settings.maxLines, settings.groupBytes(), settings.idleMs, settings.maxAgeMs,
    settings.leadLine);
  const s = compileRule(settings.ruleStart, "multiline.rules.start");
  const c = ruleError.length == 0 ? compileRule(settings.ruleContinue, "multiline.rules.continue") : 0;
  const e = ruleError.length == 0 ? compileRule(settings.ruleEnd, "multiline.rules.end") : 0;
  if (ruleError.length != 0) return ruleError;
  if (s != 0) configureGroupRules(s, c, e);
  const kinds: i32[] = [FILTER_SELECTOR, FILTER_QUERY, FILTER_GREP];
  const texts: settings.Text[] = [settings.selector, settings.query, settings.grep];
  const names: string[] = ["selector", "query", "grep"];
  const progs: usize[] = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const t = texts[i];
    if (t.ptr == 0) continue;
    const prog = compileFilterText(kinds[i], t);
    if (prog == 0) {
      const message = bytesText(filter_error_message_ptr(), filter_error_message_len());
      for (let k = 0; k < i; k++) freeFilter(kinds[k], progs[k]);
      return textError(t, names[i], filter_error_pos(), message);
    }
    progs[i] = prog;
  }
  for (let i = 0; i < 3; i++) if (progs[i] != 0) installFilter(kinds[i], progs[i]);
  tagsInit(settings.maxTags);
  if (settings.tagPrefix.ptr != 0) {
    prefixPtr = settings.tagPrefix.ptr;
    prefixLen = settings.tagPrefix.len;
  } else {
    prefixPtr = memory.data<u8>([0x6b, 0x75, 0x62, 0x65, 0x2e]); // kube.
    prefixLen = 5;
  }
  return "";
}

// ------------------------------------------------------------------------------------------------ records out

// where readRecord decodes a raw record's log (the input window is still in use for the tag's path then)
let decodePtr: usize = 0;
let decodeCap: usize = 0;

function decodeBuf(n: usize): usize {
  if (n + 1 > decodeCap) {
    if (decodeCap != 0) heap.free(decodePtr);
    decodeCap = max<usize>(n + 1, 4096);
    decodePtr = heap.alloc(decodeCap);
  }
  return decodePtr;
}

/** Where the current call's own answer was put (0: none yet). */
let answer: usize = 0;
let current: Tag | null = null;

/** Sends the table's rows (encoded as NDJSON) to their tags' queues; the first of the current tag's becomes
 *  the answer when nothing of that tag is waiting. `dest` (when not null) takes every row instead. */
function route(rows: i32, dest: OutQueue | null): void {
  if (rows <= 0) return;
  const total = <usize>encodeNdjson();
  let p = outPtr;
  const end = outPtr + total;
  for (let i = 0; i < rows && p < end; i++) {
    // one object per line ('\n' never appears inside one: the encoder escapes it); the last ends at `end`
    const nl = i == rows - 1 ? end - 1 : findByte(p, end, 0x0a);
    const n = nl - p;
    cOut++;
    if (dest !== null) {
      dest.push(p, n);
    } else {
      const id = load<u32>(tablePtr + <usize>i * ROW_SIZE, 24);
      const t = tagOfSource(id);
      if (t === null) {
        orphans.push(p, n);
      } else if (t === current && answer == 0 && t.pending.count == 0) {
        answer = result.set(p, n);
      } else {
        t.pending.push(p, n);
        waiting++;
      }
    }
    p = nl + 1;
  }
}

/** Runs the window installed by begin to its end, routing every row. */
function runWindow(): void {
  route(next(), null);
  for (let guard = 0; remaining() > 0 && guard < 1 << 20; guard++) route(next(), null);
}

/** Closes t: its waiting records, then what closing releases, go to the orphans queue; its state is freed. */
function closeTag(t: Tag, nowMs: f64): void {
  if (t.pending.count != 0) {
    waiting -= t.pending.count;
    t.pending.moveTo(orphans);
  }
  route(close(t.sourceId, nowMs), orphans);
  removeTag(t);
}

function evictIdle(nowMs: f64): void {
  for (let i = 0; i < EVICT_PER_CALL && lru.oldest != 0; i++) {
    const t = changetype<Tag>(lru.oldest);
    if (nowMs - t.lastMs <= settings.tagIdleMs) return;
    cTagsIdle++;
    closeTag(t, nowMs);
  }
}

function openTag(p: usize, n: usize, parsed: bool, nowMs: f64): Tag {
  if (tagCount >= settings.maxTags && lru.oldest != 0) {
    cTagsLimit++;
    closeTag(changetype<Tag>(lru.oldest), nowMs);
  }
  // the path: the tag without its prefix, slashes put back (fluent-bit/tag-path.ts)
  let t = p, tn = n;
  if (prefixLen != 0 && n >= prefixLen && memory.compare(p, prefixPtr, prefixLen) == 0) {
    t += prefixLen;
    tn -= prefixLen;
  }
  const path = inputReserve(<u32>(tn + 2));
  // tagMetadata false: the source has no path, so records carry no `file` and no map made from it
  const pathLen = settings.tagMetadata ? tagPath(path, t, tn) : 0;
  const id = openSource(parsed ? FORMAT_DOCKER : settings.format, path, <u32>pathLen, -1);
  cTagsOpened++;
  return addTag(p, n, <u32>id, parsed, nowMs);
}

function applyKube(t: Tag): void {
  const n = kubeEnd - kubeAt;
  setTagKube(t, kubeAt, n);
  const w = inputReserve(<u32>kubeEncodingCapacity(n));
  if (w == 0) return;
  const len = kubeEncoding(w, kubeAt, kubeEnd);
  if (len == 0 || setSourceMeta(t.sourceId, <u32>len) != 0) cKubeBad++;
}

/** A tick: a waiting record (orphans first, then the least recently used tag's), else the oldest due trace. */
function tick(nowMs: f64): usize {
  cTicks++;
  if (orphans.count != 0) {
    cTickOut++;
    return orphans.popTo(result);
  }
  if (waiting != 0) {
    for (let e = lru.oldest; e != 0; e = changetype<Tag>(e).newer) {
      const t = changetype<Tag>(e);
      if (t.pending.count != 0) {
        waiting--;
        cTickOut++;
        return t.pending.popTo(result);
      }
    }
  }
  const now = <i64>(nowMs * 1e6);
  let g = oldestGroup();
  for (let i = 0; i < TICK_SCAN && g != 0; i++) {
    const grp = changetype<Group>(g);
    if (groupDue(grp, now, groupIdleNs, groupMaxAgeNs)) {
      current = null;
      route(flush(grp.sourceId, nowMs, true), null);
      const t = tagOfSource(grp.sourceId);
      if (t !== null && t.pending.count != 0) {
        waiting--;
        cTickOut++;
        return t.pending.popTo(result);
      }
      return EMPTY;
    }
    g = grp.newer;
  }
  return EMPTY;
}

// ------------------------------------------------------------------------------------------------ the call

/** Fluent Bit's call: tag, time (seconds cut to 32 bits, ns), the record as NUL-terminated JSON. */
export function filterRecord(tagPtr: usize, tagLen: u32, sec: u32, nsec: u32, recPtr: usize, recLen: u32): usize {
  if (passthrough) return recPtr; // Fluent Bit copies the answer before it frees the record
  cRecords++;
  const nowMs = clockMs();
  readRecord(recPtr, <usize>recLen, decodeBuf(<usize>recLen));
  if (!isObject) {
    // Fluent Bit never sends this; answering it back would hand Fluent Bit text it cannot parse (facts: a
    // double free), so it is dropped and counted
    cNotObject++;
    return EMPTY;
  }
  evictIdle(nowMs);
  if (isTick) return tick(nowMs);
  if (logAt == 0) {
    cPassed++;
    return recPtr;
  }
  const parsed = isParsed();
  let t = findTag(tagPtr, <usize>tagLen);
  if (t === null) t = openTag(tagPtr, <usize>tagLen, parsed, nowMs);
  else touchTag(t, nowMs);
  if (kubeAt != 0 && !sameKube(t, kubeAt, kubeEnd - kubeAt)) applyKube(t);
  const w = inputReserve(<u32>min<usize>(lineCapacity(<usize>recLen), <usize>u32.MAX_VALUE));
  if (w == 0) {
    cPassed++;
    return recPtr; // larger than the engine's largest window (256 MiB): not ours to cut
  }
  const n = parsed ? parsedLine(w, <i64>sec * 1_000_000_000 + <i64>nsec) : rawLine(w, decodePtr);
  // a raw line whose "log" text is already its escaped form: the encoder copies that text (emit/escaped-twin.ts)
  if (!parsed && logRoundTrips && <isize>n - 1 == logDecodedLen) setEscapedTwin(w, n - 1, logPlainPrefix, logAt, logEnd - logAt);
  current = t;
  answer = 0;
  // a raw line holds no '\n' but its last byte (rawLine replaces any other): the engine need not look for it
  if (parsed) begin(t.sourceId, <u32>n, nowMs);
  else beginLine(t.sourceId, <u32>n, nowMs);
  runWindow();
  clearEscapedTwin();
  current = null;
  if (answer != 0) return answer;
  if (t.pending.count != 0) {
    waiting--;
    return t.pending.popTo(result);
  }
  return EMPTY;
}

/** The module's counters as a JSON object (for tests and operators; NUL-terminated). */
export function stats(): usize {
  const s = "{\"records\":" + cRecords.toString() + ",\"passedThrough\":" + cPassed.toString() + ",\"notObjects\":" + cNotObject.toString() +
    ",\"recordsOut\":" + cOut.toString() + ",\"ticks\":" + cTicks.toString() + ",\"tickRecords\":" +
    cTickOut.toString() + ",\"tagsOpen\":" + tagCount.toString() + ",\"tagsOpened\":" + cTagsOpened.toString() +
    ",\"tagsClosedIdle\":" + cTagsIdle.toString() + ",\"tagsClosedLimit\":" + cTagsLimit.toString() +
    ",\"waiting\":" + (waiting + orphans.count).toString() + ",\"kubernetesMalformed\":" + cKubeBad.toString() +
    ",\"passthrough\":" + (passthrough ? "true" : "false") + "}";
  const b = String.UTF8.encode(s, true);
  return result.set(changetype<usize>(b), <usize>b.byteLength - 1);
}
