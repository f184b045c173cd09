// JavaScript baselines for the benchmark: what a good JS developer would write to turn a whole container log file
// (Buffer / Uint8Array) into joined records. Each does the same work logsieve does on a corpus:
//   - split lines, decode the line format (CRI or Docker json-file),
//   - join partial pieces per stream (CRI `P`…`F`; Docker pieces whose `log` has no trailing "\n"); a joined record
//     keeps its first piece's time; the line terminator is not part of `log`,
//   - produce one object per record: { time, stream, log } (log: a JS string, UTF-8 decoded).
// Pieces still pending at the end are emitted as records too (like logsieve's close), so nothing is lost.
//
// `time` is the timestamp TEXT of the first piece (not parsed) by default. logsieve parses every timestamp to int64
// ns, so by default the baselines do LESS work than logsieve (the comparison is conservative). Pass
// `{ parseTime: true }` to have `time` = Date.parse(text) (ms since the epoch; JS has no ns-precision parser, and
// Date.parse accepts more than RFC 3339), which is what a JS developer would use.
//
// Malformed lines are skipped (counted in the returned array's `skipped` property); the generated corpora have none.

const NL = 10;
const SP = 32;

function asBuffer(buf) {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * Per-stream joining of string pieces for the string-based baselines (1 and 3): a joined record keeps its first
 * piece's time; pieces still pending at the end become records too.
 */
function stringJoiner(parseTime) {
  const out = [];
  const pending = { stdout: null, stderr: null };
  const time = (ts) => (parseTime ? Date.parse(ts) : ts);
  return {
    out,
    piece(stream, ts, content, partial) {
      const p = pending[stream];
      if (partial) {
        if (p === null) pending[stream] = { time: ts, parts: [content] };
        else p.parts.push(content);
      } else if (p === null) {
        out.push({ time: time(ts), stream, log: content });
      } else {
        p.parts.push(content);
        pending[stream] = null;
        out.push({ time: time(p.time), stream, log: p.parts.join('') });
      }
    },
    finish(skipped) {
      for (const stream of ['stdout', 'stderr']) {
        const p = pending[stream];
        if (p !== null) out.push({ time: time(p.time), stream, log: p.parts.join('') });
      }
      out.skipped = skipped;
      return out;
    },
  };
}

/** 1) String split + one regex per line. */
export function criSplitRegex(buf, { parseTime = false } = {}) {
  const text = asBuffer(buf).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  // `s` flag: content may hold \r or U+2028/U+2029, which `.` would not match otherwise
  const re = /^(\S+) (stdout|stderr) ([^ ]*) (.*)$/s;
  const j = stringJoiner(parseTime);
  let skipped = 0;
  for (const line of lines) {
    const m = re.exec(line);
    if (m === null) {
      skipped++;
      continue;
    }
    const [, ts, stream, tags, content] = m;
    j.piece(stream, ts, content, tags === 'P' || tags.startsWith('P:'));
  }
  return j.finish(skipped);
}

/**
 * 2) Hand-optimised byte parser: Buffer.indexOf over bytes, fields sliced straight from the buffer
 * (latin1Slice for the ASCII timestamp, utf8Slice for content), partial pieces joined as bytes and decoded once.
 */
export function criIndexOf(buf, { parseTime = false } = {}) {
  const b = asBuffer(buf);
  const latin1 = typeof b.latin1Slice === 'function' ? (s, e) => b.latin1Slice(s, e) : (s, e) => b.toString('latin1', s, e);
  const utf8 = typeof b.utf8Slice === 'function' ? (s, e) => b.utf8Slice(s, e) : (s, e) => b.toString('utf8', s, e);
  const len = b.length;
  const out = [];
  // per stream: null, or { time, parts: Buffer[] }
  let pendOut = null;
  let pendErr = null;
  let skipped = 0;
  let pos = 0;
  while (pos < len) {
    let end = b.indexOf(NL, pos);
    if (end < 0) end = len;
    const lineStart = pos;
    pos = end + 1;
    const sp1 = b.indexOf(SP, lineStart);
    // `stdout`/`stderr` are 6 bytes: check them byte by byte, then the space after them
    const s = sp1 + 1;
    if (sp1 < 0 || s + 7 > end || b[s] !== 0x73 || b[s + 1] !== 0x74 || b[s + 2] !== 0x64 || b[s + 6] !== SP) {
      skipped++;
      continue;
    }
    let isOut;
    if (b[s + 3] === 0x6f && b[s + 4] === 0x75 && b[s + 5] === 0x74) isOut = true; // out
    else if (b[s + 3] === 0x65 && b[s + 4] === 0x72 && b[s + 5] === 0x72) isOut = false; // err
    else {
      skipped++;
      continue;
    }
    const tagStart = s + 7;
    // fast path: one-byte tag followed by a space
    let tagEnd = b[tagStart + 1] === SP && tagStart + 1 < end ? tagStart + 1 : b.indexOf(SP, tagStart);
    if (tagEnd < 0 || tagEnd >= end) {
      skipped++;
      continue;
    }
    const partial = b[tagStart] === 0x50 /* P */ && (tagEnd === tagStart + 1 || b[tagStart + 1] === 0x3a /* : */);
    const contentStart = tagEnd + 1;
    const stream = isOut ? 'stdout' : 'stderr';
    const p = isOut ? pendOut : pendErr;
    if (partial) {
      if (p === null) {
        const np = { time: latin1(lineStart, sp1), parts: [b.subarray(contentStart, end)] };
        if (isOut) pendOut = np;
        else pendErr = np;
      } else p.parts.push(b.subarray(contentStart, end));
    } else if (p === null) {
      const ts = latin1(lineStart, sp1);
      out.push({ time: parseTime ? Date.parse(ts) : ts, stream, log: utf8(contentStart, end) });
    } else {
      p.parts.push(b.subarray(contentStart, end));
      if (isOut) pendOut = null;
      else pendErr = null;
      out.push({ time: parseTime ? Date.parse(p.time) : p.time, stream, log: Buffer.concat(p.parts).toString('utf8') });
    }
  }
  for (const [stream, p] of [['stdout', pendOut], ['stderr', pendErr]]) {
    if (p !== null) out.push({ time: parseTime ? Date.parse(p.time) : p.time, stream, log: Buffer.concat(p.parts).toString('utf8') });
  }
  out.skipped = skipped;
  return out;
}

/** 3) Docker json-file: split lines + JSON.parse per line; pieces without a trailing "\n" are joined per stream. */
export function dockerJsonParse(buf, { parseTime = false } = {}) {
  const text = asBuffer(buf).toString('utf8');
  const lines = text.split('\n');
  const j = stringJoiner(parseTime);
  let skipped = 0;
  for (const line of lines) {
    if (line === '') continue;
    let o;
    try {
      o = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const { log, stream, time } = o;
    if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr') || typeof time !== 'string') {
      skipped++;
      continue;
    }
    const full = log.endsWith('\n');
    j.piece(stream, time, full ? log.slice(0, -1) : log, !full);
  }
  return j.finish(skipped);
}
