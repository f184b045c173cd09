// The interpreted build's own paths (HOST_INTERPRETED: the Fluent Bit module) against independent oracles and
// against the scalar build compiled from the same source:
//  - scan/host.ts hostFindLiteral1 (memchr on a literal's rarest byte, then the SWAR scan after two false hits),
//    through scan/literals.ts findLiterals, against a naive search, on haystacks dense in the probe byte;
//  - decode/json-string.ts decodeRun (one-letter escapes decoded inside the word loop), through decodeString,
//    against JSON.parse and against the scalar build: the same bytes, end and error for any string; and what it
//    notes for the escaped twin (emit/escaped-twin.ts): whether the text is exactly escapeJson's form of the
//    decoded bytes, and how many bytes come before the first escape, against a regular-expression oracle.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HarnessBuild, compileHarness } from '../helpers/asc-harness.ts';
import { wamrLibc } from '../helpers/wamr-libc.ts';

const HARNESS = 'test/scan/__host_harness__.ts';
const HARNESS_SRC = `
import { findLiterals } from "../../assembly/scan/literals";
import { buildLiteralTable } from "../../assembly/regex/prefilter";
import { decodeString, decodedLen, decodedPlainPrefix, decodedRoundTrips, jsonError } from "../../assembly/decode/json-string";
export function table(p: usize, n: usize): usize {
  const lit = new Array<u16>(<i32>n);
  for (let i = 0; i < <i32>n; i++) lit[i] = load<u8>(p + <usize>i);
  const set = new Array<Array<u16>>(1);
  set[0] = lit;
  return buildLiteralTable(set);
}
export function find(tab: usize, p: usize, end: usize): usize { return findLiterals(tab, p, end); }
export function decode(q: usize, end: usize, out: usize): usize { return decodeString(q, end, out); }
export function decoded(): usize { return decodedLen; }
export function error(): u32 { return jsonError; }
export function roundTrips(): bool { return decodedRoundTrips; }
export function plainPrefix(): usize { return decodedPlainPrefix; }
export function heapBase(): usize { return __heap_base; }
`;

interface Harness {
  x: any;
  memory: WebAssembly.Memory;
  /** [p, p+n) free for the test, 16-aligned plus `align`, with slack after it */
  scratch(n: number, align?: number): number;
}

async function load(build: HarnessBuild): Promise<Harness> {
  const bin = await compileHarness(HARNESS, HARNESS_SRC, build);
  let memory: WebAssembly.Memory;
  const env = { abort() { throw new Error('abort'); }, ...wamrLibc(() => memory) };
  const module = new WebAssembly.Module(bin as Uint8Array<ArrayBuffer>);
  const usesHost = WebAssembly.Module.imports(module).some((i) => i.module === 'env' && i.name === 'memchr');
  expect(usesHost).toBe(build === 'interpreted');
  const x = new WebAssembly.Instance(module, { env }).exports as any;
  memory = x.memory;
  // the stub runtime allocates upwards from __heap_base: tests use memory well above what tables take
  const base = ((Number(x.heapBase()) + (1 << 20)) & ~15) >>> 0;
  return {
    x,
    memory,
    scratch(n, align = 0) {
      const need = base + n + align + 64;
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      return base + align;
    },
  };
}

function put(h: Harness, bytes: Uint8Array, align = 0): number {
  const p = h.scratch(bytes.length, align);
  new Uint8Array(h.memory.buffer).set(bytes, p);
  return p;
}

const enc = new TextEncoder();

function naiveFind(hay: Uint8Array, lit: Uint8Array, from: number, to: number): number {
  for (let s = from; s + lit.length <= to; s++) {
    let k = 0;
    while (k < lit.length && hay[s + k] === lit[k]) k++;
    if (k === lit.length) return s;
  }
  return to;
}

