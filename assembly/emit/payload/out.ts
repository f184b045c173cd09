// The payload encoders' output: bytes in one growable buffer, and an index of groups — runs of bytes that
// belong to one key (a Loki stream: source and stream; an OTLP resource: source) — so the host can gather
// the fragments of many calls by key and assemble one request body (docs/payloads.md).
//
// Group layout (16 bytes): 0 u32 source id (ANY_SOURCE for an encoder without keys) | 4 u32 stream (ANY_STREAM
// when the key has none) | 8 u32 start | 12 u32 end (byte offsets in the buffer). Within a group, entries are
// separated by commas (Loki, OTLP) or end with '\n' (Elasticsearch, Splunk), so fragments of the same key from
// several calls join with a comma (or nothing).

import { write8, writeU64 } from "../decimal";

export const ANY_SOURCE: u32 = 0xffffffff;
export const ANY_STREAM: u32 = 0xffffffff;
const GROUP_SIZE: usize = 16;

export let payPtr: usize = 0;
let payCap: usize = 0;
export let groupsPtr: usize = 0;
let groupsCap: u32 = 0;
export let groupCount: u32 = 0;

/** Makes room for `extra` more bytes at o; returns o (moved if the buffer moved). */
// @ts-ignore: decorator
@inline export function reserve(o: usize, extra: usize): usize {
  return o + extra <= payPtr + payCap ? o : grow(o, extra);
}

function grow(o: usize, extra: usize): usize {
  const used = o - payPtr;
  let cap = payCap == 0 ? <usize>(1 << 16) : payCap;
  while (cap < used + extra) cap <<= 1;
  payPtr = payCap == 0 ? heap.alloc(cap) : heap.realloc(payPtr, cap);
  payCap = cap;
  return payPtr + used;
}

/** Starts a new payload; returns where to write. */
export function payloadStart(): usize {
  groupCount = 0;
  return reserve(payPtr, 0);
}

/** Records the group [start, end) of the buffer for (source, stream). */
export function addGroup(source: u32, stream: u32, start: usize, end: usize): void {
  if (groupCount >= groupsCap) {
    const cap = groupsCap == 0 ? <u32>16 : groupsCap * 2;
    groupsPtr = groupsCap == 0 ? heap.alloc(<usize>cap * GROUP_SIZE) : heap.realloc(groupsPtr, <usize>cap * GROUP_SIZE);
    groupsCap = cap;
  }
  const g = groupsPtr + <usize>groupCount * GROUP_SIZE;
  store<u32>(g, source);
  store<u32>(g, stream, 4);
  store<u32>(g, <u32>(start - payPtr), 8);
  store<u32>(g, <u32>(end - payPtr), 12);
  groupCount++;
}

/** Writes a literal of n bytes. */
// @ts-ignore: decorator
@inline export function put(o: usize, lit: usize, n: usize): usize {
  memory.copy(o, lit, n);
  return o + n;
}

/** Writes a signed 64-bit decimal (at most 20 bytes). */
export function writeI64(o: usize, v: i64): usize {
  if (v >= 0) return writeU64(o, <u64>v);
  store<u8>(o, 0x2d);
  return writeU64(o + 1, <u64>0 - <u64>v); // two's complement: i64.MIN_VALUE's magnitude fits a u64
}

/** ns since the epoch as seconds with nine decimals (Splunk's `time`), e.g. 1764583200.123456789. */
export function writeSeconds(o: usize, ns: i64): usize {
  if (ns < 0) {
    store<u8>(o++, 0x2d);
    ns = ns == i64.MIN_VALUE ? i64.MAX_VALUE : -ns; // (off by 1 ns at the very end of the range)
  }
  const sec = ns / 1_000_000_000;
  const frac = ns % 1_000_000_000;
  o = writeI64(o, sec);
  store<u8>(o++, 0x2e);
  const f = <u32>frac;
  const hi = f / 100000000;
  store<u8>(o, <u8>(0x30 + hi));
  write8(o + 1, f - hi * 100000000);
  return o + 9;
}

export function payloadGroupCount(): u32 {
  return groupCount;
}

export function payloadGroupsAddress(): usize {
  return groupsPtr;
}
