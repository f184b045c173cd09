// The engine's input line for one Fluent Bit record, built in the engine's input window:
//
//   (a) raw, from `tail` without a parser: {"log":"2026-03-10T08:14:00.1Z stdout F hello"}
//       → the log string unescaped, then '\n':   2026-03-10T08:14:00.1Z stdout F hello\n
//   (b) parsed by Fluent Bit (it has a "stream"): {"time":"…","stream":"stdout","_p":"F","log":"hello"}
//       → a Docker json-file line with the log still escaped as Fluent Bit wrote it:
//         {"log":"hello\n","stream":"stdout","time":"…"}\n
//       "\n" is added unless `_p` is "P" (a piece the engine then joins) or the log already ends in one; a
//       record without "time" gets Fluent Bit's own timestamp.
//
// So both kinds take the engine's one record path (decode, join, group, enrich, select). Contract: reads only
// the record's spans (fluent-bit/record.ts); writes at most lineCapacity(recordLen) bytes at out.

import { decodeString, decodedLen, hex4, putUtf8, simpleEscape } from "../decode/json-string";
import { findByte } from "../scan";
import { writeTime } from "../emit/time-format";
import { logAt, logDecodedLen, logEnd, logRoundTrips, partialAt, partialEnd, streamAt, streamEnd, timeAt, timeEnd } from "./record";

/** Room a line built from a record of n bytes may need. */
export function lineCapacity(n: usize): usize {
  return n + 96;
}

/** Kind (a) when the record has no "stream" member. */
export function isParsed(): bool {
  return streamAt != 0;
}

/** Kind (a): the log string unescaped into out (copied from `decoded` when readRecord decoded it already) (with Fluent Bit's fragment code points turned back into the
 *  bytes they stand for), then '\n'; returns the line's length. */
export function rawLine(out: usize, decoded: usize): usize {
  let n: usize;
  if (logDecodedLen >= 0) {
    n = <usize>logDecodedLen;
    memory.copy(out, decoded, n);
    if (logRoundTrips) {
      // printable ASCII and one-letter escapes but `\n` (decodedRoundTrips): no fragment, no newline to look for
      store<u8>(out + n, 0x0a);
      return n + 1;
    }
  } else if (decodeString(logAt, logEnd + 1, out) != 0) n = decodedLen;
  else n = lenientDecode(out, logAt, logEnd) - out;
  n = restoreFragments(out, n);
  n = replaceNewlines(out, n);
  store<u8>(out + n, 0x0a);
  return n + 1;
}

/**
 * A line from `tail` never holds a '\n', but Fluent Bit's JSON conversion decodes an overlong encoding of one
 * (C0 8A, E0 80 8A) into "\u000a". Left in, it would split the line into two records; it becomes U+FFFD (EF BF
 * BD), as the invalid bytes it stood for read in the CLI. Rewrites [p, p+n) in place (the caller's buffer has
 * room: an escape of six bytes decoded to one, so two more fit); returns the new length.
 */
function replaceNewlines(p: usize, n: usize): usize {
  let q = findByte(p, p + n, 0x0a);
  while (q < p + n) {
    memory.copy(q + 3, q + 1, p + n - q - 1);
    store<u16>(q, 0xbfef);
    store<u8>(q + 2, 0xbd);
    n += 2;
    q = findByte(q + 3, p + n, 0x0a);
  }
  return n;
}

/**
 * Fluent Bit writes each byte XX of an invalid UTF-8 sequence as the private-use code point U+E0XX
 * (flb_utils_write_str), so a CRI piece that ends inside a character reaches us as fragments. Turning them back
 * into their bytes lets the join restore the character, and gives the same record as reading the file. (A real
 * U+E000–U+E0FF character in a log is read as such a byte too: Fluent Bit's mapping makes the two the same.)
 * In UTF-8 these code points are EE 80..83 xx. Rewrites [p, p+n) in place; returns the new length.
 */
