// Naive byte-level parser of one Docker json-file line for the oracle. Deliberately not JSON.parse, which differs
// from the specified behaviour: it rejects raw control bytes in strings, accepts lone surrogates and decodes keys.
//
// Rules (ARCHITECTURE.md "Record semantics", Docker):
// - The line must be one JSON object, optionally surrounded by JSON whitespace (space, tab, CR, LF).
// - One left-to-right pass; the first error met wins (`bad_json` for syntax, `bad_escape` for escapes).
// - Keys are matched byte for byte against `log`, `stream`, `time`, `attrs` with no escape decoding (so
//   `"lo\u0067"` is an ignored key); keys are still checked for escape syntax.
// - A string value of a top-level `log`, `stream` or `time` key is decoded (every JSON escape; `\uXXXX` surrogate
//   pairs make one code point, encoded as UTF-8; a lone surrogate → `bad_escape`). This happens when the value is
//   met, so a lone surrogate in an earlier, later-overwritten duplicate still gives `bad_escape`.
// - Every other string (keys, `attrs`, ignored values, and strings nested in a non-string `log`/`stream`/`time`
//   value) is only checked for escape syntax: `\` followed by one of `"\/bfnrt`, or `u` + 4 hex digits (any case).
// - Raw bytes inside strings are copied as they are: control bytes and invalid UTF-8 are accepted.
// - AMBIGUITY RESOLVED: the line ending inside a string (including right after a `\`, inside `\uXX`, or right
//   after a high surrogate escape) is `bad_json` (input ran out), not `bad_escape`; a byte that is present but
//   breaks an escape is `bad_escape`.
// - `attrs`: any JSON value, kept as the exact raw slice of the value (no surrounding whitespace); last one wins.
// - Nesting depth: the top-level object is depth 1; opening a container that would make the depth > 512 is
//   `bad_json` (at the point it is met). Containers are skipped with an explicit stack, not recursion.
// - Numbers follow the JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; literals true/false/null.
// - After the object is parsed: `log` missing or not a string → `missing_log`; `stream` missing, not a string,
//   or not exactly `stdout`/`stderr` after decoding → `bad_stream`; `time` missing, not a string, or (decoded)
//   not valid RFC 3339 → `bad_timestamp`; checked in that order. Duplicate keys: the last one wins.

import { parseRfc3339 } from './time.ts';

export const MAX_JSON_DEPTH = 512;

export type DockerError = 'bad_json' | 'bad_escape' | 'missing_log' | 'bad_stream' | 'bad_timestamp';

export type DockerLine =
  | { ok: true; log: Uint8Array; stream: 'stdout' | 'stderr'; time: bigint; attrs?: Uint8Array }
  | { ok: false; error: DockerError };

