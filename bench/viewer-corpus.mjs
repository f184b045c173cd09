// Deterministic CRI file for the viewer's tests and bench (issue 10): the grouping corpus's events (group-corpus.mjs:
// application messages, a quarter of them JSON, several levels, Java/Python/Go/Node stack traces, ~10 % of lines
// split into CRI `P` pieces) written straight to a file in 4 MiB writes (never the whole file in memory), with a few
// malformed lines mixed in (a bad timestamp, a bad stream, a missing P/F tag, a garbage line) and a last record
// left open (a `P` piece without its `F`: released partial at the end). Same seed → same bytes.
//
//   writeViewerCorpus(path, targetBytes) → { bytes, lines, malformed }
import { closeSync, openSync, writeSync } from 'node:fs';
import { clock } from './corpus.mjs';
import { events } from './group-corpus.mjs';

const MALFORMED = [
  (ts) => `2026-13-45T99:00:00.000000000Z stdout F bad timestamp ${ts}`,
  (ts) => `${ts} stdlog F bad stream`,
  (ts) => `${ts} stdout missing tag line`,
  () => 'garbage \u0001\u0002 not a CRI line at all',
];

/** Writes about `targetBytes` (at least) of CRI lines to `path`. */
export function writeViewerCorpus(path, targetBytes) {
  const tick = clock(((s) => () => { s = (s * 1103515245 + 12345) >>> 0; return s / 4294967296; })(0x5eed));
  const fd = openSync(path, 'w');
  const CHUNK = 4 << 20;
  let buf = '';
  let pending = 0; // bytes of buf
  let bytes = 0;
  let lines = 0;
  let malformed = 0;
  const every = 97_003; // a malformed line after this many lines (only between records)
  let nextBad = every;
  const add = (line) => {
    buf += line;
    pending += Buffer.byteLength(line);
    lines++;
  };
  const flush = () => {
    if (!buf) return;
    const b = Buffer.from(buf, 'utf8');
    writeSync(fd, b);
    bytes += b.length;
    buf = '';
    pending = 0;
  };
  try {
    for (const ev of events({ traces: true })) {
      if (ev.begin) continue;
      const ts = tick(ev.msgStart && !ev.trace ? 400_000 : 20_000);
      add(`${ts} ${ev.stream} ${ev.last ? 'F' : 'P'} ${ev.text}\n`);
      if (ev.idle && lines >= nextBad) {
        add(`${MALFORMED[malformed % MALFORMED.length](tick(1000))}\n`);
        malformed++;
        nextBad += every;
      }
      if (pending >= CHUNK) flush();
      if (ev.idle && bytes + pending >= targetBytes) break;
    }
    // the last record never gets its final piece
    add(`${tick(1000)} stdout P this record's last piece never came: released partial at the end\n`);
    flush();
  } finally {
    closeSync(fd);
  }
  return { bytes, lines, malformed };
}
