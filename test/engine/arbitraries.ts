// fast-check generators of container log input: valid and broken CRI and Docker lines, hostile bytes,
// small limits that force truncation and line cuts, flush points.
import fc from 'fast-check';
import type { OracleInput } from '../oracle/records.ts';

const enc = new TextEncoder();

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** RFC 3339 timestamps, mostly valid: 0–9 fraction digits, Z or offsets; sometimes broken. */
export const timestamp = fc.oneof(
  { weight: 8, arbitrary: fc.record({
    y: fc.integer({ min: 1970, max: 2100 }), mo: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }), mi: fc.integer({ min: 0, max: 59 }), s: fc.integer({ min: 0, max: 59 }),
    frac: fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{1,9}$/)),
    zone: fc.oneof(fc.constant('Z'), fc.stringMatching(/^[+-](0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$/)),
  }).map((t) => `${pad(t.y, 4)}-${pad(t.mo, 2)}-${pad(t.d, 2)}T${pad(t.h, 2)}:${pad(t.mi, 2)}:${pad(t.s, 2)}${t.frac}${t.zone}`) },
  { weight: 1, arbitrary: fc.constantFrom(
    '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01 00:00:00Z', '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00.1234567890Z', '2024-01-01T00:00:00+0100', '1677-01-01T00:00:00Z', 'not-a-time', '',
    '2024-01-01T00:00:60Z', '2024-01-01t00:00:00z', '2262-01-01T00:00:00Z', '1678-01-01T00:00:00+01:00') },
);

/** Content bytes: printable text with the characters encoders care about, sometimes invalid UTF-8. */
export const contentBytes = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'x', '"', '\\', '\t', '\r', 'é', '日', '😀', '{', '}', ':', 'P', 'F', '\u0001', '\u007f'), maxLength: 40 }).map((s) => enc.encode(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0x0a ? 0x20 : x))) },
);

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};

export const criLine = fc.record({
  ts: timestamp,
  stream: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('stdout', 'stderr') }, { weight: 1, arbitrary: fc.constantFrom('stdin', 'stdoutx', '') }),
  tags: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('F', 'P') }, { weight: 1, arbitrary: fc.constantFrom('P:x:y', 'X', 'PP', '', 'F:P') }),
  shape: fc.oneof({ weight: 10, arbitrary: fc.constant('full') }, { weight: 1, arbitrary: fc.constantFrom('bare', 'noTag', 'noStream', 'tsOnly') }),
  content: contentBytes,
}).map(({ ts, stream, tags, shape, content }) => {
  switch (shape) {
    case 'bare': return enc.encode(`${ts} ${stream} ${tags}`);
    case 'noTag': return enc.encode(`${ts} ${stream} `);
    case 'noStream': return enc.encode(`${ts} ${stream}`);
    case 'tsOnly': return enc.encode(ts);
    default: return concat(enc.encode(`${ts} ${stream} ${tags} `), content);
  }
});

/** A JSON string literal for bytes, with escapes chosen at random (Docker's, \u forms, surrogate pairs). */
const jsonString = fc.tuple(contentBytes, fc.boolean(), fc.boolean()).map(([b, newline, escapeAll]) => {
  const text = new TextDecoder().decode(b) + (newline ? '\n' : '');
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (cp < 0x20 || (escapeAll && cp > 0x7e)) {
      if (cp > 0xffff) {
        const hi = 0xd800 + ((cp - 0x10000) >> 10), lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        out += `\\u${hi.toString(16)}\\u${lo.toString(16).toUpperCase()}`;
      } else if (cp === 10) out += '\\n';
      else out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
});

/** JSON whitespace that may surround any token of a Docker line (a line holds no LF). */
const ws = fc.constantFrom('', '', '', ' ', '  ', '\t', '\r', ' \t ');

/** attrs values: valid JSON, JSON with raw control bytes or invalid UTF-8 inside strings, broken JSON. */
const attrsValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('{"tag":"a"}', '{ "k" : [1, -2.5e+3, true, false, null, {"z":{}}] }', 'null', '"s"', '{"k":"\\ud800"}', '{"bad":01}', '[[[[').map((t) => enc.encode(t)) },
  { weight: 2, arbitrary: fc.tuple(contentBytes, fc.constantFrom('\t', '\u0001', '\u001f', '\r', '\u0000'), fc.uint8Array({ maxLength: 3, min: 0x80, max: 0xff }))
    .map(([text, ctl, high]) => {
      const body = Array.from(text).filter((b) => b !== 0x22 && b !== 0x5c && b !== 0x0a);
      return concat(enc.encode('{"k":"'), Uint8Array.from(body), enc.encode(ctl), high, enc.encode('\\n","n":{"x":["'), high, enc.encode(ctl + '"]}}'));
    }) },
);