function restoreFragments(p: usize, n: usize): usize {
  const end = p + n;
  let q = findByte(p, end, 0xee);
  if (q >= end) return n;
  let o = q;
  while (q < end) {
    const c = load<u8>(q);
    if (c == 0xee && end - q >= 3) {
      const b1 = <u32>load<u8>(q + 1), b2 = <u32>load<u8>(q + 2);
      if (b1 - 0x80 < 4 && (b2 & 0xc0) == 0x80) {
        store<u8>(o++, <u8>(((b1 & 3) << 6) | (b2 & 0x3f)));
        q += 3;
        continue;
      }
    }
    store<u8>(o++, c);
    q++;
  }
  return o - p;
}

/**
 * Unescapes [p, e) like decodeString, but never fails: a lone surrogate becomes U+FFFD and a malformed escape
 * is kept as its bytes (Fluent Bit writes neither; this only keeps odd input from being lost). Returns the end.
 */
function lenientDecode(o: usize, p: usize, e: usize): usize {
  while (p < e) {
    const c = load<u8>(p);
    if (c != 0x5c || p + 1 >= e) {
      store<u8>(o++, c);
      p++;
      continue;
    }
    const d = <u32>load<u8>(p + 1);
    const simple = simpleEscape(d);
    if (simple >= 0) {
      store<u8>(o++, <u8>simple);
      p += 2;
      continue;
    }
    const u = d == 0x75 ? hex4(p + 2, e) : -1;
    if (u < 0) {
      store<u8>(o++, c);
      p++;
      continue;
    }
    p += 6;
    let cp = u;
    if (u >= 0xd800 && u < 0xdc00) {
      const lo = p + 1 < e && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75 ? hex4(p + 2, e) : -1;
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
        p += 6;
      } else cp = 0xfffd;
    } else if (u >= 0xdc00 && u < 0xe000) cp = 0xfffd;
    o = putUtf8(o, cp);
  }
  return o;
}

// `{"log":"`, `","stream":"`, `","time":"`, `"}` + '\n'
const S_OPEN = memory.data<u8>([0x7b, 0x22, 0x6c, 0x6f, 0x67, 0x22, 0x3a, 0x22]);
const S_STREAM = memory.data<u8>([0x22, 0x2c, 0x22, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x22, 0x3a, 0x22]);
const S_TIME = memory.data<u8>([0x22, 0x2c, 0x22, 0x74, 0x69, 0x6d, 0x65, 0x22, 0x3a, 0x22]);

function put(o: usize, p: usize, n: usize): usize {
  memory.copy(o, p, n);
  return o + n;
}

/** The escaped log [p, e) ends in an escaped newline (`\n` after an even run of other backslashes). */
function endsInNewline(p: usize, e: usize): bool {
  if (e - p < 2 || load<u8>(e - 1) != 0x6e) return false;
  let k: usize = 0;
  while (e - 1 - k > p && load<u8>(e - 2 - k) == 0x5c) k++;
  return (k & 1) == 1;
}

/** Kind (b): the Docker json-file line for the record; tsNs is Fluent Bit's timestamp. Returns its length. */
export function parsedLine(out: usize, tsNs: i64): usize {
  let o = put(out, S_OPEN, 8);
  o = put(o, logAt, logEnd - logAt);
  const piece = partialAt != 0 && partialEnd - partialAt == 1 && load<u8>(partialAt) == 0x50; // "P"
  if (!piece && !endsInNewline(logAt, logEnd)) {
    store<u16>(o, 0x6e5c); // \n
    o += 2;
  }
  o = put(o, S_STREAM, 12);
  o = put(o, streamAt, streamEnd - streamAt);
  o = put(o, S_TIME, 10);
  if (timeAt != 0) o = put(o, timeAt, timeEnd - timeAt);
  else o = writeTime(o, tsNs);
  store<u16>(o, 0x7d22); // "}
  store<u8>(o + 2, 0x0a);
  return o + 3 - out;
}
