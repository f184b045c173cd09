// What the payload encoders write per record and per source: JSON members built from a record's row and its
// source's metadata, shared by loki.ts, otlp.ts and splunk-hec.ts. Every writer takes the output position and
// returns the new one; the caller reserves room (PER_RECORD_SLACK plus 6 bytes per content byte).

import { escapeJson } from "../json-escape";
import { put } from "./out";

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

export { put };