class Fail extends Error {
  constructor(readonly reason: 'bad_json' | 'bad_escape') {
    super(reason);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isWs(c: number | undefined): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}
function hexVal(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}
function bytesEqual(a: Uint8Array, text: string): boolean {
  if (a.length !== text.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== text.charCodeAt(i)) return false;
  return true;
}

function encodeCodePoint(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

type Field = { kind: 'string'; bytes: Uint8Array } | { kind: 'other' };

class Parser {
  p = 0;
  constructor(readonly s: Uint8Array) {}

  ws(): void {
    while (this.p < this.s.length && isWs(this.s[this.p])) this.p++;
  }

  /** Reads 4 hex digits at p (after `\u`); input ending → bad_json, non-hex byte → bad_escape. */
  hex4(): number {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      if (this.p >= this.s.length) throw new Fail('bad_json');
      const h = hexVal(this.s[this.p]);
      if (h < 0) throw new Fail('bad_escape');
      v = v * 16 + h;
      this.p++;
    }
    return v;
  }

  /** p at the opening quote. Checks escape syntax only; returns the raw bytes between the quotes. */
  skipString(): Uint8Array {
    const s = this.s;
    this.p++; // opening quote
    const start = this.p;
    for (;;) {
      if (this.p >= s.length) throw new Fail('bad_json');
      const c = s[this.p];
      if (c === QUOTE) {
        const raw = s.subarray(start, this.p);
        this.p++;
        return raw;
      }
      if (c === BACKSLASH) {
        this.p++;
        if (this.p >= s.length) throw new Fail('bad_json');
        const e = s[this.p];
        if (e === 0x75 /* u */) {
          this.p++;
          this.hex4();
        } else if ('"\\/bfnrt'.includes(String.fromCharCode(e))) {
          this.p++;
        } else {
          throw new Fail('bad_escape');
        }
      } else {
        this.p++;
      }
    }
  }

  /** p at the opening quote. Decodes every escape, checks surrogate pairing; returns the UTF-8 bytes. */
  decodeString(): Uint8Array {
    const s = this.s;
    const out: number[] = [];
    this.p++;
    for (;;) {
      if (this.p >= s.length) throw new Fail('bad_json');
      const c = s[this.p];
      if (c === QUOTE) {
        this.p++;
        return Uint8Array.from(out);
      }
      if (c !== BACKSLASH) {
        out.push(c);
        this.p++;
        continue;
      }
      this.p++;
      if (this.p >= s.length) throw new Fail('bad_json');
      const e = s[this.p];
      this.p++;
      switch (e) {
        case 0x22: out.push(0x22); break;
        case 0x5c: out.push(0x5c); break;
        case 0x2f: out.push(0x2f); break;
        case 0x62: out.push(0x08); break;
        case 0x66: out.push(0x0c); break;
        case 0x6e: out.push(0x0a); break;
        case 0x72: out.push(0x0d); break;
        case 0x74: out.push(0x09); break;
        case 0x75: {
          const u = this.hex4();
          if (u >= 0xdc00 && u <= 0xdfff) throw new Fail('bad_escape'); // lone low surrogate
          if (u >= 0xd800 && u <= 0xdbff) {
            if (this.p >= s.length) throw new Fail('bad_json');
            if (s[this.p] !== BACKSLASH) throw new Fail('bad_escape');
            if (this.p + 1 >= s.length) throw new Fail('bad_json');
            if (s[this.p + 1] !== 0x75) throw new Fail('bad_escape');
            this.p += 2;
            const lo = this.hex4();
            if (lo < 0xdc00 || lo > 0xdfff) throw new Fail('bad_escape');
            encodeCodePoint(out, 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00));
          } else {
            encodeCodePoint(out, u);
          }
          break;
        }
        default:
          throw new Fail('bad_escape');
      }
    }
  }

  skipNumber(): void {
    const s = this.s;
    if (s[this.p] === 0x2d) this.p++;
    if (s[this.p] === 0x30) {
      this.p++;
    } else if (isDigit(s[this.p])) {
      while (isDigit(s[this.p])) this.p++;
    } else {
      throw new Fail('bad_json');
    }
    if (s[this.p] === 0x2e) {
      this.p++;
      if (!isDigit(s[this.p])) throw new Fail('bad_json');
      while (isDigit(s[this.p])) this.p++;
    }
    if (s[this.p] === 0x65 || s[this.p] === 0x45) {
      this.p++;
      if (s[this.p] === 0x2b || s[this.p] === 0x2d) this.p++;
      if (!isDigit(s[this.p])) throw new Fail('bad_json');
      while (isDigit(s[this.p])) this.p++;
    }
  }

