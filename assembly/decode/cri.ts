// CRI log lines (containerd, CRI-O): `TIMESTAMP SP STREAM SP TAGS SP CONTENT`, as kubelet reads them,
// plus conmon's bare `TIMESTAMP SP STREAM SP TAGS` (no content) that ends a pending partial line.
// See ARCHITECTURE.md "Record semantics" for the exact rules and error reasons.

import { parsedNs, scanRfc3339 } from "./time";
import { decoded, fail } from "./line";
import { STREAM_STDERR, STREAM_STDOUT } from "../common/record";
import { ERR_BAD_STREAM, ERR_BAD_TIMESTAMP, ERR_MISSING_TAG } from "../common/reasons";

// "stdout" and "stderr" as little-endian u32 + u16
const STDO: u32 = 0x6f647473; // "stdo"
const STDE: u32 = 0x65647473; // "stde"
const UT: u16 = 0x7475;       // "ut"
const RR: u16 = 0x7272;       // "rr"
const OUT_F: u64 = 0x462074756f647473; // "stdout F"
const OUT_P: u64 = 0x502074756f647473; // "stdout P"
const ERR_F: u64 = 0x4620727265647473; // "stderr F"
const ERR_P: u64 = 0x5020727265647473; // "stderr P"

// @ts-ignore: decorator
@inline export function decodeCri(p: usize, len: usize): void {
  const end = p + len;
  // timestamp, read in place; it must be followed by the space (a timestamp holds no space, so this is
  // the same as kubelet's "up to the first space, then parse")
  let q = scanRfc3339(p, end);
  if (q == 0 || q >= end || load<u8>(q) != 0x20) {
    fail(ERR_BAD_TIMESTAMP);
    return;
  }
  const time = parsedNs;
  q++;
  // fast path: "stdout F " / "stderr P " … as one 8-byte compare
  if (q + 9 <= end && load<u8>(q + 8) == 0x20) {
    const w = load<u64>(q);
    let fast = true;
    let stream: u8 = STREAM_STDOUT;
    let partial = false;
    if (w == OUT_F) {
    } else if (w == ERR_F) stream = STREAM_STDERR;
    else if (w == OUT_P) partial = true;
    else if (w == ERR_P) {
      stream = STREAM_STDERR;
      partial = true;
    } else fast = false;
    if (fast) {
      decoded(time, stream, partial, q + 9, end - q - 9, 0, 0);
      return;
    }
  }
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
