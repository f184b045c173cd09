// Deterministic benchmark corpora: the same stream of container messages written as CRI lines (containerd style)
// and as Docker json-file lines. Same seed → same bytes, so runs are comparable.
//
//   makeCriCorpus(targetBytes)    → { bytes, messages, lines, records }
//   makeDockerCorpus(targetBytes) → { bytes, messages, lines, records }
//
// bytes: Uint8Array of whole lines (each ends in '\n'), at least targetBytes long (it stops after the first message
// that reaches the target). messages = records = joined records a parser must produce (one per message, nothing is
// left pending at the end); lines = physical lines. Both corpora start with the same messages in the same order.
//
// Shape: lines of about 160 bytes (CRI); ~20% of messages on stderr; ~10% of messages split into 2-3 pieces
// (CRI: `P` pieces then a final `F`; Docker: pieces whose `log` has no trailing "\n", then one with "\n"), and
// while a message is split, lines of the other stream are sometimes written between its pieces (the two pipes of a
// container interleave). A few messages carry non-ASCII text (é, ✓, emoji) and HTML-ish `<a href="…&…">` text
// (escaped by Docker as \u003c \u003e \u0026). Split points are character boundaries (never inside a UTF-8
// sequence), so decoding each piece on its own gives the same text as decoding the joined bytes.
//
// Timestamps: containerd/Docker write Go's RFC3339Nano in UTC: nine fraction digits with trailing zeros trimmed
// (and the '.' dropped when the fraction is zero), then 'Z'. CRI: every line has its own time (pieces a few µs
// apart); Docker: every piece of one message has the first piece's time.
import { message, rng } from './messages.mjs';

const START_SEC = Date.UTC(2026, 0, 2, 3, 4, 5) / 1000;

/** Go's time.RFC3339Nano for a UTC instant given as whole seconds + nanoseconds. */
export function rfc3339Nano(sec, nsec) {
  const base = new Date(sec * 1000).toISOString().slice(0, 19);
  if (nsec === 0) return `${base}Z`;
  return `${base}.${String(nsec).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** A clock that only moves forward by random steps (ns). */
export function clock(r) {
  let sec = START_SEC;
  let nsec = 0;
  return (maxStepNs) => {
    // occasionally land on round values so trimmed fractions of every length (and none) appear
    const k = r();
    let step = Math.floor(r() * maxStepNs) + 1;
    if (k < 0.05) step = 1_000_000 - (nsec % 1_000_000); // next whole ms
    else if (k < 0.07) step = 1_000_000_000 - nsec; // next whole second
    nsec += step;
    sec += Math.floor(nsec / 1e9);
    nsec %= 1e9;
    return rfc3339Nano(sec, nsec);
  };
}

const EXTRAS = [' café naïve ✓', ' 🚀 déployé', ' <a href="/x?a=1&b=2">more</a>', ' Grüße 👋🏽 <b>&amp;</b>'];

/** Splits `s` at 1 or 2 random character boundaries (not inside a surrogate pair); returns 2-3 non-empty pieces. */
export function splitMessage(r, s) {
  const cps = Array.from(s); // code points
  const n = r() < 0.7 ? 2 : 3;
  const cuts = new Set();
  while (cuts.size < n - 1) cuts.add(1 + Math.floor(r() * (cps.length - 1)));
  const at = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  let prev = 0;
  for (const c of at) {
    pieces.push(cps.slice(prev, c).join(''));
    prev = c;
  }
  pieces.push(cps.slice(prev).join(''));
  return pieces;
}

/**
 * The shared event stream: yields the pieces to write, in file order:
 * { stream, text, last, msgStart, idle } where `last` means the piece ends its message (so it is written as F /
 * with "\n"), `msgStart` is true on the first piece of a message, and `idle` means no message is pending after it.
 */
function* events(seed = 0x5eed1234) {
  const r = rng(seed);
  const nextMessage = () => {
    let m = message(r, 128);
    if (r() < 0.04) m += EXTRAS[Math.floor(r() * EXTRAS.length)];
    const stream = r() < 0.2 ? 'stderr' : 'stdout';
    const split = r() < 0.1;
    return { stream, pieces: split ? splitMessage(r, m) : [m] };
  };
  for (;;) {
    const m = nextMessage();
    for (let i = 0; i < m.pieces.length; i++) {
      const last = i === m.pieces.length - 1;
      yield { stream: m.stream, text: m.pieces[i], last, msgStart: i === 0, idle: last };
      if (i < m.pieces.length - 1 && r() < 0.5) {
        // a line of the other stream between two pieces (a whole message, never split)
        const other = m.stream === 'stdout' ? 'stderr' : 'stdout';
        let o = message(r, 128);
        if (r() < 0.04) o += EXTRAS[Math.floor(r() * EXTRAS.length)];
        yield { stream: other, text: o, last: true, msgStart: true, idle: false };
      }
    }
  }
}

const enc = new TextEncoder();

function build(targetBytes, render) {
  const parts = [];
  let size = 0;
  let messages = 0;
  let lines = 0;
  for (const ev of events()) {
    const line = enc.encode(render(ev));
    parts.push(line);
    size += line.length;
    lines++;
    if (ev.last) {
      messages++;
      // stop only between messages, and only when no message is pending on either stream
      if (size >= targetBytes && ev.idle) break;
    }
  }
  return { bytes: joinParts(parts, size), messages, lines, records: messages };
}

/** The parts one after another in one array of `size` bytes (their total). */
export function joinParts(parts, size) {
  const bytes = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return bytes;
}

/** CRI lines as containerd writes them: `TS stream F|P content\n`. */
export function makeCriCorpus(targetBytes) {
  const tick = clock(rng(0xc10c));
  return build(targetBytes, (ev) => {
    return `${tick(ev.msgStart ? 400_000 : 20_000)} ${ev.stream} ${ev.last ? 'F' : 'P'} ${ev.text}\n`;
  });
}

/** JSON string escaping as Docker's json-file writer does it (HTML-safe, like Go's encoder). */
export function dockerEscape(s) {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}

/** Docker json-file lines: `{"log":"…","stream":"…","time":"…"}\n`, pieces of a message share the first time. */
export function makeDockerCorpus(targetBytes) {
  const tick = clock(rng(0xc10c));
  const msgTime = { stdout: '', stderr: '' };
  return build(targetBytes, (ev) => {
    if (ev.msgStart) msgTime[ev.stream] = tick(400_000);
    const log = dockerEscape(ev.last ? `${ev.text}\n` : ev.text);
    return `{"log":"${log}","stream":"${ev.stream}","time":"${msgTime[ev.stream]}"}\n`;
  });
}
