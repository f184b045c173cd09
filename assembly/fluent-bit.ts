// The Fluent Bit `filter_wasm` module (issue 9, README "Fluent Bit"): the same stages as index.ts, built scalar
// with the minimal runtime and no imports but WASI. This file only composes: fluent-bit/ holds the host side.
//
// Exports: logsieve_filter (Fluent Bit's `Function_Name`), malloc/free (WAMR copies tag and record with them),
// _initialize (WAMR calls it at start-up: reads logsieve.json), logsieve_stats (counters, for tests).

import { filterRecord, start, stats } from "./fluent-bit/filter";
import { moduleFree, moduleMalloc } from "./fluent-bit/alloc";

export function logsieve_filter(tagPtr: usize, tagLen: u32, sec: u32, nsec: u32, recPtr: usize, recLen: u32): usize {
  return filterRecord(tagPtr, tagLen, sec, nsec, recPtr, recLen);
}

export function malloc(size: usize): usize {
  return moduleMalloc(size);
}

export function free(ptr: usize): void {
  moduleFree(ptr);
}

let started = false;

export function _initialize(): void {
  if (started) return;
  started = true;
  start();
  __collect(); // start-up's managed strings; no call after this allocates any per record
}

export function logsieve_stats(): usize {
  const answer = stats(); // in the module's own result buffer, not a managed object
  __collect(); // the strings that built it
  return answer;
}
