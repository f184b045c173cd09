// CRI log lines (containerd, CRI-O): `TIMESTAMP SP STREAM SP TAGS SP CONTENT`, as kubelet reads them,
// plus conmon's bare `TIMESTAMP SP STREAM SP TAGS` (no content) that ends a pending partial line.
// See ARCHITECTURE.md "Record semantics" for the exact rules and error reasons.

import { parseRfc3339, parsedNs } from "./time";
import {
  ERR_BAD_STREAM, ERR_BAD_TIMESTAMP, ERR_MISSING_TAG, decoded, fail,
} from "./line";
import { STREAM_STDERR, STREAM_STDOUT } from "../emit/table";

// a timestamp is at most 35 bytes ("2006-01-02T15:04:05.999999999+07:00"): look no further for its space
const MAX_TS: usize = 36;

// "stdout" and "stderr" as little-endian u32 + u16
const STDO: u32 = 0x6f647473; // "stdo"
const STDE: u32 = 0x65647473; // "stde"
const UT: u16 = 0x7475;       // "ut"
const RR: u16 = 0x7272;       // "rr"

export function decodeCri(p: usize, len: usize): void {
  const end = p + len;
  // timestamp: up to the first space
  let q = p;
  const tsLimit = min(end, p + MAX_TS);
  while (q < tsLimit && load<u8>(q) != 0x20) q++;
  if (q >= tsLimit || !parseRfc3339(p, q - p)) {
    fail(ERR_BAD_TIMESTAMP);
    return;
  }
  const time = parsedNs;
  q++;
  // stream: exactly "stdout" or "stderr", then a space
  if (q + 7 > end || load<u8>(q + 6) != 0x20) {
    fail(ERR_BAD_STREAM);
    return;
  }
  const head = load<u32>(q), tail = load<u16>(q + 4);
  let stream: u8;
  if (head == STDO && tail == UT) stream = STREAM_STDOUT;
  else if (head == STDE && tail == RR) stream = STREAM_STDERR;
  else {
    fail(ERR_BAD_STREAM);
    return;
  }
  q += 7;
  // tags: up to the next space; only the first ':'-separated tag matters
  const tags = q;
  while (q < end && load<u8>(q) != 0x20) q++;
  const tagsLen = q - tags;
  if (q == end && tagsLen == 0) {
    fail(ERR_MISSING_TAG);
    return;
  }
  const partial = tagsLen > 0 && load<u8>(tags) == 0x50 && (tagsLen == 1 || load<u8>(tags + 1) == 0x3a);
  // content: after the single space (none for conmon's bare form)
  const content = q < end ? q + 1 : end;
  decoded(time, stream, partial, content, end - content, 0, 0);
}