describe('interpreted build: one exact literal through the host memchr', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await load('interpreted');
  });

  it('finds the first match in every window of haystacks dense in the literal\'s bytes (the SWAR hand-over included)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('healthz', 'z', 'zz', 'timeout', 'a-b', 'qqqq'),
        fc.array(fc.constantFrom(...'healthzimeout-abq.'), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 0, max: 15 }),
        (litText, hayChars, align) => {
          const lit = enc.encode(litText);
          const litPtr = put(h, lit);
          const tab = h.x.table(litPtr, lit.length);
          const hay = enc.encode(hayChars.join(''));
          const p = put(h, hay, align);
          for (const [a, b] of [[0, hay.length], [1, hay.length], [0, hay.length - 1], [3, hay.length - 2]]) {
            if (a > b || b < 0) continue;
            const got = Number(h.x.find(tab, p + a, p + b)) - p;
            const want = naiveFind(hay, lit, a, b);
            if (got !== want) throw new Error(`${litText} in ${hayChars.join('')} [${a}, ${b}): got ${got}, want ${want}`);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a probe byte on every position before the match (many false hits) and none at all', () => {
    const lit = enc.encode('healthz');
    const tab = h.x.table(put(h, lit), lit.length);
    for (const len of [64, 65, 100, 200]) {
      for (const at of [-1, 0, 7, len - 7]) {
        const hay = new Uint8Array(len).fill(0x7a); // 'z' everywhere: the rarest byte of "healthz" hits each time
        if (at >= 0) hay.set(lit, at);
        const p = put(h, hay);
        expect(Number(h.x.find(tab, p, p + len)) - p, `len ${len} at ${at}`).toBe(at >= 0 ? at : len);
        hay.fill(0x2e);
        if (at >= 0) hay.set(lit, at);
        const q = put(h, hay);
        expect(Number(h.x.find(tab, q, q + len)) - q, `no false hits, len ${len} at ${at}`).toBe(at >= 0 ? at : len);
      }
    }
  });
});

/** What decodeString gives: the end (offset just past the closing quote, or 0) and the bytes or the error. */
function decodeWith(h: Harness, text: Uint8Array, align: number): string {
  const q = put(h, text, align);
  const out = q + text.length + 64;
  const end = Number(h.x.decode(q, q + text.length, out));
  if (end === 0) return `error ${h.x.error()}`;
  const n = Number(h.x.decoded());
  return `${end - q} ${Buffer.from(h.memory.buffer, out, n).toString('hex')}`;
}