  skipLiteral(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.s[this.p + i] !== word.charCodeAt(i)) throw new Fail('bad_json');
    }
    this.p += word.length;
  }

  /** `"key"` ws `:` ws — p at the opening quote; leaves p at the value. */
  keyColon(): Uint8Array {
    if (this.s[this.p] !== QUOTE) throw new Fail('bad_json');
    const key = this.skipString();
    this.ws();
    if (this.s[this.p] !== 0x3a /* : */) throw new Fail('bad_json');
    this.p++;
    this.ws();
    return key;
  }

  /**
   * Skips (validates) one JSON value at p, which sits inside containers of total depth `parentDepth`.
   * Iterative, with an explicit stack of open containers.
   */
  skipValue(parentDepth: number): void {
    const s = this.s;
    const stack: number[] = []; // 0x7b '{' or 0x5b '['
    for (;;) {
      // ---- a value starts at p
      this.ws();
      const c = s[this.p];
      let closedScalarOrEmpty = true;
      if (c === 0x7b || c === 0x5b) {
        if (parentDepth + stack.length + 1 > MAX_JSON_DEPTH) throw new Fail('bad_json');
        stack.push(c);
        this.p++;
        this.ws();
        if (s[this.p] === (c === 0x7b ? 0x7d : 0x5d)) {
          this.p++;
          stack.pop();
        } else {
          if (c === 0x7b) this.keyColon();
          closedScalarOrEmpty = false; // a member value follows
        }
      } else if (c === QUOTE) {
        this.skipString();
      } else if (c === 0x2d || isDigit(c)) {
        this.skipNumber();
      } else if (c === 0x74) {
        this.skipLiteral('true');
      } else if (c === 0x66) {
        this.skipLiteral('false');
      } else if (c === 0x6e) {
        this.skipLiteral('null');
      } else {
        throw new Fail('bad_json');
      }
      if (!closedScalarOrEmpty) continue;
      // ---- a value ended: close containers or move to the next element
      let next = false;
      while (stack.length > 0) {
        this.ws();
        const top = stack[stack.length - 1];
        const d = s[this.p];
        if (d === 0x2c /* , */) {
          this.p++;
          this.ws();
          if (top === 0x7b) this.keyColon();
          next = true;
          break;
        }
        if ((top === 0x7b && d === 0x7d) || (top === 0x5b && d === 0x5d)) {
          this.p++;
          stack.pop();
          continue;
        }
        throw new Fail('bad_json');
      }
      if (!next) return;
    }
  }
}

/** Parses one Docker json-file line (without its `\n`). */
export function parseDockerLine(line: Uint8Array): DockerLine {
  const ps = new Parser(line);
  const s = line;
  const fields = new Map<string, Field>();
  let attrs: Uint8Array | undefined;
  try {
    ps.ws();
    if (s[ps.p] !== 0x7b) throw new Fail('bad_json');
    ps.p++;
    ps.ws();
    if (s[ps.p] === 0x7d) {
      ps.p++;
    } else {
      for (;;) {
        const key = ps.keyColon();
        const name = bytesEqual(key, 'log') ? 'log' : bytesEqual(key, 'stream') ? 'stream'
          : bytesEqual(key, 'time') ? 'time' : bytesEqual(key, 'attrs') ? 'attrs' : null;
        if ((name === 'log' || name === 'stream' || name === 'time') && s[ps.p] === QUOTE) {
          fields.set(name, { kind: 'string', bytes: ps.decodeString() });
        } else {
          const start = ps.p;
          ps.skipValue(1);
          if (name === 'attrs') attrs = s.slice(start, ps.p);
          else if (name !== null) fields.set(name, { kind: 'other' });
        }
        ps.ws();
        if (s[ps.p] === 0x2c) {
          ps.p++;
          ps.ws();
          continue;
        }
        if (s[ps.p] === 0x7d) {
          ps.p++;
          break;
        }
        throw new Fail('bad_json');
      }
    }
    ps.ws();
    if (ps.p !== s.length) throw new Fail('bad_json');
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.reason };
    throw e;
  }
  const log = fields.get('log');
  if (log === undefined || log.kind !== 'string') return { ok: false, error: 'missing_log' };
  const stream = fields.get('stream');
  if (stream === undefined || stream.kind !== 'string') return { ok: false, error: 'bad_stream' };
  const streamName = bytesEqual(stream.bytes, 'stdout') ? 'stdout' : bytesEqual(stream.bytes, 'stderr') ? 'stderr' : null;
  if (streamName === null) return { ok: false, error: 'bad_stream' };
  const time = fields.get('time');
  if (time === undefined || time.kind !== 'string') return { ok: false, error: 'bad_timestamp' };
  const ns = parseRfc3339(time.bytes);
  if (ns === null) return { ok: false, error: 'bad_timestamp' };
  return attrs === undefined
    ? { ok: true, log: log.bytes, stream: streamName, time: ns }
    : { ok: true, log: log.bytes, stream: streamName, time: ns, attrs };
}