export const dockerLine = fc.record({
  log: fc.oneof({ weight: 8, arbitrary: jsonString }, { weight: 1, arbitrary: fc.constantFrom('"\\ud800"', '"\\q"', '"abc', '42', 'null', '"\\udc00\\n"') }),
  stream: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('"stdout"', '"stderr"') }, { weight: 1, arbitrary: fc.constantFrom('"stdin"', '1', '"std\\u006fut"') }),
  time: fc.oneof({ weight: 8, arbitrary: timestamp.map((t) => `"${t}"`) }, { weight: 1, arbitrary: fc.constantFrom('1', '"x"') }),
  attrs: fc.option(attrsValue, { nil: undefined }),
  order: fc.constantFrom(0, 1, 2),
  drop: fc.option(fc.constantFrom('log', 'stream', 'time'), { nil: undefined, freq: 8 }),
  junk: fc.option(fc.constantFrom(' ', 'x', '}', ',"y":1'), { nil: undefined, freq: 10 }),
  // whitespace around every token (mostly none, as Docker writes): a fast path must not keep any of it
  spaces: fc.array(ws, { minLength: 24, maxLength: 24 }),
}).map(({ log, stream, time, attrs, order, drop, junk, spaces }) => {
  let members: Array<[string, Uint8Array]> = [['log', enc.encode(log)], ['stream', enc.encode(stream)], ['time', enc.encode(time)]];
  if (attrs !== undefined) members.push(['attrs', attrs]);
  if (order === 1) members.reverse();
  if (order === 2) members = [members[1], members[0], ...members.slice(2)];
  members = members.filter(([k]) => k !== drop);
  let w = 0;
  const sp = () => enc.encode(spaces[w++ % spaces.length]);
  const parts: Uint8Array[] = [sp(), enc.encode('{')];
  members.forEach(([k, v], i) => {
    if (i > 0) parts.push(enc.encode(','));
    parts.push(sp(), enc.encode(`"${k}"`), sp(), enc.encode(':'), sp(), v, sp());
  });
  parts.push(enc.encode('}'), sp(), enc.encode(junk ?? ''));
  return concat(...parts);
});

/** Docker lines cut inside a string or an escape (end of line inside `\uXX`, after a high surrogate…). */
const truncatedDockerLine = fc.constantFrom(
  '{"log":"\\u12', '{"log":"\\ud800', '{"log":"abc\\', '{"log":"\\ud800\\u00', '{"log":"\\ud800\\',
  '{"log":"\\u12"}', '{"log":"\\ud800x"}', '{"log":"\\ud800\\n"}', '{"log":"x","attrs":"\\u00',
  '{"log":"x","attrs":"\\u0g"}', '{"log"', '{"log":', '{', '{"log":"a\\n","stream":"stdout","time":"2024-01-01T00:00:00Z"',
).map((t) => enc.encode(t));

const line = (format: 'cri' | 'docker') => fc.oneof(
  { weight: 12, arbitrary: format === 'cri' ? criLine : dockerLine },
  { weight: format === 'docker' ? 1 : 0, arbitrary: truncatedDockerLine },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 30 }).map((b) => b.map((x) => (x === 0x0a ? 0x41 : x))) },
  // what auto-detection must look past: blank lines, a line of the other format
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\r', '\t ').map((t) => enc.encode(t)) },
  { weight: 1, arbitrary: format === 'cri' ? dockerLine : criLine },
);

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** A whole input for one source. */
export const anyInput = (): fc.Arbitrary<OracleInput> =>
  fc.constantFrom<'cri' | 'docker'>('cri', 'docker').chain((kind) =>
    fc.record({
      lines: fc.array(line(kind), { maxLength: 30 }),
      finalNewline: fc.boolean(),
      format: fc.constantFrom<'auto' | 'cri' | 'docker' | undefined>(undefined, 'auto', kind),
      limits: fc.oneof(
        { weight: 3, arbitrary: fc.constant<[number?, number?]>([undefined, undefined]) },
        { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 120 })) },
      ),
      flushes: fc.array(fc.nat(), { maxLength: 3 }),
      path: fc.option(fc.constantFrom('/var/log/pods/ns_pod_uid/c/0.log', 'weird "path"\\é'), { nil: undefined }),
      // how the source starts: as written, with a BOM, or cut inside its first line (`tail -c +N`)
      start: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }) }),
    }).map(({ lines, finalNewline, format, limits, flushes, path, start }) => {
      if (start === -1) lines = [concat(BOM, lines[0] ?? new Uint8Array(0)), ...lines.slice(1)];
      else if (start > 0 && lines.length > 0) lines = [lines[0].subarray(Math.min(start, lines[0].length)), ...lines.slice(1)];
      const nl = new Uint8Array([0x0a]);
      const parts: Uint8Array[] = [];
      const boundaries: number[] = [];
      let offset = 0;
      lines.forEach((l, i) => {
        parts.push(l);
        offset += l.length;
        if (i < lines.length - 1 || finalNewline) {
          parts.push(nl);
          offset += 1;
          boundaries.push(offset);
        }
      });
      const flushAt = boundaries.length ? flushes.map((f) => boundaries[f % boundaries.length]) : [];
      return {
        chunks: [concat(...parts)], format, path, flushAt,
        maxRecordBytes: limits[0], maxLineBytes: limits[1],
      } as OracleInput;
    }),
  );

/** Re-splits the concatenated chunks at the given (wrapped) positions. */
export function splitInto(chunks: Uint8Array[], cuts: number[]): Uint8Array[] {
  const all = concat(...chunks);
  if (all.length === 0) return [all];
  const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(all.subarray(prev, p));
    prev = p;
  }
  out.push(all.subarray(prev));
  return out;
}