describe('interpreted build: JSON string decoding with escapes inside the word loop', () => {
  let interpreted: Harness;
  let scalar: Harness;
  beforeAll(async () => {
    [interpreted, scalar] = await Promise.all([load('interpreted'), load('scalar')]);
  });

  const piece = fc.oneof(
    fc.constantFrom('\\"', '\\\\', '\\/', '\\n', '\\t', '\\r', '\\b', '\\f', '\\u0041', '\\u00e9', '\\ud83d\\ude00', 'x', 'abcdefgh', ' '),
    fc.constantFrom('\\x', '\\u12', '\\ud800', '\\udc00x', '\\'), // bad or cut escapes
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s).slice(1, -1)),
  );

  it('agrees with the scalar build on any mix of escapes, runs, bad and cut escapes (both end and bytes)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), fc.integer({ min: 0, max: 15 }), (pieces, closed, align) => {
        const text = enc.encode(pieces.join('') + (closed ? '"tail' : ''));
        expect(decodeWith(interpreted, text, align)).toBe(decodeWith(scalar, text, align));
      }),
      { numRuns: 600 },
    );
  });

  it('agrees with the scalar build on raw bytes of every value (controls, DEL, 0x80..0xff next to quotes and escapes)', () => {
    // the word loop's stop test flags '"', '\\', bytes < 0x20 and bytes >= 0x80 with two subtractions and a high-bit
    // test: borrows between neighbouring bytes must never hide the first of them
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x22, 0x5c, 0x00, 0x1f, 0x20, 0x21, 0x23, 0x7f, 0x80, 0xa0, 0xa1, 0xa3, 0xff));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 80 }), fc.integer({ min: 0, max: 15 }), (bytes, align) => {
        const text = Uint8Array.from(bytes);
        expect(decodeWith(interpreted, text, align)).toBe(decodeWith(scalar, text, align));
      }),
      { numRuns: 1500 },
    );
  });

  it('every byte value at every place of a word, after plain bytes and after a stop byte: the scalar build\'s result and the round-trip note', () => {
    const roundTrips = /^[\x20\x21\x23-\x5b\x5d-\x7f]*$/;
    for (const before of [0x61, 0x01, 0x80, 0x21]) {
      for (let b = 0; b < 256; b++) {
        if (b === 0x22 || b === 0x5c) continue; // these end the string or begin an escape: covered above
        for (let k = 0; k < 8; k++) {
          const bytes = new Uint8Array(24).fill(0x61);
          if (k > 0) bytes[k - 1] = before;
          bytes[k] = b;
          bytes[23] = 0x22;
          expect(decodeWith(interpreted, bytes, 0)).toBe(decodeWith(scalar, bytes, 0));
          const q = put(interpreted, bytes, 0);
          expect(Number(interpreted.x.decode(q, q + bytes.length, q + bytes.length + 64))).toBe(q + bytes.length);
          const body = Buffer.from(bytes.subarray(0, 23)).toString('latin1');
          expect(Boolean(interpreted.x.roundTrips()), `byte ${b} at ${k} after ${before}`).toBe(roundTrips.test(body));
        }
      }
    }
  });

  it('decodes what JSON.stringify wrote back to the same text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 0, max: 15 }), (s, align) => {
        const quoted = JSON.stringify(s);
        const text = enc.encode(quoted.slice(1)); // from just past the opening quote
        const got = decodeWith(interpreted, text, align);
        const wellFormed = s.isWellFormed();
        if (!wellFormed) return; // a lone surrogate: decodeString refuses it (bad_escape), as the scalar build does
        expect(got).toBe(`${text.length} ${Buffer.from(s, 'utf8').toString('hex')}`);
      }),
      { numRuns: 400 },
    );
  });

  it('notes exactly when the text is escapeJson\'s own form of the decoded bytes, and the bytes before the first escape', () => {
    // the oracle: printable ASCII or DEL but '"' and '\\', or one of the escapes escapeJson writes the same way
    const roundTrips = /^(?:[\x20\x21\x23-\x5b\x5d-\x7f]|\\["\\bfrt])*$/;
    const raw = fc.oneof(
      fc.constantFrom('\\"', '\\\\', '\\/', '\\n', '\\t', '\\r', '\\b', '\\f', '\\u0041', '\\u001b', 'abcdefgh', ' ', '\x7f', '\x01', '\x1f', '\xc3\xa9'),
      fc.string({ maxLength: 10 }).map((t) => t.replace(/["\\]/g, '')),
      // one raw byte of any value but '"' and '\\' (latin1: the char code is the byte): 0x80..0xa0 is the range
      // only the stop test's high-bit term catches
      fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0x22 && b !== 0x5c).map((b) => String.fromCharCode(b)),
    );
    fc.assert(
      fc.property(fc.array(raw, { maxLength: 30 }), fc.integer({ min: 0, max: 15 }), (pieces, align) => {
        const textStr = pieces.join('');
        const text = Buffer.from(textStr + '"', 'latin1');
        const q = put(interpreted, text, align);
        const out = q + text.length + 64;
        const end = Number(interpreted.x.decode(q, q + text.length, out));
        if (end === 0) return; // a bad escape: nothing to note
        const body = text.subarray(0, text.length - 1).toString('latin1');
        expect(Boolean(interpreted.x.roundTrips()), JSON.stringify(body)).toBe(roundTrips.test(body));
        if (roundTrips.test(body)) {
          const first = body.indexOf('\\');
          expect(Number(interpreted.x.plainPrefix())).toBe(first < 0 ? Number(interpreted.x.decoded()) : first);
        }
      }),
      { numRuns: 800 },
    );
  });

  it('round-trip notes on fixed cases: each kind of byte and escape', () => {
    const note = (body: string) => {
      const text = Buffer.from(body + '"', 'latin1');
      const q = put(interpreted, text, 0);
      expect(Number(interpreted.x.decode(q, q + text.length, q + text.length + 64)), body).toBe(q + text.length);
      return [Boolean(interpreted.x.roundTrips()), Number(interpreted.x.plainPrefix())];
    };
    const plain = 'plain text, long enough for whole words';
    expect(note(plain)).toEqual([true, plain.length]);
    expect(note('{\\"level\\":\\"info\\"} tab\\there')).toEqual([true, 1]);
    expect(note('a\\\\b\\rc\\bd\\fe\x7f')).toEqual([true, 1]); // DEL is written raw
    for (const odd of ['a\\/b', 'line\\nnext', 'caf\\u00e9', 'esc\\u001b[0m', 'raw\x01byte', 'raw \xc3\xa9 utf-8', 'x'.repeat(20) + '\x1f']) {
      expect(note(odd)[0], JSON.stringify(odd)).toBe(false);
    }
  });
});
