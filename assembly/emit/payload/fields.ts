// What the payload encoders write per record and per source: JSON members built from a record's row and its
// source's metadata, shared by loki.ts, otlp.ts and splunk-hec.ts. Every writer takes the output position and
// returns the new one; the caller reserves room (PER_RECORD_SLACK plus 6 bytes per content byte).

import { escapeJson } from "../json-escape";
import { put } from "./out";
import { levelNameLen, levelNamePtr } from "../../common/levels";
import { reasonNameLen, reasonNamePtr } from "../../common/reasons";
import { FLAG_ERROR, FLAG_PARTIAL, FLAG_TRUNCATED } from "../../common/record";

// names and values the encoders share
export const K_NAMESPACE = memory.data<u8>([0x6e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65]); // namespace
export const K_POD = memory.data<u8>([0x70, 0x6f, 0x64]); // pod
export const K_CONTAINER = memory.data<u8>([0x63, 0x6f, 0x6e, 0x74, 0x61, 0x69, 0x6e, 0x65, 0x72]); // container
export const K_STREAM = memory.data<u8>([0x73, 0x74, 0x72, 0x65, 0x61, 0x6d]); // stream
export const K_LEVEL = memory.data<u8>([0x6c, 0x65, 0x76, 0x65, 0x6c]); // level
export const K_ERROR = memory.data<u8>([0x65, 0x72, 0x72, 0x6f, 0x72]); // error
export const K_PARTIAL = memory.data<u8>([0x70, 0x61, 0x72, 0x74, 0x69, 0x61, 0x6c]); // partial
export const K_TRUNCATED = memory.data<u8>([0x74, 0x72, 0x75, 0x6e, 0x63, 0x61, 0x74, 0x65, 0x64]); // truncated
export const V_TRUE = memory.data<u8>([0x74, 0x72, 0x75, 0x65]); // true
export const STDOUT = memory.data<u8>([0x73, 0x74, 0x64, 0x6f, 0x75, 0x74]);
export const STDERR = memory.data<u8>([0x73, 0x74, 0x64, 0x65, 0x72, 0x72]);

/** Bytes an encoder may write per record besides its escaped content, path and metadata. */
export const PER_RECORD_SLACK: usize = 1024;

/** `"<escaped bytes>"` */
export function quoted(o: usize, p: usize, n: usize): usize {
  store<u8>(o++, 0x22);
  o = escapeJson(o, p, n);
  store<u8>(o++, 0x22);
  return o;
}

/** `"<key>":"<escaped value>"` with a comma first unless `first`; nothing when the value is absent (len 0). */
export function stringMember(o: usize, first: bool, key: usize, keyLen: usize, p: usize, n: usize): usize {
  if (n == 0 && p == 0) return o;
  if (!first) store<u8>(o++, 0x2c);
  o = quoted(o, key, keyLen);
  store<u8>(o++, 0x3a);
  return quoted(o, p, n);
}

/** Bytes a string member may take at most (escaped value, key, quotes, comma). */
// @ts-ignore: decorator
@inline export function memberRoom(keyLen: usize, n: usize): usize {
  return 8 + keyLen * 6 + n * 6;
}

/** The `level` member, then the record's flags (`error` with its reason, `partial`, `truncated`) as string members. */
export function levelAndFlags(o: usize, start: usize, level: u32, flags: u8, reason: u8): usize {
  if (level != 0) o = stringMember(o, o == start, K_LEVEL, 5, levelNamePtr(level), levelNameLen(level));
  if ((flags & FLAG_ERROR) != 0 && reasonNameLen(reason) != 0) o = stringMember(o, o == start, K_ERROR, 5, reasonNamePtr(reason), reasonNameLen(reason));
  if (flags & FLAG_PARTIAL) o = stringMember(o, o == start, K_PARTIAL, 7, V_TRUE, 4);
  if (flags & FLAG_TRUNCATED) o = stringMember(o, o == start, K_TRUNCATED, 9, V_TRUE, 4);
  return o;
}

export { put };
