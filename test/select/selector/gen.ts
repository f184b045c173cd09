// fast-check generators for label selectors and label sets, shared by the property tests. Selectors are built
// from fragments that reach every parser path (keywords where keys and values stand, prefixes, long names,
// numbers for > and <, empty values, "()", stray symbols, odd white space) plus free-form byte soup; the
// private-use chars RAW_FF / RAW_C3 / NUL stand for raw bytes (0xff, a lone 0xc3, 0x00) so inputs may be
// invalid UTF-8.
import fc from 'fast-check';

export const RAW_FF = '\uE000';
export const RAW_C3 = '\uE001';
const enc = new TextEncoder();

/** The generator's text → bytes (raw-byte stand-ins replaced). */
export function toBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    if (ch === RAW_FF) out.push(0xff);
    else if (ch === RAW_C3) out.push(0xc3);
    else out.push(...enc.encode(ch));
  }
  return Uint8Array.from(out);
}

const a63 = 'a'.repeat(63);
const validNames = fc.constantFrom('a', 'x', 'y', 'app', 'App', 'in', 'notin', 'k8s', 'a.b', 'a_b', 'a-b', '1', '9z', a63);
const badNames = fc.constantFrom('-a', 'a-', '_a', 'a.', '.a', '~', 'é', a63 + 'a', 'x||y', 'a*', 'a' + RAW_FF, '\u00a0',
  'a\vb', 'a"b', 'a\\b', '\u0085', '\u200b');
export const names = fc.oneof({ weight: 12, arbitrary: validNames }, { weight: 1, arbitrary: badNames });
const validPrefixes = fc.constantFrom('example.com/', 'app.kubernetes.io/', '1.2.3.4/', `${a63}.${a63}.${a63}.${'a'.repeat(61)}/`);
const badPrefixes = fc.constantFrom('Example.com/', 'a..b/', '/', 'a/b/', 'a-/', '-a/', 'a_b/', `${a63}.${a63}.${a63}.${'a'.repeat(62)}/`);
export const prefixes = fc.oneof({ weight: 12, arbitrary: fc.constant('') }, { weight: 4, arbitrary: validPrefixes }, { weight: 1, arbitrary: badPrefixes });
export const keys = fc.tuple(prefixes, names).map(([p, n]) => p + n);
const validValues = fc.constantFrom('', '', 'a', 'b', 'v1', 'in', 'notin', '1', '2', '01', '0', '9223372036854775807',
  '9223372036854775808', '99999999999999999999', '1.5', 'A.b-c_d', a63);
const badValues = fc.constantFrom('-1', '+1', '-2', '-9223372036854775808', 'x_', '_x', 'é', '"a"', a63 + 'a', RAW_C3,
  '\u3000', 'a\u0000b');
export const values = fc.oneof({ weight: 10, arbitrary: validValues }, { weight: 1, arbitrary: badValues });
const ws = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n', '\r', '\v');
const op = fc.constantFrom('=', '==', '!=', 'in', 'notin', '>', '<', '>=', '<=', '=>', '!', '~=', '=~', '===', '');
const setOp = fc.constantFrom('in', 'notin');
const sym = fc.constantFrom('=', '==', '!=', '!', '(', ')', ',', '>', '<');

const valueList = fc.array(fc.tuple(ws, fc.oneof({ weight: 8, arbitrary: values }, { weight: 1, arbitrary: sym }), ws).map(([a, v, b]) => a + v + b), { maxLength: 5 })
  .map((vs) => vs.join(','));

export const requirement: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: keys },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('!', '!', '! ', '!!'), keys).map(([b, k]) => b + k) },
  { weight: 5, arbitrary: fc.tuple(keys, ws, op, ws, values).map((p) => p.join('')) },
  { weight: 4, arbitrary: fc.tuple(keys, fc.constantFrom(' ', '  ', '\t'), setOp, ws, fc.constantFrom('(', '(', '[', ''), valueList, fc.constantFrom(')', ')', ']', '', ')(')).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.tuple(keys, ws, sym, ws, fc.oneof(values, sym)).map((p) => p.join('')) },
);

const separator = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(ws, fc.constant(','), ws).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(',,', ' ', '', ', ,', '\0', ',\0x') },
);

const structured = fc.tuple(fc.array(requirement, { maxLength: 5 }), fc.array(separator, { minLength: 5, maxLength: 5 }), ws, ws)
  .map(([reqs, seps, lead, tail]) => lead + reqs.map((r, i) => (i > 0 ? seps[i - 1] : '') + r).join('') + tail);

const soupPiece = fc.constantFrom('a', 'x', '1', 'in', 'notin', '=', '!', '(', ')', ',', '<', '>', ' ', '\t', '/', '.', '-',
  '_', 'é', '\0', RAW_FF, RAW_C3, 'A', '9', '\n');
const soup = fc.array(soupPiece, { maxLength: 16 }).map((p) => p.join(''));

/** A selector text (as the generator's string; toBytes gives the input). */
export const selectorText = fc.oneof({ weight: 5, arbitrary: structured }, { weight: 1, arbitrary: soup });

/** A label set as raw pairs (keys may repeat: the last wins). */
export const labelPairs = fc.array(
  fc.tuple(fc.oneof(keys, fc.constantFrom('a', 'x', 'y', 'app', 'in')), fc.oneof(values, fc.constantFrom('a', '1', '5', 'foo'))),
  { maxLength: 6 },
).map((ps) => ps.map(([k, v]) => [toBytes(k), toBytes(v)] as [Uint8Array, Uint8Array]));
